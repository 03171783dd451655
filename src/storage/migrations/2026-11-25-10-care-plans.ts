// The joint care plan: one per person, outcomes in the person's words, actions with one named lead,
// sign-off by each organisation and the person, versions, and reviews.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    // `revision` counts every change (optimistic concurrency); `plan_version` counts agreed versions:
    // changing an agreed plan starts the next version as a draft.
    sql`CREATE TABLE care_plan (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      person_id uuid NOT NULL,
      plan_version integer NOT NULL DEFAULT 1,
      revision integer NOT NULL DEFAULT 1,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','agreed')),
      next_review_on date,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by_name text NOT NULL,
      PRIMARY KEY (partnership_id, id),
      UNIQUE (partnership_id, person_id),
      FOREIGN KEY (partnership_id, person_id) REFERENCES person(partnership_id, id)
    )`,
    sql`CREATE TABLE care_plan_outcome (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      plan_id uuid NOT NULL,
      words text NOT NULL,
      priority integer NOT NULL CHECK (priority BETWEEN 1 AND 5),
      position integer NOT NULL,
      revision integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      removed_at timestamptz,
      PRIMARY KEY (partnership_id, id),
      FOREIGN KEY (partnership_id, plan_id) REFERENCES care_plan(partnership_id, id)
    )`,
    sql`CREATE INDEX care_plan_outcome_plan ON care_plan_outcome (partnership_id, plan_id)`,
    sql`CREATE TABLE care_plan_action (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      plan_id uuid NOT NULL,
      outcome_id uuid NOT NULL,
      what text NOT NULL,
      kind text NOT NULL,
      category text NOT NULL,
      lead_staff_id uuid,
      lead_organisation_id uuid,
      supporting_organisation_ids uuid[] NOT NULL DEFAULT '{}',
      starts_on date,
      due_on date,
      recurrence text,
      status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','in_progress','done','stopped')),
      stopped_reason text,
      last_done_on date,
      revision integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      removed_at timestamptz,
      PRIMARY KEY (partnership_id, id),
      FOREIGN KEY (partnership_id, plan_id) REFERENCES care_plan(partnership_id, id),
      FOREIGN KEY (partnership_id, outcome_id) REFERENCES care_plan_outcome(partnership_id, id),
      CHECK (status <> 'stopped' OR stopped_reason IS NOT NULL)
    )`,
    sql`CREATE INDEX care_plan_action_plan ON care_plan_action (partnership_id, plan_id)`,
    sql`CREATE INDEX care_plan_action_lead ON care_plan_action (partnership_id, lead_staff_id) WHERE removed_at IS NULL`,
    sql`CREATE INDEX care_plan_action_lead_org ON care_plan_action (partnership_id, lead_organisation_id) WHERE removed_at IS NULL`,
    // What each agreed (or proposed) version said, so a later draft can show what changed since.
    sql`CREATE TABLE care_plan_version (
      partnership_id uuid NOT NULL,
      plan_id uuid NOT NULL,
      plan_version integer NOT NULL,
      snapshot jsonb NOT NULL,
      agreed_at timestamptz,
      PRIMARY KEY (partnership_id, plan_id, plan_version),
      FOREIGN KEY (partnership_id, plan_id) REFERENCES care_plan(partnership_id, id)
    )`,
    sql`CREATE TABLE care_plan_signoff (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      plan_id uuid NOT NULL,
      plan_version integer NOT NULL,
      party text NOT NULL,
      organisation_id uuid,
      signed_by_kind text NOT NULL CHECK (signed_by_kind IN ('staff','person','representative')),
      signed_by_id uuid NOT NULL,
      signed_by_name text NOT NULL,
      signed_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, id),
      UNIQUE (partnership_id, plan_id, plan_version, party),
      FOREIGN KEY (partnership_id, plan_id) REFERENCES care_plan(partnership_id, id)
    )`,
    sql`CREATE TABLE care_plan_review (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      plan_id uuid NOT NULL,
      due_on date NOT NULL,
      reason text NOT NULL CHECK (reason IN ('scheduled','requested')),
      requested_by_name text NOT NULL,
      request_note text NOT NULL DEFAULT '',
      held_on date,
      summary text,
      recorded_by_name text,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, id),
      FOREIGN KEY (partnership_id, plan_id) REFERENCES care_plan(partnership_id, id)
    )`,
    sql`CREATE INDEX care_plan_review_due ON care_plan_review (partnership_id, due_on) WHERE held_on IS NULL`,
    sql`CREATE TABLE care_plan_review_progress (
      partnership_id uuid NOT NULL,
      review_id uuid NOT NULL,
      outcome_id uuid NOT NULL,
      score integer NOT NULL CHECK (score BETWEEN 1 AND 5),
      working text NOT NULL DEFAULT '',
      not_working text NOT NULL DEFAULT '',
      PRIMARY KEY (partnership_id, review_id, outcome_id),
      FOREIGN KEY (partnership_id, review_id) REFERENCES care_plan_review(partnership_id, id),
      FOREIGN KEY (partnership_id, outcome_id) REFERENCES care_plan_outcome(partnership_id, id)
    )`,
    // Each organisation's contact for this person's plan.
    sql`CREATE TABLE care_plan_contact (
      partnership_id uuid NOT NULL,
      plan_id uuid NOT NULL,
      organisation_id uuid NOT NULL,
      staff_user_id uuid NOT NULL,
      PRIMARY KEY (partnership_id, plan_id, organisation_id),
      FOREIGN KEY (partnership_id, plan_id) REFERENCES care_plan(partnership_id, id),
      FOREIGN KEY (partnership_id, staff_user_id) REFERENCES staff_user(partnership_id, id)
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}
