// Working days in England and Wales: Monday to Friday, less bank holidays. A dispute stage's target is in
// working days, as complaints and safeguarding procedures count them. Bank holidays follow the standing
// rules (Banking and Financial Dealings Act 1971 and the yearly proclamations); a one-off extra holiday
// (a coronation, a jubilee) is not predictable and is not included.

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

/** Easter Sunday (Gregorian), by the anonymous "Meeus/Jones/Butcher" algorithm. */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

function firstMonday(year: number, month: number): Date {
  let d = new Date(Date.UTC(year, month, 1));
  while (d.getUTCDay() !== 1) d = addDays(d, 1);
  return d;
}

function lastMonday(year: number, month: number): Date {
  let d = new Date(Date.UTC(year, month + 1, 0));
  while (d.getUTCDay() !== 1) d = addDays(d, -1);
  return d;
}

const cache = new Map<number, Set<string>>();

/** England and Wales bank holidays in a year, as YYYY-MM-DD, with substitute days for weekends. */
export function bankHolidays(year: number): Set<string> {
  const known = cache.get(year);
  if (known) return known;
  const days: Date[] = [];
  // A holiday on a weekend moves to the next weekday not already a holiday.
  const substitute = (date: Date) => {
    let d = date;
    while (isWeekend(d) || days.some((x) => x.getTime() === d.getTime())) d = addDays(d, 1);
    days.push(d);
  };
  substitute(new Date(Date.UTC(year, 0, 1)));
  const easter = easterSunday(year);
  days.push(addDays(easter, -2), addDays(easter, 1));
  days.push(firstMonday(year, 4), lastMonday(year, 4), lastMonday(year, 7));
  substitute(new Date(Date.UTC(year, 11, 25)));
  substitute(new Date(Date.UTC(year, 11, 26)));
  const set = new Set(days.map(iso));
  cache.set(year, set);
  return set;
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
