// How each part of a meeting's record is shown, from its rows: pure functions, after the policy has
// decided which rows the viewer may see (record-page.ts).
import { CATEGORY_LABELS } from '../../policy/index.ts';
import { KIND_LABELS } from '../careplans/index.ts';
import type * as store from './record-store.ts';

const ATTENDANCE_LABELS: Record<string, string> = {
  present: 'Present',
  apologies: 'Sent apologies',
  absent: 'Absent',
};

export function inviteeView(i: store.InviteeRow, personName: string | null) {
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
export function byWhoTheyAre(a: AttendeeView | undefined, b: AttendeeView | undefined): number {
  if (!a || !b) return a ? -1 : b ? 1 : 0;
  return (KIND_ORDER[a.kind] ?? 3) - (KIND_ORDER[b.kind] ?? 3) || a.name.localeCompare(b.name);
}

export type ContributionView = ReturnType<typeof contributionView>;

export function contributionView(c: store.ContributionRow, itemTitle: ReadonlyMap<string, string>) {
  return {
    id: c.id,
    // A contribution under an item the viewer cannot see is shown on its own, without the item.
    agendaItemId: c.agenda_item_id && itemTitle.has(c.agenda_item_id) ? c.agenda_item_id : null,
    organisationName: c.organisation_name,
    speakerName: c.speaker_name,
    category: c.category,
    categoryLabel: c.category ? CATEGORY_LABELS[c.category] : null,
    words: c.words,
    writtenByName: c.written_by_name,
    writtenAt: new Date(c.written_at),
  };
}

type StanceRow = Awaited<ReturnType<typeof store.stances>>[number];

/** A decision with who agreed, and who disagreed with their reason, in the order people are listed. */
export function decisionView(
  d: store.DecisionRow,
  stanceRows: readonly StanceRow[],
  invitees: readonly AttendeeView[],
  itemTitle: ReadonlyMap<string, string>,
) {
  const mine = stanceRows.filter((s) => s.decision_id === d.id);
  const byId = new Map(invitees.map((i) => [i.id, i]));
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
      .map((s) => {
        const who = byId.get(s.invitee_id);
        return {
          name: who?.name ?? 'Someone no longer listed',
          role: who?.role ?? '',
          kind: who?.kind ?? 'staff',
          organisationId: who?.organisationId ?? null,
          reason: s.reason ?? '',
        };
      }),
    recordedByName: d.recorded_by_name,
    recordedAt: new Date(d.recorded_at),
  };
}

export function actionPointView(a: store.ActionPointRow, outcomeWords: ReadonlyMap<string, string>) {
  return {
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
  };
}

export function agendaItemView(
  i: store.AgendaItemRow,
  number: number,
  contributions: readonly ContributionView[],
) {
  return {
    id: i.id,
    number,
    title: i.title,
    category: i.category,
    categoryLabel: i.category ? CATEGORY_LABELS[i.category] : null,
    minutes: i.minutes,
    revision: i.revision,
    minutesUpdatedAt: i.minutes_updated_at ? new Date(i.minutes_updated_at) : null,
    minutesUpdatedByName: i.minutes_updated_by_name,
    contributions: contributions.filter((c) => c.agendaItemId === i.id),
  };
}
