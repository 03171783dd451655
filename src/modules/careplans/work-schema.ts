// Inputs for "who does what" (each organisation's contact for the plan) and for reviews: the same schemas
// check a form and an API body.
import { z } from 'zod';
import { choice, text, uuid } from '../../validation.ts';

export const REVIEW_REASONS = ['scheduled', 'requested'] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];
export const REVIEW_REASON_LABELS: Record<ReviewReason, string> = {
  scheduled: 'Scheduled review',
  requested: 'Review on request',
};

/** A simple scale the person can follow too: how far each outcome has come since the plan was agreed. */
export const PROGRESS_LABELS: Record<number, string> = {
  1: 'Not started',
  2: 'Started',
  3: 'Some progress',
  4: 'Nearly there',
  5: 'Achieved',
};

const realDate = (label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isRealDate(v), {
      message: `Enter ${label} as a real date, like 2027-01-31`,
    });

function isRealDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform((v) => v ?? '');

export const contactInput = z.object({
  staffUserId: uuid('Select who is the organisation’s contact for this plan'),
});
export type ContactInput = z.infer<typeof contactInput>;

export const reviewRequestInput = z
  .object({
    reason: choice(REVIEW_REASONS, 'Select whether this is a scheduled review or a review someone asked for'),
    dueOn: realDate('the date the review is due'),
    note: optionalText('The note', 1000),
  })
  .superRefine((v, ctx) => {
    // Care Act 2014 s.27(4): a review on request is carried out if the request is reasonable, so the
    // record says who asked and why.
    if (v.reason === 'requested' && !v.note) {
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'Say who asked for the review and why' });
    }
  });
export type ReviewRequestInput = z.infer<typeof reviewRequestInput>;

const progressEntry = z.object({
  // A missing score is reported against its outcome by name (reviewRecordInputFor, and the service).
  score: z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    z.coerce
      .number({ error: 'Select how much progress has been made' })
      .int('Select how much progress has been made')
      .min(1, 'Select how much progress has been made')
      .max(5, 'Select how much progress has been made')
      .optional(),
  ),
  working: optionalText('What is working', 2000),
  notWorking: optionalText('What is not working', 2000),
});

/** Progress is keyed by outcome id, so a field error names the outcome's own inputs on the form. */
export const reviewRecordInput = z.object({
  heldOn: realDate('the date the review was held'),
  summary: text('a summary of the review', 5000),
  progress: z.record(z.string(), progressEntry).optional().default({}),
});
export type ReviewRecordInput = z.infer<typeof reviewRecordInput>;

export function missingScoreMessage(words: string): string {
  return `Select how much progress has been made towards “${words}”`;
}

const requiredScore = (message: string) =>
  z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    z.coerce.number({ error: message }).int(message).min(1, message).max(5, message),
  );

/**
 * The same input where each of the plan's outcomes needs a score, named in its message. Checked field by
 * field (not as a refinement after the rest passes), so a form shows every error at once.
 */
export function reviewRecordInputFor(outcomes: ReadonlyArray<{ id: string; words: string }>) {
  const shape = Object.fromEntries(
    outcomes.map((o) => [o.id, progressEntry.extend({ score: requiredScore(missingScoreMessage(o.words)) })]),
  );
  return reviewRecordInput.extend({ progress: z.object(shape) });
}

/**
 * A form posts flat fields ("progress.<outcomeId>.score"); the API posts the nested object. This turns the
 * first into the second so one schema checks both. An empty radio group sends nothing, so every outcome the
 * form showed gets an entry and a missing score is reported against it.
 */
export function nestProgressFields(body: unknown, outcomeIds: readonly string[]): Record<string, unknown> {
  const flat = (body ?? {}) as Record<string, unknown>;
  const progress: Record<string, Record<string, unknown>> = {};
  for (const id of outcomeIds) progress[id] = {};
  const out: Record<string, unknown> = { progress };
  for (const [key, value] of Object.entries(flat)) {
    const m = /^progress\.([0-9a-f-]{36})\.(score|working|notWorking)$/i.exec(key);
    if (!m) {
      out[key] = value;
      continue;
    }
    const entry = progress[m[1]!] ?? {};
    entry[m[2]!] = value;
    progress[m[1]!] = entry;
  }
  return out;
}
