// Meetings: for a person (planning, review, case review, phone check-in) or for the partnership (board,
// joint briefing); face-to-face, virtual or hybrid; repeating meetings as a series of occurrences, each its
// own row (its own attendance and minutes), with the venue rotating across member organisations.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE meeting (
      partnership_id uuid NOT NULL REFERENCES partnership(id),
      id uuid NOT NULL,
      person_id uuid,
      kind text NOT NULL CHECK (kind IN
        ('planning','review','case_review','partnership_board','joint_briefing','phone_check_in')),
      title text NOT NULL,
      mode text NOT NULL CHECK (mode IN ('face_to_face','virtual','hybrid')),
      location text,
      venue_organisation_id uuid,
      video_link text,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      series_id uuid,
      series_rule text,
      status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','held','cancelled')),
      cancelled_reason text,
      agenda text NOT NULL DEFAULT '',
      ical_uid text NOT NULL,
      ical_sequence integer NOT NULL DEFAULT 0,
      revision integer NOT NULL DEFAULT 1,
      organiser_id uuid NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by_name text NOT NULL,
      PRIMARY KEY (partnership_id, id),
      UNIQUE (ical_uid),
      FOREIGN KEY (partnership_id, person_id) REFERENCES person(partnership_id, id),
      FOREIGN KEY (partnership_id, venue_organisation_id) REFERENCES organisation(partnership_id, id),
      FOREIGN KEY (partnership_id, organiser_id) REFERENCES staff_user(partnership_id, id),
      CHECK (ends_at > starts_at),
      CHECK (mode = 'virtual' OR location IS NOT NULL),
      CHECK (mode = 'face_to_face' OR video_link IS NOT NULL),
      CHECK (status <> 'cancelled' OR cancelled_reason IS NOT NULL),
      CHECK ((kind IN ('partnership_board','joint_briefing')) = (person_id IS NULL))
    )`,
    sql`CREATE INDEX meeting_person ON meeting (partnership_id, person_id, starts_at)`,
    sql`CREATE INDEX meeting_starts ON meeting (partnership_id, starts_at)`,
    sql`CREATE INDEX meeting_series ON meeting (partnership_id, series_id) WHERE series_id IS NOT NULL`,
    // Who is invited: staff, the person, or one of their representatives (an advocate); attendance is
    // recorded once the meeting has been held.
    sql`CREATE TABLE meeting_invitee (
      partnership_id uuid NOT NULL,
      meeting_id uuid NOT NULL,
      id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('staff','person','representative')),
      staff_user_id uuid,
      representative_id uuid,
      name text NOT NULL,
      email text,
      attendance text CHECK (attendance IN ('present','apologies','absent')),
      PRIMARY KEY (partnership_id, meeting_id, id),
      FOREIGN KEY (partnership_id, meeting_id) REFERENCES meeting(partnership_id, id),
      FOREIGN KEY (partnership_id, staff_user_id) REFERENCES staff_user(partnership_id, id),
      CHECK ((kind = 'staff') = (staff_user_id IS NOT NULL)),
      CHECK ((kind = 'representative') = (representative_id IS NOT NULL))
    )`,
    sql`CREATE UNIQUE INDEX meeting_invitee_staff ON meeting_invitee (partnership_id, meeting_id, staff_user_id)
      WHERE staff_user_id IS NOT NULL`,
    sql`CREATE INDEX meeting_invitee_by_staff ON meeting_invitee (partnership_id, staff_user_id)
      WHERE staff_user_id IS NOT NULL`,
    // A personal calendar feed: the URL carries a secret token; only its hash is stored, and it can be revoked.
    sql`CREATE TABLE calendar_feed (
      partnership_id uuid NOT NULL,
      staff_user_id uuid NOT NULL,
      token_hash text NOT NULL,
      created_at timestamptz NOT NULL,
      revoked_at timestamptz,
      PRIMARY KEY (partnership_id, staff_user_id, token_hash),
      UNIQUE (token_hash),
      FOREIGN KEY (partnership_id, staff_user_id) REFERENCES staff_user(partnership_id, id)
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}
