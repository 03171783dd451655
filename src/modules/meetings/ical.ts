// iCalendar (RFC 5545) for meetings, made by ical-generator: one VEVENT per occurrence with its stable UID,
// SEQUENCE raised on every change, times with TZID=Europe/London and the zone's VTIMEZONE (from the IANA
// database, through timezones-ical-library), METHOD:REQUEST for an invitation and METHOD:CANCEL with
// STATUS:CANCELLED for a cancellation (RFC 5546), PUBLISH for a calendar feed.
//
// What an invitation may carry about the person (an information governance choice): their initials, never
// their name; the arrangements that make the meeting accessible to them (from their communication needs),
// never the agenda, the reason for a cancellation or anything clinical. Those stay in JoinedUp behind
// sign-in and the sharing rules. Staff copies list staff attendees only; the person's and a
// representative's own copy adds them.
import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { LONDON } from './time.ts';

export type IcsMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

export interface IcsEvent {
  uid: string;
  sequence: number;
  cancelled: boolean;
  summary: string;
  description: string;
  location: string | null;
  /** The video call link. */
  url: string | null;
  startsAt: Date;
  endsAt: Date;
  /** When this version of the meeting was made: DTSTAMP and LAST-MODIFIED. */
  stamp: Date;
  created: Date;
  organiser: { name: string; email: string };
  attendees: ReadonlyArray<{ name: string; email: string }>;
}

function vtimezone(zone: string): string | null {
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) ? (block[0] ?? null) : null;
}

const METHODS: Record<IcsMethod, ICalCalendarMethod> = {
  REQUEST: ICalCalendarMethod.REQUEST,
  CANCEL: ICalCalendarMethod.CANCEL,
  PUBLISH: ICalCalendarMethod.PUBLISH,
};

/** A calendar of meetings. Times go in as luxon DateTimes so the London wall-clock time is written exactly. */
export function icsCalendar(method: IcsMethod, events: readonly IcsEvent[], name?: string): string {
  const calendar = ical({
    prodId: { company: 'JoinedUp', product: 'Meetings', language: 'EN' },
    method: METHODS[method],
    // No calendar-wide zone (it would write DTSTAMP in local time, which RFC 5545 forbids): each event
    // names Europe/London, and the generator adds that zone's VTIMEZONE once.
    timezone: { name: null, generator: vtimezone },
    ...(name ? { name } : {}),
  });
  for (const e of events) {
    calendar.createEvent({
      id: e.uid,
      sequence: e.sequence,
      timezone: LONDON,
      start: DateTime.fromJSDate(e.startsAt, { zone: LONDON }),
      end: DateTime.fromJSDate(e.endsAt, { zone: LONDON }),
      stamp: DateTime.fromJSDate(e.stamp, { zone: 'utc' }),
      created: DateTime.fromJSDate(e.created, { zone: 'utc' }),
      lastModified: DateTime.fromJSDate(e.stamp, { zone: 'utc' }),
      summary: e.summary,
      description: e.description,
      location: e.location,
      url: e.url,
      status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      organizer: { name: e.organiser.name, email: e.organiser.email },
      attendees: e.attendees.map((a) => ({
        name: a.name,
        email: a.email,
        role: ICalAttendeeRole.REQ,
        status: ICalAttendeeStatus.NEEDSACTION,
        rsvp: false,
      })),
    });
  }
  return calendar.toString();
}
