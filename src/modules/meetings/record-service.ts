// Writing a meeting's record: agenda items in order, the minutes of each (a stale save is refused with both
// versions), each agency's contribution, decisions with every attendee's stance, and action points. Staff
// write it; each part of a person's meeting carries a data category so the sharing rules decide who reads it.
import { randomUUID } from 'node:crypto';
import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { Conflict, Invalid, NotFound } from '../../errors.ts';
import { KIND_CATEGORY, planView } from '../careplans/index.ts';
import { listOrganisations } from '../partnerships/index.ts';
import {
  attendees,
  categoryFor,
  type OpenMeeting,
  openMeeting,
  requireStarted,
  requireWrite,
} from './record-access.ts';
import type {
  ActionPointInput,
  AgendaItemInput,
  ContributionInput,
  DecisionInput,
  MinutesInput,
} from './record-schema.ts';
import * as store from './record-store.ts';

function audited(open: OpenMeeting): { personId?: string } {
  return open.meeting.person_id ? { personId: open.meeting.person_id } : {};
}

export async function addAgendaItem(ctx: Ctx, meetingId: string, input: AgendaItemInput) {
  const open = await openMeeting(ctx, meetingId, true);
  const category = categoryFor(open, input.category);
  requireWrite(open, category);
  const pid = open.actor.partnershipId;
  const id = randomUUID();
  await store.insertAgendaItem(ctx.db, {
    partnership_id: pid,
    meeting_id: meetingId,
    id,
    position: await store.nextAgendaPosition(ctx.db, pid, meetingId),
    title: input.title,
    category,
    created_at: ctx.clock.now(),
    created_by_name: open.actor.name,
    removed_at: null,
    minutes_updated_at: null,
    minutes_updated_by_name: null,
  });
  await record(ctx, {
    action: 'meeting.agenda.add',
    entityType: 'meeting',
    entityId: meetingId,
    ...audited(open),
    detail: { agendaItemId: id, category },
  });
  return { id };
}

/** Moves an item one place up or down the agenda (the meeting row is locked, so moves never interleave). */
export async function moveAgendaItem(ctx: Ctx, meetingId: string, itemId: string, direction: 'up' | 'down') {
  const open = await openMeeting(ctx, meetingId, true);
  requireWrite(open);
  const pid = open.actor.partnershipId;
  const items = await store.agendaItems(ctx.db, pid, meetingId);
  const at = items.findIndex((i) => i.id === itemId);
  if (at < 0) throw new NotFound('The agenda item');
  const other = items[direction === 'up' ? at - 1 : at + 1];
  if (!other) return;
  // Positions are renumbered 1..n first, so that two items never share a place.
  const order = items.map((i) => i.id);
  const swapWith = order.indexOf(other.id);
  [order[at], order[swapWith]] = [order[swapWith]!, order[at]!];
  for (const [n, id] of order.entries()) await store.setAgendaPosition(ctx.db, pid, meetingId, id, n + 1);
  await record(ctx, {
    action: 'meeting.agenda.move',
    entityType: 'meeting',
    entityId: meetingId,
    ...audited(open),
    detail: { agendaItemId: itemId, direction },
  });
}

export interface MinutesConflict {
  minutes: string;
  revision: number;
  updatedByName: string | null;
  updatedAt: Date | null;
}

/** Saves an item's minutes; refused with the other version when someone saved since the form was opened. */
export async function saveMinutes(ctx: Ctx, meetingId: string, itemId: string, input: MinutesInput) {
  const open = await openMeeting(ctx, meetingId);
  const pid = open.actor.partnershipId;
  const item = await store.agendaItemForUpdate(ctx.db, pid, meetingId, itemId);
  if (!item) throw new NotFound('The agenda item');
  requireWrite(open, item.category);
  requireStarted(ctx, open, 'minutes');
  const saved = await store.saveMinutes(
    ctx.db,
    { partnershipId: pid, meetingId, id: itemId },
    { minutes: input.minutes, revision: input.revision, at: ctx.clock.now(), by: open.actor.name },
  );
  if (!saved) {
    throw new Conflict<MinutesConflict>(
      `${item.minutes_updated_by_name ?? 'Someone else'} saved the minutes of this item while you were writing. Both versions are shown: combine them and save again.`,
      {
        minutes: item.minutes,
        revision: item.revision,
        updatedByName: item.minutes_updated_by_name,
        updatedAt: item.minutes_updated_at ? new Date(item.minutes_updated_at) : null,
      },
    );
  }
  await record(ctx, {
    action: 'meeting.minutes.save',
    entityType: 'meeting',
    entityId: meetingId,
    ...audited(open),
    detail: { agendaItemId: itemId, revision: input.revision + 1, category: item.category },
  });
  return { revision: input.revision + 1 };
}

async function checkAgendaItem(ctx: Ctx, open: OpenMeeting, agendaItemId: string | null) {
  if (!agendaItemId) return;
  const items = await store.agendaItems(ctx.db, open.actor.partnershipId, open.meeting.id);
  if (!items.some((i) => i.id === agendaItemId)) {
    throw new Invalid([{ field: 'agendaItemId', message: 'Select an agenda item from the list' }]);
  }
}

export async function addContribution(ctx: Ctx, meetingId: string, input: ContributionInput) {
  const open = await openMeeting(ctx, meetingId);
  const category = categoryFor(open, input.category);
  requireWrite(open, category);
  requireStarted(ctx, open, 'words');
  const pid = open.actor.partnershipId;
  await checkAgendaItem(ctx, open, input.agendaItemId);
  const organisations = await listOrganisations(ctx);
  if (!organisations.some((o) => o.id === input.organisationId)) {
    throw new Invalid([{ field: 'organisationId', message: 'Select an organisation of the partnership' }]);
  }
  let speakerName = input.speakerName;
  if (input.speakerInviteeId) {
    const invitees = await store.invitees(ctx.db, pid, meetingId);
    const speaker = attendees(invitees).find((i) => i.id === input.speakerInviteeId);
    if (!speaker) {
      throw new Invalid([
        { field: 'speakerInviteeId', message: 'Select who spoke from the people at the meeting' },
      ]);
    }
    speakerName = speaker.name;
  }
  if (!speakerName) {
    throw new Invalid([
      { field: 'speakerInviteeId', message: 'Select who spoke for the organisation, or enter their name' },
    ]);
  }
  const id = randomUUID();
  await store.insertContribution(ctx.db, {
    partnership_id: pid,
    meeting_id: meetingId,
    id,
    agenda_item_id: input.agendaItemId,
    organisation_id: input.organisationId,
    speaker_name: speakerName,
    speaker_invitee_id: input.speakerInviteeId,
    category,
    words: input.words,
    written_by: open.actor.userId,
    written_by_name: open.actor.name,
    written_at: ctx.clock.now(),
  });
  await record(ctx, {
    action: 'meeting.contribution.add',
    entityType: 'meeting',
    entityId: meetingId,
    ...audited(open),
    detail: { contributionId: id, organisationId: input.organisationId, category },
  });
  return { id };
}

/**
 * Records a decision with what and why, and each attendee's stance: those who agreed, and those who
 * disagreed with their reason in their own words. A disagreement is kept, never folded into the decision.
 */
export async function recordDecision(ctx: Ctx, meetingId: string, input: DecisionInput) {
  const open = await openMeeting(ctx, meetingId);
  const category = categoryFor(open, input.category);
  requireWrite(open, category);
  requireStarted(ctx, open, 'what');
  const pid = open.actor.partnershipId;
  await checkAgendaItem(ctx, open, input.agendaItemId);
  const present = new Set(attendees(await store.invitees(ctx.db, pid, meetingId)).map((i) => i.id));
  const disagreedIds = input.disagreed.map((d) => d.inviteeId);
  if (!input.agreed.every((id) => present.has(id))) {
    throw new Invalid([{ field: 'agreed', message: 'Select who agreed from the people at the meeting' }]);
  }
  if (!disagreedIds.every((id) => present.has(id))) {
    throw new Invalid([
      { field: 'disagreed', message: 'Select who disagreed from the people at the meeting' },
    ]);
  }
  if (
    new Set(disagreedIds).size !== disagreedIds.length ||
    disagreedIds.some((id) => input.agreed.includes(id))
  ) {
    throw new Invalid([
      { field: 'disagreed', message: 'Each attendee either agreed or disagreed: record them once' },
    ]);
  }
  if (input.agreed.length === 0) {
    throw new Invalid([{ field: 'agreed', message: 'Select at least one attendee who agreed the decision' }]);
  }
  const id = randomUUID();
  await store.insertDecision(
    ctx.db,
    {
      partnership_id: pid,
      meeting_id: meetingId,
      id,
      agenda_item_id: input.agendaItemId,
      what: input.what,
      why: input.why,
      category,
      recorded_by: open.actor.userId,
      recorded_by_name: open.actor.name,
      recorded_at: ctx.clock.now(),
    },
    [
      ...input.agreed.map((inviteeId) => ({
        partnership_id: pid,
        meeting_id: meetingId,
        decision_id: id,
        invitee_id: inviteeId,
        stance: 'agreed' as const,
        reason: null,
      })),
      ...input.disagreed.map((d) => ({
        partnership_id: pid,
        meeting_id: meetingId,
        decision_id: id,
        invitee_id: d.inviteeId,
        stance: 'disagreed' as const,
        reason: d.reason,
      })),
    ],
  );
  await record(ctx, {
    action: 'meeting.decision.record',
    entityType: 'meeting',
    entityId: meetingId,
    ...audited(open),
    detail: { decisionId: id, agreed: input.agreed.length, disagreed: input.disagreed.length, category },
  });
  return { id };
}

/** Who may own an action point: any active member of staff; for a person, one who may lead a plan action. */
export async function ownerChoices(ctx: Ctx, open: OpenMeeting) {
  const staff = await store.activeStaff(ctx.db, open.actor.partnershipId);
  if (!open.access) return staff;
  const team = open.access.facts.careTeam;
  return staff.filter((s) =>
    team.some(
      (m) => m.staffUserId === s.id || (m.staffUserId === null && m.organisationId === s.organisation_id),
    ),
  );
}

/**
 * An action point: what, one owner (their organisation is kept with it), a due date and, for a person's
 * meeting, the plan outcome it serves and its kind, so that it can become a plan action in one step.
 */
export async function addActionPoint(ctx: Ctx, meetingId: string, input: ActionPointInput) {
  const open = await openMeeting(ctx, meetingId);
  const pid = open.actor.partnershipId;
  const forPerson = open.meeting.person_id !== null;
  if (forPerson && !input.kind) {
    throw new Invalid([{ field: 'kind', message: 'Select what kind of action this is' }]);
  }
  const category = forPerson && input.kind ? KIND_CATEGORY[input.kind] : null;
  requireWrite(open, category);
  requireStarted(ctx, open, 'what');
  await checkAgendaItem(ctx, open, input.agendaItemId);
  if (input.decisionId) {
    const decisions = await store.decisions(ctx.db, pid, meetingId);
    if (!decisions.some((d) => d.id === input.decisionId)) {
      throw new Invalid([{ field: 'decisionId', message: 'Select a decision from the list' }]);
    }
  }
  const owner = (await ownerChoices(ctx, open)).find((s) => s.id === input.ownerStaffId);
  if (!owner) {
    throw new Invalid([
      {
        field: 'ownerStaffId',
        message: forPerson
          ? 'The owner must be on the person’s care team: select someone from the list'
          : 'Select an active member of staff',
      },
    ]);
  }
  if (forPerson) {
    if (!input.outcomeId) {
      throw new Invalid([
        { field: 'outcomeId', message: 'Select the outcome in the plan this works towards' },
      ]);
    }
    // The outcomes the plan shows this member of staff: an action point serves one of them.
    const plan = await planView(ctx, open.meeting.person_id!);
    if (!plan.outcomes.some((o) => o.id === input.outcomeId)) {
      throw new Invalid([
        { field: 'outcomeId', message: 'Select the outcome in the plan this works towards' },
      ]);
    }
  }
  const id = randomUUID();
  await store.insertActionPoint(ctx.db, {
    partnership_id: pid,
    meeting_id: meetingId,
    id,
    agenda_item_id: input.agendaItemId,
    decision_id: input.decisionId,
    what: input.what,
    owner_staff_id: owner.id,
    organisation_id: owner.organisation_id,
    due_on: input.dueOn,
    outcome_id: forPerson ? input.outcomeId : null,
    kind: forPerson ? input.kind : null,
    category,
    plan_action_id: null,
    added_to_plan_at: null,
    added_to_plan_by_name: null,
    created_at: ctx.clock.now(),
    created_by_name: open.actor.name,
  });
  await record(ctx, {
    action: 'meeting.action_point.add',
    entityType: 'meeting',
    entityId: meetingId,
    ...audited(open),
    detail: { actionPointId: id, ownerStaffId: owner.id, category },
  });
  return { id };
}
