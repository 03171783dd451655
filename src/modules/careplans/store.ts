// The care plan's SQL. Reads for a plan page are a handful of queries, each by (partnership, plan).
import type { Insertable } from 'kysely';
import type { Db } from '../../storage/database.ts';
import type { CarePlanActionTable, CarePlanOutcomeTable } from '../../storage/tables.ts';

export async function planOf(db: Db, partnershipId: string, personId: string) {
  return db
    .selectFrom('care_plan')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

export async function outcomes(db: Db, partnershipId: string, planId: string) {
  return db
    .selectFrom('care_plan_outcome')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('plan_id', '=', planId)
    .where('removed_at', 'is', null)
    .orderBy('priority')
    .orderBy('position')
    .execute();
}

export async function actions(db: Db, partnershipId: string, planId: string) {
  return db
    .selectFrom('care_plan_action as a')
    .leftJoin('staff_user as u', (j) =>
      j.onRef('u.partnership_id', '=', 'a.partnership_id').onRef('u.id', '=', 'a.lead_staff_id'),
    )
    .leftJoin('organisation as o', (j) =>
      j.onRef('o.partnership_id', '=', 'a.partnership_id').onRef('o.id', '=', 'a.lead_organisation_id'),
    )
    .selectAll('a')
    .select(['u.name as lead_name', 'u.professional_role as lead_role', 'o.name as lead_organisation_name'])
    .where('a.partnership_id', '=', partnershipId)
    .where('a.plan_id', '=', planId)
    .where('a.removed_at', 'is', null)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
}

export type ActionRow = Awaited<ReturnType<typeof actions>>[number];
export type OutcomeRow = Awaited<ReturnType<typeof outcomes>>[number];

export async function signoffs(db: Db, partnershipId: string, planId: string, planVersion: number) {
  return db
    .selectFrom('care_plan_signoff')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('plan_id', '=', planId)
    .where('plan_version', '=', planVersion)
    .orderBy('signed_at')
    .execute();
}

export async function lastAgreedVersion(db: Db, partnershipId: string, planId: string) {
  return db
    .selectFrom('care_plan_version')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('plan_id', '=', planId)
    .where('agreed_at', 'is not', null)
    .orderBy('plan_version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertOutcome(db: Db, row: Insertable<CarePlanOutcomeTable>) {
  await db.insertInto('care_plan_outcome').values(row).execute();
}

export async function insertAction(db: Db, row: Insertable<CarePlanActionTable>) {
  await db.insertInto('care_plan_action').values(row).execute();
}

export async function getAction(db: Db, partnershipId: string, planId: string, id: string) {
  return db
    .selectFrom('care_plan_action')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('plan_id', '=', planId)
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}

export async function getOutcome(db: Db, partnershipId: string, planId: string, id: string) {
  return db
    .selectFrom('care_plan_outcome')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('plan_id', '=', planId)
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}

export async function contacts(db: Db, partnershipId: string, planId: string) {
  return db
    .selectFrom('care_plan_contact as c')
    .innerJoin('staff_user as u', (j) =>
      j.onRef('u.partnership_id', '=', 'c.partnership_id').onRef('u.id', '=', 'c.staff_user_id'),
    )
    .select(['c.organisation_id', 'c.staff_user_id', 'u.name', 'u.email', 'u.professional_role'])
    .where('c.partnership_id', '=', partnershipId)
    .where('c.plan_id', '=', planId)
    .execute();
}
