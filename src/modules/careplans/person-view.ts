// The person's own version of their plan, in the format they need (Accessible Information Standard, NHS
// England DCB1605): plain words, large print (the same words in larger type) or easy read (short sentences,
// one idea a line, a column beside each line for a picture). It is made only from what the viewer may see
// (a PlanView has already been through the policy) and says nothing in the care team's own terms: no kinds
// of action, data categories, statuses as codes, versions or ids. Pure: a plan view in, a document out.
import type { PreferredFormat } from '../../storage/tables.ts';
import { describeRule, frequencyOf, nextOccurrence } from './recurrence.ts';
import { PRIORITY_LABELS } from './schema.ts';
import type { PlanAction, PlanView } from './service.ts';

export const PERSON_FORMATS = ['plain', 'large_print', 'easy_read'] as const;
export type PersonFormat = (typeof PERSON_FORMATS)[number];

export const PERSON_FORMAT_LABELS: Record<PersonFormat, string> = {
  plain: 'Plain words',
  large_print: 'Large print',
  easy_read: 'Easy read',
};

/** One labelled fact, for plain words and large print: "When: Every week". */
export interface PlanRow {
  label: string;
  value: string;
}

/** One action. Easy read says it in lines, one idea each; plain words and large print in labelled rows. */
export interface PlanItem {
  lines: string[];
  rows: PlanRow[];
}

/** One outcome ("What I want") with what will happen for it, or a run of lines with no heading. */
export interface PlanGroup {
  heading: string | null;
  /** The heading is the person's own words, shown as a quotation in plain words and large print. */
  quoted: boolean;
  lines: string[];
  items: PlanItem[];
}

export interface PlanSection {
  heading: string;
  lines: string[];
  groups: PlanGroup[];
}

export interface PersonPlan {
  format: PersonFormat;
  title: string;
  name: string;
  intro: string[];
  sections: PlanSection[];
}

/** What the person's version needs from a plan view: a PlanView fits it. */
export interface PersonPlanSource {
  person: Pick<PlanView['person'], 'givenName' | 'familyName' | 'preferredName'>;
  plan: Pick<NonNullable<PlanView['plan']>, 'status' | 'nextReviewOn'> | null;
  outcomesDecision: { allowed: boolean };
  outcomes: ReadonlyArray<{ words: string; priority: number; actions: readonly PlanAction[] }>;
  myActions: readonly PlanAction[];
  access: { facts: { lead?: { name: string; organisationName: string } | undefined } };
}

/**
 * The format to show when none was chosen: the person's preferred one, or plain words when they prefer the
 * standard format (or the viewer may not see their communication needs): the person's version is never
 * written in the care team's terms.
 */
export function personFormatFor(preferred: PreferredFormat | null | undefined): PersonFormat {
  return preferred && preferred !== 'standard' ? preferred : 'plain';
}

const DATE_WORDS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** A calendar date in words, as GOV.UK writes it: "Wednesday 9 December 2026" (no comma). */
export function dateInWords(iso: string): string {
  // Noon UTC is the same calendar day in London whether or not summer time is in force.
  const parts = DATE_WORDS.formatToParts(new Date(`${iso}T12:00:00Z`));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
}

const EVERY: Record<string, string> = {
  yearly: 'every year',
  monthly: 'every month',
  fortnightly: 'every two weeks',
  weekly: 'every week',
  daily: 'every day',
};

/** How often, in words: "every week". Rules the plan's form cannot make fall back to the RRULE's own words. */
export function howOftenInWords(rule: string): string {
  const frequency = frequencyOf(rule);
  return (frequency && EVERY[frequency]) || describeRule(rule);
}

/** One sentence a line: the text split after full stops, question and exclamation marks, and at line breaks. */
export function sentences(text: string | null | undefined): string[] {
  if (!text) return [];
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function asSentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const first = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/**
 * What will happen, without the service's name that staff often put first ("Weekly social engagement: a
 * volunteer goes with John…" becomes "A volunteer goes with John…"): the person needs what happens, not
 * what the care team calls it. Only a short label (four words or fewer) before a colon is dropped.
 */
export function whatHappens(what: string): string {
  const match = /^([^:]{1,40}):\s+(.+)$/s.exec(what.trim());
  const label = match?.[1];
  const rest = match?.[2];
  const dropLabel = label && rest && label.split(/\s+/).length <= 4 && rest.split(/\s+/).length >= 3;
  return asSentence(dropLabel ? rest : what);
}

function dayAfter(iso: string): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

type Timing =
  | { kind: 'stopped'; reason: string | null }
  | { kind: 'done'; on: string | null }
  | { kind: 'repeats'; every: string; next: string | null; started: boolean }
  | { kind: 'once'; by: string | null; late: boolean; started: boolean };

/**
 * When, for the person: a repeating action's next time from today (whether or not the care team has marked
 * the last one done, which is their business, not the person's), a one-off action's date and whether it is late.
 */
function timingOf(a: PlanAction, today: string): Timing {
  if (a.status === 'stopped') return { kind: 'stopped', reason: a.stoppedReason };
  const started = a.status === 'in_progress';
  if (a.recurrence) {
    const from = a.lastDoneOn && a.lastDoneOn >= today ? dayAfter(a.lastDoneOn) : today;
    return {
      kind: 'repeats',
      every: howOftenInWords(a.recurrence),
      next: nextOccurrence(a.recurrence, from),
      started,
    };
  }
  if (a.status === 'done') return { kind: 'done', on: a.lastDoneOn };
  return { kind: 'once', by: a.dueOn, late: a.dueOn !== null && a.dueOn < today, started };
}

function whenRow(t: Timing): string {
  switch (t.kind) {
    case 'stopped':
      return t.reason ? `This has stopped. Why: ${asSentence(t.reason)}` : 'This has stopped.';
    case 'done':
      return t.on ? `Done on ${dateInWords(t.on)}.` : 'Done.';
    case 'repeats': {
      const every = asSentence(t.every);
      return t.next ? `${every} Next time: ${dateInWords(t.next)}.` : `${every} This has now finished.`;
    }
    case 'once': {
      if (!t.by) return t.started ? 'It has started. There is no date yet.' : 'There is no date yet.';
      if (t.late) return `It was meant to happen by ${dateInWords(t.by)}. It has not happened yet.`;
      return `${t.started ? 'It has started. ' : ''}By ${dateInWords(t.by)}.`;
    }
  }
}

function whenLines(t: Timing): string[] {
  switch (t.kind) {
    case 'stopped':
      return ['This has stopped.', ...sentences(t.reason).map(asSentence)];
    case 'done':
      return t.on ? ['This is done.', `It was done on ${dateInWords(t.on)}.`] : ['This is done.'];
    case 'repeats':
      return [
        ...(t.started ? ['This has started.'] : []),
        `This happens ${t.every}.`,
        t.next ? `Next time: ${dateInWords(t.next)}.` : 'This has now finished.',
      ];
    case 'once':
      if (!t.by) return [...(t.started ? ['This has started.'] : []), 'We do not know when yet.'];
      if (t.late) return [`This was meant to happen by ${dateInWords(t.by)}.`, 'It has not happened yet.'];
      return [...(t.started ? ['This has started.'] : []), `This will happen by ${dateInWords(t.by)}.`];
  }
}

function leadWords(a: PlanAction): string | null {
  if (!a.leadName) return null;
  return [a.leadName, a.leadRole, a.leadOrganisationName].filter(Boolean).join(', ');
}

function itemFor(a: PlanAction, format: PersonFormat, today: string): PlanItem {
  const timing = timingOf(a, today);
  const what = whatHappens(a.what);
  if (format === 'easy_read') {
    return {
      lines: [
        ...sentences(what),
        a.leadName ? `${a.leadName} helps me with this.` : 'We have not decided who helps with this yet.',
        ...whenLines(timing),
      ],
      rows: [],
    };
  }
  return {
    lines: [],
    rows: [
      { label: 'What will happen', value: what },
      { label: 'Who helps me', value: leadWords(a) ?? 'Not decided yet' },
      { label: 'When', value: whenRow(timing) },
    ],
  };
}

function wantsSection(source: PersonPlanSource, format: PersonFormat, today: string): PlanSection {
  const easy = format === 'easy_read';
  return {
    heading: 'What I want',
    lines: source.outcomes.length ? [] : [easy ? 'Nothing is written here yet.' : 'Nothing is written yet.'],
    groups: source.outcomes.map((o) => ({
      heading: o.words,
      quoted: !easy,
      lines: [
        `${PRIORITY_LABELS[o.priority] ?? 'Important to me'}.`,
        ...(o.actions.length
          ? []
          : [easy ? 'We have not decided what will happen yet.' : 'What will happen is not decided yet.']),
      ],
      items: o.actions.map((a) => itemFor(a, format, today)),
    })),
  };
}

/** For a viewer who may see only their own tasks (a volunteer): what will happen, with no outcomes. */
function tasksSection(source: PersonPlanSource, format: PersonFormat, today: string): PlanSection {
  return {
    heading: 'What will happen',
    lines: source.myActions.length ? [] : ['Nothing is shown here.'],
    groups: source.myActions.length
      ? [
          {
            heading: null,
            quoted: false,
            lines: [],
            items: source.myActions.map((a) => itemFor(a, format, today)),
          },
        ]
      : [],
  };
}

function helpersSection(source: PersonPlanSource, format: PersonFormat): PlanSection {
  const easy = format === 'easy_read';
  const shown = source.outcomesDecision.allowed
    ? source.outcomes.flatMap((o) => o.actions)
    : source.myActions;
  const helpers = new Map<string, PlanAction>();
  for (const a of shown)
    if (a.leadStaffId && a.leadName && !helpers.has(a.leadStaffId)) helpers.set(a.leadStaffId, a);
  const lead = source.access.facts.lead;
  const groups: PlanGroup[] = [...helpers.values()].map((a) => ({
    heading: null,
    quoted: false,
    lines: easy
      ? [
          `${a.leadName} helps me.`,
          ...(a.leadOrganisationName ? [`${a.leadName} works for ${a.leadOrganisationName}.`] : []),
        ]
      : [`${leadWords(a)}.`],
    items: [],
  }));
  if (lead) {
    groups.push({
      heading: null,
      quoted: false,
      lines: easy
        ? [
            `${lead.name} organises my support.`,
            `${lead.name} works for ${lead.organisationName}.`,
            `I can ask ${lead.name} if I have a question.`,
          ]
        : [
            `${lead.name}, ${lead.organisationName}, organises my support. If you have a question about this plan, ask ${lead.name}.`,
          ],
      items: [],
    });
  }
  return {
    heading: 'Who helps me',
    lines: groups.length ? [] : ['Nobody is named yet.'],
    groups,
  };
}

function aboutSection(source: PersonPlanSource, format: PersonFormat, today: string): PlanSection {
  const easy = format === 'easy_read';
  const plan = source.plan;
  const lines: string[] = [];
  if (!source.outcomesDecision.allowed) {
    lines.push(easy ? 'This is only part of my plan.' : 'This copy shows only part of the plan.');
  }
  if (!plan) lines.push(easy ? 'I do not have a plan yet.' : 'There is no plan yet.');
  else if (plan.status === 'agreed') {
    lines.push(easy ? 'Everyone has said yes to my plan.' : 'Everyone has agreed this plan.');
  } else {
    lines.push(
      ...(easy
        ? ['Some parts of my plan are new.', 'Not everyone has said yes to them yet.']
        : ['Some parts of this plan are new, and not everyone has agreed them yet.']),
    );
  }
  if (plan?.nextReviewOn) {
    const by = dateInWords(plan.nextReviewOn);
    lines.push(
      ...(easy
        ? ['We will look at my plan again.', `We will do this by ${by}.`]
        : [`We will look at this plan again by ${by}.`]),
    );
  }
  lines.push(`This copy was made on ${dateInWords(today)}.`);
  return { heading: easy ? 'About my plan' : 'About this plan', lines, groups: [] };
}

/** The person's version of the plan view, in the format asked for; `today` is a London calendar date. */
export function personPlan(source: PersonPlanSource, format: PersonFormat, today: string): PersonPlan {
  const p = source.person;
  const name = `${p.preferredName || p.givenName} ${p.familyName}`;
  const easy = format === 'easy_read';
  return {
    format,
    title: easy ? 'My plan' : 'My care plan',
    name,
    intro: easy
      ? ['This is my plan.', `My name is ${name}.`, 'My plan says what I want.', 'It says who helps me.']
      : [`My name is ${name}. This plan says what I want, what will happen and who helps me.`],
    sections: [
      source.outcomesDecision.allowed
        ? wantsSection(source, format, today)
        : tasksSection(source, format, today),
      helpersSection(source, format),
      aboutSection(source, format, today),
    ],
  };
}

/** Every line of the document as text, in reading order: for the PDF's checks and for tests. */
export function documentLines(doc: PersonPlan): string[] {
  return [
    doc.title,
    ...doc.intro,
    ...doc.sections.flatMap((s) => [
      s.heading,
      ...s.lines,
      ...s.groups.flatMap((g) => [
        ...(g.heading ? [g.heading] : []),
        ...g.lines,
        ...g.items.flatMap((i) => [...i.lines, ...i.rows.map((r) => `${r.label}: ${r.value}`)]),
      ]),
    ]),
  ];
}
