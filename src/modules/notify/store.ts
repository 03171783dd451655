// The notify module's SQL: notifications, preferences and the outbox. The only file that touches them.
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db } from '../../storage/database.ts';
import type {
  EmailMode,
  EmailOutboxTable,
  NotificationTable,
  PartnershipRole,
} from '../../storage/tables.ts';
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

/** The header's numbers from the partial index alone: unread and visible, and unread awaiting a decision. */
export async function unreadCounts(
  db: Db,
  partnershipId: string,
  recipientId: string,
  today: string,
): Promise<{ unread: number; stale: number }> {
  const row = await db
    .selectFrom('notification')
    .select([
      sql<number>`count(*) FILTER (WHERE visible AND (person_id IS NULL OR checked_on = ${today}))`.as(
        'unread',
      ),
      sql<number>`count(*) FILTER (WHERE person_id IS NOT NULL AND checked_on IS DISTINCT FROM ${today})`.as(
        'stale',
      ),
    ])
    .where('partnership_id', '=', partnershipId)
    .where('recipient_id', '=', recipientId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { unread: Number(row.unread), stale: Number(row.stale) };
}

/** Notifications about a person not yet decided today, locked until the new decision is recorded. */
export async function staleNotifications(
  db: Db,
  partnershipId: string,
  recipientId: string,
  today: string,
  unreadOnly: boolean,
) {
  let query = db
    .selectFrom('notification')
    .select(['id', 'person_id', 'category', 'entry'])
    .where('partnership_id', '=', partnershipId)
    .where('recipient_id', '=', recipientId)
    .where('person_id', 'is not', null)
    .where(sql<boolean>`checked_on IS DISTINCT FROM ${today}`);
  if (unreadOnly) query = query.where('read_at', 'is', null);
  return query.forUpdate().execute();
}

export async function recordDecisions(
  db: Db,
  partnershipId: string,
  today: string,
  allowed: ReadonlyMap<string, string[]>,
  refused: readonly string[],
): Promise<void> {
  for (const [basis, ids] of allowed) {
    await db
      .updateTable('notification')
      .set({ visible: true, checked_on: today, basis: basis || null })
      .where('partnership_id', '=', partnershipId)
      .where('id', 'in', ids)
      .execute();
  }
  if (refused.length) {
    await db
      .updateTable('notification')
      .set({ visible: false, checked_on: today, basis: null })
      .where('partnership_id', '=', partnershipId)
      .where('id', 'in', refused)
      .execute();
  }
}

const COLUMNS = [
  'id',
  'kind',
  'title',
  'link',
  'person_id',
  'category',
  'basis',
  'created_at',
  'read_at',
] as const;

export type NotificationRow = Pick<Selectable<NotificationTable>, (typeof COLUMNS)[number]>;

export async function notificationPage(
  db: Db,
  partnershipId: string,
  recipientId: string,
  options: { offset: number; limit: number; unreadOnly: boolean },
): Promise<{ rows: NotificationRow[]; total: number; unread: number }> {
  const mine = db
    .selectFrom('notification')
    .where('partnership_id', '=', partnershipId)
    .where('recipient_id', '=', recipientId)
    .where('visible', '=', true);
  const [rows, counts] = await Promise.all([
    (options.unreadOnly ? mine.where('read_at', 'is', null) : mine)
      .select(COLUMNS)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit)
      .offset(options.offset)
      .execute(),
    mine
      .select([
        sql<number>`count(*)`.as('total'),
        sql<number>`count(*) FILTER (WHERE read_at IS NULL)`.as('unread'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  return {
    rows,
    total: Number(options.unreadOnly ? counts.unread : counts.total),
    unread: Number(counts.unread),
  };
}

export async function markRead(
  db: Db,
  partnershipId: string,
  recipientId: string,
  id: string,
  at: Date,
): Promise<NotificationRow | undefined> {
  const row = await db
    .updateTable('notification')
    .set({ read_at: sql<Date>`coalesce(read_at, ${at})` })
    .where('partnership_id', '=', partnershipId)
    .where('recipient_id', '=', recipientId)
    .where('id', '=', id)
    .where('visible', '=', true)
    .returning(COLUMNS)
    .executeTakeFirst();
  return row;
}

export async function markAllRead(
  db: Db,
  partnershipId: string,
  recipientId: string,
  at: Date,
): Promise<number> {
  const result = await db
    .updateTable('notification')
    .set({ read_at: at })
    .where('partnership_id', '=', partnershipId)
    .where('recipient_id', '=', recipientId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Active staff of these organisations with one of these partnership roles. */
export async function staffOf(
  db: Db,
  partnershipId: string,
  organisationIds: readonly string[],
  roles: readonly string[],
): Promise<Array<{ id: string }>> {
  if (!organisationIds.length || !roles.length) return [];
  return db
    .selectFrom('staff_user')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where('organisation_id', 'in', organisationIds)
    .where('partnership_role', 'in', roles as PartnershipRole[])
    .where('disabled_at', 'is', null)
    .execute();
}

/** Notifications waiting for the daily digest, locked until it is queued. */
export async function digestPending(db: Db, partnershipId: string) {
  return db
    .selectFrom('notification')
    .select(['id', 'recipient_id', 'person_id', 'category', 'entry', 'email_subject'])
    .where('partnership_id', '=', partnershipId)
    .where('digest_pending', '=', true)
    .orderBy('created_at')
    .orderBy('id')
    .forUpdate()
    .execute();
}

export async function clearDigest(db: Db, partnershipId: string, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  await db
    .updateTable('notification')
    .set({ digest_pending: false })
    .where('partnership_id', '=', partnershipId)
    .where('id', 'in', ids)
    .execute();
}
