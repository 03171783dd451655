// The shared timeline is built on the notes already on a person's record: each note is an entry, written by
// one agency with a sharing level. This adds what keeps the record accurate: confirmations (who checked an
// entry was accurate, and when) and corrections that keep the history. A correction makes a new revision of
// the entry; the text it replaces moves to note_revision, which is append-only, so nothing written about a
// person is ever silently lost. `revision` on the note is also its optimistic concurrency check.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`ALTER TABLE note
      ADD COLUMN revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
      ADD COLUMN revised_by uuid,
      ADD COLUMN revised_at timestamptz,
      ADD COLUMN revision_reason text`,
    // The first revision is the note as written; every later one names who corrected it, when and why.
    sql`ALTER TABLE note ADD CONSTRAINT note_revision_facts CHECK (
      (revision = 1 AND revised_by IS NULL AND revised_at IS NULL AND revision_reason IS NULL) OR
      (revision > 1 AND revised_by IS NOT NULL AND revised_at IS NOT NULL AND revision_reason IS NOT NULL))`,
    sql`ALTER TABLE note ADD CONSTRAINT note_revised_by_staff
      FOREIGN KEY (partnership_id, revised_by) REFERENCES staff_user(partnership_id, id)`,

    // Each earlier revision of an entry, as it stood before a correction replaced it.
    sql`CREATE TABLE note_revision (
      partnership_id uuid NOT NULL,
      note_id uuid NOT NULL,
      revision integer NOT NULL CHECK (revision >= 1),
      title text NOT NULL,
      body text NOT NULL,
      written_by uuid NOT NULL,
      written_at timestamptz NOT NULL,
      reason text,
      superseded_by uuid NOT NULL,
      superseded_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, note_id, revision),
      FOREIGN KEY (partnership_id, note_id) REFERENCES note(partnership_id, id),
      FOREIGN KEY (partnership_id, written_by) REFERENCES staff_user(partnership_id, id),
      FOREIGN KEY (partnership_id, superseded_by) REFERENCES staff_user(partnership_id, id),
      CHECK ((revision = 1) = (reason IS NULL))
    )`,
    sql`CREATE FUNCTION note_revision_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
      RAISE EXCEPTION 'note_revision is append-only: correct an entry with a new revision instead';
      END $$`,
    sql`CREATE TRIGGER note_revision_no_change BEFORE UPDATE OR DELETE ON note_revision
      FOR EACH ROW EXECUTE FUNCTION note_revision_append_only()`,

    // Someone who may read an entry confirmed that this revision of it is accurate. A correction starts the
    // checking again: the earlier confirmations stay with the revision they were given for.
    sql`CREATE TABLE note_confirmation (
      partnership_id uuid NOT NULL,
      note_id uuid NOT NULL,
      revision integer NOT NULL CHECK (revision >= 1),
      staff_user_id uuid NOT NULL,
      organisation_id uuid NOT NULL,
      confirmed_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, note_id, revision, staff_user_id),
      FOREIGN KEY (partnership_id, note_id) REFERENCES note(partnership_id, id),
      FOREIGN KEY (partnership_id, staff_user_id) REFERENCES staff_user(partnership_id, id),
      FOREIGN KEY (partnership_id, organisation_id) REFERENCES organisation(partnership_id, id)
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}
