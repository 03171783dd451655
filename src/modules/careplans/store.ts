// The care plan's SQL. The plan page reads the plan with everything on it in one statement (planPage);
// the other reads are small queries, each by (partnership, plan).
import type { Insertable } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
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

/** Actions not removed, with their lead's name and role and the lead organisation's name. */
function actionsWithLeads(db: Db) {
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
    .where('a.removed_at', 'is', null);
}

export async function actions(db: Db, partnershipId: string, planId: string) {
  return actionsWithLeads(db)
    .where('a.partnership_id', '=', partnershipId)
    .where('a.plan_id', '=', planId)
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

/**
 * The person's plan with everything its page shows, in one statement: outcomes, actions with their leads,
 * the first open review, and (with `agreement`) the current version's sign-offs, the last agreed version
 * and the names of the organisations on the care team. Lists come back as JSON; their order is each
 * aggregate's own ORDER BY, the same as the separate queries above. Undefined when there is no plan.
 */
export async function planPage(db: Db, partnershipId: string, personId: string, agreement: boolean) {
  const row = await db
    .selectFrom('care_plan as c')
    .selectAll('c')
    .select((eb) => [
      eb
        .selectFrom(
          eb
            .selectFrom('care_plan_outcome as o')
            .selectAll('o')
            .where('o.partnership_id', '=', eb.ref('c.partnership_id'))
            .where('o.plan_id', '=', eb.ref('c.id'))
            .where('o.removed_at', 'is', null)
            .as('o'),
        )
        .select((o) => o.fn.jsonAgg('o').orderBy('o.priority').orderBy('o.position').as('list'))
        .as('outcomes'),
      eb
        .selectFrom(
          actionsWithLeads(db)
            .where('a.partnership_id', '=', eb.ref('c.partnership_id'))
            .where('a.plan_id', '=', eb.ref('c.id'))
            .as('a'),
        )
        .select((a) => a.fn.jsonAgg('a').orderBy('a.created_at').orderBy('a.id').as('list'))
        .as('actions'),
      eb
        .selectFrom('care_plan_review as r')
        .select('r.due_on')
        .whereRef('r.partnership_id', '=', 'c.partnership_id')
        .whereRef('r.plan_id', '=', 'c.id')
        .where('r.held_on', 'is', null)
        .orderBy('r.due_on')
        .limit(1)
        .as('open_review_due_on'),
    ])
    .$if(agreement, (q) =>
      q.select((eb) => [
        eb
          .selectFrom(
            eb
              .selectFrom('care_plan_signoff as s')
              .selectAll('s')
              .where('s.partnership_id', '=', eb.ref('c.partnership_id'))
              .where('s.plan_id', '=', eb.ref('c.id'))
              .where('s.plan_version', '=', eb.ref('c.plan_version'))
              .as('s'),
          )
          .select((s) => s.fn.jsonAgg('s').orderBy('s.signed_at').as('list'))
          .as('signoffs'),
        jsonObjectFrom(
          eb
            .selectFrom('care_plan_version as v')
            .selectAll('v')
            .whereRef('v.partnership_id', '=', 'c.partnership_id')
            .whereRef('v.plan_id', '=', 'c.id')
            .where('v.agreed_at', 'is not', null)
            .orderBy('v.plan_version', 'desc')
            .limit(1),
        ).as('last_agreed'),
        jsonArrayFrom(
          eb
            .selectFrom('organisation as g')
            .select(['g.id', 'g.name'])
            .whereRef('g.partnership_id', '=', 'c.partnership_id')
            .where('g.id', 'in', (w) =>
              w
                .selectFrom('care_team_member as m')
                .select('m.organisation_id')
                .whereRef('m.partnership_id', '=', 'c.partnership_id')
                .whereRef('m.person_id', '=', 'c.person_id'),
            ),
        ).as('team_organisations'),
      ]),
    )
    .where('c.partnership_id', '=', partnershipId)
    .where('c.person_id', '=', personId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    ...row,
    outcomes: row.outcomes ?? [],
    actions: row.actions ?? [],
    signoffs: row.signoffs ?? [],
  };
}

export type PlanPageRows = NonNullable<Awaited<ReturnType<typeof planPage>>>;
