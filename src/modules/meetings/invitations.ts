// Invitations: the calendar entry each invitee gets (see ical.ts for what it may carry), sent through the
// notify module for staff (in-app, and email with the .ics) and straight to the outbox for the person and
// their representatives. Every occurrence of a series is its own entry with its own UID, so it is invited,
// changed and cancelled on its own.
import type { Ctx } from '../../context.ts';
import type { PersonCommunicationTable } from '../../storage/tables.ts';
import { notify, queueEmail } from '../notify/index.ts';
import { type IcsEvent, type IcsMethod, icsCalendar } from './ical.ts';
import type { PersonRecord } from './schedule.ts';
import { initialsOf } from './service.ts';
import * as store from './store.ts';
import { formatWhen } from './time.ts';

export interface InvitationContext {
  /** The address of JoinedUp, for the link to the meeting in staff copies. */
  appUrl: string;
  person: {
    id: string;
    initials: string;
    /** The accessible arrangements, or null when the one building the invitation may not see them. */
    arrangements: string[] | null;
  } | null;
  /** Each member organisation's venue access notes (step-free, hearing loop). */
  venueAccess: ReadonlyMap<string, string>;
}

/** Replaces the person's names in free text with their initials, so it can go on an invitation. */
function withoutNames(text: string, names: readonly string[], initials: string): string {
  return names
    .filter((n) => n.trim().length > 1)
    .reduce(
      (t, n) =>
        t.replace(new RegExp(`\\b${n.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'gi'), initials),
      text,
    );
}

/** The arrangements a meeting needs for the person to take part, from their communication needs. */
export function arrangementsOf(
  c: Pick<
    PersonCommunicationTable,
    'preferred_format' | 'easy_read' | 'large_print' | 'bsl' | 'interpreter_language' | 'other_needs'
  >,
  names: readonly string[],
  initials: string,
): string[] {
  const out: string[] = [];
  if (c.easy_read || c.preferred_format === 'easy_read') out.push('easy read papers');
  if (c.large_print || c.preferred_format === 'large_print') out.push('large print papers');
  if (c.preferred_format === 'plain') out.push('papers in plain words');
  if (c.bsl) out.push('a British Sign Language interpreter');
  if (c.interpreter_language) out.push(`an interpreter (${c.interpreter_language})`);
  if (c.other_needs.trim()) {
    const other = withoutNames(c.other_needs.trim(), names, initials).replace(/[.\s]+$/, '');
    out.push(other.charAt(0).toLowerCase() + other.slice(1));
  }
  return out;
}

export async function invitationContext(
  ctx: Ctx,
  partnershipId: string,
  person: PersonRecord | null,
  appUrl: string,
): Promise<InvitationContext> {
  const venues = await store.venues(ctx.db, partnershipId);
  let p: InvitationContext['person'] = null;
  if (person) {
    const { givenName, familyName, preferredName } = person.person;
    const initials = initialsOf(givenName, familyName);
    const comm = person.communication.decision.allowed ? person.communication.data : null;
    p = {
      id: person.person.id,
      initials,
      arrangements: comm
        ? arrangementsOf(comm, [givenName, familyName, preferredName ?? ''], initials)
        : null,
    };
  }
  return {
    appUrl: appUrl.replace(/\/$/, ''),
    person: p,
    venueAccess: new Map(
      venues.filter((v) => v.access_notes).map((v) => [v.organisation_id, v.access_notes]),
    ),
  };
}

export function summaryOf(m: { title: string }, ic: InvitationContext): string {
  return ic.person ? `${m.title} (${ic.person.initials})` : m.title;
}

type Audience = { kind: 'staff'; arrangements: boolean } | { kind: 'invitee'; invitee: store.InviteeRow };

/** One meeting as a calendar entry for one audience. */
export function eventFor(
  m: store.MeetingRow,
  invitees: readonly store.InviteeRow[],
  ic: InvitationContext,
  audience: Audience,
): IcsEvent {
  const mine = invitees.filter((i) => i.meeting_id === m.id);
  const organiser = mine.find((i) => i.staff_user_id === m.organiser_id);
  const cancelled = m.status === 'cancelled';
  const lines: string[] = [];
  const staffCopy = audience.kind === 'staff';
  if (cancelled) {
    lines.push(
      staffCopy
        ? `This meeting is cancelled. The reason is in JoinedUp: ${ic.appUrl}/meetings/${m.id}`
        : `This meeting is cancelled. ${organiser ? `${organiser.name} can tell you why.` : ''}`.trim(),
    );
  }
  lines.push(
    ic.person
      ? `${m.title} for ${ic.person.initials}, arranged through JoinedUp.`
      : `${m.title}, arranged through JoinedUp.`,
  );
  if (m.video_link) lines.push(`Join the video call: ${m.video_link}`);
  const access = m.venue_organisation_id ? ic.venueAccess.get(m.venue_organisation_id) : undefined;
  if (m.location && access) lines.push(`Getting in: ${access}`);
  const showArrangements = audience.kind === 'invitee' || audience.arrangements;
  if (ic.person?.arrangements?.length && showArrangements) {
    lines.push(`So that ${ic.person.initials} can take part: ${ic.person.arrangements.join('; ')}.`);
  }
  if (staffCopy) lines.push(`Agenda and papers (sign in): ${ic.appUrl}/meetings/${m.id}`);
  else if (organiser)
    lines.push(
      `If you cannot come or need anything to take part, contact ${organiser.name}${organiser.email ? ` (${organiser.email})` : ''}.`,
    );
  const attendees = mine
    .filter(
      (i) => i.email && (i.kind === 'staff' || (audience.kind === 'invitee' && i.id === audience.invitee.id)),
    )
    .map((i) => ({ name: i.name, email: i.email! }));
  return {
    uid: m.ical_uid,
    sequence: m.ical_sequence,
    cancelled,
    summary: summaryOf(m, ic),
    description: lines.join('\n\n'),
    location: m.location,
    url: m.video_link,
    startsAt: new Date(m.starts_at),
    endsAt: new Date(m.ends_at),
    stamp: new Date(m.updated_at),
    created: new Date(m.created_at),
    organiser: {
      name: organiser?.name ?? m.updated_by_name,
      email: organiser?.email ?? 'no-reply@joinedup.invalid',
    },
    attendees,
  };
}

export type InvitationKind = 'meeting_invitation' | 'meeting_changed' | 'meeting_cancelled';

const VERBS: Record<InvitationKind, string> = {
  meeting_invitation: 'Invitation',
  meeting_changed: 'Changed',
  meeting_cancelled: 'Cancelled',
};

function emailText(
  kind: InvitationKind,
  m: store.MeetingRow,
  ic: InvitationContext,
  event: IcsEvent,
  staff: boolean,
) {
  const when = formatWhen(new Date(m.starts_at), new Date(m.ends_at));
  const where = [m.location, m.video_link ? `Video call: ${m.video_link}` : null].filter(Boolean).join('\n');
  const opening =
    kind === 'meeting_invitation'
      ? 'You are invited to a meeting.'
      : kind === 'meeting_changed'
        ? 'A meeting you are invited to has changed. The attached invitation replaces the one you had.'
        : 'A meeting you were invited to is cancelled. Open the attachment to take it out of your calendar.';
  return [
    opening,
    `${event.summary}\nWhen: ${when} (UK time)${where ? `\nWhere: ${where}` : ''}`,
    staff
      ? `Sign in to JoinedUp for the agenda and papers: ${ic.appUrl}/meetings/${m.id}`
      : (event.description.split('\n\n').slice(-1)[0] ?? ''),
  ].join('\n\n');
}

/**
 * Tells every invitee of each meeting: staff through notify (a person's meeting is told only to those the
 * sharing rules let see it; the arrangements go only to those who may read communication needs), the
 * person and representatives by email. `removed` invitees get a cancellation of their copy.
 */
export async function sendInvitations(
  ctx: Ctx,
  kind: InvitationKind,
  meetings: readonly store.MeetingRow[],
  ic: InvitationContext,
  options: {
    personName?: string;
    removed?: readonly store.InviteeRow[];
    /** Tell only these invitees (by invitee id); everyone when not given. */
    only?: ReadonlySet<string>;
  } = {},
): Promise<void> {
  if (!meetings.length) return;
  const partnershipId = meetings[0]!.partnership_id;
  const all = await store.invitees(
    ctx.db,
    partnershipId,
    meetings.map((m) => m.id),
  );
  const method: IcsMethod = kind === 'meeting_cancelled' ? 'CANCEL' : 'REQUEST';
  for (const m of meetings) {
    const invitees = all.filter((i) => i.meeting_id === m.id);
    const told = (i: store.InviteeRow) => !options.only || options.only.has(i.id);
    const when = formatWhen(new Date(m.starts_at), new Date(m.ends_at));
    const title = `${VERBS[kind]}: ${m.title}${options.personName ? ` with ${options.personName}` : ''}, ${when}`;
    const staffIds = invitees
      .filter(told)
      .map((i) => i.staff_user_id)
      .filter((id): id is string => id !== null);
    const send = async (
      recipients: string[],
      arrangements: boolean,
      category: 'communication' | 'social_care',
    ) => {
      const event = eventFor(m, invitees, ic, { kind: 'staff', arrangements });
      const { notified } = await notify(ctx, {
        kind,
        recipients,
        ...(ic.person ? { about: { personId: ic.person.id, category } } : {}),
        title,
        link: `/meetings/${m.id}`,
        dedupeKey: `meeting:${m.id}:${kind}:${m.ical_sequence}`,
        email: {
          subject: `${VERBS[kind]}: ${event.summary}`,
          text: emailText(kind, m, ic, event, true),
          ics: { method: method === 'CANCEL' ? 'CANCEL' : 'REQUEST', content: icsCalendar(method, [event]) },
        },
      });
      return notified;
    };
    if (staffIds.length) {
      // Those who may read the person's communication needs get the arrangements; the rest of the care
      // team get the invitation without them. A partnership meeting goes to every staff invitee.
      const withArrangements = await send(staffIds, true, 'communication');
      const rest = staffIds.filter((id) => !withArrangements.includes(id));
      if (ic.person && rest.length) await send(rest, false, 'social_care');
    }
    for (const i of invitees.filter((x) => x.kind !== 'staff' && x.email && told(x))) {
      const event = eventFor(m, invitees, ic, { kind: 'invitee', invitee: i });
      await queueEmail(ctx, {
        to: i.email!,
        toName: i.name,
        subject: `${VERBS[kind]}: ${event.summary}`,
        text: `Hello ${i.name},\n\n${emailText(kind, m, ic, event, false)}`,
        ics: { method: method === 'CANCEL' ? 'CANCEL' : 'REQUEST', content: icsCalendar(method, [event]) },
        dedupeKey: `meeting:${m.id}:${kind}:${m.ical_sequence}:${i.id}`,
      });
    }
  }
  await sendRemovals(ctx, meetings, all, ic, options.removed ?? []);
}

/** Someone taken off the invitation list gets a cancellation of their own copy. */
async function sendRemovals(
  ctx: Ctx,
  meetings: readonly store.MeetingRow[],
  remaining: readonly store.InviteeRow[],
  ic: InvitationContext,
  removed: readonly store.InviteeRow[],
) {
  for (const i of removed) {
    const m = meetings.find((x) => x.id === i.meeting_id);
    if (!m) continue;
    // The same organiser and UID as their invitation, so that their calendar takes the entry out.
    const list = [...remaining.filter((x) => x.meeting_id === m.id), i];
    const event = { ...eventFor(m, list, ic, { kind: 'invitee', invitee: i }), cancelled: true };
    const text = `${event.summary}, ${formatWhen(event.startsAt, event.endsAt)}: you are no longer invited to this meeting. Open the attachment to take it out of your calendar.`;
    const ics = { method: 'CANCEL' as const, content: icsCalendar('CANCEL', [event]) };
    if (i.staff_user_id) {
      await notify(ctx, {
        kind: 'meeting_cancelled',
        recipients: [i.staff_user_id],
        ...(ic.person ? { about: { personId: ic.person.id, category: 'social_care' as const } } : {}),
        title: `No longer invited: ${m.title}, ${formatWhen(event.startsAt, event.endsAt)}`,
        link: '/meetings',
        dedupeKey: `meeting:${m.id}:removed:${i.id}`,
        email: { subject: `Cancelled for you: ${event.summary}`, text, ics },
      });
    } else if (i.email) {
      await queueEmail(ctx, {
        to: i.email,
        toName: i.name,
        subject: `Cancelled for you: ${event.summary}`,
        text: `Hello ${i.name},\n\n${text}`,
        ics,
        dedupeKey: `meeting:${m.id}:removed:${i.id}`,
      });
    }
  }
}
