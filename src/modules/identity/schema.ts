import { z } from 'zod';
import type { PartnershipRole } from '../../storage/tables.ts';
import { choice, email, text, uuid } from '../../validation.ts';

export const PARTNERSHIP_ROLES = [
  'practitioner',
  'manager',
  'senior_leader',
  'ig_lead',
  'volunteer',
  'admin',
] as const satisfies readonly PartnershipRole[];

export const signInInput = z.object({
  email: email(),
  password: z
    .string({ error: 'Enter your password' })
    .min(1, 'Enter your password')
    .max(1000, 'Enter your password'),
});

export const codeInput = z.object({
  code: z
    .string({ error: 'Enter the 6-digit security code' })
    .trim()
    .min(1, 'Enter the 6-digit security code')
    .regex(/^\d{3}\s?\d{3}$/, 'Enter the security code as 6 digits, like 123456'),
});

export const changePasswordInput = z.object({
  currentPassword: z.string({ error: 'Enter your current password' }).min(1, 'Enter your current password'),
  newPassword: z.string({ error: 'Enter a new password' }).min(1, 'Enter a new password'),
  confirmPassword: z.string({ error: 'Enter the new password again' }).min(1, 'Enter the new password again'),
});

export const removeSecondFactorInput = z.object({
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password'),
});

const staffFields = {
  name: text('their full name'),
  organisationId: uuid('Select their organisation'),
  professionalRole: text('their professional role, like Community nurse'),
  partnershipRole: choice(PARTNERSHIP_ROLES, 'Select what they may do in JoinedUp'),
};

export const createStaffInput = z.object({
  ...staffFields,
  email: email(),
  password: z.string({ error: 'Enter a first password for them' }).min(1, 'Enter a first password for them'),
});

export const updateStaffInput = z.object(staffFields);

export const staffStatusInput = z.object({
  change: choice(['disable', 'enable', 'unlock', 'reset_second_factor'], 'Select a change'),
});

export type CreateStaffInput = z.infer<typeof createStaffInput>;
export type UpdateStaffInput = z.infer<typeof updateStaffInput>;
export type StaffStatusChange = z.infer<typeof staffStatusInput>['change'];
