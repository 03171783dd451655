import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeRule,
  FREQUENCIES,
  frequencyOf,
  nextDue,
  nextOccurrence,
  nextOccurrenceByLibrary,
  occurrences,
  ruleFor,
} from './recurrence.ts';

describe('recurrence', () => {
  it('monthly from the 31st falls on the last day of shorter months', () => {
    expect(occurrences(ruleFor('monthly', '2026-01-31'), '2026-01-31', 4)).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
    ]);
  });

  it('monthly from the 30th keeps the 30th and uses 28 February', () => {
    expect(occurrences(ruleFor('monthly', '2026-01-30'), '2026-01-30', 3)).toEqual([
      '2026-01-30',
      '2026-02-28',
      '2026-03-30',
    ]);
  });

  it('monthly from the 29th in a leap year uses 29 February', () => {
    expect(occurrences(ruleFor('monthly', '2028-01-29'), '2028-01-29', 3)).toEqual([
      '2028-01-29',
      '2028-02-29',
      '2028-03-29',
    ]);
  });

  it('yearly from 29 February falls on 28 February in other years', () => {
    expect(occurrences(ruleFor('yearly', '2024-02-29'), '2024-02-29', 3)).toEqual([
      '2024-02-29',
      '2025-02-28',
      '2026-02-28',
    ]);
  });

  it('weekly stays on the same weekday across the October and March clock changes', () => {
    // British Summer Time ends on 25 October 2026 and starts on 28 March 2027.
    const autumn = occurrences(ruleFor('weekly', '2026-10-21'), '2026-10-21', 3);
    expect(autumn).toEqual(['2026-10-21', '2026-10-28', '2026-11-04']);
    const spring = occurrences(ruleFor('weekly', '2027-03-24'), '2027-03-24', 3);
    expect(spring).toEqual(['2027-03-24', '2027-03-31', '2027-04-07']);
    for (const d of [...autumn, ...spring]) expect(new Date(`${d}T12:00:00Z`).getUTCDay()).toBe(3);
  });

  it('daily has one occurrence per calendar day through the clock change', () => {
    expect(occurrences(ruleFor('daily', '2026-10-24'), '2026-10-24', 3)).toEqual([
      '2026-10-24',
      '2026-10-25',
      '2026-10-26',
    ]);
  });

  it('fortnightly is every two weeks and reads back as fortnightly', () => {
    const rule = ruleFor('fortnightly', '2026-11-08');
    expect(occurrences(rule, '2026-11-08', 3)).toEqual(['2026-11-08', '2026-11-22', '2026-12-06']);
    expect(frequencyOf(rule)).toBe('fortnightly');
    expect(describeRule(rule)).toBe('every 2 weeks');
  });

  it('the next due date follows the day it was last done', () => {
    const rule = ruleFor('yearly', '2026-12-09');
    expect(
      nextDue({ recurrence: rule, due_on: null, last_done_on: null, starts_on: '2026-12-09' }, '2026-11-25'),
    ).toBe('2026-12-09');
    expect(
      nextDue(
        { recurrence: rule, due_on: null, last_done_on: '2026-12-09', starts_on: '2026-12-09' },
        '2026-12-10',
      ),
    ).toBe('2027-12-09');
    expect(
      nextDue({ recurrence: null, due_on: '2027-01-05', last_done_on: null, starts_on: null }, '2026-12-10'),
    ).toBe('2027-01-05');
  });
  it('doing a repeating action early completes the coming occurrence, so the next one is due after it', () => {
    const rule = ruleFor('yearly', '2026-12-09');
    const early = {
      recurrence: rule,
      due_on: '2026-12-09',
      last_done_on: '2026-11-25',
      starts_on: '2026-12-09',
    };
    expect(nextDue(early, '2026-11-25')).toBe('2027-12-09');
  });

  it('gives the library’s next occurrence for every frequency, start and day asked (the daily and weekly shortcut included)', () => {
    const day = fc
      .integer({ min: 0, max: 365 * 12 })
      .map((n) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.constantFrom(...FREQUENCIES), day, day, (frequency, startsOn, from) => {
        const rule = ruleFor(frequency, startsOn);
        expect(nextOccurrence(rule, from)).toBe(nextOccurrenceByLibrary(rule, from));
      }),
      { numRuns: 2000 },
    );
  });
});
