import { z } from 'zod';
import type { PreferredFormat, RepresentativeKind } from '../../storage/tables.ts';
import { choice, text, uuid } from '../../validation.ts';

const optionalText = (label: string, max = 500) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : null));

/** NHS numbers are 10 digits with a modulus 11 check digit (NHS Data Dictionary). */
export function nhsNumberValid(value: string): boolean {
  const digits = value.replace(/\s+/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  const sum = [...digits.slice(0, 9)].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  const expected = check === 11 ? 0 : check;
  return expected !== 10 && expected === Number(digits[9]);
}

const dateOfBirth = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : null))
  .refine(
    (v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))),
    {
      message: 'Enter the date of birth as a real date, like 1986-04-12',
    },
  )
  .refine((v) => v === null || v <= new Date().toISOString().slice(0, 10), {
    message: 'Date of birth must be in the past',
  });

export const personInput = z.object({
  givenName: text('their first name', 100),
  familyName: text('their last name', 100),
  preferredName: optionalText('Preferred name', 100),
  pronouns: optionalText('Pronouns', 50),
  dateOfBirth,
  nhsNumber: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v.replace(/\s+/g, '') : null))
    .refine((v) => v === null || nhsNumberValid(v), {
      message: 'Enter a valid 10-digit NHS number, like 943 476 5919',
    }),
  address: optionalText('Address', 500),
  phone: optionalText('Phone number', 40),
  email: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || z.email().safeParse(v).success, {
      message: 'Enter an email address in the correct format, like name@example.org',
    }),
});
export type PersonInput = z.infer<typeof personInput>;

export const aboutMeInput = z.object({
  whatMatters: z
    .string()
    .trim()
    .max(5000, 'What matters to them must be 5000 characters or fewer')
    .default(''),
  wishes: z.string().trim().max(5000, 'Wishes must be 5000 characters or fewer').default(''),
  preferences: z.string().trim().max(5000, 'Preferences must be 5000 characters or fewer').default(''),
  lifeHistory: z.string().trim().max(10000, 'Life history must be 10000 characters or fewer').default(''),
  writtenWith: text('who this was written with, like “John, at home with Sarah”', 300),
  version: z.coerce.number({ error: 'Reload the page and try again' }).int().min(1),
});
export type AboutMeInput = z.infer<typeof aboutMeInput>;

export const PREFERRED_FORMATS = [
  'standard',
  'plain',
  'large_print',
  'easy_read',
] as const satisfies readonly PreferredFormat[];
export const FORMAT_LABELS: Record<PreferredFormat, string> = {
  standard: 'Standard',
  plain: 'Plain words',
  large_print: 'Large print',
  easy_read: 'Easy read',
};

const checkbox = z
  .union([z.string(), z.array(z.string()), z.boolean()])
  .optional()
  .transform((v) => v === true || v === 'yes' || (Array.isArray(v) && v.includes('yes')));

export const communicationInput = z.object({
  preferredFormat: choice(PREFERRED_FORMATS, 'Select how they prefer to receive information'),
  easyRead: checkbox,
  largePrint: checkbox,
  bsl: checkbox,
  interpreterLanguage: optionalText('Interpreter language', 100),
  otherNeeds: z.string().trim().max(2000, 'Other needs must be 2000 characters or fewer').default(''),
});
export type CommunicationInput = z.infer<typeof communicationInput>;

export const REPRESENTATIVE_KINDS = [
  'care_act_advocate',
  'imca',
  'lpa_health_welfare',
  'lpa_property_finance',
  'deputy',
  'family_carer',
  'other',
] as const satisfies readonly RepresentativeKind[];

export const REPRESENTATIVE_LABELS: Record<RepresentativeKind, string> = {
  care_act_advocate: 'Independent advocate (Care Act 2014)',
  imca: 'Independent mental capacity advocate (IMCA)',
  lpa_health_welfare: 'Lasting power of attorney: health and welfare',
  lpa_property_finance: 'Lasting power of attorney: property and financial affairs',
  deputy: 'Deputy appointed by the Court of Protection',
  family_carer: 'Family member or carer',
  other: 'Other representative',
};

export const representativeInput = z.object({
  name: text('their name', 200),
  kind: choice(REPRESENTATIVE_KINDS, 'Select what kind of representative they are'),
  relationship: z.string().trim().max(200, 'Relationship must be 200 characters or fewer').default(''),
  phone: optionalText('Phone number', 40),
  email: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || z.email().safeParse(v).success, {
      message: 'Enter an email address in the correct format, like name@example.org',
    }),
});
export type RepresentativeInput = z.infer<typeof representativeInput>;

export const careTeamMemberInput = z.object({
  organisationId: uuid('Select an organisation'),
  staffUserId: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || z.uuid().safeParse(v).success, { message: 'Select a member of staff' }),
  roleInTeam: z.string().trim().max(200, 'Role must be 200 characters or fewer').default(''),
});
export type CareTeamMemberInput = z.infer<typeof careTeamMemberInput>;

export const leadInput = z.object({ memberId: uuid('Select who leads the care team') });
