// Repeating meetings: an RFC 5545 RRULE over calendar dates (so that each meeting keeps its London time
// across clock changes), capped so that nobody books a year of meetings by mistake, and the venue taking
// turns across member organisations.
import rruleLib from 'rrule';
import { ruleFor } from '../careplans/index.ts';

const { RRule } = rruleLib;

/** At most half a year of weekly meetings in one go; a series can be extended by scheduling another. */
export const SERIES_CAP = 26;

export const REPEATS = ['none', 'weekly', 'fortnightly', 'monthly'] as const;
export type Repeat = (typeof REPEATS)[number];

export type SeriesEnd = { count: number } | { until: string };

function midnight(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/**
 * The series' rule and its dates, up to one past the cap (so an end date that gives too many can be told
 * apart from one that gives exactly the cap). A monthly series from the 31st falls on the last day of
 * shorter months, as the care plan's repeating actions do (the same rule builder).
 */
export function seriesDates(
  repeat: Exclude<Repeat, 'none'>,
  firstDate: string,
  end: SeriesEnd,
): { rule: string; dates: string[] } {
  const base = RRule.fromString(ruleFor(repeat, firstDate));
  const options = { ...base.origOptions };
  if ('count' in end) options.count = end.count;
  else options.until = midnight(end.until);
  const rule = new RRule(options);
  const dates = rule.all((_, i) => i <= SERIES_CAP).map((d) => d.toISOString().slice(0, 10));
  return { rule: rule.toString(), dates };
}

/** Plain words for a series' rule: "every week for 10 times", "every month until 30 June 2027". */
export function describeSeries(rule: string): string {
  return RRule.fromString(rule).toText();
}

/** Each occurrence's host in turn: with hosts A, B and C, five meetings are at A, B, C, A, B. */
export function rotation<T>(hosts: readonly T[], occurrences: number): T[] {
  if (!hosts.length) return [];
  return Array.from({ length: occurrences }, (_, i) => hosts[i % hosts.length]!);
}
