// Input for the successes feed and thanks, shared by the pages and the API.
import { z } from 'zod';
import type { SuccessKind } from '../../storage/tables.ts';
import { choice, text } from '../../validation.ts';

export const SUCCESS_KINDS = [
  'outcome_achieved',
  'joint_work',
  'other',
] as const satisfies readonly SuccessKind[];

export const SUCCESS_KIND_LABELS: Record<SuccessKind, string> = {
  outcome_achieved: 'An outcome achieved',
  joint_work: 'Good joint work',
  other: 'Something else to celebrate',
};

function asList(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

export const successInput = z.object({
  title: text('a headline', 120),
  story: text('what happened', 2000),
  kind: choice(SUCCESS_KINDS, 'Select what kind of success it is'),
  organisationIds: z.preprocess(
    asList,
    z
      .array(z.string(), { error: 'Select organisations from the list' })
      .refine((list) => list.every((id) => z.uuid().safeParse(id).success), {
        message: 'Select organisations from the list',
      })
      .transform((list) => [...new Set(list.map((id) => id.toLowerCase()))]),
  ),
});
export type SuccessInput = z.output<typeof successInput>;

export const thanksInput = z.object({
  toStaffId: z
    .string({ error: 'Select whom you are thanking' })
    .trim()
    .min(1, 'Select whom you are thanking')
    .pipe(z.uuid('Select whom you are thanking'))
    .transform((id) => id.toLowerCase()),
  message: text('your thanks', 1000),
  successId: z
    .string()
    .trim()
    .nullish()
    .transform((v) => (v ? v.toLowerCase() : null))
    .refine((v) => v === null || z.uuid().safeParse(v).success, { message: 'The success was not found' }),
});
export type ThanksInput = z.output<typeof thanksInput>;
