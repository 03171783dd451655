// What the daily reminders need from care plans: open actions with a lead, their next due date, and plan
// reviews coming due, each with the people to remind. Read as the system by the notify module's job.
import { sql } from 'kysely';
import type { Db } from '../../storage/database.ts';
import type { DataCategory } from '../../storage/tables.ts';
import { leadCoordinatorIds } from '../notify/index.ts';
import { nextDue } from './recurrence.ts';

export interface ActionReminder {
  actionId: string;
  personId: string;
  personName: string;
  holdingOrganisationId: string | null;
  what: string;
  category: DataCategory;
  leadStaffId: string;
  dueOn: string;
  /** A daily action is due every day: reminding its lead each morning would be noise, so only when late. */
  daily: boolean;
}

/** Open actions with a named lead whose next occurrence is due by `horizon` (overdue ones included). */
export async function actionsDueBy(
  db: Db,
  partnershipId: string,
  today: string,
  horizon: string,
): Promise<ActionReminder[]> {
  const rows = await db
    .selectFrom('care_plan_action as a')
    .innerJoin('care_plan as c', (j) =>
      j.onRef('c.partnership_id', '=', 'a.partnership_id').onRef('c.id', '=', 'a.plan_id'),
    )
    .innerJoin('person as p', (j) =>
      j.onRef('p.partnership_id', '=', 'c.partnership_id').onRef('p.id', '=', 'c.person_id'),
    )
    .select([
      'a.id',
      'a.what',
      'a.category',
      'a.lead_staff_id',
      'a.due_on',
      'a.recurrence',
      'a.last_done_on',
      'a.starts_on',
      'p.id as person_id',
      'p.given_name',
      'p.family_name',
      'p.holding_organisation_id',
    ])
    .where('a.partnership_id', '=', partnershipId)
    .where('a.removed_at', 'is', null)
    .where('a.status', 'in', ['planned', 'in_progress'])
    .where('a.lead_staff_id', 'is not', null)
    .where((eb) => eb.or([eb('a.recurrence', 'is not', null), eb('a.due_on', '<=', horizon)]))
    .execute();
  const out: ActionReminder[] = [];
  for (const r of rows) {
    const due = nextDue(r, today);
    if (!due || due > horizon || !r.lead_staff_id) continue;
    out.push({
      actionId: r.id,
      personId: r.person_id,
      personName: `${r.given_name} ${r.family_name}`,
      holdingOrganisationId: r.holding_organisation_id,
      what: r.what,
      category: r.category,
      leadStaffId: r.lead_staff_id,
      dueOn: due,
      daily: /FREQ=DAILY/.test(r.recurrence ?? ''),
    });
  }
  return out;
}

export interface ReviewReminder {
  planId: string;
  personId: string;
  personName: string;
  dueOn: string;
  /** The lead coordinators on the care team and the plan's named contacts. */
  recipients: string[];
}

/** Plans whose next review (scheduled or an open requested one) falls due by `horizon`. */
export async function reviewsDueBy(
  db: Db,
  partnershipId: string,
  horizon: string,
): Promise<ReviewReminder[]> {
  const rows = await db
    .selectFrom('care_plan as c')
    .innerJoin('person as p', (j) =>
      j.onRef('p.partnership_id', '=', 'c.partnership_id').onRef('p.id', '=', 'c.person_id'),
    )
    .select((eb) => [
      'c.id',
      'c.next_review_on',
      'p.id as person_id',
      'p.given_name',
      'p.family_name',
      eb
        .selectFrom('care_plan_review as r')
        .select((r) => r.fn.min('r.due_on').as('due'))
        .whereRef('r.partnership_id', '=', 'c.partnership_id')
        .whereRef('r.plan_id', '=', 'c.id')
        .where('r.held_on', 'is', null)
        .as('open_review_due_on'),
      leadCoordinatorIds(eb).as('leads'),
      sql<string[]>`array(${eb
        .selectFrom('care_plan_contact as k')
        .select('k.staff_user_id')
        .whereRef('k.partnership_id', '=', 'c.partnership_id')
        .whereRef('k.plan_id', '=', 'c.id')})`.as('contacts'),
    ])
    .where('c.partnership_id', '=', partnershipId)
    .execute();
  const out: ReviewReminder[] = [];
  for (const r of rows) {
    const due = [r.next_review_on, r.open_review_due_on]
      .filter((d): d is string => typeof d === 'string' && d !== '')
      .map((d) => d.slice(0, 10))
      .sort()[0];
    if (!due || due > horizon) continue;
    out.push({
      planId: r.id,
      personId: r.person_id,
      personName: `${r.given_name} ${r.family_name}`,
      dueOn: due,
      recipients: [...new Set([...(r.leads ?? []), ...(r.contacts ?? [])])],
    });
  }
  return out;
}
