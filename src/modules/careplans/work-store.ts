// The SQL behind "who does what", reviews and "my work". Reads are by (partnership, plan) or, across
// people, by the lead and care team indexes; each finds only candidates: what is shown is then decided
// person by person through the policy.
import type { Insertable } from 'kysely';
import type { Db } from '../../storage/database.ts';
import type { CarePlanReviewProgressTable, CarePlanReviewTable } from '../../storage/tables.ts';

const ACTIVE = ['planned', 'in_progress'] as const;

export async function organisationNames(db: Db, partnershipId: string) {
  const rows = await db
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('partnership_id', '=', partnershipId)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function staffOfOrganisation(db: Db, partnershipId: string, organisationId: string) {
  return db
    .selectFrom('staff_user')
    .select(['id', 'name', 'email', 'professional_role', 'organisation_id'])
    .where('partnership_id', '=', partnershipId)
    .where('organisation_id', '=', organisationId)
    .where('disabled_at', 'is', null)
    .orderBy('name')
    .execute();
}

export async function setContact(
  db: Db,
  row: { partnership_id: string; plan_id: string; organisation_id: string; staff_user_id: string },
) {
  await db
    .insertInto('care_plan_contact')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['partnership_id', 'plan_id', 'organisation_id'])
        .doUpdateSet({ staff_user_id: row.staff_user_id }),
    )
    .execute();
}

export async function reviews(db: Db, partnershipId: string, planId: string) {
  return db
    .selectFrom('care_plan_review')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('plan_id', '=', planId)
    .orderBy('held_on', 'desc')
    .orderBy('due_on')
    .orderBy('created_at')
    .execute();
}

export type ReviewRow = Awaited<ReturnType<typeof reviews>>[number];

export async function getReview(db: Db, partnershipId: string, planId: string, id: string) {
  return db
    .selectFrom('care_plan_review')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('plan_id', '=', planId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Progress recorded at a review, with each outcome's words (as they are now, even if since removed). */
export async function progressOf(db: Db, partnershipId: string, reviewId: string) {
  return db
    .selectFrom('care_plan_review_progress as p')
    .innerJoin('care_plan_outcome as o', (j) =>
      j.onRef('o.partnership_id', '=', 'p.partnership_id').onRef('o.id', '=', 'p.outcome_id'),
    )
    .select(['p.outcome_id', 'o.words', 'o.priority', 'p.score', 'p.working', 'p.not_working'])
    .where('p.partnership_id', '=', partnershipId)
    .where('p.review_id', '=', reviewId)
    .orderBy('o.priority')
    .orderBy('o.position')
    .execute();
}

export async function insertReview(db: Db, row: Insertable<CarePlanReviewTable>) {
  await db.insertInto('care_plan_review').values(row).execute();
}

/** Closes an open review; false when someone else recorded it first. */
export async function closeReview(
  db: Db,
  partnershipId: string,
  id: string,
  values: { held_on: string; summary: string; recorded_by_name: string },
): Promise<boolean> {
  const result = await db
    .updateTable('care_plan_review')
    .set(values)
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .where('held_on', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertProgress(db: Db, rows: Insertable<CarePlanReviewProgressTable>[]) {
  if (rows.length) await db.insertInto('care_plan_review_progress').values(rows).execute();
}

export async function latestHeldOn(db: Db, partnershipId: string, planId: string) {
  const row = await db
    .selectFrom('care_plan_review')
    .select('held_on')
    .where('partnership_id', '=', partnershipId)
    .where('plan_id', '=', planId)
    .where('held_on', 'is not', null)
    .orderBy('held_on', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.held_on ?? null;
}

export async function setNextReview(db: Db, partnershipId: string, planId: string, on: string) {
  await db
    .updateTable('care_plan')
    .set({ next_review_on: on })
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', planId)
    .execute();
}

export interface WorkScope {
  userId: string;
  /** Set for managers: their organisation's actions and care teams count as theirs. */
  organisationId: string | null;
}

/** People with an open action led by this member of staff (or, for a manager, by their organisation). */
export async function peopleWithLedActions(db: Db, partnershipId: string, scope: WorkScope) {
  const rows = await db
    .selectFrom('care_plan_action as a')
    .innerJoin('care_plan as c', (j) =>
      j.onRef('c.partnership_id', '=', 'a.partnership_id').onRef('c.id', '=', 'a.plan_id'),
    )
    .select('c.person_id')
    .distinct()
    .where('a.partnership_id', '=', partnershipId)
    .where('a.removed_at', 'is', null)
    .where('a.status', 'in', ACTIVE)
    .where((eb) =>
      scope.organisationId
        ? eb.or([
            eb('a.lead_staff_id', '=', scope.userId),
            eb('a.lead_organisation_id', '=', scope.organisationId),
          ])
        : eb('a.lead_staff_id', '=', scope.userId),
    )
    .execute();
  return rows.map((r) => r.person_id);
}

/** People on whose care team this member of staff is, whose plan review falls due by `horizon`. */
export async function peopleWithReviewsDue(db: Db, partnershipId: string, scope: WorkScope, horizon: string) {
  const rows = await db
    .selectFrom('care_plan as c')
    .select('c.person_id')
    .where('c.partnership_id', '=', partnershipId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('care_team_member as m')
          .select('m.id')
          .whereRef('m.partnership_id', '=', 'c.partnership_id')
          .whereRef('m.person_id', '=', 'c.person_id')
          .where((w) =>
            scope.organisationId
              ? w.or([
                  w('m.staff_user_id', '=', scope.userId),
                  w('m.organisation_id', '=', scope.organisationId),
                ])
              : w('m.staff_user_id', '=', scope.userId),
          ),
      ),
    )
    .where((eb) =>
      eb.or([
        eb('c.next_review_on', '<=', horizon),
        eb.exists(
          eb
            .selectFrom('care_plan_review as r')
            .select('r.id')
            .whereRef('r.partnership_id', '=', 'c.partnership_id')
            .whereRef('r.plan_id', '=', 'c.id')
            .where('r.held_on', 'is', null)
            .where('r.due_on', '<=', horizon),
        ),
      ]),
    )
    .execute();
  return rows.map((r) => r.person_id);
}

/** Open reviews of one plan due by `horizon`. */
export async function openReviewsDue(db: Db, partnershipId: string, planId: string, horizon: string) {
  return db
    .selectFrom('care_plan_review')
    .select(['id', 'due_on', 'reason'])
    .where('partnership_id', '=', partnershipId)
    .where('plan_id', '=', planId)
    .where('held_on', 'is', null)
    .where('due_on', '<=', horizon)
    .orderBy('due_on')
    .execute();
}

/** The timing of every open action this member of staff leads: enough to count what is overdue. */
export async function ledActionTimings(db: Db, partnershipId: string, userId: string) {
  return db
    .selectFrom('care_plan_action')
    .select(['due_on', 'recurrence', 'last_done_on', 'starts_on'])
    .where('partnership_id', '=', partnershipId)
    .where('lead_staff_id', '=', userId)
    .where('removed_at', 'is', null)
    .where('status', 'in', ACTIVE)
    .execute();
}
