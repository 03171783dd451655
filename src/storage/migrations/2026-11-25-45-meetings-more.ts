// Where member organisations host meetings: organisations have no address of their own in JoinedUp, and a
// rotating series needs each host's venue (with its access arrangements: step-free, hearing loop) to put on
// the invitation.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE meeting_venue (
    partnership_id uuid NOT NULL,
    organisation_id uuid NOT NULL,
    address text NOT NULL,
    access_notes text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL,
    updated_by_name text NOT NULL,
    PRIMARY KEY (partnership_id, organisation_id),
    FOREIGN KEY (partnership_id, organisation_id) REFERENCES organisation(partnership_id, id)
  )`.execute(db);
}
