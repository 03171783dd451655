// A unique index is the last word when two requests add the same thing at the same instant: both pass the
// service's own "is it taken?" check, and the second insert fails with PostgreSQL's unique_violation. Both
// engines report it as SQLSTATE 23505 with the constraint's name; this turns the known ones into the same
// field error the service gives when it sees the clash itself, instead of a 500.
import { type FieldError, Invalid } from '../errors.ts';

const UNIQUE_VIOLATION = '23505';

/** The name of the unique constraint or index that `error` violated, if it is a unique violation. */
export function violatedUnique(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  if (code !== UNIQUE_VIOLATION) return null;
  return typeof constraint === 'string' ? constraint : '';
}

/** Runs a write; a violation of one of `fields`' constraints becomes Invalid with that field's error. */
export async function uniqueOrInvalid<T>(
  write: () => Promise<T>,
  fields: Readonly<Record<string, FieldError>>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const constraint = violatedUnique(error);
    const field = constraint === null ? undefined : fields[constraint];
    if (field) throw new Invalid([field]);
    throw error;
  }
}
