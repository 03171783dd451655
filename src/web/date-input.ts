// The GOV.UK date input asks for a date in three boxes (day, month, year). Forms send `name-day`,
// `name-month` and `name-year`; the API sends one ISO date. These helpers turn the three boxes into the
// ISO date before validation, so one schema serves both, and fill the boxes back in from a stored date.
import { z } from 'zod';

const PARTS = ['day', 'month', 'year'] as const;

/** Replaces each date's three boxes with one `YYYY-MM-DD` value (or what was typed, to be refused). */
export function joinDateParts(names: readonly string[]) {
  return (body: unknown): unknown => {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
    const source = body as Record<string, unknown>;
    const out: Record<string, unknown> = { ...source };
    for (const name of names) {
      const keys = PARTS.map((p) => `${name}-${p}`);
      if (!keys.some((k) => k in source)) continue;
      const [day, month, year] = keys.map((k) => String(source[k] ?? '').trim());
      if (!day && !month && !year) out[name] = '';
      else if (/^\d{1,2}$/.test(day!) && /^\d{1,2}$/.test(month!) && /^\d{4}$/.test(year!)) {
        out[name] = `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`;
      } else out[name] = `${year}-${month}-${day}`;
      for (const k of keys) delete out[k];
    }
    return out;
  };
}

/** The three boxes for a stored ISO date, for a form that changes it. */
export function datePartValues(name: string, iso: string | null | undefined): Record<string, string> {
  if (!iso) return {};
  const [year, month, day] = iso.slice(0, 10).split('-');
  return {
    [`${name}-day`]: String(Number(day)),
    [`${name}-month`]: String(Number(month)),
    [`${name}-year`]: year ?? '',
  };
}

export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A required calendar date, as YYYY-MM-DD. */
export function isoDate(label: string, example = '1 4 2027') {
  return z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .refine(isRealDate, `${capitalise(label)} must be a real date, like ${example}`);
}

/** An optional calendar date: blank or missing is null. */
export function optionalIsoDate(label: string, example = '1 4 2027') {
  return z
    .string({ error: `${capitalise(label)} must be a real date, like ${example}` })
    .trim()
    .nullish()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || isRealDate(v), `${capitalise(label)} must be a real date, like ${example}`);
}

/** Days from one calendar date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
