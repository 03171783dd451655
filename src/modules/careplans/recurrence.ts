// When a recurring action is next due. Recurrence is an RFC 5545 RRULE (through the rrule library), applied
// to calendar dates: a due date is a day in England, not an instant, so clock changes cannot move it.
import rruleLib from 'rrule';

const { RRule } = rruleLib;

export const FREQUENCIES = ['yearly', 'monthly', 'fortnightly', 'weekly', 'daily'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

const FREQ = {
  yearly: RRule.YEARLY,
  monthly: RRule.MONTHLY,
  fortnightly: RRule.WEEKLY,
  weekly: RRule.WEEKLY,
  daily: RRule.DAILY,
} as const;

/** Dates are handled as midnight UTC "floating" dates, as the rrule library recommends. */
function toDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function toIso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function isLastDayOfMonth(iso: string): boolean {
  const d = toDate(iso);
  const next = new Date(d.getTime() + 86_400_000);
  return next.getUTCMonth() !== d.getUTCMonth();
}

/**
 * The RRULE for "every <frequency> from <start>". A monthly rule started on the 29th–31st falls on the last
 * day of shorter months (BYMONTHDAY with BYSETPOS=-1) rather than skipping them, as RFC 5545 would for a
 * plain BYMONTHDAY=31: nobody expects a monthly visit to miss February.
 */
export function ruleFor(frequency: Frequency, startsOn: string): string {
  const start = toDate(startsOn);
  const interval = frequency === 'fortnightly' ? 2 : 1;
  const options: Partial<ConstructorParameters<typeof RRule>[0]> = {
    freq: FREQ[frequency],
    interval,
    dtstart: start,
  };
  if (frequency === 'monthly') {
    const day = start.getUTCDate();
    if (isLastDayOfMonth(startsOn)) options.bymonthday = [-1];
    else if (day > 28) {
      // The 29th or 30th, or the month's last day when it has fewer.
      options.bymonthday = Array.from({ length: day - 27 }, (_, i) => 28 + i);
      options.bysetpos = [-1];
    }
  }
  if (frequency === 'yearly' && startsOn.slice(5) === '02-29') {
    // A yearly action started on 29 February falls on the 28th in other years.
    options.bymonth = [2];
    options.bymonthday = [28, 29];
    options.bysetpos = [-1];
  }
  return new RRule(options).toString();
}

// Pages ask for many next-due dates of few distinct rules; parsing is most of the cost of a short rule.
const parsed = new Map<string, InstanceType<typeof RRule>>();
const PARSED_KEPT = 2000;

export function parseRule(rule: string): InstanceType<typeof RRule> {
  let r = parsed.get(rule);
  if (!r) {
    r = RRule.fromString(rule);
    if (parsed.size >= PARSED_KEPT) parsed.clear();
    parsed.set(rule, r);
  }
  return r;
}

const DAY_MS = 86_400_000;

/**
 * A plain daily or weekly rule (no COUNT, UNTIL or BY parts: what ruleFor makes for daily, weekly and
 * fortnightly) repeats every `interval` days or weeks from its start, so its next occurrence is arithmetic.
 * The library walks every occurrence from the start instead, which for a daily action begun years ago is
 * thousands of steps on every page that shows it. recurrence.test.ts checks this against the library.
 */
function plainStepDays(r: InstanceType<typeof RRule>): number | null {
  const o = r.origOptions;
  const keys = Object.keys(o).filter(
    (k) => o[k as keyof typeof o] !== undefined && o[k as keyof typeof o] !== null,
  );
  if (keys.some((k) => !['freq', 'interval', 'dtstart'].includes(k)) || !o.dtstart) return null;
  const interval = o.interval ?? 1;
  if (o.freq === RRule.DAILY) return interval;
  if (o.freq === RRule.WEEKLY) return 7 * interval;
  return null;
}

/** The first occurrence on or after `from` (a London date), or null when the rule has ended. */
export function nextOccurrence(rule: string, from: string): string | null {
  const r = parseRule(rule);
  const step = plainStepDays(r);
  const start = r.origOptions.dtstart;
  if (step !== null && start) {
    const days = Math.round((toDate(from).getTime() - start.getTime()) / DAY_MS);
    const steps = days <= 0 ? 0 : Math.ceil(days / step);
    return toIso(new Date(start.getTime() + steps * step * DAY_MS));
  }
  const next = r.after(toDate(from), true);
  return next ? toIso(next) : null;
}

/** The library's own answer, without the shortcut: for the test that holds the shortcut to it. */
export function nextOccurrenceByLibrary(rule: string, from: string): string | null {
  const next = RRule.fromString(rule).after(toDate(from), true);
  return next ? toIso(next) : null;
}

/** The next `count` occurrences on or after `from`. */
export function occurrences(rule: string, from: string, count: number): string[] {
  const r = parseRule(rule);
  const out: string[] = [];
  let cursor: Date | null = toDate(from);
  let inclusive = true;
  while (cursor && out.length < count) {
    const next: Date | null = r.after(cursor, inclusive);
    if (!next) break;
    out.push(toIso(next));
    cursor = next;
    inclusive = false;
  }
  return out;
}

/** Plain words for a rule: "every week", "every month", for the plan and the person's easy-read view. */
export function describeRule(rule: string): string {
  return parseRule(rule).toText();
}

export function frequencyOf(rule: string): Frequency | null {
  const { freq, interval } = parseRule(rule).options;
  if (freq === RRule.WEEKLY) return interval === 2 ? 'fortnightly' : interval === 1 ? 'weekly' : null;
  const found = (Object.entries(FREQ) as Array<[Frequency, number]>).find(([, f]) => f === freq);
  return found ? found[0] : null;
}

/**
 * When an action is next due on `today`: a one-off action's due date; a recurring action's next occurrence
 * after the occurrence last completed (kept in `due_on` for a repeating action) and the day it was last done,
 * or from its start. Doing this year's health check a fortnight early still completes this year's.
 */
export function nextDue(
  action: {
    due_on: string | null;
    recurrence: string | null;
    last_done_on: string | null;
    starts_on: string | null;
  },
  today: string,
): string | null {
  if (!action.recurrence) return action.due_on;
  const done = [action.last_done_on, action.due_on]
    .filter((d): d is string => Boolean(d))
    .sort()
    .at(-1);
  const from = done ? toIso(new Date(toDate(done).getTime() + 86_400_000)) : (action.starts_on ?? today);
  return nextOccurrence(action.recurrence, from);
}
