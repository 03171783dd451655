import { z } from 'zod';
import { CATEGORIES } from '../../policy/index.ts';
import type { ActionStatus, DataCategory } from '../../storage/tables.ts';
import { choice, text, uuid } from '../../validation.ts';
import { FREQUENCIES } from './recurrence.ts';

/** Kinds of action: two organisations doing the same kind of thing for the same outcome is an overlap. */
export const ACTION_KINDS = [
  'health_check',
  'health_treatment',
  'nursing',
  'mental_health_support',
  'daily_living',
  'social_engagement',
  'housing',
  'advocacy',
  'carer_support',
  'other',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const KIND_LABELS: Record<ActionKind, string> = {
  health_check: 'Health check',
  health_treatment: 'Health treatment or medicines',
  nursing: 'Nursing care',
  mental_health_support: 'Mental health support',
  daily_living: 'Daily living support',
  social_engagement: 'Social activities and friendships',
  housing: 'Housing',
  advocacy: 'Advocacy',
  carer_support: 'Support for carers',
  other: 'Something else',
};

/** The data category an action's details fall in, by kind: it decides who may see the action. */
export const KIND_CATEGORY: Record<ActionKind, DataCategory> = {
  health_check: 'health',
  health_treatment: 'health',
  nursing: 'health',
  mental_health_support: 'mental_health',
  daily_living: 'social_care',
  social_engagement: 'social_care',
  housing: 'social_care',
  advocacy: 'social_care',
  carer_support: 'social_care',
  other: 'social_care',
};

export const ACTION_STATUSES = [
  'planned',
  'in_progress',
  'done',
  'stopped',
] as const satisfies readonly ActionStatus[];
export const STATUS_LABELS: Record<ActionStatus, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
  stopped: 'Stopped',
};

export const PRIORITY_LABELS: Record<number, string> = {
  1: 'Most important to me',
  2: 'Very important to me',
  3: 'Important to me',
  4: 'Quite important to me',
  5: 'Less important to me',
};

const isoDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .refine(
      (v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))),
      {
        message: `Enter ${label} as a real date, like 2027-01-31`,
      },
    );

const revision = z.coerce
  .number({ error: 'Reload the page and try again' })
  .int()
  .min(1, 'Reload the page and try again');

export const outcomeInput = z.object({
  words: text(
    'the outcome in the person’s own words, like “I want to go to the allotment group every week”',
    1000,
  ),
  priority: z.coerce
    .number({ error: 'Select how important this is to them' })
    .int('Select how important this is to them')
    .min(1, 'Select how important this is to them')
    .max(5, 'Select how important this is to them'),
  revision: revision.optional(),
});
export type OutcomeInput = z.infer<typeof outcomeInput>;

export const actionInput = z
  .object({
    outcomeId: uuid('Select the outcome this action works towards'),
    what: text('what will be done', 1000),
    kind: choice(ACTION_KINDS, 'Select what kind of action this is'),
    category: z
      .union([z.literal(''), z.enum(CATEGORIES)])
      .optional()
      .transform((v) => (v ? v : null)),
    leadStaffId: z
      .string()
      .optional()
      .transform((v) => (v ? v : null))
      .refine((v) => v === null || z.uuid().safeParse(v).success, {
        message: 'Select who leads this action',
      }),
    supportingOrganisationIds: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]))
      .pipe(z.array(z.uuid('Select organisations from the list'))),
    timing: choice(['once', 'repeats'], 'Select whether this happens once or repeats'),
    dueOn: isoDate('the due date'),
    frequency: z
      .union([z.literal(''), z.enum(FREQUENCIES)])
      .optional()
      .transform((v) => (v ? v : null)),
    startsOn: isoDate('the first date'),
    revision: revision.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.timing === 'once' && !v.dueOn)
      ctx.addIssue({ code: 'custom', path: ['dueOn'], message: 'Enter when it is due' });
    if (v.timing === 'repeats') {
      if (!v.frequency)
        ctx.addIssue({ code: 'custom', path: ['frequency'], message: 'Select how often it happens' });
      if (!v.startsOn) ctx.addIssue({ code: 'custom', path: ['startsOn'], message: 'Enter when it starts' });
    }
  });
export type ActionInput = z.infer<typeof actionInput>;

export const statusInput = z
  .object({
    status: choice(ACTION_STATUSES, 'Select the action’s status'),
    stoppedReason: z
      .string()
      .trim()
      .max(1000, 'The reason must be 1000 characters or fewer')
      .optional()
      .transform((v) => (v ? v : null)),
    revision,
  })
  .superRefine((v, ctx) => {
    if (v.status === 'stopped' && !v.stoppedReason) {
      ctx.addIssue({ code: 'custom', path: ['stoppedReason'], message: 'Say why the action stopped' });
    }
  });
export type StatusInput = z.infer<typeof statusInput>;

export const signOffInput = z.object({
  party: z.string().min(1, 'Select who is agreeing the plan'),
  planVersion: z.coerce.number({ error: 'Reload the page and try again' }).int().min(1),
});
export type SignOffInput = z.infer<typeof signOffInput>;
