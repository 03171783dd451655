// Meetings happen at a wall-clock time in England: "10am on Wednesday" stays 10am whether the clocks have
// gone forward or back. Times are typed and shown in Europe/London and stored as UTC instants.
import { DateTime } from 'luxon';

export const LONDON = 'Europe/London';

export interface ClockTime {
  hour: number;
  minute: number;
}

/**
 * Reads a time as people type it: "14:30", "9:30", "0930", "2pm", "2.30pm", "12 noon", "midday". GOV.UK style
 * shows times as "2:30pm"; the 24-hour clock is accepted too, since many NHS staff write it that way.
 */
export function parseClockTime(input: string): ClockTime | null {
  const text = input.trim().toLowerCase().replace(/\s+/g, '');
  if (text === 'midday' || text === 'noon' || text === '12noon') return { hour: 12, minute: 0 };
  const twelve = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm)$/.exec(text);
  if (twelve) {
    const hour = Number(twelve[1]);
    const minute = Number(twelve[2] ?? '0');
    if (hour < 1 || hour > 12 || minute > 59) return null;
    return { hour: (hour % 12) + (twelve[3] === 'pm' ? 12 : 0), minute };
  }
  const full = /^(\d{1,2})[:.]?(\d{2})$/.exec(text);
  if (full) {
    const hour = Number(full[1]);
    const minute = Number(full[2]);
    if (hour > 23 || minute > 59) return null;
    return { hour, minute };
  }
  return null;
}

export function minutesOf(t: ClockTime): number {
  return t.hour * 60 + t.minute;
}

/**
 * The instant of a London date and time, or null when that time does not exist on that day (the hour the
 * clocks skip in March). In the hour repeated in October the earlier (BST) instant is taken.
 */
export function londonInstant(date: string, time: ClockTime): Date | null {
  const [year, month, day] = date.split('-').map(Number);
  const dt = DateTime.fromObject(
    { year: year!, month: month!, day: day!, hour: time.hour, minute: time.minute },
    { zone: LONDON },
  );
  if (!dt.isValid || dt.hour !== time.hour || dt.minute !== time.minute) return null;
  return dt.toJSDate();
}

/** The London calendar date and 24-hour time of an instant: "2026-12-02", "10:00". */
export function londonParts(at: Date): { date: string; time: string } {
  const dt = DateTime.fromJSDate(at, { zone: LONDON });
  return { date: dt.toFormat('yyyy-LL-dd'), time: dt.toFormat('HH:mm') };
}

/** A time as GOV.UK writes it: "10am", "2:30pm", "midday", "midnight". */
export function formatClock(at: Date): string {
  const dt = DateTime.fromJSDate(at, { zone: LONDON });
  if (dt.hour === 12 && dt.minute === 0) return 'midday';
  if (dt.hour === 0 && dt.minute === 0) return 'midnight';
  const hour = dt.hour % 12 === 0 ? 12 : dt.hour % 12;
  const minutes = dt.minute ? `:${String(dt.minute).padStart(2, '0')}` : '';
  return `${hour}${minutes}${dt.hour < 12 ? 'am' : 'pm'}`;
}

/** "Wednesday 2 December 2026, 10am to 11:30am" */
export function formatWhen(startsAt: Date, endsAt: Date): string {
  const day = DateTime.fromJSDate(startsAt, { zone: LONDON }).setLocale('en-GB').toFormat('cccc d LLLL yyyy');
  return `${day}, ${formatClock(startsAt)} to ${formatClock(endsAt)}`;
}
