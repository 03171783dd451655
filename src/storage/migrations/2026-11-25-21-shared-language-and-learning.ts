// Shared language and learning together: the partnership's glossary, joint training sessions and who
// attended, shadowing placements, what each organisation and professional role does, information sharing
// training dates, and the feed of successes and thanks.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE glossary_term (
      partnership_id uuid NOT NULL REFERENCES partnership(id),
      id uuid NOT NULL,
      term text NOT NULL CHECK (length(term) BETWEEN 1 AND 100),
      meaning text NOT NULL,
      preferred text NOT NULL,
      used_by_organisation_ids uuid[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by_name text NOT NULL,
      PRIMARY KEY (partnership_id, id)
    )`,
    // One entry per term whatever its case: "MDT" and "mdt" are the same word in a glossary.
    sql`CREATE UNIQUE INDEX glossary_term_unique ON glossary_term (partnership_id, lower(term))`,
    sql`CREATE TABLE organisation_guide (
      partnership_id uuid NOT NULL,
      organisation_id uuid NOT NULL,
      what_they_do text NOT NULL,
      when_to_involve text NOT NULL DEFAULT '',
      working_together text NOT NULL DEFAULT '',
      updated_at timestamptz NOT NULL,
      updated_by_name text NOT NULL,
      PRIMARY KEY (partnership_id, organisation_id),
      FOREIGN KEY (partnership_id, organisation_id) REFERENCES organisation(partnership_id, id)
    )`,
    // A professional role is the free text on staff accounts ("Community nurse"); role_key is its slug.
    sql`CREATE TABLE role_guide (
      partnership_id uuid NOT NULL REFERENCES partnership(id),
      role_key text NOT NULL CHECK (role_key ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      role_name text NOT NULL,
      what_they_do text NOT NULL,
      when_to_involve text NOT NULL DEFAULT '',
      working_together text NOT NULL DEFAULT '',
      updated_at timestamptz NOT NULL,
      updated_by_name text NOT NULL,
      PRIMARY KEY (partnership_id, role_key)
    )`,
    sql`CREATE TABLE training_session (
      partnership_id uuid NOT NULL REFERENCES partnership(id),
      id uuid NOT NULL,
      topic text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('information_sharing','roles','policies','other')),
      description text NOT NULL DEFAULT '',
      held_on date NOT NULL,
      location text NOT NULL,
      led_by text NOT NULL DEFAULT '',
      organisation_ids uuid[] NOT NULL DEFAULT '{}',
      created_by uuid,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, id)
    )`,
    sql`CREATE INDEX training_session_held ON training_session (partnership_id, held_on)`,
    sql`CREATE TABLE training_attendance (
      partnership_id uuid NOT NULL,
      session_id uuid NOT NULL,
      staff_user_id uuid NOT NULL,
      PRIMARY KEY (partnership_id, session_id, staff_user_id),
      FOREIGN KEY (partnership_id, session_id) REFERENCES training_session(partnership_id, id) ON DELETE CASCADE,
      FOREIGN KEY (partnership_id, staff_user_id) REFERENCES staff_user(partnership_id, id)
    )`,
    sql`CREATE INDEX training_attendance_staff ON training_attendance (partnership_id, staff_user_id)`,
    sql`CREATE TABLE shadowing_placement (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      shadow_staff_id uuid NOT NULL,
      host_staff_id uuid NOT NULL,
      place text NOT NULL,
      starts_on date NOT NULL,
      ends_on date NOT NULL,
      purpose text NOT NULL DEFAULT '',
      created_by uuid,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, id),
      FOREIGN KEY (partnership_id, shadow_staff_id) REFERENCES staff_user(partnership_id, id),
      FOREIGN KEY (partnership_id, host_staff_id) REFERENCES staff_user(partnership_id, id),
      CHECK (shadow_staff_id <> host_staff_id),
      CHECK (ends_on >= starts_on)
    )`,
    // Dates recorded by a manager (training elsewhere, e-learning); attending an information sharing
    // session counts too and is read from training_attendance, not copied here.
    sql`CREATE TABLE information_sharing_training (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      staff_user_id uuid NOT NULL,
      trained_on date NOT NULL,
      note text NOT NULL DEFAULT '',
      recorded_by uuid,
      recorded_by_name text NOT NULL,
      recorded_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, id),
      FOREIGN KEY (partnership_id, staff_user_id) REFERENCES staff_user(partnership_id, id)
    )`,
    sql`CREATE INDEX information_sharing_training_staff ON information_sharing_training (partnership_id, staff_user_id, trained_on)`,
    sql`CREATE TABLE success (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      title text NOT NULL,
      story text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('outcome_achieved','joint_work','other')),
      organisation_ids uuid[] NOT NULL DEFAULT '{}',
      posted_by uuid NOT NULL,
      posted_at timestamptz NOT NULL,
      removed_at timestamptz,
      removed_by uuid,
      PRIMARY KEY (partnership_id, id),
      FOREIGN KEY (partnership_id, posted_by) REFERENCES staff_user(partnership_id, id)
    )`,
    sql`CREATE INDEX success_posted ON success (partnership_id, posted_at) WHERE removed_at IS NULL`,
    sql`CREATE TABLE thanks (
      partnership_id uuid NOT NULL,
      id uuid NOT NULL,
      from_staff_id uuid NOT NULL,
      to_staff_id uuid NOT NULL,
      message text NOT NULL,
      success_id uuid,
      given_at timestamptz NOT NULL,
      removed_at timestamptz,
      removed_by uuid,
      PRIMARY KEY (partnership_id, id),
      FOREIGN KEY (partnership_id, from_staff_id) REFERENCES staff_user(partnership_id, id),
      FOREIGN KEY (partnership_id, to_staff_id) REFERENCES staff_user(partnership_id, id),
      FOREIGN KEY (partnership_id, success_id) REFERENCES success(partnership_id, id),
      CHECK (from_staff_id <> to_staff_id)
    )`,
    sql`CREATE INDEX thanks_given ON thanks (partnership_id, given_at) WHERE removed_at IS NULL`,
    sql`CREATE INDEX thanks_to ON thanks (partnership_id, to_staff_id, given_at) WHERE removed_at IS NULL`,
  ];
  for (const statement of statements) await statement.execute(db);
}
