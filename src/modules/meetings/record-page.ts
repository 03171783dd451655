// A meeting's record as the actor may see it: the agenda with each item's minutes, each agency's
// contribution, decisions with who agreed and who disagreed, action points and the summary for the person.
// Each part is decided by the policy on its own data category; what was shown and withheld is audited once.
import type { Ctx } from '../../context.ts';
import { auditPersonRead, CATEGORY_LABELS, type Decision } from '../../policy/index.ts';
import type { DataCategory } from '../../storage/tables.ts';
import { KIND_LABELS, planView } from '../careplans/index.ts';
import { listOrganisations } from '../partnerships/index.ts';
import { type PersonHeader, personHeader } from '../people/index.ts';
import { attendees, type OpenMeeting, openMeeting, readDecision } from './record-access.ts';
import { ownerChoices } from './record-service.ts';
import * as store from './record-store.ts';
import { formatWhen } from './time.ts';

export const MEETING_KIND_LABELS: Record<string, string> = {
  planning: 'Planning meeting',
  review: 'Review meeting',
  case_review: 'Case review',
  partnership_board: 'Partnership board',
  joint_briefing: 'Joint briefing',
  phone_check_in: 'Phone check-in',
};

const ATTENDANCE_LABELS: Record<string, string> = {
  present: 'Present',
  apologies: 'Sent apologies',
  absent: 'Absent',
};

type Shown = Array<{ category: DataCategory; decision: Decision }>;

function inviteeView(i: store.InviteeRow, personName: string | null) {
  const role =
    i.kind === 'person'
      ? 'The person the meeting is about'
      : i.kind === 'representative'
        ? (i.relationship ?? 'Representative')
        : [i.professional_role, i.organisation_name].filter(Boolean).join(', ');
  return {
    id: i.id,
    kind: i.kind,
    name: i.kind === 'person' && personName ? personName : i.name,
    role,
    staffUserId: i.staff_user_id,
    organisationId: i.organisation_id,
    attendance: i.attendance,
    attendanceLabel: i.attendance ? ATTENDANCE_LABELS[i.attendance] : 'Not recorded yet',
  };
}
export type AttendeeView = ReturnType<typeof inviteeView>;

const KIND_ORDER: Record<string, number> = { person: 0, representative: 1, staff: 2 };

/** The person first, then those speaking for them, then staff, each by name. */
function byWhoTheyAre(a: AttendeeView | undefined, b: AttendeeView | undefined): number {
  if (!a || !b) return a ? -1 : b ? 1 : 0;
  return (KIND_ORDER[a.kind] ?? 3) - (KIND_ORDER[b.kind] ?? 3) || a.name.localeCompare(b.name);
}

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
  const byId = new Map(invitees.map((i) => [i.id, i]));

  const items = itemRows.filter((i) => decide(i.category));
  const itemTitle = new Map(items.map((i) => [i.id, i.title]));
  const contributions = contributionRows
    .filter((c) => decide(c.category, { holdingOrganisationId: c.organisation_id }))
    .map((c) => ({
      id: c.id,
      agendaItemId: c.agenda_item_id && itemTitle.has(c.agenda_item_id) ? c.agenda_item_id : null,
      organisationName: c.organisation_name,
      speakerName: c.speaker_name,
      category: c.category,
      categoryLabel: c.category ? CATEGORY_LABELS[c.category] : null,
      words: c.words,
      writtenByName: c.written_by_name,
      writtenAt: new Date(c.written_at),
    }));
  const outcomeWords = new Map((plan?.outcomes ?? []).map((o) => [o.id, o.words]));
  const decisions = decisionRows
    .filter((d) => decide(d.category))
    .map((d) => {
      const mine = stanceRows.filter((s) => s.decision_id === d.id);
      const named = (s: (typeof mine)[number]) => byId.get(s.invitee_id);
      return {
        id: d.id,
        agendaItemTitle: d.agenda_item_id ? (itemTitle.get(d.agenda_item_id) ?? null) : null,
        what: d.what,
        why: d.why,
        category: d.category,
        agreed: invitees
          .filter((i) => mine.some((s) => s.stance === 'agreed' && s.invitee_id === i.id))
          .map((i) => i.name),
        disagreed: mine
          .filter((s) => s.stance === 'disagreed')
          .sort((a, b) => byWhoTheyAre(byId.get(a.invitee_id), byId.get(b.invitee_id)))
          .map((s) => ({
            name: named(s)?.name ?? 'Someone no longer listed',
            role: named(s)?.role ?? '',
            kind: named(s)?.kind ?? 'staff',
            organisationId: named(s)?.organisationId ?? null,
            reason: s.reason ?? '',
          })),
        recordedByName: d.recorded_by_name,
        recordedAt: new Date(d.recorded_at),
      };
    });
  const actionPoints = pointRows
    .filter((a) => decide(a.category, { assignedTo: [a.owner_staff_id] }))
    .map((a) => ({
      id: a.id,
      what: a.what,
      ownerStaffId: a.owner_staff_id,
      ownerName: a.owner_name,
      ownerRole: a.owner_role,
      organisationName: a.organisation_name,
      dueOn: String(a.due_on).slice(0, 10),
      outcomeId: a.outcome_id,
      outcomeWords: a.outcome_id ? (outcomeWords.get(a.outcome_id) ?? null) : null,
      kind: a.kind,
      kindLabel: a.kind ? (KIND_LABELS[a.kind as keyof typeof KIND_LABELS] ?? null) : null,
      decisionId: a.decision_id,
      planActionId: a.plan_action_id,
      addedToPlanAt: a.added_to_plan_at ? new Date(a.added_to_plan_at) : null,
      addedToPlanByName: a.added_to_plan_by_name,
    }));
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
    attendees: attendees(inviteeRows).map((i) => byId.get(i.id)!),
    agenda: items.map((i, n) => ({
      id: i.id,
      number: n + 1,
      title: i.title,
      category: i.category,
      categoryLabel: i.category ? CATEGORY_LABELS[i.category] : null,
      minutes: i.minutes,
      revision: i.revision,
      minutesUpdatedAt: i.minutes_updated_at ? new Date(i.minutes_updated_at) : null,
      minutesUpdatedByName: i.minutes_updated_by_name,
      contributions: contributions.filter((c) => c.agendaItemId === i.id),
    })),
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
