// "My work": for one member of staff, across everyone they support, the actions they lead (for a manager,
// every action their organisation leads) and the plan reviews coming due. The SQL only finds candidates;
// each person's plan is then read through planView, so what is shown follows the policy and is audited.
import type { Ctx, StaffActor } from '../../context.ts';
import { Refused } from '../../errors.ts';
import { londonDate } from '../../policy/index.ts';
import { nextDue } from './recurrence.ts';
import { type PlanAction, type PlanView, planView } from './service.ts';
import { checklistOrder, visibleActions } from './who-does-what.ts';
import * as work from './work-store.ts';

/** Reviews are listed this far ahead: time to find a date that suits the person and every agency. */
export const REVIEW_NOTICE_DAYS = 56;

export interface WorkPerson {
  id: string;
  name: string;
}

export interface WorkAction extends PlanAction {
  person: WorkPerson;
  /** Led by the viewer themselves (rather than by someone else in a manager's organisation). */
  mine: boolean;
}

export interface WorkReview {
  person: WorkPerson;
  dueOn: string;
  overdue: boolean;
  /** 'yearly' is the plan's own next review date, with no review arranged for it yet. */
  kind: 'yearly' | 'scheduled' | 'requested';
  reviewId: string | null;
}

export interface MyWork {
  actions: WorkAction[];
  reviews: WorkReview[];
  overdueActions: number;
  overdueReviews: number;
  /** People in whose plan the viewer leads something but whose record they can no longer open. */
  withheld: number;
  noticeDays: number;
  isManager: boolean;
}

function staffOnly(ctx: Ctx): StaffActor {
  if (ctx.actor.kind !== 'staff') throw new Refused(['“My work” is for care staff.']);
  return ctx.actor;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export async function myWork(ctx: Ctx): Promise<MyWork> {
  const actor = staffOnly(ctx);
  const today = londonDate(ctx.clock.now());
  const horizon = addDays(today, REVIEW_NOTICE_DAYS);
  const isManager = actor.role === 'manager';
  const scope = { userId: actor.userId, organisationId: isManager ? actor.organisationId : null };
  const [led, reviewing] = await Promise.all([
    work.peopleWithLedActions(ctx.db, actor.partnershipId, scope),
    work.peopleWithReviewsDue(ctx.db, actor.partnershipId, scope, horizon),
  ]);
  const reviewSet = new Set(reviewing);
  const result: MyWork = {
    actions: [],
    reviews: [],
    overdueActions: 0,
    overdueReviews: 0,
    withheld: 0,
    noticeDays: REVIEW_NOTICE_DAYS,
    isManager,
  };
  // One person at a time, in one transaction: each plan read is decided and audited on its own.
  for (const personId of [...new Set([...led, ...reviewing])]) {
    let view: PlanView;
    try {
      view = await planView(ctx, personId);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      result.withheld += 1;
      continue;
    }
    const person = { id: view.person.id, name: `${view.person.givenName} ${view.person.familyName}` };
    for (const a of visibleActions(view)) {
      const active = a.status === 'planned' || a.status === 'in_progress';
      const mine = a.leadStaffId === actor.userId;
      if (active && (mine || (scope.organisationId && a.leadOrganisationId === scope.organisationId))) {
        result.actions.push({ ...a, person, mine });
      }
    }
    if (reviewSet.has(personId) && view.outcomesDecision.allowed && view.plan) {
      result.reviews.push(...(await reviewsFor(ctx, actor, view, person, today, horizon)));
    }
  }
  result.actions.sort((a, b) => checklistOrder(a, b) || a.person.name.localeCompare(b.person.name));
  result.reviews.sort((a, b) =>
    a.dueOn === b.dueOn ? a.person.name.localeCompare(b.person.name) : a.dueOn < b.dueOn ? -1 : 1,
  );
  result.overdueActions = result.actions.filter((a) => a.overdue).length;
  result.overdueReviews = result.reviews.filter((r) => r.overdue).length;
  return result;
}

async function reviewsFor(
  ctx: Ctx,
  actor: StaffActor,
  view: PlanView,
  person: WorkPerson,
  today: string,
  horizon: string,
): Promise<WorkReview[]> {
  const plan = view.plan!;
  const open = await work.openReviewsDue(ctx.db, actor.partnershipId, plan.id, horizon);
  const reviews: WorkReview[] = open.map((r) => ({
    person,
    dueOn: r.due_on,
    overdue: r.due_on < today,
    kind: r.reason,
    reviewId: r.id,
  }));
  // The yearly date needs its own entry only while no review has been arranged on or before it.
  const next = plan.nextReviewOn;
  if (next && next <= horizon && !open.some((r) => r.due_on <= next)) {
    reviews.push({ person, dueOn: next, overdue: next < today, kind: 'yearly', reviewId: null });
  }
  return reviews;
}

/**
 * For the home page: how many open actions this member of staff leads, and how many are overdue. Only
 * counts leave the store (no person is named), so nothing here is a read of a person's record; the list
 * itself is on "My work", decided and audited person by person.
 */
export async function workSummary(ctx: Ctx): Promise<{ openActions: number; overdueActions: number }> {
  if (ctx.actor.kind !== 'staff') return { openActions: 0, overdueActions: 0 };
  const actor = ctx.actor;
  const today = londonDate(ctx.clock.now());
  const rows = await work.ledActionTimings(ctx.db, actor.partnershipId, actor.userId);
  const overdue = rows.filter((r) => {
    const due = nextDue(r, today);
    return due !== null && due < today;
  }).length;
  return { openActions: rows.length, overdueActions: overdue };
}
