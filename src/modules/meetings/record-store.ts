// The SQL of a meeting's record: the agenda and minutes, contributions, decisions with each attendee's
// stance, action points and the person's summary. Every query is scoped by partnership and meeting.

import type { Insertable } from 'kysely';
import type { Db } from '../../storage/database.ts';
import type {
  MeetingActionPointTable,
  MeetingAgendaItemTable,
  MeetingContributionTable,
  MeetingDecisionStanceTable,
  MeetingDecisionTable,
  MeetingSummaryTable,
} from '../../storage/tables.ts';

/** The meeting itself (scheduling is the meetings core's; the record reads what it needs). */
export async function meeting(db: Db, partnershipId: string, id: string, forUpdate = false) {
  let query = db
    .selectFrom('meeting')
    .select([
      'id',
      'person_id',
      'kind',
      'title',
      'mode',
      'location',
      'video_link',
      'starts_at',
      'ends_at',
      'status',
      'organiser_id',
    ])
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}
export type MeetingRow = NonNullable<Awaited<ReturnType<typeof meeting>>>;

export async function invitees(db: Db, partnershipId: string, meetingId: string) {
  return db
    .selectFrom('meeting_invitee as i')
    .leftJoin('staff_user as u', (j) =>
      j.onRef('u.partnership_id', '=', 'i.partnership_id').onRef('u.id', '=', 'i.staff_user_id'),
    )
    .leftJoin('organisation as o', (j) =>
      j.onRef('o.partnership_id', '=', 'u.partnership_id').onRef('o.id', '=', 'u.organisation_id'),
    )
    .leftJoin('representative as r', (j) =>
      j.onRef('r.partnership_id', '=', 'i.partnership_id').onRef('r.id', '=', 'i.representative_id'),
    )
    .select([
      'i.id',
      'i.kind',
      'i.name',
      'i.staff_user_id',
      'i.representative_id',
      'i.attendance',
      'u.organisation_id',
      'u.professional_role',
      'o.name as organisation_name',
      'r.kind as representative_kind',
      'r.relationship',
    ])
    .where('i.partnership_id', '=', partnershipId)
    .where('i.meeting_id', '=', meetingId)
    .orderBy('i.name')
    .execute();
}
export type InviteeRow = Awaited<ReturnType<typeof invitees>>[number];

export async function agendaItems(db: Db, partnershipId: string, meetingId: string) {
  return db
    .selectFrom('meeting_agenda_item')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('meeting_id', '=', meetingId)
    .where('removed_at', 'is', null)
    .orderBy('position')
    .orderBy('created_at')
    .execute();
}
export type AgendaItemRow = Awaited<ReturnType<typeof agendaItems>>[number];

export async function agendaItemForUpdate(db: Db, partnershipId: string, meetingId: string, id: string) {
  return db
    .selectFrom('meeting_agenda_item')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('meeting_id', '=', meetingId)
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

export async function insertAgendaItem(db: Db, row: Insertable<MeetingAgendaItemTable>) {
  await db.insertInto('meeting_agenda_item').values(row).execute();
}

export async function nextAgendaPosition(db: Db, partnershipId: string, meetingId: string) {
  const row = await db
    .selectFrom('meeting_agenda_item')
    .select((eb) => eb.fn.max('position').as('last'))
    .where('partnership_id', '=', partnershipId)
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}

export async function setAgendaPosition(
  db: Db,
  partnershipId: string,
  meetingId: string,
  id: string,
  position: number,
) {
  await db
    .updateTable('meeting_agenda_item')
    .set({ position })
    .where('partnership_id', '=', partnershipId)
    .where('meeting_id', '=', meetingId)
    .where('id', '=', id)
    .execute();
}

/** Saves the minutes only if nobody saved since `revision`; returns whether it did. */
export async function saveMinutes(
  db: Db,
  key: { partnershipId: string; meetingId: string; id: string },
  change: { minutes: string; revision: number; at: Date; by: string },
): Promise<boolean> {
  const result = await db
    .updateTable('meeting_agenda_item')
    .set({
      minutes: change.minutes,
      revision: change.revision + 1,
      minutes_updated_at: change.at,
      minutes_updated_by_name: change.by,
    })
    .where('partnership_id', '=', key.partnershipId)
    .where('meeting_id', '=', key.meetingId)
    .where('id', '=', key.id)
    .where('revision', '=', change.revision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function contributions(db: Db, partnershipId: string, meetingId: string) {
  return db
    .selectFrom('meeting_contribution as c')
    .innerJoin('organisation as o', (j) =>
      j.onRef('o.partnership_id', '=', 'c.partnership_id').onRef('o.id', '=', 'c.organisation_id'),
    )
    .selectAll('c')
    .select('o.name as organisation_name')
    .where('c.partnership_id', '=', partnershipId)
    .where('c.meeting_id', '=', meetingId)
    .orderBy('c.written_at')
    .orderBy('c.id')
    .execute();
}
export type ContributionRow = Awaited<ReturnType<typeof contributions>>[number];

export async function insertContribution(db: Db, row: Insertable<MeetingContributionTable>) {
  await db.insertInto('meeting_contribution').values(row).execute();
}

export async function decisions(db: Db, partnershipId: string, meetingId: string) {
  return db
    .selectFrom('meeting_decision')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('meeting_id', '=', meetingId)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
}
export type DecisionRow = Awaited<ReturnType<typeof decisions>>[number];

export async function stances(db: Db, partnershipId: string, meetingId: string) {
  return db
    .selectFrom('meeting_decision_stance')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('meeting_id', '=', meetingId)
    .execute();
}

export async function insertDecision(
  db: Db,
  row: Insertable<MeetingDecisionTable>,
  stanceRows: Insertable<MeetingDecisionStanceTable>[],
) {
  await db.insertInto('meeting_decision').values(row).execute();
  if (stanceRows.length) await db.insertInto('meeting_decision_stance').values(stanceRows).execute();
}

export async function actionPoints(db: Db, partnershipId: string, meetingId: string) {
  return db
    .selectFrom('meeting_action_point as a')
    .innerJoin('staff_user as u', (j) =>
      j.onRef('u.partnership_id', '=', 'a.partnership_id').onRef('u.id', '=', 'a.owner_staff_id'),
    )
    .innerJoin('organisation as o', (j) =>
      j.onRef('o.partnership_id', '=', 'a.partnership_id').onRef('o.id', '=', 'a.organisation_id'),
    )
    .selectAll('a')
    .select(['u.name as owner_name', 'u.professional_role as owner_role', 'o.name as organisation_name'])
    .where('a.partnership_id', '=', partnershipId)
    .where('a.meeting_id', '=', meetingId)
    .orderBy('a.due_on')
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
}
export type ActionPointRow = Awaited<ReturnType<typeof actionPoints>>[number];

/** One action point, locked: two clicks of "add to the care plan" queue here, and the second sees the first. */
export async function actionPointForUpdate(db: Db, partnershipId: string, meetingId: string, id: string) {
  return db
    .selectFrom('meeting_action_point')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('meeting_id', '=', meetingId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function insertActionPoint(db: Db, row: Insertable<MeetingActionPointTable>) {
  await db.insertInto('meeting_action_point').values(row).execute();
}

export async function markAddedToPlan(
  db: Db,
  key: { partnershipId: string; meetingId: string; id: string },
  change: { planActionId: string; at: Date; by: string },
) {
  await db
    .updateTable('meeting_action_point')
    .set({
      plan_action_id: change.planActionId,
      added_to_plan_at: change.at,
      added_to_plan_by_name: change.by,
    })
    .where('partnership_id', '=', key.partnershipId)
    .where('meeting_id', '=', key.meetingId)
    .where('id', '=', key.id)
    .where('plan_action_id', 'is', null)
    .execute();
}

/** Every version of the summary, newest first. */
export async function summaries(db: Db, partnershipId: string, meetingId: string) {
  return db
    .selectFrom('meeting_summary')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('meeting_id', '=', meetingId)
    .orderBy('version', 'desc')
    .execute();
}
export type SummaryRow = Awaited<ReturnType<typeof summaries>>[number];

export async function latestSummaryForUpdate(db: Db, partnershipId: string, meetingId: string) {
  return db
    .selectFrom('meeting_summary')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('meeting_id', '=', meetingId)
    .orderBy('version', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

export async function insertSummary(db: Db, row: Insertable<MeetingSummaryTable>) {
  await db.insertInto('meeting_summary').values(row).execute();
}

export async function updateDraftSummary(
  db: Db,
  key: { partnershipId: string; meetingId: string; version: number },
  change: { words: string; revision: number; at: Date; by: string },
) {
  await db
    .updateTable('meeting_summary')
    .set({
      words: change.words,
      revision: change.revision + 1,
      updated_at: change.at,
      written_by_name: change.by,
    })
    .where('partnership_id', '=', key.partnershipId)
    .where('meeting_id', '=', key.meetingId)
    .where('version', '=', key.version)
    .where('status', '=', 'draft')
    .where('revision', '=', change.revision)
    .execute();
}

export async function publishSummary(
  db: Db,
  key: { partnershipId: string; meetingId: string; version: number },
  change: { at: Date; by: string },
) {
  await db
    .updateTable('meeting_summary')
    .set({ status: 'published', published_at: change.at, published_by_name: change.by })
    .where('partnership_id', '=', key.partnershipId)
    .where('meeting_id', '=', key.meetingId)
    .where('version', '=', key.version)
    .execute();
}

/** The meetings about a person with a published summary, newest first: what the person may read. */
export async function publishedForPerson(db: Db, partnershipId: string, personId: string) {
  return db
    .selectFrom('meeting as m')
    .innerJoin('meeting_summary as s', (j) =>
      j
        .onRef('s.partnership_id', '=', 'm.partnership_id')
        .onRef('s.meeting_id', '=', 'm.id')
        .on('s.status', '=', 'published'),
    )
    .select(['m.id', 'm.title', 'm.kind', 'm.starts_at'])
    .select((eb) => eb.fn.max('s.published_at').as('published_at'))
    .where('m.partnership_id', '=', partnershipId)
    .where('m.person_id', '=', personId)
    .where('m.status', '<>', 'cancelled')
    .groupBy(['m.id', 'm.title', 'm.kind', 'm.starts_at'])
    .orderBy('m.starts_at', 'desc')
    .execute();
}

/** Active staff who may own an action point, with their organisation. */
export async function activeStaff(db: Db, partnershipId: string) {
  return db
    .selectFrom('staff_user as u')
    .innerJoin('organisation as o', (j) =>
      j.onRef('o.partnership_id', '=', 'u.partnership_id').onRef('o.id', '=', 'u.organisation_id'),
    )
    .select(['u.id', 'u.name', 'u.professional_role', 'u.organisation_id', 'o.name as organisation_name'])
    .where('u.partnership_id', '=', partnershipId)
    .where('u.disabled_at', 'is', null)
    .orderBy('o.name')
    .orderBy('u.name')
    .execute();
}
export type StaffRow = Awaited<ReturnType<typeof activeStaff>>[number];
