import { z } from 'zod';
import type { PreferredFormat } from '../../storage/tables.ts';
import { email } from '../../validation.ts';
import { PREFERRED_FORMATS } from '../people/index.ts';

/** Who the invitation is for: the person themselves, or one of their recorded representatives (by id). */
export const inviteInput = z
  .object({
    who: z
      .string({ error: 'Select who the invitation is for' })
      .trim()
      .refine((v) => v === 'person' || z.uuid().safeParse(v).success, {
        message: 'Select who the invitation is for',
      }),
    email: email(),
    authorised: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => v === 'yes' || (Array.isArray(v) && v.includes('yes'))),
    authorisedOn: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v : null))
      .refine((v) => v === null || isDate(v), { message: 'Enter the date as a real date, like 2026-11-20' }),
  })
  .superRefine((input, issues) => {
    if (input.who === 'person') return;
    if (!input.authorised) {
      issues.addIssue({
        code: 'custom',
        path: ['authorised'],
        message: 'Confirm that the person has agreed that this representative may see their record',
      });
    }
    if (input.authorisedOn === null) {
      issues.addIssue({
        code: 'custom',
        path: ['authorisedOn'],
        message: 'Enter the date the person agreed',
      });
    }
  });
export type InviteInput = z.infer<typeof inviteInput>;

function isDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export const setPasswordInput = z.object({
  newPassword: z.string({ error: 'Enter a password' }).min(1, 'Enter a password'),
  confirmPassword: z.string({ error: 'Enter the password again' }).min(1, 'Enter the password again'),
});
export type SetPasswordInput = z.infer<typeof setPasswordInput>;

export const FORMATS = PREFERRED_FORMATS;

export function parseFormat(value: unknown): PreferredFormat | null {
  return typeof value === 'string' && (FORMATS as readonly string[]).includes(value)
    ? (value as PreferredFormat)
    : null;
}

export function parsePage(value: unknown): number {
  const n = typeof value === 'string' ? Number.parseInt(value, 10) : 1;
  return Number.isFinite(n) && n > 0 ? Math.min(n, 100_000) : 1;
}

/** The access log's query: which page, 1 first. Anything else is read as page 1. */
export const accessLogQuery = z.object({
  page: z.string().optional().describe('The page, from 1; 20 looks a page, newest first'),
});
