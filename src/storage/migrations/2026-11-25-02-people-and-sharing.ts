// People, their care teams and everything that decides who may see what: consent, capacity assessments
// and other lawful bases, information sharing agreements, break-glass access, notes with sharing levels,
// the sharing decision log, and accounts for the person and their advocates.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`ALTER TABLE person
      ADD COLUMN holding_organisation_id uuid,
      ADD COLUMN pronouns text,
      ADD COLUMN address text,
      ADD COLUMN phone text,
      ADD COLUMN email text,
      ADD COLUMN updated_at timestamptz,
      ADD COLUMN version integer NOT NULL DEFAULT 1`,
    sql`CREATE INDEX person_name ON person (partnership_id, lower(family_name), lower(given_name))`,

    // "About me", in the person's own words.
    sql`CREATE TABLE person_about_me (
      partnership_id uuid NOT NULL,
      person_id uuid NOT NULL,
      what_matters text NOT NULL DEFAULT '',
      wishes text NOT NULL DEFAULT '',
      preferences text NOT NULL DEFAULT '',
      life_history text NOT NULL DEFAULT '',
      written_with text NOT NULL DEFAULT '',
      updated_at timestamptz NOT NULL,
      updated_by_kind text NOT NULL CHECK (updated_by_kind IN ('staff','person','representative','system')),
      updated_by_name text NOT NULL,
      version integer NOT NULL DEFAULT 1,
      PRIMARY KEY (partnership_id, person_id),
      FOREIGN KEY (partnership_id, person_id) REFERENCES person(partnership_id, id)
    )`,

    // Accessible Information Standard: how the person needs information given to them.
    sql`CREATE TABLE person_communication (
      partnership_id uuid NOT NULL,
      person_id uuid NOT NULL,
      preferred_format text NOT NULL DEFAULT 'standard'
        CHECK (preferred_format IN ('standard','plain','large_print','easy_read')),
      easy_read boolean NOT NULL DEFAULT false,
      large_print boolean NOT NULL DEFAULT false,
      bsl boolean NOT NULL DEFAULT false,
      interpreter_language text,
      other_needs text NOT NULL DEFAULT '',
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, person_id),
      FOREIGN KEY (partnership_id, person_id) REFERENCES person(partnership_id, id)
    )`,

    sql`CREATE TABLE representative (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      person_id uuid NOT NULL,
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('care_act_advocate','imca','lpa_health_welfare','lpa_property_finance',
        'deputy','family_carer','other')),
      relationship text NOT NULL DEFAULT '',
      phone text,
      email text,
      may_sign_in boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL,
      ended_at timestamptz,
      PRIMARY KEY (partnership_id, id),
      FOREIGN KEY (partnership_id, person_id) REFERENCES person(partnership_id, id)
    )`,

    sql`CREATE TABLE care_team_member (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      person_id uuid NOT NULL,
      organisation_id uuid NOT NULL,
      staff_user_id uuid,
      role_in_team text NOT NULL DEFAULT '',
      is_lead boolean NOT NULL DEFAULT false,
      added_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, id),
      FOREIGN KEY (partnership_id, person_id) REFERENCES person(partnership_id, id),
      FOREIGN KEY (partnership_id, organisation_id) REFERENCES organisation(partnership_id, id),
      FOREIGN KEY (partnership_id, staff_user_id) REFERENCES staff_user(partnership_id, id)
    )`,
    sql`CREATE UNIQUE INDEX care_team_one_lead ON care_team_member (partnership_id, person_id) WHERE is_lead`,
    sql`CREATE UNIQUE INDEX care_team_unique_member ON care_team_member
      (partnership_id, person_id, organisation_id, coalesce(staff_user_id, '00000000-0000-0000-0000-000000000000'))`,
    sql`CREATE INDEX care_team_staff ON care_team_member (partnership_id, staff_user_id)`,

    // Consent is a series of decisions: the newest record covering an organisation and a category is in force.
    sql`CREATE TABLE consent (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      person_id uuid NOT NULL,
      organisation_id uuid NOT NULL,
      status text NOT NULL CHECK (status IN ('given','refused','withdrawn')),
      categories text[] NOT NULL,
      purposes text[] NOT NULL,
      obtained_how text NOT NULL,
      obtained_by_name text NOT NULL,
      decided_on date NOT NULL,
      review_on date,
      note text NOT NULL DEFAULT '',
      recorded_by uuid,
      recorded_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, id),
      FOREIGN KEY (partnership_id, person_id) REFERENCES person(partnership_id, id),
      FOREIGN KEY (partnership_id, organisation_id) REFERENCES organisation(partnership_id, id)
    )`,
    sql`CREATE INDEX consent_person ON consent (partnership_id, person_id, recorded_at)`,

    // Mental Capacity Act 2005: capacity is assessed for one decision at a time (s.2), by the test in s.3.
    sql`CREATE TABLE capacity_assessment (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      person_id uuid NOT NULL,
      decision text NOT NULL,
      can_understand boolean NOT NULL,
      can_retain boolean NOT NULL,
      can_weigh boolean NOT NULL,
      can_communicate boolean NOT NULL,
      has_capacity boolean NOT NULL,
      support_given text NOT NULL DEFAULT '',
      assessed_by_name text NOT NULL,
      assessed_on date NOT NULL,
      recorded_by uuid,
      recorded_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, id),
      FOREIGN KEY (partnership_id, person_id) REFERENCES person(partnership_id, id)
    )`,

    // Lawful bases other than consent: a best-interests decision (MCA s.4), safeguarding, vital interests.
    sql`CREATE TABLE lawful_basis (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      person_id uuid NOT NULL,
      organisation_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('best_interests','safeguarding','vital_interests')),
      categories text[] NOT NULL,
      capacity_assessment_id uuid,
      decision_maker text NOT NULL DEFAULT '',
      consulted text NOT NULL DEFAULT '',
      known_wishes text NOT NULL DEFAULT '',
      justification text NOT NULL,
      starts_on date NOT NULL,
      ends_on date,
      ended_at timestamptz,
      recorded_by uuid,
      recorded_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, id),
      FOREIGN KEY (partnership_id, person_id) REFERENCES person(partnership_id, id),
      FOREIGN KEY (partnership_id, organisation_id) REFERENCES organisation(partnership_id, id),
      FOREIGN KEY (partnership_id, capacity_assessment_id) REFERENCES capacity_assessment(partnership_id, id),
      CHECK (kind <> 'best_interests' OR capacity_assessment_id IS NOT NULL)
    )`,
    sql`CREATE INDEX lawful_basis_person ON lawful_basis (partnership_id, person_id)`,

    sql`CREATE TABLE sharing_agreement (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      title text NOT NULL,
      purposes text[] NOT NULL,
      categories text[] NOT NULL,
      lawful_basis text NOT NULL,
      status text NOT NULL CHECK (status IN ('draft','active','ended')),
      starts_on date NOT NULL,
      review_on date NOT NULL,
      ends_on date,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      version integer NOT NULL DEFAULT 1,
      PRIMARY KEY (partnership_id, id)
    )`,
    sql`CREATE TABLE sharing_agreement_party (
      partnership_id uuid NOT NULL,
      agreement_id uuid NOT NULL,
      organisation_id uuid NOT NULL,
      signatory_name text NOT NULL DEFAULT '',
      signatory_role text NOT NULL DEFAULT '',
      signed_on date,
      PRIMARY KEY (partnership_id, agreement_id, organisation_id),
      FOREIGN KEY (partnership_id, agreement_id) REFERENCES sharing_agreement(partnership_id, id),
      FOREIGN KEY (partnership_id, organisation_id) REFERENCES organisation(partnership_id, id)
    )`,

    sql`CREATE TABLE break_glass (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      person_id uuid NOT NULL,
      staff_user_id uuid NOT NULL,
      organisation_id uuid NOT NULL,
      reason text NOT NULL,
      started_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      review_outcome text CHECK (review_outcome IN ('appropriate','not_appropriate')),
      review_note text,
      reviewed_by uuid,
      reviewed_at timestamptz,
      PRIMARY KEY (partnership_id, id),
      FOREIGN KEY (partnership_id, person_id) REFERENCES person(partnership_id, id),
      FOREIGN KEY (partnership_id, staff_user_id) REFERENCES staff_user(partnership_id, id)
    )`,
    sql`CREATE INDEX break_glass_active ON break_glass (partnership_id, person_id, staff_user_id, expires_at)`,
    sql`CREATE INDEX break_glass_unreviewed ON break_glass (partnership_id, started_at) WHERE review_outcome IS NULL`,

    // Notes on a person's record: each has a data category, a holding organisation and a sharing level.
    sql`CREATE TABLE note (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      person_id uuid NOT NULL,
      organisation_id uuid NOT NULL,
      author_id uuid NOT NULL,
      category text NOT NULL,
      sharing_level text NOT NULL CHECK (sharing_level IN ('care_team','own_organisation','restricted')),
      restricted_to uuid[] NOT NULL DEFAULT '{}',
      title text NOT NULL,
      body text NOT NULL,
      written_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, id),
      FOREIGN KEY (partnership_id, person_id) REFERENCES person(partnership_id, id)
    )`,
    sql`CREATE INDEX note_person ON note (partnership_id, person_id, written_at)`,

    sql`CREATE TABLE sharing_decision (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      person_id uuid NOT NULL,
      decided_at timestamptz NOT NULL,
      decided_by uuid,
      decided_by_name text NOT NULL,
      decided_by_organisation_id uuid,
      recipient_organisation_id uuid,
      categories text[] NOT NULL,
      decision text NOT NULL CHECK (decision IN ('share','do_not_share')),
      basis text NOT NULL,
      reason text NOT NULL,
      PRIMARY KEY (partnership_id, id),
      FOREIGN KEY (partnership_id, person_id) REFERENCES person(partnership_id, id)
    )`,
    sql`CREATE INDEX sharing_decision_person ON sharing_decision (partnership_id, person_id, decided_at)`,

    // The person, or a representative they authorise, signs in to see their own record.
    sql`CREATE TABLE person_account (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      person_id uuid NOT NULL,
      representative_id uuid,
      email text NOT NULL,
      password_hash text,
      invitation_hash text,
      invitation_expires_at timestamptz,
      activated_at timestamptz,
      failed_sign_ins integer NOT NULL DEFAULT 0,
      last_failed_at timestamptz,
      locked_until timestamptz,
      disabled_at timestamptz,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, id),
      FOREIGN KEY (partnership_id, person_id) REFERENCES person(partnership_id, id),
      FOREIGN KEY (partnership_id, representative_id) REFERENCES representative(partnership_id, id)
    )`,
    sql`CREATE UNIQUE INDEX person_account_email ON person_account (lower(email))`,
    sql`CREATE UNIQUE INDEX person_account_invitation ON person_account (invitation_hash) WHERE invitation_hash IS NOT NULL`,

    // Sessions now belong to staff or to a person's account.
    sql`ALTER TABLE session DROP CONSTRAINT session_partnership_id_user_id_fkey`,
    sql`ALTER TABLE session ADD COLUMN account_kind text NOT NULL DEFAULT 'staff' CHECK (account_kind IN ('staff','person'))`,
  ];
  for (const statement of statements) await statement.execute(db);
}
