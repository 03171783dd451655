// The notify module's SQL: notifications, preferences and the outbox. The only file that touches them.
import type { Insertable } from 'kysely';
import type { Db } from '../../storage/database.ts';
import type { EmailMode, EmailOutboxTable, NotificationTable } from '../../storage/tables.ts';
import type { Recipient } from './access.ts';

export interface RecipientRow extends Recipient {
  email: string;
  email_mode: EmailMode;
}

/** Staff users of the partnership with these ids, with their email preference (immediate unless chosen). */
export async function recipients(
  db: Db,
  partnershipId: string,
  ids: readonly string[],
): Promise<RecipientRow[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('staff_user as u')
    .leftJoin('notification_preference as p', (j) =>
      j.onRef('p.partnership_id', '=', 'u.partnership_id').onRef('p.staff_user_id', '=', 'u.id'),
    )
    .select([
      'u.id',
      'u.partnership_id',
      'u.organisation_id',
      'u.partnership_role',
      'u.name',
      'u.email',
      'u.disabled_at',
      'p.email_mode',
    ])
    .where('u.partnership_id', '=', partnershipId)
    .where('u.id', 'in', ids)
    .execute();
  return rows.map((r) => ({ ...r, email_mode: r.email_mode ?? 'immediate' }));
}

/** Inserts notifications; one that repeats a recipient's dedupe key is skipped. Returns those inserted. */
export async function insertNotifications(
  db: Db,
  rows: Insertable<NotificationTable>[],
): Promise<Array<{ id: string; recipient_id: string }>> {
  if (!rows.length) return [];
  return db
    .insertInto('notification')
    .values(rows)
    .onConflict((oc) => oc.columns(['partnership_id', 'recipient_id', 'dedupe_key']).doNothing())
    .returning(['id', 'recipient_id'])
    .execute();
}

/** Queues emails; one that repeats an address's dedupe key is skipped. Returns how many were queued. */
export async function insertOutbox(db: Db, rows: Insertable<EmailOutboxTable>[]): Promise<number> {
  if (!rows.length) return 0;
  const inserted = await db
    .insertInto('email_outbox')
    .values(rows)
    .onConflict((oc) => oc.columns(['partnership_id', 'to_address', 'dedupe_key']).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

export async function preference(db: Db, partnershipId: string, userId: string): Promise<EmailMode> {
  const row = await db
    .selectFrom('notification_preference')
    .select('email_mode')
    .where('partnership_id', '=', partnershipId)
    .where('staff_user_id', '=', userId)
    .executeTakeFirst();
  return row?.email_mode ?? 'immediate';
}

export async function setPreference(
  db: Db,
  partnershipId: string,
  userId: string,
  mode: EmailMode,
  at: Date,
): Promise<void> {
  await db
    .insertInto('notification_preference')
    .values({ partnership_id: partnershipId, staff_user_id: userId, email_mode: mode, updated_at: at })
    .onConflict((oc) =>
      oc.columns(['partnership_id', 'staff_user_id']).doUpdateSet({ email_mode: mode, updated_at: at }),
    )
    .execute();
}
