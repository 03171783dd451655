import { describe, expect, it } from 'vitest';
import {
  dateInWords,
  documentLines,
  howOftenInWords,
  type PersonPlanSource,
  personFormatFor,
  personPlan,
  sentences,
  whatHappens,
} from './person-view.ts';
import { ruleFor } from './recurrence.ts';
import type { PlanAction } from './service.ts';

function action(overrides: Partial<PlanAction>): PlanAction {
  return {
    id: 'a1',
    outcomeId: 'o1',
    what: 'Something',
    kind: 'other',
    category: 'social_care',
    leadStaffId: 's1',
    leadName: 'Priya Shah',
    leadRole: 'Volunteer coordinator',
    leadOrganisationId: 'org1',
    leadOrganisationName: 'Friends Together',
    supportingOrganisationIds: [],
    startsOn: null,
    dueOn: null,
    recurrence: null,
    recurrenceText: null,
    status: 'planned',
    stoppedReason: null,
    lastDoneOn: null,
    nextDue: null,
    overdue: false,
    revision: 1,
    ...overrides,
  };
}

const weekly = action({
  what: 'Weekly social engagement: a volunteer goes with John to the allotment group',
  kind: 'social_engagement',
  startsOn: '2026-09-02',
  recurrence: ruleFor('weekly', '2026-09-02'),
});

function source(overrides: Partial<PersonPlanSource> = {}): PersonPlanSource {
  return {
    person: { givenName: 'John', familyName: 'Carter', preferredName: null },
    plan: { status: 'agreed', nextReviewOn: '2027-11-25' },
    outcomesDecision: { allowed: true },
    outcomes: [
      {
        words: 'I want to go to the allotment group every Wednesday with my friend Dave.',
        priority: 1,
        actions: [weekly],
      },
      {
        words: 'I want to stay well.',
        priority: 2,
        actions: [
          action({
            id: 'a2',
            what: 'Annual health check at Meadow Lane Surgery',
            kind: 'health_check',
            category: 'health',
            leadStaffId: 's2',
            leadName: 'Dr Amir Khan',
            leadRole: 'GP',
            leadOrganisationName: 'Meadow Lane Surgery',
            dueOn: '2026-12-09',
          }),
          action({ id: 'a3', what: 'Blood test', dueOn: '2026-11-01' }),
          action({ id: 'a4', what: 'Swimming', status: 'stopped', stoppedReason: 'John did not enjoy it' }),
        ],
      },
    ],
    myActions: [],
    access: { facts: { lead: { name: 'Sarah Mitchell', organisationName: 'Riverside Council' } } },
    ...overrides,
  };
}

describe('the person’s version of the plan', () => {
  it('says dates in words in London time and recurrence in words', () => {
    expect(dateInWords('2026-12-09')).toBe('Wednesday 9 December 2026');
    // Either side of the clocks going forward: still the calendar day.
    expect(dateInWords('2027-03-28')).toBe('Sunday 28 March 2027');
    expect(dateInWords('2026-10-25')).toBe('Sunday 25 October 2026');
    expect(howOftenInWords(ruleFor('weekly', '2026-09-02'))).toBe('every week');
    expect(howOftenInWords(ruleFor('fortnightly', '2026-09-02'))).toBe('every two weeks');
    expect(howOftenInWords(ruleFor('yearly', '2028-02-29'))).toBe('every year');
    expect(howOftenInWords(ruleFor('monthly', '2026-01-31'))).toBe('every month');
  });

  it('drops the service’s name before what happens, but keeps a sentence that merely has a colon', () => {
    expect(whatHappens('Weekly social engagement: a volunteer goes with John to the allotment group')).toBe(
      'A volunteer goes with John to the allotment group.',
    );
    expect(whatHappens('Ring John at 10:30 on Mondays')).toBe('Ring John at 10:30 on Mondays.');
    expect(whatHappens('Note: yes')).toBe('Note: yes.');
    expect(sentences('I like gardening. I see Dave!\nOn Wednesdays')).toEqual([
      'I like gardening.',
      'I see Dave!',
      'On Wednesdays',
    ]);
  });

  it('easy read: one short idea a line, the headings a person would use, and the next time in words', () => {
    const doc = personPlan(source(), 'easy_read', '2026-11-25');
    expect(doc.title).toBe('My plan');
    expect(doc.sections.map((s) => s.heading)).toEqual(['What I want', 'Who helps me', 'About my plan']);
    const [allotment, health] = doc.sections[0]!.groups;
    expect(allotment!.heading).toBe(
      'I want to go to the allotment group every Wednesday with my friend Dave.',
    );
    expect(allotment!.items[0]!.lines).toEqual([
      'A volunteer goes with John to the allotment group.',
      'Priya Shah helps me with this.',
      'This happens every week.',
      'Next time: Wednesday 25 November 2026.',
    ]);
    expect(health!.items[1]!.lines).toEqual([
      'Blood test.',
      'Priya Shah helps me with this.',
      'This was meant to happen by Sunday 1 November 2026.',
      'It has not happened yet.',
    ]);
    expect(health!.items[2]!.lines).toContain('This has stopped.');
    for (const line of documentLines(doc)) expect(line.split(/\s+/).length).toBeLessThanOrEqual(15);
    expect(documentLines(doc)).toContain('I can ask Sarah Mitchell if I have a question.');
    expect(documentLines(doc)).toContain('We will do this by Thursday 25 November 2027.');
  });

  it('plain words and large print: the same words, in labelled rows; no codes, kinds or categories anywhere', () => {
    const plain = personPlan(source(), 'plain', '2026-11-25');
    const large = personPlan(source(), 'large_print', '2026-11-25');
    expect(documentLines(large)).toEqual(documentLines(plain));
    expect(plain.sections[0]!.groups[0]!.items[0]!.rows).toEqual([
      { label: 'What will happen', value: 'A volunteer goes with John to the allotment group.' },
      { label: 'Who helps me', value: 'Priya Shah, Volunteer coordinator, Friends Together' },
      { label: 'When', value: 'Every week. Next time: Wednesday 25 November 2026.' },
    ]);
    for (const format of ['plain', 'easy_read'] as const) {
      const text = documentLines(personPlan(source(), format, '2026-11-25')).join('\n');
      for (const code of [
        'social_care',
        'social_engagement',
        'health_check',
        'Social activities',
        'planned',
        'RRULE',
        'FREQ',
        'a1',
        'Version',
      ]) {
        expect(text).not.toContain(code);
      }
    }
  });

  it('a viewer who may see only their own task gets that task, no outcomes, and is told it is part of the plan', () => {
    const doc = personPlan(
      source({ outcomesDecision: { allowed: false }, outcomes: [], myActions: [weekly] }),
      'easy_read',
      '2026-11-25',
    );
    const lines = documentLines(doc);
    expect(doc.sections[0]!.heading).toBe('What will happen');
    expect(lines).toContain('A volunteer goes with John to the allotment group.');
    expect(lines.join(' ')).not.toContain('every Wednesday with my friend Dave');
    expect(lines).toContain('This is only part of my plan.');
  });

  it('defaults to plain words when the person prefers the standard format or it is not known', () => {
    expect(personFormatFor('easy_read')).toBe('easy_read');
    expect(personFormatFor('large_print')).toBe('large_print');
    expect(personFormatFor('standard')).toBe('plain');
    expect(personFormatFor(null)).toBe('plain');
  });
});
