// Notifications: in-app notifications for staff, each user's email preference, the email outbox, and the
// record of scheduled job runs that lets several server instances share one database without a job running
// twice. A notification about a person is re-checked against the sharing rules whenever those rules may have
// changed for its recipient (triggers below clear checked_on), and again each day, before it is shown or sent.
import { type Kysely, sql } from 'kysely';

const KINDS = `'timeline_update','action_assigned','action_due','action_overdue','review_due',
  'meeting_invitation','meeting_changed','meeting_cancelled','consent_review_due','agreement_review_due',
  'dispute_stage_overdue'`;
const CATEGORIES = `'health','social_care','mental_health','contact','communication','safeguarding'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE notification (
      partnership_id uuid NOT NULL REFERENCES partnership(id),
      id uuid NOT NULL,
      recipient_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN (${sql.raw(KINDS)})),
      title text NOT NULL,
      link text NOT NULL,
      person_id uuid,
      category text CHECK (category IN (${sql.raw(CATEGORIES)})),
      entry jsonb,
      dedupe_key text,
      email_subject text NOT NULL,
      created_at timestamptz NOT NULL,
      read_at timestamptz,
      visible boolean NOT NULL DEFAULT true,
      checked_on date,
      basis text,
      digest_pending boolean NOT NULL DEFAULT false,
      PRIMARY KEY (partnership_id, id),
      UNIQUE (partnership_id, recipient_id, dedupe_key),
      FOREIGN KEY (partnership_id, recipient_id) REFERENCES staff_user(partnership_id, id),
      FOREIGN KEY (partnership_id, person_id) REFERENCES person(partnership_id, id),
      CHECK ((person_id IS NULL) = (category IS NULL)),
      CHECK (entry IS NULL OR person_id IS NOT NULL),
      CHECK (link LIKE '/%' AND link NOT LIKE '//%')
    )`,
    sql`CREATE INDEX notification_recipient ON notification (partnership_id, recipient_id, created_at DESC, id DESC)`,
    // The header's unread count reads only this index: a user's unread notifications, with what the count
    // needs to know about each, so that it never visits the table.
    sql`CREATE INDEX notification_unread ON notification (partnership_id, recipient_id)
      INCLUDE (visible, person_id, checked_on) WHERE read_at IS NULL`,
    sql`CREATE INDEX notification_person ON notification (partnership_id, person_id) WHERE person_id IS NOT NULL`,
    sql`CREATE INDEX notification_digest ON notification (partnership_id, recipient_id) WHERE digest_pending`,
    sql`CREATE TABLE notification_preference (
      partnership_id uuid NOT NULL,
      staff_user_id uuid NOT NULL,
      email_mode text NOT NULL CHECK (email_mode IN ('immediate','digest')),
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, staff_user_id),
      FOREIGN KEY (partnership_id, staff_user_id) REFERENCES staff_user(partnership_id, id)
    )`,
    // Each email is sent from here. A sender claims due rows with FOR UPDATE SKIP LOCKED and a lease
    // (claimed_until), sends outside the transaction, then marks them sent: a sender that dies mid-send
    // leaves the row to be claimed again when its lease runs out.
    sql`CREATE TABLE email_outbox (
      partnership_id uuid NOT NULL REFERENCES partnership(id),
      id uuid NOT NULL,
      to_address text NOT NULL,
      to_name text,
      subject text NOT NULL,
      body text NOT NULL,
      link text,
      ics_method text CHECK (ics_method IN ('REQUEST','CANCEL')),
      ics_content text,
      notification_id uuid,
      dedupe_key text,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sent','failed','withheld')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      claimed_until timestamptz,
      last_error text,
      created_at timestamptz NOT NULL,
      sent_at timestamptz,
      PRIMARY KEY (partnership_id, id),
      UNIQUE (partnership_id, to_address, dedupe_key),
      FOREIGN KEY (partnership_id, notification_id) REFERENCES notification(partnership_id, id),
      CHECK ((ics_method IS NULL) = (ics_content IS NULL))
    )`,
    // The sender serves every partnership, so its queue index leads with the time a row is due, not the tenant.
    sql`CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at) WHERE status = 'queued'`,
    sql`CREATE INDEX email_outbox_status ON email_outbox (partnership_id, status)`,
    // A scheduled job's run for one partnership and one slot (a London calendar date for daily jobs). The
    // primary key is the lock: the instance whose insert succeeds runs the job in the same transaction; any
    // other instance's insert waits for that transaction and then does nothing.
    sql`CREATE TABLE job_run (
      partnership_id uuid NOT NULL REFERENCES partnership(id),
      job text NOT NULL,
      slot text NOT NULL,
      started_at timestamptz NOT NULL,
      instance text NOT NULL,
      summary jsonb NOT NULL DEFAULT '{}'::jsonb,
      PRIMARY KEY (partnership_id, job, slot)
    )`,
    // When the facts the policy decides on change for a person, their notifications must be decided again
    // before they are shown or sent: clearing checked_on marks them.
    sql`CREATE FUNCTION notification_recheck_person() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          UPDATE notification SET checked_on = NULL
           WHERE partnership_id = OLD.partnership_id AND person_id = OLD.person_id AND checked_on IS NOT NULL;
        END IF;
        IF TG_OP <> 'DELETE' THEN
          UPDATE notification SET checked_on = NULL
           WHERE partnership_id = NEW.partnership_id AND person_id = NEW.person_id AND checked_on IS NOT NULL;
        END IF;
        RETURN NULL;
      END $$`,
    sql`CREATE TRIGGER care_team_member_recheck AFTER INSERT OR UPDATE OR DELETE ON care_team_member
      FOR EACH ROW EXECUTE FUNCTION notification_recheck_person()`,
    sql`CREATE TRIGGER consent_recheck AFTER INSERT OR UPDATE OR DELETE ON consent
      FOR EACH ROW EXECUTE FUNCTION notification_recheck_person()`,
    sql`CREATE TRIGGER lawful_basis_recheck AFTER INSERT OR UPDATE OR DELETE ON lawful_basis
      FOR EACH ROW EXECUTE FUNCTION notification_recheck_person()`,
    // Agreements cover every person in the partnership.
    sql`CREATE FUNCTION notification_recheck_partnership() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE p uuid;
      BEGIN
        IF TG_OP = 'DELETE' THEN p := OLD.partnership_id; ELSE p := NEW.partnership_id; END IF;
        UPDATE notification SET checked_on = NULL
         WHERE partnership_id = p AND person_id IS NOT NULL AND checked_on IS NOT NULL;
        RETURN NULL;
      END $$`,
    sql`CREATE TRIGGER sharing_agreement_recheck AFTER INSERT OR UPDATE OR DELETE ON sharing_agreement
      FOR EACH ROW EXECUTE FUNCTION notification_recheck_partnership()`,
    sql`CREATE TRIGGER sharing_agreement_party_recheck AFTER INSERT OR UPDATE OR DELETE ON sharing_agreement_party
      FOR EACH ROW EXECUTE FUNCTION notification_recheck_partnership()`,
    // The person's holding organisation, and a recipient's organisation, role or account, are facts too.
    sql`CREATE FUNCTION notification_recheck_holder() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE notification SET checked_on = NULL
         WHERE partnership_id = NEW.partnership_id AND person_id = NEW.id AND checked_on IS NOT NULL;
        RETURN NULL;
      END $$`,
    sql`CREATE TRIGGER person_holder_recheck AFTER UPDATE ON person FOR EACH ROW
      WHEN (OLD.holding_organisation_id IS DISTINCT FROM NEW.holding_organisation_id)
      EXECUTE FUNCTION notification_recheck_holder()`,
    sql`CREATE FUNCTION notification_recheck_recipient() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE notification SET checked_on = NULL
         WHERE partnership_id = NEW.partnership_id AND recipient_id = NEW.id
           AND person_id IS NOT NULL AND checked_on IS NOT NULL;
        RETURN NULL;
      END $$`,
    sql`CREATE TRIGGER staff_user_recheck AFTER UPDATE ON staff_user FOR EACH ROW
      WHEN (OLD.organisation_id IS DISTINCT FROM NEW.organisation_id
         OR OLD.partnership_role IS DISTINCT FROM NEW.partnership_role
         OR OLD.disabled_at IS DISTINCT FROM NEW.disabled_at)
      EXECUTE FUNCTION notification_recheck_recipient()`,
  ];
  for (const statement of statements) await statement.execute(db);
}
