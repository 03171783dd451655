// Working days in England: Monday to Friday, less bank holidays. A dispute stage's target is in working
// days, as complaints and safeguarding procedures count them. The bank holidays come from a kept calendar
// (date-holidays, GB-ENG) rather than rules of our own: the standing rules (Banking and Financial Dealings
// Act 1971) are moved and added to by proclamation (VE Day 2020, the Jubilee, the State Funeral, the
// Coronation), and only a calendar that someone keeps up to date knows those.
import Holidays from 'date-holidays';

function utc(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

function isWeekend(date: Date): boolean {
  const day = date.getUTCDay();
  return day === 0 || day === 6;
}

let england: Holidays | undefined;
const cache = new Map<number, Set<string>>();

/**
 * England's bank holidays in a year, as YYYY-MM-DD, substitute days included. A holiday that falls at a
 * weekend is left out, as GOV.UK lists it: its substitute weekday is the day off.
 */
export function bankHolidays(year: number): Set<string> {
  const known = cache.get(year);
  if (known) return known;
  england ??= new Holidays('GB', 'ENG');
  const days = new Set(
    england
      .getHolidays(year)
      // Observances (Mother's Day) and the like are not days off.
      .filter((h) => h.type === 'public')
      .map((h) => h.date.slice(0, 10))
      .filter((day) => !isWeekend(utc(day)))
      .sort(),
  );
  cache.set(year, days);
  return days;
}

export function isWorkingDay(date: string): boolean {
  const d = utc(date);
  return !isWeekend(d) && !bankHolidays(d.getUTCFullYear()).has(date);
}

/** The date `n` working days after `date` (the day itself does not count). */
export function addWorkingDays(date: string, n: number): string {
  let d = utc(date);
  let counted = 0;
  while (counted < n) {
    d = addDays(d, 1);
    if (isWorkingDay(iso(d))) counted++;
  }
  return iso(d);
}

/** Working days after `from` up to and including `to`; 0 when `to` is not after `from`. */
export function workingDaysBetween(from: string, to: string): number {
  let d = utc(from);
  const end = utc(to);
  let counted = 0;
  while (d.getTime() < end.getTime()) {
    d = addDays(d, 1);
    if (isWorkingDay(iso(d))) counted++;
  }
  return counted;
}
