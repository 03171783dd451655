// "Add to the care plan": an action point becomes a plan action in one step, singly or all at once, through
// the care plans module's own addAction, so the plan's rules hold: the owner is the action's lead, its due
// date carries over, and a change to an agreed plan starts the next version as a draft. The action point
// remembers the action it became: a second click adds nothing.
import type { Ctx } from '../../context.ts';
import { Conflict, Invalid, NotFound, Refused } from '../../errors.ts';
import type { DataCategory } from '../../storage/tables.ts';
import { addAction, planView } from '../careplans/index.ts';
import { type OpenMeeting, openMeeting, readDecision, requireWrite } from './record-access.ts';
import type { AddToPlanInput } from './record-schema.ts';
import * as store from './record-store.ts';

export interface AddedToPlan {
  actionPointId: string;
  planActionId: string;
  /** False when the action point was already in the plan (a second click). */
  added: boolean;
}

export interface PlanState {
  revision: number;
  planVersion: number;
  status: 'draft' | 'agreed';
}

async function planState(ctx: Ctx, open: OpenMeeting): Promise<PlanState> {
  const view = await planView(ctx, open.meeting.person_id!);
  if (!view.plan) {
    throw new Invalid([
      {
        field: 'actionPoint',
        message: 'The person has no care plan yet: add an outcome to their plan first',
      },
    ]);
  }
  if (!view.canEdit) throw new Refused(view.outcomesDecision.reasons, view.outcomesDecision.askWhom);
  return { revision: view.plan.revision, planVersion: view.plan.planVersion, status: view.plan.status };
}

/**
 * The plan must be as the page showed it: if someone changed it since (a new version, an agreement), the
 * person adding is told, with the plan as it is now, rather than adding to a plan they have not seen.
 */
function checkRevision(plan: PlanState, input: AddToPlanInput) {
  if (input.planRevision !== undefined && input.planRevision !== plan.revision) {
    throw new Conflict<PlanState>(
      `The care plan changed since you opened this page (it is now version ${plan.planVersion}, ${plan.status === 'agreed' ? 'agreed' : 'a draft'}). Check the action points and add them again.`,
      plan,
    );
  }
}

async function addOne(
  ctx: Ctx,
  open: OpenMeeting,
  point: NonNullable<Awaited<ReturnType<typeof store.actionPointForUpdate>>>,
): Promise<AddedToPlan> {
  if (point.plan_action_id) {
    return { actionPointId: point.id, planActionId: point.plan_action_id, added: false };
  }
  if (!point.outcome_id || !point.kind) {
    throw new Invalid([
      { field: 'actionPoint', message: 'Choose the outcome and kind of this action point before adding it' },
    ]);
  }
  const personId = open.meeting.person_id!;
  const { id: planActionId } = await addAction(ctx, personId, {
    outcomeId: point.outcome_id,
    what: point.what,
    kind: point.kind as Parameters<typeof addAction>[2]['kind'],
    category: point.category,
    leadStaffId: point.owner_staff_id,
    supportingOrganisationIds: [],
    timing: 'once',
    dueOn: String(point.due_on).slice(0, 10),
    frequency: null,
    startsOn: null,
  }).catch((error: unknown) => {
    // The plan's own checks name its form's fields; here they are about this action point.
    if (!(error instanceof Invalid)) throw error;
    throw new Invalid(
      error.fields.map((f) => ({
        field: 'actionPoint',
        message: `“${point.what}” cannot be added to the plan: ${f.message.charAt(0).toLowerCase()}${f.message.slice(1)}`,
      })),
    );
  });
  await store.markAddedToPlan(
    ctx.db,
    { partnershipId: open.actor.partnershipId, meetingId: open.meeting.id, id: point.id },
    { planActionId, at: ctx.clock.now(), by: open.actor.name },
  );
  return { actionPointId: point.id, planActionId, added: true };
}

function mayRead(open: OpenMeeting, p: { category: DataCategory | null; owner_staff_id: string }) {
  return readDecision(open, p.category, { assignedTo: [p.owner_staff_id] }).allowed;
}

function openForPlan(open: OpenMeeting) {
  if (!open.meeting.person_id) {
    throw new Invalid([
      {
        field: 'actionPoint',
        message: 'A partnership meeting has no care plan: its action points stay here',
      },
    ]);
  }
  requireWrite(open);
}

/** Adds one action point to the person's care plan, or returns the action it already became. */
export async function addToPlan(
  ctx: Ctx,
  meetingId: string,
  actionPointId: string,
  input: AddToPlanInput = {},
): Promise<AddedToPlan> {
  const open = await openMeeting(ctx, meetingId);
  openForPlan(open);
  const point = await store.actionPointForUpdate(ctx.db, open.actor.partnershipId, meetingId, actionPointId);
  if (!point || !mayRead(open, point)) throw new NotFound('The action point');
  if (point.plan_action_id) return { actionPointId, planActionId: point.plan_action_id, added: false };
  checkRevision(await planState(ctx, open), input);
  return addOne(ctx, open, point);
}

/** Adds every action point not yet in the plan, in one transaction: all of them or, on any error, none. */
export async function addAllToPlan(
  ctx: Ctx,
  meetingId: string,
  input: AddToPlanInput = {},
): Promise<AddedToPlan[]> {
  const open = await openMeeting(ctx, meetingId);
  openForPlan(open);
  const pid = open.actor.partnershipId;
  const points = await store.actionPoints(ctx.db, pid, meetingId);
  // Only what the actor can see: nobody adds to the plan an action point they could not read.
  const waiting = points.filter((p) => p.plan_action_id === null && mayRead(open, p));
  if (waiting.length === 0) return [];
  checkRevision(await planState(ctx, open), input);
  const added: AddedToPlan[] = [];
  for (const p of waiting) {
    const locked = await store.actionPointForUpdate(ctx.db, pid, meetingId, p.id);
    if (locked) added.push(await addOne(ctx, open, locked));
  }
  return added;
}
