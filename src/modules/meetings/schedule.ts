// Scheduling a meeting or a series: who it is for, when (a London wall-clock time on each date of the
// series), where (a typed address, a member organisation's venue, or venues taking turns) and who is
// invited (staff, the person, their representatives). Invitations go out in the same transaction.
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { record } from '../../audit/index.ts';
import type { Ctx, StaffActor } from '../../context.ts';
import { type FieldError, Invalid, Refused } from '../../errors.ts';
import { requirePersonAccess } from '../../policy/index.ts';
import type { MeetingInviteeTable, MeetingKind, MeetingTable } from '../../storage/tables.ts';
import { personRecord } from '../people/index.ts';
import { arrangementsOf, invitationContext, sendInvitations } from './invitations.ts';
import { KIND_LABELS, PARTNERSHIP_KINDS, PERSON_KINDS, type ScheduleInput } from './schema.ts';
import { rotation, SERIES_CAP, seriesDates } from './series.ts';
import { initialsOf, mayOrganisePartnershipMeetings, staffOnly, venueList } from './service.ts';
import * as store from './store.ts';
import { type ClockTime, londonInstant, londonParts } from './time.ts';

export type PersonRecord = Awaited<ReturnType<typeof personRecord>>;

/** Who may be invited to a meeting, and what each invitation needs. */
export interface InviteeChoice {
  kind: MeetingInviteeTable['kind'];
  staffUserId: string | null;
  representativeId: string | null;
  name: string;
  email: string | null;
}

/** The person's record as the organiser may see it, for a meeting about them; refused unless they may write. */
export async function personForMeeting(ctx: Ctx, personId: string): Promise<PersonRecord> {
  await requirePersonAccess(ctx, personId, 'social_care', 'write', 'meeting');
  return personRecord(ctx, personId);
}

export function checkKind(kind: MeetingKind, forPerson: boolean): void {
  const allowed: readonly MeetingKind[] = forPerson ? PERSON_KINDS : PARTNERSHIP_KINDS;
  if (!allowed.includes(kind)) {
    throw new Invalid([
      {
        field: 'kind',
        message: forPerson
          ? 'Select a kind of meeting about a person: planning, review, case review or phone check-in'
          : 'Select a kind of partnership meeting: partnership board or joint briefing',
      },
    ]);
  }
}

/**
 * Calendars and emails name the person by their initials only (see ical.ts), so the title must not carry
 * their name: it would travel into every invitee's calendar, synced to phones and shared diaries.
 */
export function checkTitle(title: string, person: PersonRecord['person'] | null): void {
  if (!person) return;
  const tokens = (text: string) =>
    text
      .toLowerCase()
      .split(/[^\p{L}]+/u)
      .filter((w) => w.length > 1);
  const words = new Set(tokens(title));
  const names = [person.givenName, person.familyName, person.preferredName ?? ''].flatMap(tokens);
  if (names.some((n) => words.has(n))) {
    throw new Invalid([
      {
        field: 'title',
        message: `Leave ${person.givenName}’s name out of the title: invitations and calendars show their initials instead`,
      },
    ]);
  }
}

/** Staff, the person and representatives the organiser chose, checked against who may be invited. */
export async function chooseInvitees(
  ctx: Ctx,
  actor: StaffActor,
  input: { staffIds: string[]; invitePerson: boolean; representativeIds: string[] },
  person: PersonRecord | null,
  organiserId: string,
): Promise<InviteeChoice[]> {
  const errors: FieldError[] = [];
  // The organiser is always invited: they send the invitations and answer questions about the meeting.
  const staffIds = [...new Set([organiserId, ...input.staffIds])];
  const staff = await store.staff(ctx.db, actor.partnershipId, staffIds);
  if (staff.length !== staffIds.length) {
    errors.push({ field: 'staffIds', message: 'Select active members of staff from the list' });
  }
  if (person) {
    const team = new Set(person.careTeam.map((m) => m.staff_user_id).filter(Boolean));
    const outside = input.staffIds.filter((id) => id !== organiserId && !team.has(id));
    if (outside.length) {
      errors.push({
        field: 'staffIds',
        message: `Select people on ${person.person.givenName}’s care team: add anyone else to the care team first`,
      });
    }
  } else if (input.invitePerson || input.representativeIds.length) {
    errors.push({ field: 'staffIds', message: 'A partnership meeting is for staff only' });
  }
  const representatives = person?.representatives.data ?? [];
  if (input.representativeIds.some((id) => !representatives.some((r) => r.id === id))) {
    errors.push({
      field: 'representativeIds',
      message: person?.representatives.decision.allowed
        ? 'Select representatives from the list'
        : 'You cannot see this person’s representatives, so you cannot invite them',
    });
  }
  if (errors.length) throw new Invalid(errors);
  const chosen: InviteeChoice[] = staff.map((s) => ({
    kind: 'staff',
    staffUserId: s.id,
    representativeId: null,
    name: s.name,
    email: s.email,
  }));
  if (person && input.invitePerson) {
    chosen.push({
      kind: 'person',
      staffUserId: null,
      representativeId: null,
      name: `${person.person.givenName} ${person.person.familyName}`,
      // An email address is used only if the organiser may see the person's contact details.
      email: person.contact.data?.email ?? null,
    });
  }
  for (const r of representatives.filter((x) => input.representativeIds.includes(x.id))) {
    chosen.push({
      kind: 'representative',
      staffUserId: null,
      representativeId: r.id,
      name: r.name,
      email: r.email,
    });
  }
  return chosen;
}

/** Where each occurrence is held: a typed address, one organisation's venue, or venues taking turns. */
export async function placeFor(
  ctx: Ctx,
  actor: StaffActor,
  input: {
    mode: MeetingTable['mode'];
    venueOrganisationId: string | null;
    location: string | null;
    rotationOrganisationIds?: string[];
  },
  occurrences: number,
): Promise<Array<{ location: string | null; venueOrganisationId: string | null }>> {
  if (input.mode === 'virtual')
    return Array.from({ length: occurrences }, () => ({ location: null, venueOrganisationId: null }));
  const venues = await store.venues(ctx.db, actor.partnershipId);
  const venueOf = (id: string) => venues.find((v) => v.organisation_id === id);
  const hosts = input.rotationOrganisationIds ?? [];
  if (hosts.length) {
    const missing = hosts.filter((id) => !venueOf(id));
    if (missing.length) {
      throw new Invalid([
        {
          field: 'rotationOrganisationIds',
          message:
            'Select organisations with a meeting venue recorded: add their venue on the meeting venues page first',
        },
      ]);
    }
    return rotation(hosts, occurrences).map((id) => ({
      location: venueOf(id)!.address,
      venueOrganisationId: id,
    }));
  }
  if (input.venueOrganisationId) {
    const venue = venueOf(input.venueOrganisationId);
    if (!venue) {
      throw new Invalid([
        {
          field: 'venueOrganisationId',
          message: 'Select an organisation with a meeting venue recorded, or enter the address',
        },
      ]);
    }
    return Array.from({ length: occurrences }, () => ({
      location: venue.address,
      venueOrganisationId: input.venueOrganisationId,
    }));
  }
  return Array.from({ length: occurrences }, () => ({ location: input.location, venueOrganisationId: null }));
}

/** The start and end instants of a meeting on a London date; refused in the hour the clocks skip. */
export function instantsOn(date: string, start: ClockTime, end: ClockTime): { startsAt: Date; endsAt: Date } {
  const startsAt = londonInstant(date, start);
  const endsAt = londonInstant(date, end);
  if (!startsAt || !endsAt) {
    throw new Invalid([
      {
        field: startsAt ? 'endTime' : 'startTime',
        message: `The clocks go forward on ${date.split('-').reverse().join('/')}, so that time does not exist: choose another`,
      },
    ]);
  }
  return { startsAt, endsAt };
}

/** The dates of every occurrence: the one date, or the series' dates (refused past the cap). */
function datesFor(input: ScheduleInput): { dates: string[]; rule: string | null } {
  if (input.repeat === 'none') return { dates: [input.date], rule: null };
  const end =
    input.repeatEnd === 'count' ? { count: input.count ?? 2 } : { until: input.until ?? input.date };
  const { rule, dates } = seriesDates(input.repeat, input.date, end);
  if (dates.length > SERIES_CAP) {
    throw new Invalid([
      {
        field: 'until',
        message: `That end date gives more than ${SERIES_CAP} meetings: a series can have at most ${SERIES_CAP}. Choose an earlier date`,
      },
    ]);
  }
  if (dates.length < 2) {
    throw new Invalid([
      { field: 'until', message: 'That end date gives only one meeting: choose a later date, or no repeat' },
    ]);
  }
  return { dates, rule };
}

/** One occurrence's row: every occurrence is its own meeting with its own UID. */
function occurrenceRow(
  ctx: Ctx,
  actor: StaffActor,
  input: ScheduleInput,
  o: {
    startsAt: Date;
    endsAt: Date;
    location: string | null;
    venueOrganisationId: string | null;
    title: string;
    seriesId: string | null;
    rule: string | null;
  },
): Insertable<MeetingTable> {
  const id = randomUUID();
  const now = ctx.clock.now();
  return {
    partnership_id: actor.partnershipId,
    id,
    person_id: input.personId,
    kind: input.kind,
    title: o.title,
    mode: input.mode,
    location: o.location,
    venue_organisation_id: o.venueOrganisationId,
    video_link: input.mode === 'face_to_face' ? null : input.videoLink,
    starts_at: o.startsAt,
    ends_at: o.endsAt,
    series_id: o.seriesId,
    series_rule: o.rule,
    agenda: input.agenda,
    ical_uid: `${id}@joinedup`,
    organiser_id: actor.userId,
    created_at: now,
    updated_at: now,
    updated_by_name: actor.name,
  };
}

/** The invitee rows for one meeting, attendance not yet recorded. */
export function inviteeRows(
  partnershipId: string,
  meetingId: string,
  invitees: readonly InviteeChoice[],
): Insertable<MeetingInviteeTable>[] {
  return invitees.map((i) => ({
    partnership_id: partnershipId,
    meeting_id: meetingId,
    id: randomUUID(),
    kind: i.kind,
    staff_user_id: i.staffUserId,
    representative_id: i.representativeId,
    name: i.name,
    email: i.email,
    attendance: null,
  }));
}

export async function scheduleMeeting(
  ctx: Ctx,
  input: ScheduleInput,
  options: { appUrl: string },
): Promise<{ id: string; ids: string[]; seriesId: string | null }> {
  const actor = staffOnly(ctx);
  const person = input.personId ? await personForMeeting(ctx, input.personId) : null;
  if (!person && !mayOrganisePartnershipMeetings(actor)) {
    throw new Refused(
      ['Only managers, senior leaders and administrators schedule partnership meetings.'],
      'a manager in your organisation',
    );
  }
  checkKind(input.kind, person !== null);
  const title = input.title ?? KIND_LABELS[input.kind];
  checkTitle(title, person?.person ?? null);
  const { dates, rule } = datesFor(input);
  const times = dates.map((d) => instantsOn(d, input.startTime, input.endTime));
  if (times[0]!.startsAt.getTime() <= ctx.clock.now().getTime()) {
    throw new Invalid([{ field: 'date', message: 'The meeting must start in the future' }]);
  }
  const places = await placeFor(ctx, actor, input, dates.length);
  const invitees = await chooseInvitees(ctx, actor, input, person, actor.userId);
  const seriesId = rule ? randomUUID() : null;
  const rows = times.map((t, i) =>
    occurrenceRow(ctx, actor, input, { ...t, ...places[i]!, title, seriesId, rule }),
  );
  await store.insertMeetings(ctx.db, rows);
  await store.insertInvitees(
    ctx.db,
    rows.flatMap((m) => inviteeRows(actor.partnershipId, m.id, invitees)),
  );
  const ids = rows.map((r) => r.id);
  const ic = await invitationContext(ctx, actor.partnershipId, person, options.appUrl);
  await sendInvitations(
    ctx,
    'meeting_invitation',
    await store.meetingsByIds(ctx.db, actor.partnershipId, ids),
    ic,
    person ? { personName: `${person.person.givenName} ${person.person.familyName}` } : {},
  );
  await record(ctx, {
    action: 'meeting.schedule',
    entityType: 'meeting',
    entityId: ids[0]!,
    ...(input.personId ? { personId: input.personId } : {}),
    detail: {
      kind: input.kind,
      occurrences: ids.length,
      seriesId,
      first: londonParts(times[0]!.startsAt),
      invitees: {
        staff: invitees.filter((i) => i.kind === 'staff').length,
        person: input.invitePerson,
        representatives: input.representativeIds.length,
      },
    },
  });
  return { id: ids[0]!, ids, seriesId };
}

/** What the schedule (or change) form offers: kinds, venues, whom to invite and the person's arrangements. */
export async function scheduleFormData(ctx: Ctx, personId: string | null) {
  const actor = staffOnly(ctx);
  const venues = await venueList(ctx);
  if (!personId) {
    if (!mayOrganisePartnershipMeetings(actor)) {
      throw new Refused(
        ['Only managers, senior leaders and administrators schedule partnership meetings.'],
        'a manager in your organisation',
      );
    }
    const staff = await store.staff(ctx.db, actor.partnershipId);
    return {
      person: null,
      kinds: PARTNERSHIP_KINDS,
      venues,
      staff: staff.map((s) => ({
        id: s.id,
        name: s.name,
        description: `${s.professional_role}, ${s.organisation_name}`,
      })),
      representatives: null,
      personHasEmail: null,
      arrangements: null,
    };
  }
  const record = await personForMeeting(ctx, personId);
  const { givenName, familyName, preferredName } = record.person;
  const comm = record.communication.decision.allowed ? record.communication.data : null;
  return {
    person: record.person,
    kinds: PERSON_KINDS,
    venues,
    staff: record.careTeam
      .filter((m) => m.staff_user_id)
      .map((m) => ({
        id: m.staff_user_id!,
        name: m.staff_name ?? '',
        description: `${m.professional_role ?? ''}, ${m.organisation_name}${m.role_in_team ? `: ${m.role_in_team}` : ''}`,
      })),
    representatives: record.representatives.decision.allowed ? record.representatives.data : null,
    personHasEmail: record.contact.decision.allowed ? Boolean(record.contact.data?.email) : null,
    arrangements: comm
      ? arrangementsOf(comm, [givenName, familyName, preferredName ?? ''], initialsOf(givenName, familyName))
      : null,
  };
}
