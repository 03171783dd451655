// Reviews of the plan. Care Act 2014 s.27: a plan is kept under review, generally at least every 12 months,
// and reviewed when the person (or someone acting for them) asks. A review records, for each outcome, how
// far it has come and what is and is not working; recording one sets the next yearly review date.
import { randomUUID } from 'node:crypto';
import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { Conflict, type FieldError, Invalid, NotFound, Refused } from '../../errors.ts';
import { actorPartnership, auditPersonRead, londonDate } from '../../policy/index.ts';
import { formatLondon } from '../../web/views.ts';
import { personHeader } from '../people/index.ts';
import { occurrences, ruleFor } from './recurrence.ts';
import { OUTCOME_CATEGORY, planView } from './service.ts';
import * as store from './store.ts';
import { missingScoreMessage, type ReviewRecordInput, type ReviewRequestInput } from './work-schema.ts';
import * as work from './work-store.ts';

export interface ReviewSummary {
  id: string;
  reason: 'scheduled' | 'requested';
  dueOn: string;
  requestedByName: string;
  note: string;
  heldOn: string | null;
  summary: string | null;
  recordedByName: string | null;
  overdue: boolean;
}

export function toReviewSummary(row: work.ReviewRow, today: string): ReviewSummary {
  return {
    id: row.id,
    reason: row.reason,
    dueOn: row.due_on,
    requestedByName: row.requested_by_name,
    note: row.request_note,
    heldOn: row.held_on,
    summary: row.summary,
    recordedByName: row.recorded_by_name,
    overdue: row.held_on === null && row.due_on < today,
  };
}

/** A year on from a date, by the same yearly rule as a yearly action (29 February falls on the 28th). */
export function aYearAfter(date: string): string {
  return occurrences(ruleFor('yearly', date), date, 2)[1]!;
}

export async function reviewsView(ctx: Ctx, personId: string) {
  const { person, access } = await personHeader(ctx, personId);
  const decision = access.decide(OUTCOME_CATEGORY, 'read');
  await auditPersonRead(ctx, personId, 'care_plan_reviews', [{ category: OUTCOME_CATEGORY, decision }]);
  if (!decision.allowed) throw new Refused(decision.reasons, decision.askWhom).keepingRecord();
  const partnershipId = actorPartnership(ctx);
  const today = londonDate(ctx.clock.now());
  const plan = await store.planOf(ctx.db, partnershipId, personId);
  const rows = plan ? await work.reviews(ctx.db, partnershipId, plan.id) : [];
  const all = rows.map((r) => toReviewSummary(r, today));
  return {
    person,
    plan: plan
      ? {
          id: plan.id,
          nextReviewOn: plan.next_review_on,
          nextReviewOverdue: plan.next_review_on !== null && plan.next_review_on < today,
        }
      : null,
    open: all.filter((r) => r.heldOn === null).sort((a, b) => (a.dueOn < b.dueOn ? -1 : 1)),
    held: all.filter((r) => r.heldOn !== null),
    canEdit: access.decide(OUTCOME_CATEGORY, 'write').allowed,
  };
}

async function requireWrite(ctx: Ctx, personId: string) {
  const { access } = await personHeader(ctx, personId);
  const decision = access.decide(OUTCOME_CATEGORY, 'write');
  if (!decision.allowed) throw new Refused(decision.reasons, decision.askWhom);
  const actor = ctx.actor;
  return { partnershipId: actorPartnership(ctx), by: actor.kind === 'staff' ? actor.name : 'system' };
}

/** Schedules a review, or records that someone asked for one. */
export async function requestReview(ctx: Ctx, personId: string, input: ReviewRequestInput) {
  const { partnershipId, by } = await requireWrite(ctx, personId);
  const plan = await store.planOf(ctx.db, partnershipId, personId);
  if (!plan)
    throw new Invalid([
      { field: 'dueOn', message: 'Start the plan with an outcome before arranging a review' },
    ]);
  const latest = aYearAfter(londonDate(ctx.clock.now()));
  if (input.dueOn > latest) {
    throw new Invalid([
      {
        field: 'dueOn',
        message: `A review must be due within a year: choose ${formatLondon(latest, false)} or earlier`,
      },
    ]);
  }
  if (input.reason === 'scheduled' && plan.next_review_on && input.dueOn > plan.next_review_on) {
    throw new Invalid([
      {
        field: 'dueOn',
        message: `The plan must be reviewed by ${formatLondon(plan.next_review_on, false)}, a year after it was made or last reviewed: choose that date or earlier`,
      },
    ]);
  }
  const id = randomUUID();
  await work.insertReview(ctx.db, {
    partnership_id: partnershipId,
    id,
    plan_id: plan.id,
    due_on: input.dueOn,
    reason: input.reason,
    requested_by_name: by,
    request_note: input.note,
    held_on: null,
    summary: null,
    recorded_by_name: null,
    created_at: ctx.clock.now(),
  });
  await record(ctx, {
    action: 'care_plan.review.request',
    entityType: 'care_plan_review',
    entityId: id,
    personId,
    detail: { reason: input.reason, dueOn: input.dueOn },
  });
  return { id };
}

/** One review: the form to record it while open, what was recorded once held. */
export async function reviewDetail(ctx: Ctx, personId: string, reviewId: string) {
  const view = await planView(ctx, personId);
  const decision = view.outcomesDecision;
  if (!decision.allowed) throw new Refused(decision.reasons, decision.askWhom).keepingRecord();
  const partnershipId = actorPartnership(ctx);
  const row = view.plan ? await work.getReview(ctx.db, partnershipId, view.plan.id, reviewId) : undefined;
  if (!row) throw new NotFound('The review');
  const review = toReviewSummary(row, londonDate(ctx.clock.now()));
  const progress = row.held_on ? await work.progressOf(ctx.db, partnershipId, reviewId) : [];
  return {
    view,
    person: view.person,
    review,
    progress: progress.map((p) => ({
      outcomeId: p.outcome_id,
      words: p.words,
      score: p.score,
      working: p.working,
      notWorking: p.not_working,
    })),
    canRecord: view.canEdit && row.held_on === null,
  };
}

/** Records a review held: progress on every outcome, a summary; the next review falls a year later. */
export async function recordReview(ctx: Ctx, personId: string, reviewId: string, input: ReviewRecordInput) {
  const { partnershipId, by } = await requireWrite(ctx, personId);
  const plan = await store.planOf(ctx.db, partnershipId, personId);
  const row = plan ? await work.getReview(ctx.db, partnershipId, plan.id, reviewId) : undefined;
  if (!plan || !row) throw new NotFound('The review');
  const today = londonDate(ctx.clock.now());
  if (row.held_on) throw new Conflict('This review has already been recorded.', toReviewSummary(row, today));
  const outcomes = await store.outcomes(ctx.db, partnershipId, plan.id);
  const errors: FieldError[] = [];
  if (input.heldOn > today)
    errors.push({ field: 'heldOn', message: 'The date the review was held must be today or in the past' });
  for (const o of outcomes) {
    if (input.progress[o.id]?.score === undefined)
      errors.push({ field: `progress.${o.id}.score`, message: missingScoreMessage(o.words) });
  }
  const known = new Set(outcomes.map((o) => o.id));
  for (const id of Object.keys(input.progress)) {
    if (!known.has(id))
      errors.push({ field: `progress.${id}.score`, message: 'Record progress only for the plan’s outcomes' });
  }
  if (errors.length) throw new Invalid(errors);
  const closed = await work.closeReview(ctx.db, partnershipId, reviewId, {
    held_on: input.heldOn,
    summary: input.summary,
    recorded_by_name: by,
  });
  if (!closed) throw new Conflict('Someone else recorded this review just now.');
  await work.insertProgress(
    ctx.db,
    outcomes.map((o) => {
      const p = input.progress[o.id]!;
      return {
        partnership_id: partnershipId,
        review_id: reviewId,
        outcome_id: o.id,
        score: p.score!,
        working: p.working,
        not_working: p.notWorking,
      };
    }),
  );
  // Recording an older review after a newer one must not pull the next review date back.
  const latestHeld = (await work.latestHeldOn(ctx.db, partnershipId, plan.id)) ?? input.heldOn;
  const nextReviewOn = aYearAfter(latestHeld);
  await work.setNextReview(ctx.db, partnershipId, plan.id, nextReviewOn);
  // Recording a review is not a change to what was agreed: changes to the plan follow through its own pages.
  await record(ctx, {
    action: 'care_plan.review.record',
    entityType: 'care_plan_review',
    entityId: reviewId,
    personId,
    detail: { heldOn: input.heldOn, nextReviewOn },
  });
  return { nextReviewOn };
}
