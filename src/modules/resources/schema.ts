// Input for what each member commits and for joint funding bids. Money is whole pounds: people type
// "£12,000" and mean twelve thousand pounds, so the pound sign and commas are allowed.
import { z } from 'zod';
import type { BidStatus, ResourceKind } from '../../storage/tables.ts';
import { isRealDate, joinDateParts, optionalIsoDate } from '../../web/date-input.ts';

export const RESOURCE_KINDS = ['staff_time', 'funding', 'other'] as const satisfies readonly ResourceKind[];
export const RESOURCE_KIND_LABELS: Record<ResourceKind, string> = {
  staff_time: 'Staff time',
  funding: 'Funding',
  other: 'Other assets (rooms, equipment, transport)',
};

export const BID_STATUSES = [
  'drafting',
  'submitted',
  'awarded',
  'declined',
] as const satisfies readonly BidStatus[];
export const BID_STATUS_LABELS: Record<BidStatus, string> = {
  drafting: 'Drafting',
  submitted: 'Submitted',
  awarded: 'Awarded',
  declined: 'Declined',
};

const uuidChoice = (message: string) => z.string({ error: message }).min(1, message).pipe(z.uuid(message));

function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

/** Whole pounds from "12000", "£12,000" or a JSON number. */
function pounds(label: string) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? blankToUndefined(v.replace(/[£,\s]/g, '')) : v),
    z.coerce
      .number({ error: `Enter ${label} in pounds, like 12000` })
      .refine(Number.isFinite, `Enter ${label} in pounds, like 12000`)
      .refine(Number.isInteger, `Enter ${label} in whole pounds, like 12000`)
      .refine((n) => n > 0, `${label.charAt(0).toUpperCase()}${label.slice(1)} must be more than £0`)
      .refine(
        (n) => n <= 1_000_000_000,
        `${label.charAt(0).toUpperCase()}${label.slice(1)} must be £1,000,000,000 or less`,
      )
      .optional(),
  );
}

const hours = z.preprocess(
  blankToUndefined,
  z.coerce
    .number({ error: 'Enter the hours a week as a number, like 7.5' })
    .refine(Number.isFinite, 'Enter the hours a week as a number, like 7.5')
    .refine((n) => n > 0, 'The hours a week must be more than 0')
    .refine((n) => n <= 2000, 'The hours a week must be 2000 or fewer')
    .refine(
      (n) => Math.round(n * 100) === n * 100,
      'Give the hours a week to two decimal places at most, like 7.5',
    )
    .optional(),
);

const description = z
  .string({ error: 'Describe what is committed' })
  .trim()
  .min(1, 'Describe what is committed, like “Community nurse time for joint reviews”')
  .max(500, 'The description must be 500 characters or fewer');

export const commitmentInput = z.preprocess(
  joinDateParts(['startsOn', 'endsOn']),
  z
    .object({
      organisationId: uuidChoice('Select the organisation making the commitment'),
      kind: z.enum(RESOURCE_KINDS, { error: 'Select what kind of resource it is' }),
      description,
      hoursPerWeek: hours,
      amountPerYear: pounds('the amount a year'),
      startsOn: optionalIsoDate('the start date'),
      endsOn: optionalIsoDate('the end date'),
    })
    .superRefine((v, ctx) => {
      if (v.kind === 'staff_time' && v.hoursPerWeek === undefined) {
        ctx.addIssue({ code: 'custom', path: ['hoursPerWeek'], message: 'Enter the hours a week, like 7.5' });
      }
      if (v.kind === 'funding' && v.amountPerYear === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['amountPerYear'],
          message: 'Enter the amount a year in pounds, like 12000',
        });
      }
      if (v.startsOn && v.endsOn && isRealDate(v.startsOn) && isRealDate(v.endsOn) && v.endsOn < v.startsOn) {
        ctx.addIssue({
          code: 'custom',
          path: ['endsOn'],
          message: 'The end date must be on or after the start date',
        });
      }
    })
    .transform((v) => ({
      ...v,
      // Only the figure that belongs to the kind is kept: staff time has no pounds, funding no hours.
      hoursPerWeek: v.kind === 'staff_time' ? (v.hoursPerWeek ?? null) : null,
      amountPerYear: v.kind === 'funding' ? (v.amountPerYear ?? null) : null,
    })),
);
export type CommitmentInput = z.output<typeof commitmentInput>;

function asList(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

const BID_DATES = ['deadlineOn', 'submittedOn', 'decisionOn'] as const;

export const bidInput = z.preprocess(
  joinDateParts(BID_DATES),
  z
    .object({
      title: z
        .string({ error: 'Enter the bid’s title' })
        .trim()
        .min(1, 'Enter the bid’s title')
        .max(200, 'The title must be 200 characters or fewer'),
      funder: z
        .string({ error: 'Enter the funder, like the National Lottery Community Fund' })
        .trim()
        .min(1, 'Enter the funder, like the National Lottery Community Fund')
        .max(200, 'The funder must be 200 characters or fewer'),
      amount: pounds('the amount asked for'),
      leadOrganisationId: uuidChoice('Select the lead organisation'),
      partnerOrganisationIds: z.preprocess(
        asList,
        z
          .array(z.string(), { error: 'Select partner organisations from the list' })
          .refine(
            (list) => list.every((id) => z.uuid().safeParse(id).success),
            'Select partner organisations from the list',
          )
          .transform((list) => [...new Set(list.map((id) => id.toLowerCase()))]),
      ),
      status: z.enum(BID_STATUSES, { error: 'Select where the bid has got to' }),
      deadlineOn: optionalIsoDate('the deadline'),
      submittedOn: optionalIsoDate('the date it was submitted'),
      decisionOn: optionalIsoDate('the date of the decision'),
      notes: z.string().trim().max(2000, 'Notes must be 2000 characters or fewer').default(''),
      revision: z.preprocess(
        blankToUndefined,
        z.coerce
          .number({ error: 'Reload the page and try again' })
          .int()
          .min(1, 'Reload the page and try again')
          .optional(),
      ),
    })
    .superRefine((v, ctx) => {
      if (v.amount === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['amount'],
          message: 'Enter the amount asked for in pounds, like 50000',
        });
      }
      if (v.status !== 'drafting' && !v.submittedOn) {
        ctx.addIssue({
          code: 'custom',
          path: ['submittedOn'],
          message: 'Enter the date the bid was submitted',
        });
      }
      if ((v.status === 'awarded' || v.status === 'declined') && !v.decisionOn) {
        ctx.addIssue({ code: 'custom', path: ['decisionOn'], message: 'Enter the date the funder decided' });
      }
      if (v.submittedOn && v.decisionOn && v.decisionOn < v.submittedOn) {
        ctx.addIssue({
          code: 'custom',
          path: ['decisionOn'],
          message: 'The decision date must be on or after the date it was submitted',
        });
      }
    })
    .transform((v) => ({
      ...v,
      amount: v.amount ?? 0,
      partnerOrganisationIds: v.partnerOrganisationIds.filter((id) => id !== v.leadOrganisationId),
      // A draft has not been submitted or decided yet, whatever dates were typed.
      submittedOn: v.status === 'drafting' ? null : v.submittedOn,
      decisionOn: v.status === 'awarded' || v.status === 'declined' ? v.decisionOn : null,
    })),
);
export type BidInput = z.output<typeof bidInput>;
