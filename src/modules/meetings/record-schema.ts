// The input for each part of a meeting's record, checked at the edge. The same schemas serve the pages and
// /api/v1 (and describe the API); a form's date boxes are joined into one ISO date before parsing.
import { z } from 'zod';
import { CATEGORIES } from '../../policy/index.ts';
import type { DataCategory } from '../../storage/tables.ts';
import { isoDate, joinDateParts } from '../../web/date-input.ts';
import { ACTION_KINDS } from '../careplans/index.ts';

const words = (what: string, max: number) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `Keep ${what} to ${max} characters or fewer`);

const optionalId = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .nullish()
    .transform((v) => (v ? v.toLowerCase() : null))
    .refine((v) => v === null || z.uuid().safeParse(v).success, message);

const requiredId = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .min(1, message)
    .transform((v) => v.toLowerCase())
    .pipe(z.uuid(message));

/** A data category; left out (or blank) only for a partnership meeting, where nothing is about a person. */
const category = z
  .union([z.literal(''), z.enum(CATEGORIES)], { error: 'Select what kind of information this is' })
  .nullish()
  .transform((v): DataCategory | null => (v ? v : null));

const revision = z.coerce
  .number({ error: 'Reload the page and try again' })
  .int('Reload the page and try again')
  .min(1, 'Reload the page and try again');

export const CATEGORY_CHOICES: ReadonlyArray<{ value: DataCategory; text: string }> = [
  { value: 'social_care', text: 'Social care' },
  { value: 'health', text: 'Health' },
  { value: 'mental_health', text: 'Mental health' },
  { value: 'communication', text: 'Communication needs and “about me”' },
  { value: 'contact', text: 'Contact details' },
  { value: 'safeguarding', text: 'Safeguarding' },
];

export const agendaItemInput = z.object({
  title: words('the agenda item, in a few words', 300),
  category,
});
export type AgendaItemInput = z.output<typeof agendaItemInput>;

export const moveInput = z.object({
  direction: z.enum(['up', 'down'], { error: 'Choose to move the item up or down' }),
});

export const minutesInput = z.object({
  minutes: z
    .string({ error: 'Enter the minutes of this item' })
    .trim()
    .max(20_000, 'Keep the minutes of one item to 20,000 characters or fewer'),
  revision,
});
export type MinutesInput = z.output<typeof minutesInput>;

export const contributionInput = z.object({
  agendaItemId: optionalId('Select an agenda item from the list'),
  organisationId: requiredId('Select the organisation that reported'),
  speakerInviteeId: optionalId('Select who spoke from the list'),
  speakerName: z
    .string()
    .trim()
    .max(200, 'Keep the name to 200 characters or fewer')
    .nullish()
    .transform((v) => (v ? v : null)),
  category,
  words: words('what they reported', 10_000),
});
export type ContributionInput = z.output<typeof contributionInput>;

/** A decision: what and why, and each attendee who agreed or disagreed (with why, in their own words). */
export const decisionInput = z.object({
  agendaItemId: optionalId('Select an agenda item from the list'),
  what: words('what was decided', 2000),
  why: words('why it was decided', 4000),
  category,
  agreed: z
    .array(z.string().trim().pipe(z.uuid('Select attendees from the list')), {
      error: 'List the attendees who agreed',
    })
    .default([])
    .transform((l) => [...new Set(l.map((id) => id.toLowerCase()))]),
  disagreed: z
    .array(
      z.object({
        inviteeId: z
          .string({ error: 'Select who disagreed from the attendees' })
          .trim()
          .pipe(z.uuid('Select who disagreed from the attendees'))
          .transform((v) => v.toLowerCase()),
        reason: words('why they disagreed, in their own words', 4000),
      }),
      { error: 'List who disagreed, each with their reason' },
    )
    .default([]),
});
export type DecisionInput = z.output<typeof decisionInput>;

/**
 * The decision form: a choice per attendee (`stance-<id>`: agreed, disagreed or not recorded) and, for a
 * disagreement, their reason (`reason-<id>`). Turned into the API's shape; errors name the form's fields.
 */
export function decisionFromForm(body: unknown): unknown {
  const source = (body ?? {}) as Record<string, unknown>;
  const agreed: string[] = [];
  const disagreed: Array<{ inviteeId: string; reason: unknown }> = [];
  for (const [key, value] of Object.entries(source)) {
    const id = /^stance-(.+)$/.exec(key)?.[1];
    if (!id) continue;
    if (value === 'agreed') agreed.push(id);
    if (value === 'disagreed') disagreed.push({ inviteeId: id, reason: source[`reason-${id}`] ?? '' });
  }
  return {
    agendaItemId: source.agendaItemId,
    what: source.what,
    why: source.why,
    category: source.category,
    agreed,
    disagreed,
  };
}

export const actionPointInput = z.preprocess(
  joinDateParts(['dueOn']),
  z.object({
    agendaItemId: optionalId('Select an agenda item from the list'),
    decisionId: optionalId('Select a decision from the list'),
    what: words('what will be done', 1000),
    ownerStaffId: requiredId('Select who owns this action point'),
    dueOn: isoDate('the due date', '9 12 2026'),
    outcomeId: optionalId('Select the outcome in the plan this works towards'),
    kind: z
      .union([z.literal(''), z.enum(ACTION_KINDS)], { error: 'Select what kind of action this is' })
      .nullish()
      .transform((v) => (v ? v : null)),
  }),
);
export type ActionPointInput = z.output<typeof actionPointInput>;

/** "Add to the care plan": the plan's revision the page showed, so a plan changed since is noticed. */
export const addToPlanInput = z.object({
  planRevision: revision.optional(),
});
export type AddToPlanInput = z.output<typeof addToPlanInput>;

export const summaryInput = z.object({
  words: words('the summary for the person, in plain words', 10_000),
  version: z.coerce.number({ error: 'Reload the page and try again' }).int().min(0).default(0),
  revision: z.coerce.number({ error: 'Reload the page and try again' }).int().min(0).default(0),
});
export type SummaryInput = z.output<typeof summaryInput>;

export const publishInput = z.object({
  version: z.coerce.number({ error: 'Reload the page and try again' }).int().min(1),
  revision,
});
export type PublishInput = z.output<typeof publishInput>;
