import { z } from 'zod';
import type { ContactIssue } from '../../storage/tables.ts';

export const ISSUES = [
  'safeguarding',
  'referrals',
  'care_plan',
  'information_sharing',
  'complaints',
  'out_of_hours',
] as const satisfies readonly ContactIssue[];

export const ISSUE_LABELS: Record<ContactIssue, string> = {
  safeguarding: 'Safeguarding concerns',
  referrals: 'Referrals',
  care_plan: 'Care plan questions',
  information_sharing: 'Information sharing',
  complaints: 'Complaints',
  out_of_hours: 'Out of hours (evenings, weekends, bank holidays)',
};

const optional = (max: number, label: string) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .nullish()
    .transform((v) => (v ? v : null));

// UK numbers have 10 or 11 digits (12 with +44); the rest is spacing a person may type.
const PHONE = /^\+?[\d\s()-]+$/;
function isPhone(value: string): boolean {
  const digits = value.replace(/\D/g, '');
  return PHONE.test(value) && digits.length >= 10 && digits.length <= 13;
}

export const contactInput = z
  .object({
    organisationId: z
      .string({ error: 'Select the organisation' })
      .min(1, 'Select the organisation')
      .pipe(z.uuid('Select the organisation')),
    issue: z.enum(ISSUES, { error: 'Select the kind of issue this contact is for' }),
    contactName: z
      .string({ error: 'Enter who to contact, like Safeguarding adults team' })
      .trim()
      .min(1, 'Enter who to contact, like Safeguarding adults team')
      .max(200, 'Who to contact must be 200 characters or fewer'),
    phone: optional(40, 'The phone number').refine(
      (v) => v === null || isPhone(v),
      'Enter a phone number, like 01632 960 000 or +44 1632 960 000',
    ),
    email: optional(254, 'The email address').refine(
      (v) => v === null || z.email().safeParse(v).success,
      'Enter an email address in the correct format, like team@example.org',
    ),
    hours: z
      .string({ error: 'Enter when they can be reached, like Monday to Friday, 9am to 5pm' })
      .trim()
      .min(1, 'Enter when they can be reached, like Monday to Friday, 9am to 5pm')
      .max(200, 'When they can be reached must be 200 characters or fewer'),
    outOfHours: z
      .union([z.boolean(), z.enum(['yes', 'no', ''])], { error: 'Say whether they answer out of hours' })
      .optional()
      .transform((v) => v === true || v === 'yes'),
    notes: z.string().trim().max(1000, 'Notes must be 1000 characters or fewer').default(''),
  })
  .superRefine((v, ctx) => {
    if (v.phone === null && v.email === null) {
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'Enter a phone number or an email address' });
    }
  })
  // An out-of-hours line answers out of hours by definition.
  .transform((v) => ({ ...v, outOfHours: v.outOfHours || v.issue === 'out_of_hours' }));
export type ContactInput = z.output<typeof contactInput>;
