// Partnership working: the written agreement (memorandum of understanding) in versions with signatories,
// each member's priorities and targets, the contact directory, resources and joint funding bids, and the
// dispute procedure with its stages, parties and views.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    // One row per version. `revision` counts every save across all versions (optimistic concurrency): a new
    // version starts at the previous version's revision plus one, so a form names exactly what it edited.
    sql`CREATE TABLE mou_version (
      partnership_id uuid NOT NULL REFERENCES partnership(id),
      version integer NOT NULL CHECK (version >= 1),
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','agreed')),
      purpose text NOT NULL,
      aims jsonb NOT NULL,
      responsibilities jsonb NOT NULL,
      review_on date NOT NULL,
      revision integer NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by_name text NOT NULL,
      agreed_at timestamptz,
      PRIMARY KEY (partnership_id, version)
    )`,
    sql`CREATE TABLE mou_signatory (
      partnership_id uuid NOT NULL,
      version integer NOT NULL,
      organisation_id uuid NOT NULL,
      name text NOT NULL,
      role text NOT NULL,
      signed_on date NOT NULL,
      recorded_by_name text NOT NULL,
      recorded_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, version, organisation_id),
      FOREIGN KEY (partnership_id, version) REFERENCES mou_version(partnership_id, version),
      FOREIGN KEY (partnership_id, organisation_id) REFERENCES organisation(partnership_id, id)
    )`,
    // A member's own priority and target, and the shared aims (ids from the agreement) it supports.
    sql`CREATE TABLE organisation_priority (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      organisation_id uuid NOT NULL,
      priority text NOT NULL,
      target text NOT NULL DEFAULT '',
      supports_aims uuid[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, id),
      FOREIGN KEY (partnership_id, organisation_id) REFERENCES organisation(partnership_id, id)
    )`,
    sql`CREATE TABLE contact_entry (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      organisation_id uuid NOT NULL,
      issue text NOT NULL CHECK (issue IN
        ('safeguarding','referrals','care_plan','information_sharing','complaints','out_of_hours')),
      contact_name text NOT NULL,
      phone text,
      email text,
      hours text NOT NULL DEFAULT '',
      out_of_hours boolean NOT NULL DEFAULT false,
      notes text NOT NULL DEFAULT '',
      updated_at timestamptz NOT NULL,
      updated_by_name text NOT NULL,
      PRIMARY KEY (partnership_id, id),
      FOREIGN KEY (partnership_id, organisation_id) REFERENCES organisation(partnership_id, id),
      CHECK (phone IS NOT NULL OR email IS NOT NULL),
      CHECK (issue <> 'out_of_hours' OR out_of_hours)
    )`,
    sql`CREATE INDEX contact_entry_organisation ON contact_entry (partnership_id, organisation_id)`,
    // Amounts are whole pounds: commitments and bids are planned in pounds, not pence.
    sql`CREATE TABLE resource_commitment (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      organisation_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('staff_time','funding','other')),
      description text NOT NULL,
      hours_per_week numeric(6,2),
      amount_per_year integer,
      starts_on date,
      ends_on date,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, id),
      FOREIGN KEY (partnership_id, organisation_id) REFERENCES organisation(partnership_id, id),
      CHECK (kind <> 'staff_time' OR hours_per_week > 0),
      CHECK (kind <> 'funding' OR amount_per_year > 0)
    )`,
    sql`CREATE TABLE joint_funding_bid (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      title text NOT NULL,
      funder text NOT NULL,
      amount integer NOT NULL CHECK (amount > 0),
      lead_organisation_id uuid NOT NULL,
      partner_organisation_ids uuid[] NOT NULL DEFAULT '{}',
      status text NOT NULL CHECK (status IN ('drafting','submitted','awarded','declined')),
      deadline_on date,
      submitted_on date,
      decision_on date,
      notes text NOT NULL DEFAULT '',
      revision integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by_name text NOT NULL,
      PRIMARY KEY (partnership_id, id),
      FOREIGN KEY (partnership_id, lead_organisation_id) REFERENCES organisation(partnership_id, id)
    )`,
    // Only the target time is configurable; the stages themselves are the guide's procedure.
    sql`CREATE TABLE dispute_procedure_stage (
      partnership_id uuid NOT NULL REFERENCES partnership(id),
      stage integer NOT NULL CHECK (stage BETWEEN 1 AND 4),
      target_working_days integer NOT NULL CHECK (target_working_days BETWEEN 1 AND 60),
      updated_at timestamptz NOT NULL,
      updated_by_name text NOT NULL,
      PRIMARY KEY (partnership_id, stage)
    )`,
    sql`CREATE TABLE dispute (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      title text NOT NULL,
      details text NOT NULL,
      person_id uuid,
      action_id uuid,
      raised_by uuid NOT NULL,
      raised_by_name text NOT NULL,
      raised_by_organisation_id uuid NOT NULL,
      raised_at timestamptz NOT NULL,
      stage integer NOT NULL CHECK (stage BETWEEN 1 AND 4),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','resolved')),
      mediator_name text,
      mediator_role text,
      outcome text,
      resolved_at timestamptz,
      resolved_by_name text,
      PRIMARY KEY (partnership_id, id),
      FOREIGN KEY (partnership_id, person_id) REFERENCES person(partnership_id, id),
      FOREIGN KEY (partnership_id, action_id) REFERENCES care_plan_action(partnership_id, id),
      FOREIGN KEY (partnership_id, raised_by) REFERENCES staff_user(partnership_id, id),
      CHECK (action_id IS NULL OR person_id IS NOT NULL),
      CHECK (status <> 'resolved' OR (outcome IS NOT NULL AND resolved_at IS NOT NULL))
    )`,
    sql`CREATE INDEX dispute_person ON dispute (partnership_id, person_id) WHERE person_id IS NOT NULL`,
    sql`CREATE TABLE dispute_party (
      partnership_id uuid NOT NULL,
      dispute_id uuid NOT NULL,
      organisation_id uuid NOT NULL,
      PRIMARY KEY (partnership_id, dispute_id, organisation_id),
      FOREIGN KEY (partnership_id, dispute_id) REFERENCES dispute(partnership_id, id),
      FOREIGN KEY (partnership_id, organisation_id) REFERENCES organisation(partnership_id, id)
    )`,
    // Each stage as it happened: when it started, its due date (fixed when it starts, so a later change
    // to the procedure does not move a running stage's target), and how it ended.
    sql`CREATE TABLE dispute_stage (
      partnership_id uuid NOT NULL,
      dispute_id uuid NOT NULL,
      stage integer NOT NULL CHECK (stage BETWEEN 1 AND 4),
      started_at timestamptz NOT NULL,
      started_on date NOT NULL,
      target_working_days integer NOT NULL,
      due_on date NOT NULL,
      ended_at timestamptz,
      end_reason text CHECK (end_reason IN ('escalated','resolved')),
      escalation_reason text,
      ended_by_name text,
      PRIMARY KEY (partnership_id, dispute_id, stage),
      FOREIGN KEY (partnership_id, dispute_id) REFERENCES dispute(partnership_id, id)
    )`,
    sql`CREATE INDEX dispute_stage_open ON dispute_stage (due_on) WHERE ended_at IS NULL`,
    // Everyone is heard in their own words: a view is added, never changed or removed. The person's own
    // view (kind 'person') is kept the same way, with how it was asked for.
    sql`CREATE TABLE dispute_view (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      dispute_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('party','person')),
      organisation_id uuid,
      author_id uuid NOT NULL,
      author_name text NOT NULL,
      author_role text NOT NULL,
      stage integer NOT NULL,
      words text NOT NULL,
      how_asked text,
      written_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, id),
      FOREIGN KEY (partnership_id, dispute_id) REFERENCES dispute(partnership_id, id),
      CHECK (kind <> 'party' OR organisation_id IS NOT NULL)
    )`,
    sql`CREATE INDEX dispute_view_dispute ON dispute_view (partnership_id, dispute_id, written_at)`,
    sql`CREATE FUNCTION dispute_view_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
      RAISE EXCEPTION 'dispute_view is append-only: add a new view instead';
      END $$`,
    sql`CREATE TRIGGER dispute_view_no_change BEFORE UPDATE OR DELETE ON dispute_view
      FOR EACH ROW EXECUTE FUNCTION dispute_view_append_only()`,
  ];
  for (const statement of statements) await statement.execute(db);
}
