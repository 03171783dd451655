// Reading disputes. A dispute about a person follows the person's sharing rules: only someone who may open
// the person's record sees it, and each view is audited as a read of the record. A partnership-wide
// dispute is open to every member of staff.
import type { Ctx, StaffActor } from '../../context.ts';
import { NotFound, Refused } from '../../errors.ts';
import { auditPersonRead, londonDate, type PersonAccess, personAccess } from '../../policy/index.ts';
import { planView } from '../careplans/index.ts';
import { listOrganisations } from '../partnerships/index.ts';
import { openPerson, personHeader } from '../people/index.ts';
import { lateness, procedureFor } from './procedure.ts';
import { STAGES, stageOf } from './schema.ts';
import * as store from './store.ts';

export function staffOnly(ctx: Ctx): StaffActor {
  if (ctx.actor.kind !== 'staff') throw new Refused(['Only staff can see disputes.']);
  return ctx.actor;
}

/** Opens a dispute: refused (and, for a person's dispute, recorded) unless the actor may see it. */
export async function openDispute(
  ctx: Ctx,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<{ dispute: store.DisputeRow; access: PersonAccess | null; actor: StaffActor }> {
  const actor = staffOnly(ctx);
  const dispute = options.forUpdate
    ? await store.disputeForUpdate(ctx.db, actor.partnershipId, id)
    : await store.dispute(ctx.db, actor.partnershipId, id);
  if (!dispute) throw new NotFound('The dispute');
  const access = dispute.person_id ? await openPerson(ctx, dispute.person_id) : null;
  return { dispute, access, actor };
}

/** Records that a dispute about a person was shown, on the basis that let the actor open their record. */
export async function auditDisputeRead(ctx: Ctx, personId: string, access: PersonAccess, what = 'dispute') {
  await auditPersonRead(ctx, personId, what, [{ category: 'social_care', decision: access.opens }]);
}

function day(v: unknown): string {
  return String(v).slice(0, 10);
}

type StageRow = Awaited<ReturnType<typeof store.stages>>[number];

/** Every stage of the procedure for one dispute: done, current (maybe late) or still to come. */
function timeline(dispute: store.DisputeRow, rows: StageRow[], targets: Map<number, number>, today: string) {
  return STAGES.map((s) => {
    const row = rows.find((r) => r.stage === s.stage);
    const current = dispute.status === 'open' && dispute.stage === s.stage;
    const dueOn = row ? day(row.due_on) : null;
    const late = current && dueOn ? lateness(dueOn, today) : 0;
    return {
      stage: s.stage,
      name: s.name,
      what: s.what,
      targetWorkingDays: row?.target_working_days ?? targets.get(s.stage) ?? s.defaultTargetDays,
      startedOn: row ? day(row.started_on) : null,
      dueOn,
      endedAt: row?.ended_at ? new Date(row.ended_at) : null,
      endReason: row?.end_reason ?? null,
      escalationReason: row?.escalation_reason ?? null,
      endedByName: row?.ended_by_name ?? null,
      state: current ? 'current' : row ? 'done' : 'to_come',
      overdue: current && dueOn !== null && dueOn < today,
      workingDaysLate: late,
    };
  });
}

export async function listDisputes(ctx: Ctx) {
  const actor = staffOnly(ctx);
  const all = await store.disputes(ctx.db, actor.partnershipId);
  // A person's dispute is listed only for someone who may open their record; nothing is said of the rest.
  const personIds = [...new Set(all.map((d) => d.person_id).filter((p): p is string => p !== null))];
  const opened = new Map<string, { name: string; access: PersonAccess }>();
  for (const personId of personIds) {
    const access = await personAccess(ctx, personId);
    if (!access.opens.allowed) continue;
    const { person } = await personHeader(ctx, personId);
    opened.set(personId, { name: `${person.givenName} ${person.familyName}`, access });
  }
  const visible = all.filter((d) => d.person_id === null || opened.has(d.person_id));
  const ids = visible.map((d) => d.id);
  const [parties, stages, views, organisations] = await Promise.all([
    store.parties(ctx.db, actor.partnershipId, ids),
    store.stages(ctx.db, actor.partnershipId, ids),
    store.views(ctx.db, actor.partnershipId, ids),
    listOrganisations(ctx),
  ]);
  for (const [personId, o] of opened) {
    if (visible.some((d) => d.person_id === personId))
      await auditDisputeRead(ctx, personId, o.access, 'disputes');
  }
  const today = londonDate(ctx.clock.now());
  const items = visible.map((d) => {
    const current = stages.find((s) => s.dispute_id === d.id && s.stage === d.stage);
    const dueOn = current ? day(current.due_on) : null;
    return {
      id: d.id,
      title: d.title,
      personId: d.person_id,
      personName: d.person_id ? (opened.get(d.person_id)?.name ?? null) : null,
      aboutAction: d.action_id !== null,
      status: d.status,
      stage: d.stage,
      stageName: stageOf(d.stage).name,
      raisedAt: new Date(d.raised_at),
      raisedByName: d.raised_by_name,
      dueOn,
      overdue: d.status === 'open' && dueOn !== null && dueOn < today,
      workingDaysLate: d.status === 'open' && dueOn ? lateness(dueOn, today) : 0,
      parties: parties
        .filter((p) => p.dispute_id === d.id)
        .map((p) => organisations.find((o) => o.id === p.organisation_id)?.name ?? ''),
      personViewMissing:
        d.person_id !== null &&
        d.status === 'open' &&
        !views.some((v) => v.dispute_id === d.id && v.kind === 'person'),
      resolvedAt: d.resolved_at ? new Date(d.resolved_at) : null,
    };
  });
  return {
    open: items.filter((i) => i.status === 'open'),
    resolved: items.filter((i) => i.status === 'resolved'),
    overdue: items.filter((i) => i.overdue).length,
  };
}

/** One dispute as the actor may see it, with what they may do next. */
export async function disputePage(ctx: Ctx, id: string) {
  const { dispute, access, actor } = await openDispute(ctx, id);
  const partnershipId = actor.partnershipId;
  const [partyRows, stageRows, viewRows, organisations, targets] = await Promise.all([
    store.parties(ctx.db, partnershipId, [id]),
    store.stages(ctx.db, partnershipId, [id]),
    store.views(ctx.db, partnershipId, [id]),
    listOrganisations(ctx),
    procedureFor(ctx.db, partnershipId),
  ]);
  let person: { id: string; givenName: string; familyName: string } | null = null;
  let action: { id: string; what: string; visible: boolean } | null = null;
  if (dispute.person_id && access) {
    person = (await personHeader(ctx, dispute.person_id)).person;
    if (dispute.action_id) {
      // The action's words are shown only to someone who may see that action in the plan.
      const view = await planView(ctx, dispute.person_id);
      const found = [...view.outcomes.flatMap((o) => o.actions), ...view.myActions].find(
        (a) => a.id === dispute.action_id,
      );
      action = { id: dispute.action_id, what: found?.what ?? '', visible: Boolean(found) };
    }
    await auditDisputeRead(ctx, dispute.person_id, access);
  }
  const today = londonDate(ctx.clock.now());
  const partyIds = partyRows.map((p) => p.organisation_id);
  const isParty = partyIds.includes(actor.organisationId);
  const open = dispute.status === 'open';
  const canSteer = open && (isParty || actor.role === 'senior_leader');
  const orgName = (orgId: string | null) => organisations.find((o) => o.id === orgId)?.name ?? '';
  const views = viewRows.map((v) => ({
    id: v.id,
    kind: v.kind,
    organisationName: orgName(v.organisation_id),
    authorName: v.author_name,
    authorRole: v.author_role,
    stageName: stageOf(v.stage).name,
    words: v.words,
    howAsked: v.how_asked,
    writtenAt: new Date(v.written_at),
  }));
  const stages = timeline(
    dispute,
    stageRows,
    new Map(targets.map((t) => [t.stage, t.targetWorkingDays])),
    today,
  );
  const current = stages.find((s) => s.state === 'current') ?? null;
  return {
    dispute: {
      id: dispute.id,
      title: dispute.title,
      details: dispute.details,
      status: dispute.status,
      stage: dispute.stage,
      stageName: stageOf(dispute.stage).name,
      raisedAt: new Date(dispute.raised_at),
      raisedByName: dispute.raised_by_name,
      raisedByOrganisation: orgName(dispute.raised_by_organisation_id),
      mediatorName: dispute.mediator_name,
      mediatorRole: dispute.mediator_role,
      outcome: dispute.outcome,
      resolvedAt: dispute.resolved_at ? new Date(dispute.resolved_at) : null,
      resolvedByName: dispute.resolved_by_name,
    },
    person,
    action,
    parties: partyRows.map((p) => ({ id: p.organisation_id, name: orgName(p.organisation_id) })),
    stages,
    current,
    views: views.filter((v) => v.kind === 'party'),
    personViews: views.filter((v) => v.kind === 'person'),
    personViewMissing: person !== null && !views.some((v) => v.kind === 'person'),
    mediatorMissing: open && dispute.stage === 3 && !dispute.mediator_name,
    nextStage: open && dispute.stage < 4 ? stageOf(dispute.stage + 1) : null,
    can: {
      addView: open && isParty,
      personView: open && isParty && person !== null,
      escalate: canSteer && dispute.stage < 4,
      mediator: canSteer && dispute.stage <= 3,
      resolve: canSteer,
    },
  };
}

/** Counts only, for the partnership page: no titles or names, so nothing about a person is shown. */
export async function disputeCounts(ctx: Ctx) {
  const actor = staffOnly(ctx);
  const [all, overdue] = await Promise.all([
    store.disputes(ctx.db, actor.partnershipId),
    store.overdueStages(ctx.db, londonDate(ctx.clock.now())),
  ]);
  return {
    open: all.filter((d) => d.status === 'open').length,
    resolved: all.filter((d) => d.status === 'resolved').length,
    overdue: overdue.filter((o) => o.partnership_id === actor.partnershipId).length,
  };
}
