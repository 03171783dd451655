// Validation at the edge: a zod schema per input, and one way of turning its issues into field errors
// that a form's error summary and a problem+json body both show.
import { z } from 'zod';
import { type FieldError, Invalid } from './errors.ts';

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new Invalid(fieldErrors(result.error));
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  const seen = new Set<string>();
  const fields: FieldError[] = [];
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || 'body';
    if (seen.has(field)) continue;
    seen.add(field);
    fields.push({ field, message: issue.message });
  }
  return fields;
}

/** A required line of text, trimmed, with a message that says what to enter. */
export function text(label: string, max = 200) {
  return z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${capitalise(label)} must be ${max} characters or fewer`);
}

export function email() {
  return z
    .string({ error: 'Enter an email address' })
    .trim()
    .min(1, 'Enter an email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .pipe(z.email('Enter an email address in the correct format, like name@example.org'));
}

export function choice<const T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z.enum(values, { error: message });
}

export function uuid(message: string) {
  return z.string({ error: message }).pipe(z.uuid(message));
}

/** PostgreSQL's integer, which every version and revision column is. */
const INT_MAX = 2_147_483_647;

/**
 * The version or revision a form carries back in a hidden field (or an API client sends), so that a save
 * based on an old one is noticed. Only a person editing the page by hand gets it wrong, so the message is
 * the same whatever is wrong: not digits, not whole, below `min`, or too big for the column.
 */
export function revision(message = 'Reload the page and try again', min = 1) {
  return z
    .union(
      [
        z.number(),
        z
          .string()
          .trim()
          .regex(/^\d{1,10}$/),
      ],
      { error: message },
    )
    .transform(Number)
    .pipe(z.number().int(message).min(min, message).max(INT_MAX, message));
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
