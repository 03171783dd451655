// Input for emergency (break-glass) access: finding the person, the written reason, and the review.
import { z } from 'zod';
import { joinDateParts, optionalIsoDate } from '../../web/date-input.ts';
import { nhsNumberValid } from '../people/index.ts';

/** The shortest reason accepted: enough for a sentence the reviewer can judge, not a word or two. */
export const REASON_MIN_LENGTH = 20;

export const breakGlassInput = z.object({
  reason: z
    .string({ error: 'Enter why you need emergency access to this record' })
    .trim()
    .min(1, 'Enter why you need emergency access to this record')
    .min(
      REASON_MIN_LENGTH,
      `Give more detail: the reason must be at least ${REASON_MIN_LENGTH} characters, so that it can be reviewed`,
    )
    .max(2000, 'The reason must be 2000 characters or fewer'),
});
export type BreakGlassInput = z.output<typeof breakGlassInput>;

/** Exact matches only: an NHS number, or a last name with a date of birth. */
export const emergencySearchInput = z.preprocess(
  joinDateParts(['dateOfBirth']),
  z
    .object({
      nhsNumber: z
        .string()
        .optional()
        .transform((v) => (v ?? '').replace(/[\s-]+/g, '')),
      familyName: z
        .string()
        .trim()
        .max(100, 'Last name must be 100 characters or fewer')
        .optional()
        .transform((v) => v ?? ''),
      dateOfBirth: optionalIsoDate('date of birth', '12 4 1986'),
    })
    .superRefine((v, ctx) => {
      if (v.nhsNumber) {
        if (!nhsNumberValid(v.nhsNumber)) {
          ctx.addIssue({
            code: 'custom',
            path: ['nhsNumber'],
            message: 'Enter a valid 10-digit NHS number, like 943 476 5919',
          });
        }
        return;
      }
      if (!v.familyName && v.dateOfBirth === null) {
        ctx.addIssue({
          code: 'custom',
          path: ['nhsNumber'],
          message: 'Enter an NHS number, or a last name and date of birth',
        });
        return;
      }
      if (!v.familyName)
        ctx.addIssue({ code: 'custom', path: ['familyName'], message: 'Enter their last name' });
      if (v.dateOfBirth === null) {
        ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'Enter their date of birth' });
      }
    })
    .transform((v) =>
      v.nhsNumber
        ? ({ by: 'nhs_number', nhsNumber: v.nhsNumber } as const)
        : ({
            by: 'name_and_date_of_birth',
            familyName: v.familyName,
            dateOfBirth: v.dateOfBirth ?? '',
          } as const),
    ),
);
export type EmergencySearch = z.output<typeof emergencySearchInput>;

export const REVIEW_OUTCOMES = ['appropriate', 'not_appropriate'] as const;

export const reviewInput = z.object({
  outcome: z.enum(REVIEW_OUTCOMES, { error: 'Select whether the emergency access was appropriate' }),
  note: z
    .string({ error: 'Enter a note on your review' })
    .trim()
    .min(1, 'Enter a note on your review')
    .max(2000, 'The note must be 2000 characters or fewer'),
});
export type ReviewInput = z.output<typeof reviewInput>;
