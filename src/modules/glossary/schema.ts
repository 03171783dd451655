// Input for the glossary and the jargon check, shared by the pages and the API.
import { z } from 'zod';
import { choice, text } from '../../validation.ts';

/** A list from checkboxes (one value or several) or from a JSON array. */
export function asList(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

export const organisationIds = (message: string) =>
  z.preprocess(
    asList,
    z
      .array(z.string(), { error: message })
      .refine((list) => list.every((id) => z.uuid().safeParse(id).success), { message })
      .transform((list) => [...new Set(list.map((id) => id.toLowerCase()))]),
  );

export const glossaryTermInput = z.object({
  term: text('the term', 100),
  meaning: text('what it means in plain English', 1000),
  preferred: text('the wording to use instead', 200),
  usedBy: organisationIds('Select organisations from the list'),
});
export type GlossaryTermInput = z.output<typeof glossaryTermInput>;

export const AUDIENCES = ['person', 'staff'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const checkInput = z.object({
  text: z
    .string({ error: 'Enter the text to check' })
    .trim()
    .min(1, 'Enter the text to check')
    .max(20_000, 'Text to check must be 20,000 characters or fewer'),
  audience: choice(AUDIENCES, 'Select who the text is for').default('person'),
});
export type CheckInput = z.output<typeof checkInput>;
