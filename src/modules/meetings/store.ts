// The meetings module's SQL: meetings, their invitees, venues and calendar feeds. Staff names and roles are
// joined in here for the invitee lists, read-only.
import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../storage/database.ts';
import type { MeetingInviteeTable, MeetingTable } from '../../storage/tables.ts';

export type MeetingRow = NonNullable<Awaited<ReturnType<typeof meeting>>>;
export type InviteeRow = Awaited<ReturnType<typeof invitees>>[number];

export async function insertMeetings(db: Db, rows: Insertable<MeetingTable>[]) {
  if (rows.length) await db.insertInto('meeting').values(rows).execute();
}

export async function insertInvitees(db: Db, rows: Insertable<MeetingInviteeTable>[]) {
  if (rows.length) await db.insertInto('meeting_invitee').values(rows).execute();
}

export async function meeting(db: Db, partnershipId: string, id: string) {
  return db
    .selectFrom('meeting')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function meetingsByIds(db: Db, partnershipId: string, ids: readonly string[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('meeting')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', 'in', ids)
    .orderBy('starts_at')
    .execute();
}

/** Locks the meeting for a change, so that two people changing it at once cannot both win. */
export async function meetingForUpdate(db: Db, partnershipId: string, id: string) {
  return db
    .selectFrom('meeting')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export interface MeetingFilter {
  /** Meetings starting at or after this instant. */
  from?: Date;
  /** Meetings starting before this instant. */
  before?: Date;
  includeCancelled?: boolean;
}

function meetings(db: Db, partnershipId: string, filter: MeetingFilter) {
  let q = db.selectFrom('meeting').selectAll().where('partnership_id', '=', partnershipId);
  if (filter.from) q = q.where('starts_at', '>=', filter.from);
  if (filter.before) q = q.where('starts_at', '<', filter.before);
  if (!filter.includeCancelled) q = q.where('status', '<>', 'cancelled');
  return q;
}

export async function personMeetings(db: Db, partnershipId: string, personId: string, filter: MeetingFilter) {
  return meetings(db, partnershipId, filter)
    .where('person_id', '=', personId)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
}

export async function partnershipMeetings(db: Db, partnershipId: string, filter: MeetingFilter) {
  return meetings(db, partnershipId, filter)
    .where('person_id', 'is', null)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
}

export async function peopleMeetings(
  db: Db,
  partnershipId: string,
  personIds: readonly string[],
  filter: MeetingFilter,
) {
  if (!personIds.length) return [];
  return meetings(db, partnershipId, filter)
    .where('person_id', 'in', personIds)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
}

/** The meetings a member of staff is invited to. */
export async function invitedMeetings(
  db: Db,
  partnershipId: string,
  staffUserId: string,
  filter: MeetingFilter,
) {
  return meetings(db, partnershipId, filter)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('meeting_invitee as i')
          .select('i.id')
          .whereRef('i.partnership_id', '=', 'meeting.partnership_id')
          .whereRef('i.meeting_id', '=', 'meeting.id')
          .where('i.staff_user_id', '=', staffUserId),
      ),
    )
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
}

export async function seriesFrom(db: Db, partnershipId: string, seriesId: string, from: Date) {
  return db
    .selectFrom('meeting')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('series_id', '=', seriesId)
    .where('starts_at', '>=', from)
    .where('status', '=', 'scheduled')
    .orderBy('starts_at')
    .forUpdate()
    .execute();
}

export async function seriesCount(db: Db, partnershipId: string, seriesId: string) {
  const row = await db
    .selectFrom('meeting')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('partnership_id', '=', partnershipId)
    .where('series_id', '=', seriesId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Changes a meeting only if nobody has since: the number of rows changed is 0 when the revision is stale. */
export async function updateMeeting(
  db: Db,
  partnershipId: string,
  id: string,
  revision: number,
  changes: Updateable<MeetingTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('meeting')
    .set(changes)
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .where('revision', '=', revision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function invitees(db: Db, partnershipId: string, meetingIds: readonly string[]) {
  if (!meetingIds.length) return [];
  return db
    .selectFrom('meeting_invitee as i')
    .leftJoin('staff_user as u', (j) =>
      j.onRef('u.partnership_id', '=', 'i.partnership_id').onRef('u.id', '=', 'i.staff_user_id'),
    )
    .leftJoin('organisation as o', (j) =>
      j.onRef('o.partnership_id', '=', 'u.partnership_id').onRef('o.id', '=', 'u.organisation_id'),
    )
    .select([
      'i.meeting_id',
      'i.id',
      'i.kind',
      'i.staff_user_id',
      'i.representative_id',
      'i.name',
      'i.email',
      'i.attendance',
      'u.partnership_role',
      'u.professional_role',
      'u.organisation_id',
      'o.name as organisation_name',
    ])
    .where('i.partnership_id', '=', partnershipId)
    .where('i.meeting_id', 'in', meetingIds)
    .orderBy('i.kind', 'desc')
    .orderBy('i.name')
    .execute();
}

export async function deleteInvitees(
  db: Db,
  partnershipId: string,
  meetingId: string,
  ids: readonly string[],
) {
  if (!ids.length) return;
  await db
    .deleteFrom('meeting_invitee')
    .where('partnership_id', '=', partnershipId)
    .where('meeting_id', '=', meetingId)
    .where('id', 'in', ids)
    .execute();
}

export async function setAttendance(
  db: Db,
  partnershipId: string,
  meetingId: string,
  inviteeId: string,
  attendance: MeetingInviteeTable['attendance'],
) {
  await db
    .updateTable('meeting_invitee')
    .set({ attendance })
    .where('partnership_id', '=', partnershipId)
    .where('meeting_id', '=', meetingId)
    .where('id', '=', inviteeId)
    .execute();
}

/** Active staff, with what an invitation needs: name, work email, organisation and role. */
export async function staff(db: Db, partnershipId: string, ids?: readonly string[]) {
  if (ids && !ids.length) return [];
  let q = db
    .selectFrom('staff_user as u')
    .innerJoin('organisation as o', (j) =>
      j.onRef('o.partnership_id', '=', 'u.partnership_id').onRef('o.id', '=', 'u.organisation_id'),
    )
    .select([
      'u.id',
      'u.name',
      'u.email',
      'u.organisation_id',
      'u.partnership_role',
      'u.professional_role',
      'o.name as organisation_name',
    ])
    .where('u.partnership_id', '=', partnershipId)
    .where('u.disabled_at', 'is', null);
  if (ids) q = q.where('u.id', 'in', ids);
  return q.orderBy('o.name').orderBy('u.name').execute();
}
export type StaffRow = Awaited<ReturnType<typeof staff>>[number];

export async function venues(db: Db, partnershipId: string) {
  return db.selectFrom('meeting_venue').selectAll().where('partnership_id', '=', partnershipId).execute();
}

export async function saveVenue(
  db: Db,
  row: {
    partnership_id: string;
    organisation_id: string;
    address: string;
    access_notes: string;
    updated_at: Date;
    updated_by_name: string;
  },
) {
  await db
    .insertInto('meeting_venue')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['partnership_id', 'organisation_id']).doUpdateSet({
        address: row.address,
        access_notes: row.access_notes,
        updated_at: row.updated_at,
        updated_by_name: row.updated_by_name,
      }),
    )
    .execute();
}

export async function insertFeed(
  db: Db,
  row: { partnership_id: string; staff_user_id: string; token_hash: string; created_at: Date },
) {
  await db
    .insertInto('calendar_feed')
    .values({ ...row, revoked_at: null })
    .execute();
}

export async function revokeFeeds(db: Db, partnershipId: string, staffUserId: string, at: Date) {
  const result = await db
    .updateTable('calendar_feed')
    .set({ revoked_at: at })
    .where('partnership_id', '=', partnershipId)
    .where('staff_user_id', '=', staffUserId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function activeFeed(db: Db, partnershipId: string, staffUserId: string) {
  return db
    .selectFrom('calendar_feed')
    .select(['created_at'])
    .where('partnership_id', '=', partnershipId)
    .where('staff_user_id', '=', staffUserId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

/** The feed a token opens, with its owner, if it is neither revoked nor the owner's account disabled. */
export async function feedByHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('calendar_feed as f')
    .innerJoin('staff_user as u', (j) =>
      j.onRef('u.partnership_id', '=', 'f.partnership_id').onRef('u.id', '=', 'f.staff_user_id'),
    )
    .select(['f.partnership_id', 'f.staff_user_id', 'u.name', 'u.organisation_id', 'u.partnership_role'])
    .where('f.token_hash', '=', tokenHash)
    .where('f.revoked_at', 'is', null)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
}
