// The joint care plan: one per person, outcomes in their words, actions with one named lead. What each
// viewer sees follows the policy (each action's data category; a task is always
// visible to whoever leads it); every read is audited; every change checks the revision it was based on.
import { randomUUID } from 'node:crypto';
import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { Conflict, Invalid, NotFound, Refused } from '../../errors.ts';
import {
  actorPartnership,
  auditPersonRead,
  type Decision,
  type EntryFacts,
  londonDate,
  type PersonAccess,
} from '../../policy/index.ts';
import type { DataCategory } from '../../storage/tables.ts';
import { type PersonHeader, personHeader } from '../people/index.ts';
import { tellNewLead } from './assigned.ts';
import { type CheckAction, planWarnings, type Warning } from './checks.ts';
import { describeRule, nextDue, ruleFor } from './recurrence.ts';
import {
  type ActionInput,
  type ActionKind,
  KIND_CATEGORY,
  type OutcomeInput,
  type StatusInput,
} from './schema.ts';
import * as store from './store.ts';

export const OUTCOME_CATEGORY: DataCategory = 'social_care';

export interface PlanAction {
  id: string;
  outcomeId: string;
  what: string;
  kind: ActionKind;
  category: DataCategory;
  leadStaffId: string | null;
  leadName: string | null;
  leadRole: string | null;
  leadOrganisationId: string | null;
  leadOrganisationName: string | null;
  supportingOrganisationIds: string[];
  startsOn: string | null;
  dueOn: string | null;
  recurrence: string | null;
  recurrenceText: string | null;
  status: 'planned' | 'in_progress' | 'done' | 'stopped';
  stoppedReason: string | null;
  lastDoneOn: string | null;
  nextDue: string | null;
  overdue: boolean;
  revision: number;
}

export interface PlanOutcome {
  id: string;
  words: string;
  priority: number;
  revision: number;
  actions: PlanAction[];
}

export interface PlanView {
  person: PersonHeader;
  plan: {
    id: string;
    planVersion: number;
    revision: number;
    status: 'draft' | 'agreed';
    nextReviewOn: string | null;
  } | null;
  outcomesDecision: Decision;
  outcomes: PlanOutcome[];
  /** Actions the viewer leads, whatever else they may see. */
  myActions: PlanAction[];
  warnings: Warning[];
  canEdit: boolean;
  access: PersonAccess;
}

/** What an action row must hold to be shown: a row from store.actions, or one from the plan page's JSON. */
export type ActionFields = Pick<
  store.ActionRow,
  | 'id'
  | 'outcome_id'
  | 'what'
  | 'kind'
  | 'category'
  | 'lead_staff_id'
  | 'lead_name'
  | 'lead_role'
  | 'lead_organisation_id'
  | 'lead_organisation_name'
  | 'supporting_organisation_ids'
  | 'starts_on'
  | 'due_on'
  | 'recurrence'
  | 'status'
  | 'stopped_reason'
  | 'last_done_on'
  | 'revision'
>;

export function toPlanAction(row: ActionFields, today: string): PlanAction {
  const due = nextDue(row, today);
  const active = row.status === 'planned' || row.status === 'in_progress';
  return {
    id: row.id,
    outcomeId: row.outcome_id,
    what: row.what,
    kind: row.kind as ActionKind,
    category: row.category,
    leadStaffId: row.lead_staff_id,
    leadName: row.lead_name,
    leadRole: row.lead_role,
    leadOrganisationId: row.lead_organisation_id,
    leadOrganisationName: row.lead_organisation_name,
    supportingOrganisationIds: row.supporting_organisation_ids,
    startsOn: row.starts_on,
    dueOn: row.due_on,
    recurrence: row.recurrence,
    recurrenceText: row.recurrence ? describeRule(row.recurrence) : null,
    status: row.status,
    stoppedReason: row.stopped_reason,
    lastDoneOn: row.last_done_on,
    nextDue: active ? due : null,
    overdue: active && due !== null && due < today,
    revision: row.revision,
  };
}

/**
 * How the policy sees an action: its category, held with the plan by the organisation that holds the
 * person's record (the plan is written jointly, so no single lead organisation owns its words).
 */
export function actionEntry(action: { leadStaffId: string | null }, holder: string): EntryFacts {
  return {
    holdingOrganisationId: holder,
    sharingLevel: 'care_team',
    restrictedTo: [],
    authorId: null,
    assignedTo: action.leadStaffId ? [action.leadStaffId] : [],
  };
}

/** What a plan page showed, by data category, with the decision for each: for the audit trail. */
export type Shown = Array<{ category: DataCategory; decision: Decision }>;

export async function planView(ctx: Ctx, personId: string): Promise<PlanView> {
  const header = await personHeader(ctx, personId);
  const rows = await store.planPage(ctx.db, actorPartnership(ctx), personId, false);
  const { view, shown } = viewOf(ctx, header, rows);
  await auditPersonRead(ctx, personId, 'care_plan', shown);
  return view;
}

/**
 * The plan as this viewer may see it, from rows already read, and what it showed (for the audit, which
 * the caller writes). What each viewer sees follows the policy, action by action.
 */
export function viewOf(
  ctx: Ctx,
  { person, access }: { person: PersonHeader; access: PersonAccess },
  plan: store.PlanPageRows | undefined,
): { view: PlanView; shown: Shown } {
  const today = londonDate(ctx.clock.now());
  const outcomesDecision = access.decide(OUTCOME_CATEGORY, 'read');
  const canEdit = access.decide(OUTCOME_CATEGORY, 'write').allowed;
  if (!plan) {
    return {
      view: {
        person,
        plan: null,
        outcomesDecision,
        outcomes: [],
        myActions: [],
        warnings: [],
        canEdit,
        access,
      },
      shown: [{ category: OUTCOME_CATEGORY, decision: outcomesDecision }],
    };
  }
  const holder = access.facts.holdingOrganisationId;
  const all = plan.actions.map((r) => toPlanAction(r, today));
  const decided = all.map((a) => ({
    action: a,
    decision: access.decide(a.category, 'read', actionEntry(a, holder)),
  }));
  const visible = decided.filter((d) => d.decision.allowed).map((d) => d.action);
  const visibleIds = new Set(visible.map((a) => a.id));
  const outcomes: PlanOutcome[] = outcomesDecision.allowed
    ? plan.outcomes.map((o) => ({
        id: o.id,
        words: o.words,
        priority: o.priority,
        revision: o.revision,
        actions: visible.filter((a) => a.outcomeId === o.id),
      }))
    : [];
  const actor = ctx.actor;
  const myActions = actor.kind === 'staff' ? visible.filter((a) => a.leadStaffId === actor.userId) : [];
  const reviewDue =
    [plan.next_review_on, plan.open_review_due_on].filter((d): d is string => Boolean(d)).sort()[0] ?? null;
  // Warnings are worked out on the whole plan (a gap is a gap), but only those about what this viewer
  // can see are shown, so a warning never discloses a hidden action.
  const warnings = outcomesDecision.allowed
    ? planWarnings(
        plan.outcomes.map((o) => ({ id: o.id, words: o.words })),
        all as CheckAction[],
        today,
        reviewDue,
      ).filter((w) =>
        w.kind === 'no_lead' || w.kind === 'overdue_action'
          ? visibleIds.has(w.actionId)
          : w.kind === 'overlap'
            ? w.actionIds.every((id) => visibleIds.has(id))
            : true,
      )
    : [];
  return {
    view: {
      person,
      plan: {
        id: plan.id,
        planVersion: plan.plan_version,
        revision: plan.revision,
        status: plan.status,
        nextReviewOn: plan.next_review_on,
      },
      outcomesDecision,
      outcomes,
      myActions,
      warnings,
      canEdit,
      access,
    },
    shown: [
      { category: OUTCOME_CATEGORY, decision: outcomesDecision },
      ...decided.map((d) => ({ category: d.action.category, decision: d.decision })),
    ],
  };
}

async function requireEdit(
  ctx: Ctx,
  personId: string,
): Promise<{ access: PersonAccess; person: PersonHeader; partnershipId: string; by: string }> {
  const { access, person } = await personHeader(ctx, personId);
  const decision = access.decide(OUTCOME_CATEGORY, 'write');
  if (!decision.allowed) throw new Refused(decision.reasons, decision.askWhom);
  const actor = ctx.actor;
  return {
    access,
    person,
    partnershipId: actorPartnership(ctx),
    by: actor.kind === 'staff' ? actor.name : 'system',
  };
}

async function ensurePlan(ctx: Ctx, partnershipId: string, personId: string, by: string) {
  const existing = await store.planOf(ctx.db, partnershipId, personId);
  if (existing) return existing;
  const now = ctx.clock.now();
  const id = randomUUID();
  // Care Act 2014 s.27: a plan is reviewed at least every year.
  const review = new Date(now.getTime() + 365 * 86_400_000);
  await ctx.db
    .insertInto('care_plan')
    .values({
      partnership_id: partnershipId,
      id,
      person_id: personId,
      next_review_on: londonDate(review),
      created_at: now,
      updated_at: now,
      updated_by_name: by,
    })
    .execute();
  await record(ctx, { action: 'care_plan.create', entityType: 'care_plan', entityId: id, personId });
  return (await store.planOf(ctx.db, partnershipId, personId))!;
}

/**
 * Every change to the plan's content goes through here. Once anyone has signed the current version, a
 * change starts the next version: sign-offs always refer to exactly what was signed.
 */
export async function planChanged(
  ctx: Ctx,
  partnershipId: string,
  planId: string,
  by: string,
): Promise<void> {
  const plan = await ctx.db
    .selectFrom('care_plan')
    .select(['plan_version', 'revision', 'status'])
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', planId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const signed = await ctx.db
    .selectFrom('care_plan_signoff')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where('plan_id', '=', planId)
    .where('plan_version', '=', plan.plan_version)
    .limit(1)
    .executeTakeFirst();
  const newVersion = plan.status === 'agreed' || signed !== undefined;
  await ctx.db
    .updateTable('care_plan')
    .set({
      revision: plan.revision + 1,
      plan_version: newVersion ? plan.plan_version + 1 : plan.plan_version,
      status: 'draft',
      updated_at: ctx.clock.now(),
      updated_by_name: by,
    })
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', planId)
    .execute();
}

export async function addOutcome(ctx: Ctx, personId: string, input: OutcomeInput) {
  const { partnershipId, by } = await requireEdit(ctx, personId);
  const plan = await ensurePlan(ctx, partnershipId, personId, by);
  const count = await ctx.db
    .selectFrom('care_plan_outcome')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('partnership_id', '=', partnershipId)
    .where('plan_id', '=', plan.id)
    .executeTakeFirstOrThrow();
  const id = randomUUID();
  await store.insertOutcome(ctx.db, {
    partnership_id: partnershipId,
    id,
    plan_id: plan.id,
    words: input.words,
    priority: input.priority,
    position: Number(count.n) + 1,
    created_at: ctx.clock.now(),
    removed_at: null,
  });
  await planChanged(ctx, partnershipId, plan.id, by);
  await record(ctx, {
    action: 'care_plan.outcome.add',
    entityType: 'care_plan_outcome',
    entityId: id,
    personId,
  });
  return { id };
}

export async function updateOutcome(ctx: Ctx, personId: string, outcomeId: string, input: OutcomeInput) {
  const { partnershipId, by } = await requireEdit(ctx, personId);
  const plan = await store.planOf(ctx.db, partnershipId, personId);
  const current = plan ? await store.getOutcome(ctx.db, partnershipId, plan.id, outcomeId) : undefined;
  if (!plan || !current) throw new NotFound('The outcome');
  const result = await ctx.db
    .updateTable('care_plan_outcome')
    .set({ words: input.words, priority: input.priority, revision: current.revision + 1 })
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', outcomeId)
    .where('revision', '=', input.revision ?? current.revision)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    throw new Conflict('Someone else changed this outcome while you were editing it.', {
      words: current.words,
      priority: current.priority,
      revision: current.revision,
    });
  }
  await planChanged(ctx, partnershipId, plan.id, by);
  await record(ctx, {
    action: 'care_plan.outcome.update',
    entityType: 'care_plan_outcome',
    entityId: outcomeId,
    personId,
  });
}

export async function removeOutcome(ctx: Ctx, personId: string, outcomeId: string) {
  const { partnershipId, by } = await requireEdit(ctx, personId);
  const plan = await store.planOf(ctx.db, partnershipId, personId);
  const current = plan ? await store.getOutcome(ctx.db, partnershipId, plan.id, outcomeId) : undefined;
  if (!plan || !current) throw new NotFound('The outcome');
  const acting = await ctx.db
    .selectFrom('care_plan_action')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where('outcome_id', '=', outcomeId)
    .where('removed_at', 'is', null)
    .where('status', 'in', ['planned', 'in_progress'])
    .limit(1)
    .executeTakeFirst();
  if (acting)
    throw new Invalid([
      { field: 'outcome', message: 'Stop or move this outcome’s actions before removing it' },
    ]);
  const now = ctx.clock.now();
  await ctx.db
    .updateTable('care_plan_outcome')
    .set({ removed_at: now })
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', outcomeId)
    .execute();
  await planChanged(ctx, partnershipId, plan.id, by);
  await record(ctx, {
    action: 'care_plan.outcome.remove',
    entityType: 'care_plan_outcome',
    entityId: outcomeId,
    personId,
  });
}

async function validateAction(
  ctx: Ctx,
  access: PersonAccess,
  partnershipId: string,
  planId: string,
  input: ActionInput,
) {
  const outcome = await store.getOutcome(ctx.db, partnershipId, planId, input.outcomeId);
  if (!outcome) throw new Invalid([{ field: 'outcomeId', message: 'Select one of the plan’s outcomes' }]);
  let leadOrganisationId: string | null = null;
  if (input.leadStaffId) {
    const lead = await ctx.db
      .selectFrom('staff_user')
      .select(['organisation_id', 'disabled_at'])
      .where('partnership_id', '=', partnershipId)
      .where('id', '=', input.leadStaffId)
      .executeTakeFirst();
    if (!lead || lead.disabled_at)
      throw new Invalid([{ field: 'leadStaffId', message: 'Select an active member of staff to lead this' }]);
    if (
      !access.facts.careTeam.some(
        (m) => m.staffUserId === input.leadStaffId || m.organisationId === lead.organisation_id,
      )
    ) {
      throw new Invalid([
        { field: 'leadStaffId', message: 'The lead must be on the person’s care team: add them to it first' },
      ]);
    }
    leadOrganisationId = lead.organisation_id;
  }
  const orgs = await ctx.db
    .selectFrom('organisation')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .execute();
  const known = new Set(orgs.map((o) => o.id));
  if (input.supportingOrganisationIds.some((id) => !known.has(id))) {
    throw new Invalid([
      { field: 'supportingOrganisationIds', message: 'Select the partnership’s organisations' },
    ]);
  }
  const recurrence =
    input.timing === 'repeats' && input.frequency && input.startsOn
      ? ruleFor(input.frequency, input.startsOn)
      : null;
  return {
    leadOrganisationId,
    recurrence,
    category: input.category ?? KIND_CATEGORY[input.kind],
    dueOn: input.timing === 'once' ? input.dueOn : null,
    startsOn: input.timing === 'repeats' ? input.startsOn : null,
  };
}

export async function addAction(ctx: Ctx, personId: string, input: ActionInput) {
  const { access, person, partnershipId, by } = await requireEdit(ctx, personId);
  const plan = await store.planOf(ctx.db, partnershipId, personId);
  if (!plan)
    throw new Invalid([
      { field: 'outcomeId', message: 'Add an outcome first: every action works towards one' },
    ]);
  const v = await validateAction(ctx, access, partnershipId, plan.id, input);
  const now = ctx.clock.now();
  const id = randomUUID();
  await store.insertAction(ctx.db, {
    partnership_id: partnershipId,
    id,
    plan_id: plan.id,
    outcome_id: input.outcomeId,
    what: input.what,
    kind: input.kind,
    category: v.category,
    lead_staff_id: input.leadStaffId,
    lead_organisation_id: v.leadOrganisationId,
    supporting_organisation_ids: input.supportingOrganisationIds,
    starts_on: v.startsOn,
    due_on: v.dueOn,
    recurrence: v.recurrence,
    status: 'planned',
    stopped_reason: null,
    last_done_on: null,
    created_at: now,
    updated_at: now,
    removed_at: null,
  });
  await planChanged(ctx, partnershipId, plan.id, by);
  await record(ctx, {
    action: 'care_plan.action.add',
    entityType: 'care_plan_action',
    entityId: id,
    personId,
    detail: { kind: input.kind, leadStaffId: input.leadStaffId },
  });
  await tellNewLead(
    ctx,
    person,
    access,
    { id, what: input.what, category: v.category, leadStaffId: input.leadStaffId, revision: 1 },
    null,
  );
  return { id };
}

export async function updateAction(ctx: Ctx, personId: string, actionId: string, input: ActionInput) {
  const { access, person, partnershipId, by } = await requireEdit(ctx, personId);
  const plan = await store.planOf(ctx.db, partnershipId, personId);
  const current = plan ? await store.getAction(ctx.db, partnershipId, plan.id, actionId) : undefined;
  if (!plan || !current) throw new NotFound('The action');
  const v = await validateAction(ctx, access, partnershipId, plan.id, input);
  const result = await ctx.db
    .updateTable('care_plan_action')
    .set({
      outcome_id: input.outcomeId,
      what: input.what,
      kind: input.kind,
      category: v.category,
      lead_staff_id: input.leadStaffId,
      lead_organisation_id: v.leadOrganisationId,
      supporting_organisation_ids: input.supportingOrganisationIds,
      starts_on: v.startsOn,
      due_on: v.dueOn,
      recurrence: v.recurrence,
      revision: current.revision + 1,
      updated_at: ctx.clock.now(),
    })
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', actionId)
    .where('revision', '=', input.revision ?? current.revision)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    throw new Conflict('Someone else changed this action while you were editing it.', current);
  }
  await planChanged(ctx, partnershipId, plan.id, by);
  await record(ctx, {
    action: 'care_plan.action.update',
    entityType: 'care_plan_action',
    entityId: actionId,
    personId,
  });
  await tellNewLead(
    ctx,
    person,
    access,
    {
      id: actionId,
      what: input.what,
      category: v.category,
      leadStaffId: input.leadStaffId,
      revision: current.revision + 1,
    },
    current.lead_staff_id,
  );
}

/**
 * The lead (or anyone who may edit the plan) moves an action on. Marking a repeating action done records
 * the day and keeps it planned: its next occurrence comes due.
 */
export async function setActionStatus(ctx: Ctx, personId: string, actionId: string, input: StatusInput) {
  const { access } = await personHeader(ctx, personId);
  const partnershipId = actorPartnership(ctx);
  const plan = await store.planOf(ctx.db, partnershipId, personId);
  const current = plan ? await store.getAction(ctx.db, partnershipId, plan.id, actionId) : undefined;
  if (!plan || !current) throw new NotFound('The action');
  const actor = ctx.actor;
  const isLead = actor.kind === 'staff' && current.lead_staff_id === actor.userId;
  if (!isLead) {
    const decision = access.decide(OUTCOME_CATEGORY, 'write');
    if (!decision.allowed)
      throw new Refused(
        ['Only the action’s lead or the care team can change its status.', ...decision.reasons],
        decision.askWhom,
      );
  }
  const today = londonDate(ctx.clock.now());
  const repeatingDone = input.status === 'done' && current.recurrence !== null;
  const result = await ctx.db
    .updateTable('care_plan_action')
    .set({
      status: repeatingDone ? 'planned' : input.status,
      stopped_reason: input.status === 'stopped' ? input.stoppedReason : null,
      last_done_on: input.status === 'done' ? today : current.last_done_on,
      // For a repeating action, due_on records the occurrence this completes (see nextDue).
      due_on: repeatingDone ? nextDue(current, today) : current.due_on,
      revision: current.revision + 1,
      updated_at: ctx.clock.now(),
    })
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', actionId)
    .where('revision', '=', input.revision)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0)
    throw new Conflict('Someone else changed this action just now. Check its status and try again.', current);
  // Progress on an action is not a change to what was agreed, so it does not start a new plan version.
  await record(ctx, {
    action: 'care_plan.action.status',
    entityType: 'care_plan_action',
    entityId: actionId,
    personId,
    detail: { status: input.status, repeating: current.recurrence !== null },
  });
}

export async function removeAction(ctx: Ctx, personId: string, actionId: string) {
  const { partnershipId, by } = await requireEdit(ctx, personId);
  const plan = await store.planOf(ctx.db, partnershipId, personId);
  const current = plan ? await store.getAction(ctx.db, partnershipId, plan.id, actionId) : undefined;
  if (!plan || !current) throw new NotFound('The action');
  await ctx.db
    .updateTable('care_plan_action')
    .set({ removed_at: ctx.clock.now() })
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', actionId)
    .execute();
  await planChanged(ctx, partnershipId, plan.id, by);
  await record(ctx, {
    action: 'care_plan.action.remove',
    entityType: 'care_plan_action',
    entityId: actionId,
    personId,
  });
}
