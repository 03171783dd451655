// Each step of a dispute: raising it, each party's view (added, never changed), the person's view, moving
// to the next stage, naming a mediator, and the outcome that closes it.
import { randomUUID } from 'node:crypto';
import { record } from '../../audit/index.ts';
import type { Ctx, StaffActor } from '../../context.ts';
import { Conflict, Invalid, Refused } from '../../errors.ts';
import { londonDate, roleLabel } from '../../policy/index.ts';
import { planView } from '../careplans/index.ts';
import { listOrganisations, organisationWithStaff } from '../partnerships/index.ts';
import { openPerson } from '../people/index.ts';
import { stageTiming } from './procedure.ts';
import type { EscalateInput, MediatorInput, PersonViewInput, RaiseInput } from './schema.ts';
import { stageOf } from './schema.ts';
import { openDispute, staffOnly } from './service.ts';
import * as store from './store.ts';

async function startStage(ctx: Ctx, partnershipId: string, disputeId: string, stage: number) {
  const now = ctx.clock.now();
  const timing = await stageTiming(ctx.db, partnershipId, stage, now);
  await store.startStage(ctx.db, {
    partnership_id: partnershipId,
    dispute_id: disputeId,
    stage,
    started_at: now,
    started_on: timing.startedOn,
    target_working_days: timing.targetWorkingDays,
    due_on: timing.dueOn,
  });
}

async function addViewRow(
  ctx: Ctx,
  actor: StaffActor,
  dispute: { id: string; stage: number },
  kind: 'party' | 'person',
  words: string,
  howAsked: string | null,
) {
  // Each view is signed with the writer's professional role, as colleagues from other agencies know them.
  const { staff } = await organisationWithStaff(ctx, actor.organisationId);
  const role = staff.find((s) => s.id === actor.userId)?.professional_role ?? roleLabel(actor.role);
  await store.insertView(ctx.db, {
    partnership_id: actor.partnershipId,
    id: randomUUID(),
    dispute_id: dispute.id,
    kind,
    organisation_id: actor.organisationId,
    author_id: actor.userId,
    author_name: actor.name,
    author_role: role,
    stage: dispute.stage,
    words,
    how_asked: howAsked,
    written_at: ctx.clock.now(),
  });
}

export async function raiseDispute(ctx: Ctx, input: RaiseInput): Promise<{ id: string }> {
  const actor = staffOnly(ctx);
  const organisations = await listOrganisations(ctx);
  let teamOrganisations: string[] | null = null;
  if (input.personId) {
    const access = await openPerson(ctx, input.personId);
    teamOrganisations = [...new Set(access.facts.careTeam.map((m) => m.organisationId))];
    if (input.actionId) {
      // Only an action the raiser can see in the plan can be the subject of their disagreement.
      const view = await planView(ctx, input.personId);
      const visible = [...view.outcomes.flatMap((o) => o.actions), ...view.myActions];
      if (!visible.some((a) => a.id === input.actionId)) {
        throw new Invalid([{ field: 'actionId', message: 'Select an action from the plan' }]);
      }
    }
  } else if (input.actionId) {
    throw new Invalid([
      { field: 'actionId', message: 'An action belongs to a person’s plan: choose the person first' },
    ]);
  }
  const others = input.partyOrganisationIds.filter((id) => id !== actor.organisationId);
  if (others.length === 0) {
    throw new Invalid([
      { field: 'partyOrganisationIds', message: 'Select the other organisations in the disagreement' },
    ]);
  }
  const allowed = teamOrganisations ?? organisations.map((o) => o.id);
  if (!others.every((id) => allowed.includes(id))) {
    throw new Invalid([
      {
        field: 'partyOrganisationIds',
        message: teamOrganisations
          ? 'Select organisations on the person’s care team'
          : 'Select organisations from the partnership',
      },
    ]);
  }
  const id = randomUUID();
  const now = ctx.clock.now();
  await store.insertDispute(ctx.db, {
    partnership_id: actor.partnershipId,
    id,
    title: input.title,
    details: input.details,
    person_id: input.personId,
    action_id: input.actionId,
    raised_by: actor.userId,
    raised_by_name: actor.name,
    raised_by_organisation_id: actor.organisationId,
    raised_at: now,
    stage: 1,
  });
  await store.insertParties(ctx.db, actor.partnershipId, id, [actor.organisationId, ...others]);
  await startStage(ctx, actor.partnershipId, id, 1);
  await addViewRow(ctx, actor, { id, stage: 1 }, 'party', input.view, null);
  await record(ctx, {
    action: 'dispute.raise',
    entityType: 'dispute',
    entityId: id,
    ...(input.personId ? { personId: input.personId } : {}),
    detail: { parties: [actor.organisationId, ...others], aboutAction: input.actionId !== null },
  });
  return { id };
}

/** The dispute, locked, if it is still open and the actor's organisation is a party to it. */
async function asParty(ctx: Ctx, id: string, field: string) {
  const opened = await openDispute(ctx, id, { forUpdate: true });
  const parties = await store.parties(ctx.db, opened.actor.partnershipId, [id]);
  const isParty = parties.some((p) => p.organisation_id === opened.actor.organisationId);
  if (opened.dispute.status !== 'open') {
    throw new Invalid([{ field, message: 'This disagreement is resolved, so nothing more can be added' }]);
  }
  return { ...opened, isParty };
}

function requireParty(isParty: boolean) {
  if (!isParty) {
    throw new Refused(
      ['Only staff of the organisations in this disagreement can add to it.'],
      'the person who raised it',
    );
  }
}

function requireSteer(actor: StaffActor, isParty: boolean) {
  if (!isParty && actor.role !== 'senior_leader') {
    throw new Refused(
      [
        'Only staff of the organisations in this disagreement, or a senior leader, can move it on or close it.',
      ],
      'a senior leader',
    );
  }
}

async function audit(
  ctx: Ctx,
  action: string,
  dispute: store.DisputeRow,
  detail: Record<string, unknown> = {},
) {
  await record(ctx, {
    action,
    entityType: 'dispute',
    entityId: dispute.id,
    ...(dispute.person_id ? { personId: dispute.person_id } : {}),
    detail,
  });
}

export async function addView(ctx: Ctx, id: string, words: string): Promise<void> {
  const { dispute, actor, isParty } = await asParty(ctx, id, 'words');
  requireParty(isParty);
  await addViewRow(ctx, actor, dispute, 'party', words, null);
  await audit(ctx, 'dispute.view', dispute, { stage: dispute.stage });
}

export async function recordPersonView(ctx: Ctx, id: string, input: PersonViewInput): Promise<void> {
  const { dispute, actor, isParty } = await asParty(ctx, id, 'personView');
  requireParty(isParty);
  if (!dispute.person_id) {
    throw new Invalid([{ field: 'personView', message: 'This disagreement is not about one person' }]);
  }
  await addViewRow(ctx, actor, dispute, 'person', input.personView, input.howAsked);
  await audit(ctx, 'dispute.person_view', dispute, { stage: dispute.stage });
}

export async function escalate(ctx: Ctx, id: string, input: EscalateInput): Promise<{ stage: number }> {
  const { dispute, actor, isParty } = await asParty(ctx, id, 'reason');
  requireSteer(actor, isParty);
  if (dispute.stage !== input.fromStage) {
    throw new Conflict(
      `Someone else has already moved this disagreement on: it is now at stage ${dispute.stage}, ${stageOf(dispute.stage).name.toLowerCase()}.`,
    );
  }
  if (dispute.stage >= 4) {
    throw new Invalid([
      { field: 'reason', message: 'Senior leaders are the last stage: record the outcome they decide' },
    ]);
  }
  const next = dispute.stage + 1;
  const mediatorName = input.mediatorName ?? dispute.mediator_name;
  if (next === 3 && !mediatorName) {
    throw new Invalid([
      { field: 'mediatorName', message: 'Name the mediator who will help at the mediation stage' },
    ]);
  }
  const stages = await store.stages(ctx.db, actor.partnershipId, [id]);
  const current = stages.find((s) => s.stage === dispute.stage);
  const wasOverdue = current ? String(current.due_on).slice(0, 10) < londonDate(ctx.clock.now()) : false;
  await store.endStage(ctx.db, actor.partnershipId, id, dispute.stage, {
    ended_at: ctx.clock.now(),
    end_reason: 'escalated',
    escalation_reason: input.reason,
    ended_by_name: actor.name,
  });
  await startStage(ctx, actor.partnershipId, id, next);
  await store.updateDispute(ctx.db, actor.partnershipId, id, {
    stage: next,
    ...(input.mediatorName ? { mediator_name: input.mediatorName, mediator_role: input.mediatorRole } : {}),
  });
  await audit(ctx, 'dispute.escalate', dispute, { from: dispute.stage, to: next, wasOverdue });
  return { stage: next };
}

export async function nameMediator(ctx: Ctx, id: string, input: MediatorInput): Promise<void> {
  const { dispute, actor, isParty } = await asParty(ctx, id, 'mediatorName');
  requireSteer(actor, isParty);
  if (dispute.stage > 3) {
    throw new Invalid([
      { field: 'mediatorName', message: 'Mediation has finished: senior leaders now decide' },
    ]);
  }
  await store.updateDispute(ctx.db, actor.partnershipId, id, {
    mediator_name: input.mediatorName,
    mediator_role: input.mediatorRole,
  });
  await audit(ctx, 'dispute.mediator', dispute, { stage: dispute.stage });
}

export async function resolve(ctx: Ctx, id: string, outcome: string): Promise<void> {
  const { dispute, actor, isParty } = await asParty(ctx, id, 'outcome');
  requireSteer(actor, isParty);
  if (dispute.person_id) {
    const views = await store.views(ctx.db, actor.partnershipId, [id]);
    if (!views.some((v) => v.kind === 'person')) {
      // The guide: no major decision without the person's input. Their view is asked for before it closes.
      throw new Invalid([
        {
          field: 'outcome',
          message: 'Ask the person for their view and record it before recording the outcome',
        },
      ]);
    }
  }
  const now = ctx.clock.now();
  await store.endStage(ctx.db, actor.partnershipId, id, dispute.stage, {
    ended_at: now,
    end_reason: 'resolved',
    escalation_reason: null,
    ended_by_name: actor.name,
  });
  await store.updateDispute(ctx.db, actor.partnershipId, id, {
    status: 'resolved',
    outcome,
    resolved_at: now,
    resolved_by_name: actor.name,
  });
  await audit(ctx, 'dispute.resolve', dispute, { stage: dispute.stage });
}
