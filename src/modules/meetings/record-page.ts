// A meeting's record as the actor may see it: the agenda with each item's minutes, each agency's
// contribution, decisions with who agreed and who disagreed, action points and the summary for the person.
// Each part is decided by the policy on its own data category; what was shown and withheld is audited once.
import type { Ctx } from '../../context.ts';
import { auditPersonRead, type Decision } from '../../policy/index.ts';
import type { DataCategory } from '../../storage/tables.ts';
import { planView } from '../careplans/index.ts';
import { listOrganisations } from '../partnerships/index.ts';
import { type PersonHeader, personHeader } from '../people/index.ts';
import { type OpenMeeting, openMeeting, readDecision } from './record-access.ts';
import { ownerChoices } from './record-service.ts';
import * as store from './record-store.ts';
import {
  actionPointView,
  agendaItemView,
  byWhoTheyAre,
  contributionView,
  decisionView,
  inviteeView,
} from './record-views.ts';
import { formatWhen } from './time.ts';

type Shown = Array<{ category: DataCategory; decision: Decision }>;

export const MEETING_KIND_LABELS: Record<string, string> = {
  planning: 'Planning meeting',
  review: 'Review meeting',
  case_review: 'Case review',
  partnership_board: 'Partnership board',
  joint_briefing: 'Joint briefing',
  phone_check_in: 'Phone check-in',
};

function meetingView(ctx: Ctx, m: OpenMeeting['meeting']) {
  return {
    id: m.id,
    title: m.title,
    kind: m.kind,
    kindLabel: MEETING_KIND_LABELS[m.kind] ?? m.kind,
    mode: m.mode,
    location: m.location,
    startsAt: new Date(m.starts_at),
    endsAt: new Date(m.ends_at),
    when: formatWhen(new Date(m.starts_at), new Date(m.ends_at)),
    /** The agenda typed when the meeting was scheduled (the meeting page shows it too). */
    invitationAgenda: m.agenda,
    status: m.status,
    personId: m.person_id,
    started: new Date(m.starts_at).getTime() <= ctx.clock.now().getTime(),
  };
}

type PlanView = Awaited<ReturnType<typeof planView>>;

/** The plan's outcomes, status and revision, as the viewer may see them; null without a plan or a person. */
function planFacts(view: PlanView | null) {
  if (!view?.plan) return null;
  return {
    id: view.plan.id,
    revision: view.plan.revision,
    planVersion: view.plan.planVersion,
    status: view.plan.status,
    outcomes: view.outcomes.map((o) => ({ id: o.id, words: o.words })),
    canEdit: view.canEdit,
  };
}

/** The whole record of one meeting for a member of staff; every read of a person's meeting is audited. */
export async function meetingRecord(ctx: Ctx, meetingId: string) {
  const open = await openMeeting(ctx, meetingId);
  const { meeting, actor } = open;
  const pid = actor.partnershipId;
  const [
    person,
    plan,
    inviteeRows,
    itemRows,
    contributionRows,
    decisionRows,
    stanceRows,
    pointRows,
    summaryRows,
  ] = await Promise.all([
    meeting.person_id ? personHeader(ctx, meeting.person_id).then((h) => h.person) : null,
    meeting.person_id ? planView(ctx, meeting.person_id) : null,
    store.invitees(ctx.db, pid, meetingId),
    store.agendaItems(ctx.db, pid, meetingId),
    store.contributions(ctx.db, pid, meetingId),
    store.decisions(ctx.db, pid, meetingId),
    store.stances(ctx.db, pid, meetingId),
    store.actionPoints(ctx.db, pid, meetingId),
    store.summaries(ctx.db, pid, meetingId),
  ]);
  const shown: Shown = [];
  const decide = (category: DataCategory | null, entry?: Parameters<typeof readDecision>[2]) => {
    const decision = readDecision(open, category, entry);
    shown.push({ category: category ?? 'social_care', decision });
    return decision.allowed;
  };
  const personName = person ? `${person.preferredName || person.givenName} ${person.familyName}` : null;
  const invitees = inviteeRows.map((i) => inviteeView(i, personName)).sort(byWhoTheyAre);

  const items = itemRows.filter((i) => decide(i.category));
  const itemTitle = new Map(items.map((i) => [i.id, i.title]));
  const contributions = contributionRows
    .filter((c) => decide(c.category, { holdingOrganisationId: c.organisation_id }))
    .map((c) => contributionView(c, itemTitle));
  const outcomeWords = new Map((plan?.outcomes ?? []).map((o) => [o.id, o.words]));
  const decisions = decisionRows
    .filter((d) => decide(d.category))
    .map((d) => decisionView(d, stanceRows, invitees, itemTitle));
  const actionPoints = pointRows
    .filter((a) => decide(a.category, { assignedTo: [a.owner_staff_id] }))
    .map((a) => actionPointView(a, outcomeWords));
  const summary = meeting.person_id && decide('social_care') ? summaryView(summaryRows) : null;
  if (meeting.person_id && open.access) {
    // One entry for the whole page: the meeting itself, opened on the record's basis, and each part.
    await auditPersonRead(ctx, meeting.person_id, 'meeting_record', [
      { category: 'social_care', decision: open.access.opens },
      ...shown,
    ]);
  }
  const canWrite = canWriteRecord(open);
  const planInfo = planFacts(plan);
  return {
    meeting: meetingView(ctx, meeting),
    person,
    invitees,
    attendees: invitees.filter((i) => i.attendance === null || i.attendance === 'present'),
    agenda: items.map((i, n) => agendaItemView(i, n + 1, contributions)),
    generalContributions: contributions.filter((c) => c.agendaItemId === null),
    decisions,
    actionPoints,
    notInPlan: actionPoints.filter((a) => a.planActionId === null).length,
    plan: planInfo,
    summary,
    can: {
      write: canWrite,
      record: canWrite && meetingView(ctx, meeting).started,
      addToPlan: canWrite && planInfo?.canEdit === true,
      raiseDispute: meeting.person_id !== null && actor.role !== 'volunteer',
    },
  };
}
export type MeetingRecord = Awaited<ReturnType<typeof meetingRecord>>;

function canWriteRecord(open: OpenMeeting): boolean {
  if (open.meeting.status === 'cancelled') return false;
  if (open.access) return open.access.decide('social_care', 'write').allowed;
  return open.actor.role !== 'volunteer';
}

/** The record with what its forms offer: owners for an action point, organisations for a contribution. */
export async function recordWithChoices(ctx: Ctx, meetingId: string) {
  const page = await meetingRecord(ctx, meetingId);
  const open = await openMeeting(ctx, meetingId);
  const [owners, organisations] = await Promise.all([ownerChoices(ctx, open), listOrganisations(ctx)]);
  return { ...page, owners, organisations };
}

export function summaryView(rows: readonly store.SummaryRow[]) {
  const latest = rows[0] ?? null;
  const published = rows.filter((r) => r.status === 'published');
  return {
    latest: latest && {
      version: latest.version,
      revision: latest.revision,
      status: latest.status,
      words: latest.words,
      writtenByName: latest.written_by_name,
      updatedAt: new Date(latest.updated_at),
    },
    published: published.map((r) => ({
      version: r.version,
      words: r.words,
      publishedAt: new Date(r.published_at!),
      publishedByName: r.published_by_name ?? '',
    })),
  };
}

export type { PersonHeader };
