// Inputs for consent, capacity assessments, other lawful bases and the sharing decision log. Each schema
// takes today's date (Europe/London) so that "not in the future" is checked with every other field, at once.
// Forms send dates as GOV.UK day/month/year fields and lists as repeated fields; the API sends ISO dates
// and arrays. formInput() turns the first into the second, so both are checked by the same schema.
import { z } from 'zod';
import { CATEGORIES } from '../../policy/index.ts';
import type { ConsentStatus, LawfulBasisKind } from '../../storage/tables.ts';
import { choice, text, uuid } from '../../validation.ts';
import { isoDate, isRealDate, joinDateParts, optionalIsoDate } from '../../web/date-input.ts';

export const CONSENT_STATUSES = ['given', 'refused', 'withdrawn'] as const satisfies readonly ConsentStatus[];
export const STATUS_LABELS: Record<ConsentStatus, string> = {
  given: 'Given',
  refused: 'Refused',
  withdrawn: 'Withdrawn',
};

export const PURPOSES = ['direct_care', 'care_coordination', 'safeguarding', 'planning_review'] as const;
export type Purpose = (typeof PURPOSES)[number];
export const PURPOSE_LABELS: Record<Purpose, string> = {
  direct_care: 'Direct care',
  care_coordination: 'Care coordination',
  safeguarding: 'Safeguarding',
  planning_review: 'Planning and review',
};

export const OBTAINED_HOW = [
  'in_person',
  'in_writing',
  'by_phone',
  'through_advocate',
  'easy_read_form',
] as const;
export type ObtainedHow = (typeof OBTAINED_HOW)[number];
export const OBTAINED_LABELS: Record<ObtainedHow, string> = {
  in_person: 'In person',
  in_writing: 'In writing',
  by_phone: 'By phone',
  through_advocate: 'Through an advocate',
  easy_read_form: 'With an easy-read form',
};

export const BASIS_KINDS = [
  'best_interests',
  'safeguarding',
  'vital_interests',
] as const satisfies readonly LawfulBasisKind[];
export const BASIS_LABELS: Record<LawfulBasisKind, string> = {
  best_interests: 'Best-interests decision',
  safeguarding: 'Safeguarding',
  vital_interests: 'Vital interests',
};

export const DECISIONS = ['share', 'do_not_share'] as const;
export const DECISION_LABELS: Record<(typeof DECISIONS)[number], string> = {
  share: 'Share',
  do_not_share: 'Do not share',
};

/** The basis named on a decision recorded by hand (the log also holds bases written by consent and other bases). */
export const MANUAL_BASES = [
  'consent',
  'best_interests',
  'safeguarding',
  'vital_interests',
  'legal_duty',
  'none',
] as const;
export type ManualBasis = (typeof MANUAL_BASES)[number];
export const MANUAL_BASIS_LABELS: Record<ManualBasis, string> = {
  consent: 'Consent',
  best_interests: 'Best-interests decision (Mental Capacity Act 2005 s.4)',
  safeguarding: 'Safeguarding',
  vital_interests: 'Vital interests (to protect someone’s life)',
  legal_duty: 'A legal duty or a court order',
  none: 'No lawful basis to share',
};

/** Checkboxes send one string for one tick and an array for several; the API sends an array. */
function list<const T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z.preprocess(
    (v) => (v === undefined || v === null || v === '' ? [] : typeof v === 'string' ? [v] : v),
    z
      .array(z.string({ error: message }), { error: message })
      .min(1, message)
      .refine((items) => items.every((i) => (values as readonly string[]).includes(i)), message)
      .transform((items) => [...new Set(items)] as T[number][]),
  );
}

/** Yes or no: "yes"/"no" from a form's radios, true/false from the API. */
function yesNo(message: string) {
  return z.preprocess((v) => (v === 'yes' ? true : v === 'no' ? false : v), z.boolean({ error: message }));
}

/**
 * Checks across fields that run even when some fields are wrong, so that every problem is reported at once.
 * The value may be partly parsed, so each rule checks the fields it reads.
 */
function across<T>(rules: (value: Partial<T>, issue: (path: string, message: string) => void) => void) {
  return z.superRefine<T>(
    (value, ctx) => {
      if (typeof value !== 'object' || value === null) return;
      rules(value as Partial<T>, (path, message) => ctx.addIssue({ code: 'custom', path: [path], message }));
    },
    { when: () => true },
  );
}

const isDate = (v: unknown): v is string => typeof v === 'string' && isRealDate(v);
const EXAMPLE = '25 11 2026';

/** A date that has happened: today or before. */
function pastDate(label: string, today: string) {
  return isoDate(label, EXAMPLE).refine(
    (v) => !isRealDate(v) || v <= today,
    `${label.charAt(0).toUpperCase()}${label.slice(1)} must be today or in the past`,
  );
}

function optionalText(label: string, max: number) {
  return z
    .string({ error: `Enter ${label}` })
    .trim()
    .max(max, `${label.charAt(0).toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`)
    .optional()
    .transform((v) => v ?? '');
}

const categories = list(CATEGORIES, 'Select at least one type of information');

export function consentInput(today: string) {
  return z
    .object({
      organisationId: uuid('Select the organisation'),
      status: choice(CONSENT_STATUSES, 'Select whether consent was given, refused or withdrawn'),
      purposes: list(PURPOSES, 'Select at least one purpose'),
      categories,
      obtainedHow: choice(OBTAINED_HOW, 'Select how the decision was obtained'),
      obtainedByName: text('the name of the person who obtained the decision'),
      decidedOn: pastDate('the date decided', today),
      reviewOn: optionalIsoDate('the review date', EXAMPLE),
    })
    .check(
      across<{ status: string; decidedOn: string; reviewOn: string | null }>((input, issue) => {
        // Consent that is given is reviewed: people's wishes change, and so do their circumstances.
        if (input.status === 'given' && !input.reviewOn)
          issue('reviewOn', 'Enter the date to review this consent');
        if (isDate(input.reviewOn) && isDate(input.decidedOn) && input.reviewOn <= input.decidedOn) {
          issue('reviewOn', 'Review date must be after the date decided');
        }
      }),
    );
}
export type ConsentInput = z.output<ReturnType<typeof consentInput>>;

const supportMessage = 'Describe the support given to help them make the decision';

export function capacityInput(today: string) {
  return z
    .object({
      decision: text('the decision being assessed', 500),
      canUnderstand: yesNo('Select yes if they can understand the information relevant to the decision'),
      canRetain: yesNo('Select yes if they can retain that information long enough to decide'),
      canWeigh: yesNo('Select yes if they can use or weigh that information to decide'),
      canCommunicate: yesNo('Select yes if they can communicate their decision by any means'),
      supportGiven: optionalText('the support given', 5000),
      assessedByName: text('the name of the person who assessed'),
      assessedOn: pastDate('the date of the assessment', today),
    })
    .check(
      across<CapacityAnswers & { supportGiven: string }>((input, issue) => {
        // Mental Capacity Act 2005 s.1(3): nobody is treated as unable to decide unless all practicable steps
        // to help them have been taken without success, so a finding of incapacity says what was tried.
        const answers = [input.canUnderstand, input.canRetain, input.canWeigh, input.canCommunicate];
        if (answers.some((a) => a === false) && !input.supportGiven) issue('supportGiven', supportMessage);
      }),
    );
}

export interface CapacityAnswers {
  canUnderstand: boolean;
  canRetain: boolean;
  canWeigh: boolean;
  canCommunicate: boolean;
}

/**
 * Mental Capacity Act 2005 s.3(1): a person is unable to make a decision if they cannot understand, retain,
 * use or weigh the information relevant to it, or communicate it. One "no" is enough; the outcome is worked
 * out from the answers, never asked for.
 */
export function hasCapacity(a: CapacityAnswers): boolean {
  return a.canUnderstand && a.canRetain && a.canWeigh && a.canCommunicate;
}
export type CapacityInput = z.output<ReturnType<typeof capacityInput>>;

export const lawfulBasisInput = z
  .object({
    kind: choice(BASIS_KINDS, 'Select the lawful basis'),
    organisationId: uuid('Select the organisation that will receive the information'),
    categories,
    justification: text('the justification for sharing', 5000),
    startsOn: isoDate('the start date', EXAMPLE),
    endsOn: optionalIsoDate('the end date', EXAMPLE),
    capacityAssessmentId: z
      .string()
      .optional()
      .nullable()
      .transform((v) => (v ? v : null)),
    decisionMaker: optionalText('the decision maker', 200),
    consulted: optionalText('who was consulted', 5000),
    knownWishes: optionalText('the person’s known wishes and feelings', 5000),
  })
  .check(
    across<{
      kind: string;
      startsOn: string;
      endsOn: string | null;
      capacityAssessmentId: string | null;
      decisionMaker: string;
      consulted: string;
      knownWishes: string;
    }>((input, issue) => {
      if (isDate(input.endsOn) && isDate(input.startsOn) && input.endsOn < input.startsOn) {
        issue('endsOn', 'End date must be the same as or after the start date');
      }
      if (input.kind !== 'best_interests') return;
      // Mental Capacity Act 2005 s.4: a best-interests decision follows a finding that the person lacks
      // capacity for this decision, and names who decided, who was consulted and what the person would want.
      if (!input.capacityAssessmentId || !z.uuid().safeParse(input.capacityAssessmentId).success) {
        issue(
          'capacityAssessmentId',
          'Select the capacity assessment that found they lack capacity for this decision',
        );
      }
      if (!input.decisionMaker) issue('decisionMaker', 'Enter the name of the decision maker');
      if (!input.consulted) issue('consulted', 'Enter who was consulted');
      if (!input.knownWishes) issue('knownWishes', 'Enter the person’s known wishes and feelings');
    }),
  );
export type LawfulBasisInput = z.output<typeof lawfulBasisInput>;

export const endBasisInput = z.object({
  reason: text('why this basis is ending', 2000),
});
export type EndBasisInput = z.output<typeof endBasisInput>;

export const sharingDecisionInput = z
  .object({
    decision: choice(DECISIONS, 'Select whether to share or not to share'),
    organisationId: uuid('Select who the information would go to'),
    categories,
    basis: choice(MANUAL_BASES, 'Select the basis for the decision'),
    reason: text('the reason for the decision', 2000),
  })
  .check(
    across<{ decision: string; basis: string }>((input, issue) => {
      if (input.decision === 'share' && input.basis === 'none')
        issue('basis', 'A decision to share needs a lawful basis');
    }),
  );
export type SharingDecisionInput = z.output<typeof sharingDecisionInput>;

/** The form fields that are GOV.UK date inputs (day, month and year), per form. */
export const DATE_FIELDS = {
  consent: ['decidedOn', 'reviewOn'],
  capacity: ['assessedOn'],
  lawfulBasis: ['startsOn', 'endsOn'],
} as const;

/** Wraps an API schema so it reads a form's body, where each date comes as day, month and year boxes. */
export function fromForm<S extends z.ZodType>(schema: S, dateFields: readonly string[]) {
  return z.preprocess(joinDateParts(dateFields), schema);
}
