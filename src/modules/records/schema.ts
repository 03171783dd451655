// What the timeline accepts at the edge: a new update, a confirmation, a correction and the list's filters,
// each with messages that say what to enter. The same schemas document the API.
import { z } from 'zod';
import { CATEGORIES } from '../../policy/index.ts';
import type { SharingLevel } from '../../storage/tables.ts';
import { choice, text } from '../../validation.ts';

export const SHARING_LEVELS = [
  'care_team',
  'own_organisation',
  'restricted',
] as const satisfies readonly SharingLevel[];

export const SHARING_LEVEL_LABELS: Record<SharingLevel, string> = {
  care_team: 'Care team (everyone the sharing rules allow)',
  own_organisation: 'My organisation only',
  restricted: 'Named people only',
};

/** Shorter words for a tag beside an entry. */
export const SHARING_LEVEL_TAGS: Record<SharingLevel, string> = {
  care_team: 'Care team',
  own_organisation: 'Own organisation only',
  restricted: 'Named people only',
};

/** Entries a page: enough to read a fortnight of a busy record without scrolling forever. */
export const PAGE_SIZE = 20;

const restrictedTo = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]))
  .pipe(z.array(z.uuid('Select people from the list')));

export const entryInput = z.object({
  title: text('a short title', 200),
  body: text('the update', 20_000),
  category: choice(CATEGORIES, 'Select what kind of information this is'),
  sharingLevel: choice(SHARING_LEVELS, 'Select who may see this update'),
  restrictedTo: restrictedTo.describe('For a restricted update: the care team members who may see it'),
});
export type EntryInput = z.infer<typeof entryInput>;

const revision = z.coerce
  .number({ error: 'Reload the page and try again: the revision you read is missing' })
  .int('Reload the page and try again: the revision you read is missing')
  .min(1, 'Reload the page and try again: the revision you read is missing')
  .describe('The revision of the entry you read (optimistic concurrency)');

export const confirmationInput = z.object({ revision });
export type ConfirmationInput = z.infer<typeof confirmationInput>;

export const correctionInput = z.object({
  revision,
  title: text('a short title', 200),
  body: text('the corrected update', 20_000),
  reason: text('why you are correcting it', 1000),
});
export type CorrectionInput = z.infer<typeof correctionInput>;

const optionalChoice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z
    .union([z.literal(''), z.enum(values)], { error: message })
    .optional()
    .transform((v) => (v ? v : null));

/** The timeline's filters. Empty means "any", so the form's "Any ..." options need no special case. */
export const timelineQuery = z.object({
  organisationId: z
    .union([z.literal(''), z.uuid('Select an organisation from the list')], {
      error: 'Select an organisation from the list',
    })
    .optional()
    .transform((v) => (v ? v.toLowerCase() : null))
    .describe('Only updates written by this organisation'),
  category: optionalChoice(CATEGORIES, 'Select a kind of information from the list').describe(
    'Only updates of this kind of information',
  ),
  page: z
    .union([z.literal(''), z.string().regex(/^[1-9][0-9]{0,5}$/, 'Enter a page number, like 2')])
    .optional()
    .transform((v) => (v ? Number(v) : 1))
    .describe(`The page, from 1; ${PAGE_SIZE} updates a page, newest first`),
});
export type TimelineQuery = z.infer<typeof timelineQuery>;
