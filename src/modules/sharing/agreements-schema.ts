// Input for the register of information sharing agreements. Forms and the API share these schemas: forms
// send dates as three boxes and lists as checkboxes, which are normalised first. Purposes are the same
// list consent is given for, so that the two can be read side by side.
import { z } from 'zod';
import { CATEGORIES } from '../../policy/index.ts';
import type { DataCategory } from '../../storage/tables.ts';
import { isoDate, isRealDate, joinDateParts, optionalIsoDate } from '../../web/date-input.ts';
import { PURPOSES, type Purpose } from './schema.ts';

export const AGREEMENT_DATES = ['startsOn', 'reviewOn', 'endsOn'] as const;

/** A list from checkboxes (one value or several) or from a JSON array. */
function asList(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

const categories = z.preprocess(
  asList,
  z
    .array(z.string(), { error: 'Select the data categories the agreement covers' })
    .min(1, 'Select the data categories the agreement covers')
    .refine((list) => list.every((c) => (CATEGORIES as readonly string[]).includes(c)), {
      message: 'Select data categories from the list',
    })
    .transform((list) => [...new Set(list)] as DataCategory[]),
);

const purposes = z.preprocess(
  asList,
  z
    .array(z.string(), { error: 'Select the purposes the information is shared for' })
    .min(1, 'Select the purposes the information is shared for')
    .refine((list) => list.every((p) => (PURPOSES as readonly string[]).includes(p)), {
      message: 'Select purposes from the list',
    })
    .transform((list) => [...new Set(list)] as Purpose[]),
);

const organisationIds = z.preprocess(
  asList,
  z
    .array(z.string(), { error: 'Select the organisations that are party to the agreement' })
    .refine((list) => list.every((id) => z.uuid().safeParse(id).success), {
      message: 'Select organisations from the list',
    })
    .transform((list) => [...new Set(list.map((id) => id.toLowerCase()))]),
);

const version = z.coerce
  .number({ error: 'Reload the page and try again: the version of the agreement is missing' })
  .int('Reload the page and try again')
  .min(1, 'Reload the page and try again');

const terms = z.object({
  title: z
    .string({ error: 'Enter a title for the agreement' })
    .trim()
    .min(1, 'Enter a title for the agreement')
    .max(200, 'Title must be 200 characters or fewer'),
  purposes,
  categories,
  lawfulBasis: z
    .string({ error: 'Enter the lawful basis, like UK GDPR Art 6(1)(e) and Art 9(2)(h)' })
    .trim()
    .min(1, 'Enter the lawful basis, like UK GDPR Art 6(1)(e) and Art 9(2)(h)')
    .max(1000, 'Lawful basis must be 1000 characters or fewer'),
  startsOn: isoDate('the start date'),
  reviewOn: isoDate('the review date'),
  endsOn: optionalIsoDate('the end date'),
});

function datesInOrder(
  v: { startsOn: string; reviewOn: string; endsOn: string | null },
  ctx: z.RefinementCtx,
) {
  // Checks run even when a date itself was refused; compare only real dates.
  if (!isRealDate(v.startsOn) || !isRealDate(v.reviewOn)) return;
  if (v.endsOn !== null && !isRealDate(v.endsOn)) return;
  if (v.reviewOn <= v.startsOn) {
    ctx.addIssue({
      code: 'custom',
      path: ['reviewOn'],
      message: 'The review date must be after the start date',
    });
  }
  if (v.endsOn !== null && v.endsOn < v.startsOn) {
    ctx.addIssue({
      code: 'custom',
      path: ['endsOn'],
      message: 'The end date must be on or after the start date',
    });
  } else if (v.endsOn !== null && v.reviewOn > v.endsOn) {
    ctx.addIssue({
      code: 'custom',
      path: ['reviewOn'],
      message: 'The review date must be on or before the end date',
    });
  }
}

export const newAgreementInput = z.preprocess(
  joinDateParts(AGREEMENT_DATES),
  terms.extend({ parties: organisationIds }).superRefine(datesInOrder),
);
export type NewAgreementInput = z.output<typeof newAgreementInput>;

export const agreementChangeInput = z.preprocess(
  joinDateParts(AGREEMENT_DATES),
  terms.extend({ version }).superRefine(datesInOrder),
);
export type AgreementChangeInput = z.output<typeof agreementChangeInput>;

/** Adds an organisation as a party, and records its signature when a signatory is given. */
export const partyInput = z.preprocess(
  joinDateParts(['signedOn']),
  z
    .object({
      organisationId: z
        .string({ error: 'Select an organisation' })
        .min(1, 'Select an organisation')
        .pipe(z.uuid('Select an organisation')),
      signatoryName: z.string().trim().max(200, 'Name must be 200 characters or fewer').default(''),
      signatoryRole: z.string().trim().max(200, 'Role must be 200 characters or fewer').default(''),
      signedOn: optionalIsoDate('the date signed', '3 11 2026'),
      version,
    })
    .superRefine((v, ctx) => {
      const signing = v.signatoryName !== '' || v.signatoryRole !== '' || v.signedOn !== null;
      if (!signing) return;
      if (!v.signatoryName) {
        ctx.addIssue({
          code: 'custom',
          path: ['signatoryName'],
          message: 'Enter the name of the person who signed',
        });
      }
      if (!v.signatoryRole) {
        ctx.addIssue({
          code: 'custom',
          path: ['signatoryRole'],
          message: 'Enter the role of the person who signed',
        });
      }
      if (v.signedOn === null) {
        ctx.addIssue({ code: 'custom', path: ['signedOn'], message: 'Enter the date it was signed' });
      }
    }),
);
export type PartyInput = z.output<typeof partyInput>;

export const removePartyInput = z.object({
  organisationId: z.string({ error: 'Select an organisation' }).pipe(z.uuid('Select an organisation')),
  version,
});

export const statusInput = z.object({
  status: z.enum(['active', 'ended'], { error: 'Select what should happen to the agreement' }),
  note: z.string().trim().max(1000, 'Note must be 1000 characters or fewer').default(''),
  version,
});
export type StatusInput = z.output<typeof statusInput>;
