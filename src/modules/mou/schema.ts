// Input for the written agreement and members' priorities. The form sends each aim in its own box
// (`aim-1`, `aim-2` ... with its id alongside) and each member's responsibilities as
// `responsibilities-<organisation id>`; the API sends lists and a map. Both end as one shape.
import { z } from 'zod';
import { isoDate, joinDateParts } from '../../web/date-input.ts';

export const MAX_AIMS = 20;
/** Blank boxes offered under the existing aims, so a new aim can be added without JavaScript. */
export const SPARE_AIM_BOXES = 3;

const revision = z.coerce
  .number({ error: 'Reload the page and try again: the revision you edited is missing' })
  .int('Reload the page and try again')
  .min(0, 'Reload the page and try again');

const purpose = z
  .string({ error: 'Enter the partnership’s purpose' })
  .trim()
  .min(1, 'Enter the partnership’s purpose')
  .max(2000, 'The purpose must be 2000 characters or fewer');

export interface AgreementInput {
  purpose: string;
  aims: Array<{ id: string | null; text: string }>;
  responsibilities: Record<string, string>;
  reviewOn: string;
  revision: number;
}

const AIM_MAX = 300;
const RESPONSIBILITIES_MAX = 4000;

/** The API: `aims` is a list, `responsibilities` a map from organisation id to text. */
export const agreementApiInput = z.object({
  purpose,
  aims: z
    .array(
      z.object({
        id: z.uuid('Aim ids come from the agreement; leave the id out for a new aim').nullish(),
        text: z
          .string({ error: 'Enter the aim' })
          .trim()
          .min(1, 'Enter the aim')
          .max(AIM_MAX, `Each aim must be ${AIM_MAX} characters or fewer`),
      }),
      { error: 'Enter at least one shared aim' },
    )
    .min(1, 'Enter at least one shared aim')
    .max(MAX_AIMS, `Keep to ${MAX_AIMS} shared aims or fewer`)
    .transform((aims) => aims.map((a) => ({ id: a.id ?? null, text: a.text }))),
  responsibilities: z
    .record(
      z.uuid('Responsibilities are keyed by organisation id'),
      z.string().trim().max(RESPONSIBILITIES_MAX, `Keep to ${RESPONSIBILITIES_MAX} characters`),
    )
    .default({}),
  reviewOn: isoDate('the review date'),
  revision,
}) satisfies z.ZodType<AgreementInput, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The form's boxes, gathered into one shape; the box each value came from is kept for its error. */
function fromForm(body: unknown): unknown {
  if (!body || typeof body !== 'object') return body;
  const source = joinDateParts(['reviewOn'])(body) as Record<string, unknown>;
  const aims: Array<{ slot: number; id: string | null; text: string }> = [];
  const responsibilities: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    const aim = /^aim-(\d{1,2})$/.exec(key);
    if (aim && typeof value === 'string') {
      const slot = Number(aim[1]);
      const id = source[`aimId-${slot}`];
      aims.push({ slot, id: typeof id === 'string' && UUID.test(id) ? id.toLowerCase() : null, text: value });
    }
    const org = /^responsibilities-(.+)$/.exec(key);
    if (org && typeof value === 'string' && UUID.test(org[1]!))
      responsibilities[org[1]!.toLowerCase()] = value;
  }
  aims.sort((a, b) => a.slot - b.slot);
  return {
    purpose: source.purpose,
    reviewOn: source.reviewOn,
    revision: source.revision,
    aims,
    responsibilities,
  };
}

export const agreementFormInput = z.preprocess(
  fromForm,
  z
    .object({
      purpose,
      aims: z.array(z.object({ slot: z.number(), id: z.string().nullable(), text: z.string() })),
      responsibilities: z.record(z.string(), z.string()),
      reviewOn: isoDate('the review date'),
      revision,
    })
    .superRefine((v, ctx) => {
      const filled = v.aims.filter((a) => a.text.trim() !== '');
      if (filled.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['aim-1'], message: 'Enter at least one shared aim' });
      }
      if (filled.length > MAX_AIMS) {
        ctx.addIssue({
          code: 'custom',
          path: ['aim-1'],
          message: `Keep to ${MAX_AIMS} shared aims or fewer`,
        });
      }
      for (const a of filled) {
        if (a.text.trim().length > AIM_MAX) {
          ctx.addIssue({
            code: 'custom',
            path: [`aim-${a.slot}`],
            message: `Each aim must be ${AIM_MAX} characters or fewer`,
          });
        }
      }
      for (const [org, text] of Object.entries(v.responsibilities)) {
        if (text.trim().length > RESPONSIBILITIES_MAX) {
          ctx.addIssue({
            code: 'custom',
            path: [`responsibilities-${org}`],
            message: `Keep each organisation’s responsibilities to ${RESPONSIBILITIES_MAX} characters`,
          });
        }
      }
    })
    .transform(
      (v): AgreementInput => ({
        purpose: v.purpose,
        aims: v.aims.filter((a) => a.text.trim() !== '').map((a) => ({ id: a.id, text: a.text.trim() })),
        responsibilities: Object.fromEntries(
          Object.entries(v.responsibilities).map(([org, text]) => [org, text.trim()]),
        ),
        reviewOn: v.reviewOn,
        revision: v.revision,
      }),
    ),
);

export const signatoryInput = z.preprocess(
  joinDateParts(['signedOn']),
  z.object({
    organisationId: z
      .string({ error: 'Select the organisation signing' })
      .min(1, 'Select the organisation signing')
      .pipe(z.uuid('Select the organisation signing')),
    name: z
      .string({ error: 'Enter the name of the person who signed' })
      .trim()
      .min(1, 'Enter the name of the person who signed')
      .max(200, 'The name must be 200 characters or fewer'),
    role: z
      .string({ error: 'Enter their role, like Director of adult social services' })
      .trim()
      .min(1, 'Enter their role, like Director of adult social services')
      .max(200, 'The role must be 200 characters or fewer'),
    signedOn: isoDate('the date they signed', '3 11 2026'),
    revision: revision.min(1, 'Reload the page and try again'),
  }),
);
export type SignatoryInput = z.output<typeof signatoryInput>;

/** A list from checkboxes (one value or several) or from a JSON array. */
function asList(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

export const priorityInput = z.object({
  organisationId: z
    .string({ error: 'Select the organisation' })
    .min(1, 'Select the organisation')
    .pipe(z.uuid('Select the organisation')),
  priority: z
    .string({ error: 'Enter the priority' })
    .trim()
    .min(1, 'Enter the priority, like “Fewer emergency admissions for people with a learning disability”')
    .max(300, 'The priority must be 300 characters or fewer'),
  target: z.string().trim().max(300, 'The target must be 300 characters or fewer').default(''),
  supportsAims: z.preprocess(
    asList,
    z
      .array(z.string(), { error: 'Select shared aims from the list' })
      .refine((list) => list.every((id) => UUID.test(id)), 'Select shared aims from the list')
      .transform((list) => [...new Set(list.map((id) => id.toLowerCase()))]),
  ),
});
export type PriorityInput = z.output<typeof priorityInput>;
