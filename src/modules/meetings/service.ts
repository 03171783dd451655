// Reading meetings. A meeting about a person follows the person's sharing rules: only someone who may open
// the person's record sees it, and each view is audited as a read of the record. A partnership meeting is
// open to every member of staff of the partnership.
import type { Ctx, StaffActor } from '../../context.ts';
import { NotFound, Refused } from '../../errors.ts';
import { auditPersonRead, type PersonAccess, roleLabel } from '../../policy/index.ts';
import { listOrganisations } from '../partnerships/index.ts';
import { caseload, openPerson, personHeader } from '../people/index.ts';
import { ATTENDANCE_LABELS, KIND_LABELS, MODE_LABELS } from './schema.ts';
import { describeSeries } from './series.ts';
import * as store from './store.ts';
import { formatWhen } from './time.ts';

export function staffOnly(ctx: Ctx): StaffActor {
  if (ctx.actor.kind !== 'staff') throw new Refused(['Only staff can see meetings.']);
  return ctx.actor;
}

/** Roles that call and run partnership meetings (the board, joint briefings). */
const PARTNERSHIP_ORGANISERS = ['manager', 'senior_leader', 'admin'] as const;

export function mayOrganisePartnershipMeetings(actor: StaffActor): boolean {
  return (PARTNERSHIP_ORGANISERS as readonly string[]).includes(actor.role);
}

/** Opens a meeting: refused (and, for a person's meeting, recorded) unless the actor may see it. */
export async function openMeeting(
  ctx: Ctx,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<{ meeting: store.MeetingRow; access: PersonAccess | null; actor: StaffActor }> {
  const actor = staffOnly(ctx);
  const meeting = options.forUpdate
    ? await store.meetingForUpdate(ctx.db, actor.partnershipId, id)
    : await store.meeting(ctx.db, actor.partnershipId, id);
  if (!meeting) throw new NotFound('The meeting');
  const access = meeting.person_id ? await openPerson(ctx, meeting.person_id) : null;
  return { meeting, access, actor };
}

/** May the actor change, cancel or record attendance for this meeting? */
export function mayManage(
  actor: StaffActor,
  meeting: store.MeetingRow,
  access: PersonAccess | null,
): boolean {
  if (access) return access.decide('social_care', 'write').allowed;
  return meeting.organiser_id === actor.userId || mayOrganisePartnershipMeetings(actor);
}

export function refuseManage(meeting: store.MeetingRow): Refused {
  return new Refused(
    meeting.person_id
      ? ['Only members of the person’s care team who may change their record can change this meeting.']
      : ['Only the organiser, a manager or a senior leader can change a partnership meeting.'],
    meeting.person_id ? 'the person’s lead coordinator' : 'the meeting’s organiser',
  );
}

/** Records that a person's meetings were shown, on the basis that let the actor open their record. */
export async function auditMeetingRead(ctx: Ctx, personId: string, access: PersonAccess, what = 'meeting') {
  await auditPersonRead(ctx, personId, what, [{ category: 'social_care', decision: access.opens }]);
}

/** Initials, as calendars and emails name the person: "J C" for John Carter. */
export function initialsOf(givenName: string, familyName: string): string {
  return [givenName, familyName]
    .map((n) => n.trim().charAt(0).toUpperCase())
    .filter(Boolean)
    .join(' ');
}

type Invitee = ReturnType<typeof inviteeView>;

function inviteeView(i: store.InviteeRow) {
  return {
    id: i.id,
    kind: i.kind,
    staffUserId: i.staff_user_id,
    representativeId: i.representative_id,
    name: i.name,
    hasEmail: Boolean(i.email),
    organisationName: i.organisation_name,
    professionalRole: i.professional_role,
    partnershipRole: i.partnership_role,
    roleLabel: i.partnership_role ? roleLabel(i.partnership_role) : null,
    seniorLeader: i.partnership_role === 'senior_leader',
    attendance: i.attendance,
    attendanceLabel: i.attendance ? ATTENDANCE_LABELS[i.attendance] : null,
  };
}

/**
 * What the meeting page flags once attendance is recorded: whether the person, or someone speaking for them,
 * was there, and whether a senior leader was. Senior means the partnership role "senior leader" (a director
 * or head of service, who can commit their organisation); a manager runs a team but does not count.
 */
export function attendanceFlags(invitees: readonly Invitee[]) {
  const present = (i: Invitee) => i.attendance === 'present';
  const person = invitees.filter((i) => i.kind === 'person');
  const representatives = invitees.filter((i) => i.kind === 'representative');
  const seniors = invitees.filter((i) => i.seniorLeader);
  return {
    recorded: invitees.some((i) => i.attendance !== null),
    personInvited: person.length > 0,
    personAttended: person.some(present),
    representativeInvited: representatives.length > 0,
    representativeAttended: representatives.some(present),
    seniorLeaderInvited: seniors.length > 0,
    seniorLeaderAttended: seniors.some(present),
  };
}

export type MeetingView = ReturnType<typeof meetingView>;

export function meetingView(
  m: store.MeetingRow,
  inviteeRows: readonly store.InviteeRow[],
  organisations: ReadonlyArray<{ id: string; name: string }>,
) {
  const invitees = inviteeRows.filter((i) => i.meeting_id === m.id).map(inviteeView);
  const startsAt = new Date(m.starts_at);
  const endsAt = new Date(m.ends_at);
  return {
    id: m.id,
    personId: m.person_id,
    kind: m.kind,
    kindLabel: KIND_LABELS[m.kind],
    title: m.title,
    mode: m.mode,
    modeLabel: MODE_LABELS[m.mode],
    location: m.location,
    venueOrganisationId: m.venue_organisation_id,
    venueOrganisationName: organisations.find((o) => o.id === m.venue_organisation_id)?.name ?? null,
    videoLink: m.video_link,
    startsAt,
    endsAt,
    when: formatWhen(startsAt, endsAt),
    status: m.status,
    cancelledReason: m.cancelled_reason,
    agenda: m.agenda,
    seriesId: m.series_id,
    seriesText: m.series_rule ? describeSeries(m.series_rule) : null,
    icalUid: m.ical_uid,
    icalSequence: m.ical_sequence,
    revision: m.revision,
    organiserId: m.organiser_id,
    organiserName: invitees.find((i) => i.staffUserId === m.organiser_id)?.name ?? null,
    updatedAt: new Date(m.updated_at),
    updatedByName: m.updated_by_name,
    invitees,
    flags: attendanceFlags(invitees),
  };
}

async function views(ctx: Ctx, partnershipId: string, rows: readonly store.MeetingRow[]) {
  const [inviteeRows, organisations] = await Promise.all([
    store.invitees(
      ctx.db,
      partnershipId,
      rows.map((m) => m.id),
    ),
    listOrganisations(ctx),
  ]);
  return rows.map((m) => meetingView(m, inviteeRows, organisations));
}

/** One meeting as the actor may see it, with what they may do next. */
export async function meetingPage(ctx: Ctx, id: string) {
  const { meeting, access, actor } = await openMeeting(ctx, id);
  const [view] = await views(ctx, actor.partnershipId, [meeting]);
  let person: Awaited<ReturnType<typeof personHeader>>['person'] | null = null;
  if (meeting.person_id && access) {
    person = (await personHeader(ctx, meeting.person_id)).person;
    await auditMeetingRead(ctx, meeting.person_id, access);
  }
  const now = ctx.clock.now();
  const manage = mayManage(actor, meeting, access);
  const started = new Date(meeting.starts_at).getTime() <= now.getTime();
  return {
    meeting: view!,
    person,
    can: {
      change: manage && meeting.status === 'scheduled' && !started,
      cancel: manage && meeting.status === 'scheduled' && !started,
      attendance: manage && meeting.status !== 'cancelled' && started,
    },
    invited: view!.invitees.some((i) => i.staffUserId === actor.userId),
  };
}

function splitByTime<T extends { startsAt: Date; endsAt: Date }>(items: T[], now: Date) {
  return {
    upcoming: items.filter((m) => m.endsAt.getTime() > now.getTime()),
    past: items.filter((m) => m.endsAt.getTime() <= now.getTime()).reverse(),
  };
}

/** A person's meetings, coming and past (cancelled ones too, marked), for their record. */
export async function personMeetings(ctx: Ctx, personId: string) {
  const actor = staffOnly(ctx);
  const { person, access } = await personHeader(ctx, personId);
  const rows = await store.personMeetings(ctx.db, actor.partnershipId, personId, { includeCancelled: true });
  const items = await views(ctx, actor.partnershipId, rows);
  await auditMeetingRead(ctx, personId, access, 'meetings');
  return {
    person,
    ...splitByTime(items, ctx.clock.now()),
    canSchedule: access.decide('social_care', 'write').allowed,
  };
}

const DAY = 86_400_000;

/**
 * The meetings page: partnership meetings, and meetings about the people on the actor's caseload, from the
 * last four weeks on. Meetings about anyone else are not mentioned, not even counted.
 */
export async function meetingsOverview(ctx: Ctx) {
  const actor = staffOnly(ctx);
  const now = ctx.clock.now();
  const from = new Date(now.getTime() - 28 * DAY);
  const people = await caseload(ctx, null);
  const names = new Map(people.map((p) => [p.id, `${p.given_name} ${p.family_name}`]));
  const [partnershipRows, personRows] = await Promise.all([
    store.partnershipMeetings(ctx.db, actor.partnershipId, { from, includeCancelled: true }),
    store.peopleMeetings(ctx.db, actor.partnershipId, [...names.keys()], { from, includeCancelled: true }),
  ]);
  const rows = [...partnershipRows, ...personRows].sort(
    (a, b) => new Date(a.starts_at).getTime() - new Date(b.starts_at).getTime(),
  );
  const items = (await views(ctx, actor.partnershipId, rows)).map((m) => ({
    ...m,
    personName: m.personId ? (names.get(m.personId) ?? null) : null,
  }));
  await auditShownPeople(ctx, items, 'meetings');
  return {
    ...splitByTime(items, now),
    canSchedulePartnership: mayOrganisePartnershipMeetings(actor),
  };
}

/** Audits one read per person whose meetings a list showed, on the basis that lets the actor open them. */
async function auditShownPeople(ctx: Ctx, items: ReadonlyArray<{ personId: string | null }>, what: string) {
  const shown = [...new Set(items.map((i) => i.personId).filter((p): p is string => p !== null))];
  for (const personId of shown) {
    const access = await openPerson(ctx, personId);
    await auditMeetingRead(ctx, personId, access, what);
  }
}

/** The next four weeks of meetings the actor is invited to, for the home page. */
export async function myUpcomingMeetings(ctx: Ctx, days = 28) {
  const actor = staffOnly(ctx);
  const now = ctx.clock.now();
  const rows = await store.invitedMeetings(ctx.db, actor.partnershipId, actor.userId, {
    from: new Date(now.getTime() - 2 * 3600_000),
    before: new Date(now.getTime() + days * DAY),
  });
  if (!rows.length) return [];
  const people = rows.some((m) => m.person_id) ? await caseload(ctx, null) : [];
  const names = new Map(people.map((p) => [p.id, `${p.given_name} ${p.family_name}`]));
  // Someone taken off a person's care team keeps their invitation but no longer sees the meeting.
  const visible = rows.filter((m) => m.person_id === null || names.has(m.person_id));
  const items = (await views(ctx, actor.partnershipId, visible))
    .filter((m) => m.endsAt.getTime() > now.getTime())
    .map((m) => ({ ...m, personName: m.personId ? (names.get(m.personId) ?? null) : null }));
  await auditShownPeople(ctx, items, 'meetings');
  return items;
}

/** Member organisations with their meeting venue, where one is recorded. */
export async function venueList(ctx: Ctx) {
  const actor = staffOnly(ctx);
  const [organisations, venues] = await Promise.all([
    listOrganisations(ctx),
    store.venues(ctx.db, actor.partnershipId),
  ]);
  return organisations.map((o) => {
    const v = venues.find((x) => x.organisation_id === o.id);
    return {
      id: o.id,
      name: o.name,
      address: v?.address ?? null,
      accessNotes: v?.access_notes ?? '',
      updatedAt: v ? new Date(v.updated_at) : null,
      updatedByName: v?.updated_by_name ?? null,
    };
  });
}
