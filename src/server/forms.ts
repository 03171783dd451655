// The form pattern every page uses: parse with the module's schema, call the service, and on Invalid
// re-render the same form with the person's input and an error summary linking to each field.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { Conflict, type FieldError, Invalid, NotFound, TooManyAttempts } from '../errors.ts';
import { parseInput } from '../validation.ts';

export function formValues(request: FastifyRequest): Record<string, string | string[]> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const values: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    // Passwords and the CSRF token are never echoed back into a page.
    if (key === '_csrf' || /password/i.test(key)) continue;
    if (typeof value === 'string') values[key] = value;
    else if (Array.isArray(value)) values[key] = value.filter((v): v is string => typeof v === 'string');
  }
  return values;
}

export async function handleForm<S extends z.ZodType, T>(
  request: FastifyRequest,
  reply: FastifyReply,
  options: {
    schema: S;
    template: string;
    data?: () => Promise<Record<string, unknown>> | Record<string, unknown>;
    run: (input: z.output<S>) => Promise<T>;
    done: (result: T) => unknown;
  },
): Promise<unknown> {
  try {
    const input = parseInput(options.schema, request.body);
    const result = await options.run(input);
    return options.done(result);
  } catch (error) {
    if (error instanceof Invalid || error instanceof TooManyAttempts) {
      const errors =
        error instanceof Invalid ? error.fields : [{ field: firstField(request), message: error.message }];
      if (error instanceof TooManyAttempts) reply.header('retry-after', String(error.retryAfterSeconds));
      const extra = options.data ? await options.data() : {};
      return reply
        .code(error.status)
        .render(options.template, { ...extra, errors, values: formValues(request) });
    }
    throw error;
  }
}

function firstField(request: FastifyRequest): string {
  const body = (request.body ?? {}) as Record<string, unknown>;
  return Object.keys(body).find((k) => k !== '_csrf') ?? 'body';
}

// RFC 3986's path and query characters, with no space, control character or backslash: browsers drop tabs
// and newlines and read a backslash as a slash, so "/\t/evil.example" would leave the site, and a newline in
// a Location header is refused by Node (a 500 after a good sign-in).
const SAFE_TARGET = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/;
const HERE = 'https://joinedup.invalid';

/** Only same-site paths may be a redirect target, so a link cannot send someone elsewhere after signing in. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !SAFE_TARGET.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, HERE);
  } catch {
    return '/';
  }
  // Dot segments can collapse to "//host" ("/.//evil.example"), which a browser reads as another site.
  if (url.origin !== HERE || !url.pathname.startsWith('/') || url.pathname.startsWith('//')) return '/';
  return `${url.pathname}${url.search}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in paths are UUIDs; anything else cannot name a record, so it is simply not found. */
export function parseId(id: string): string {
  if (!UUID.test(id)) throw new NotFound('The page');
  return id.toLowerCase();
}

/**
 * Fields holding the null character (U+0000), which PostgreSQL text cannot store: without this check such a
 * value reaches the database and fails there as a 500. Browsers never send it; scripts and probes do.
 * Walked with a stack of its own rather than by recursion, so no depth of input can exhaust the call stack.
 */
export function unstorableFields(value: unknown): FieldError[] {
  const found: FieldError[] = [];
  const pending: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value === 'string') {
      if (next.value.includes('\u0000'))
        found.push({
          field: next.path || 'body',
          message: 'Remove the null character (an invisible control character) from this answer',
        });
    } else if (next.value !== null && typeof next.value === 'object') {
      const entries = Object.entries(next.value);
      // Pushed last first, so fields are reported in the order they were sent.
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, v] = entries[i]!;
        pending.push({ value: v, path: next.path ? `${next.path}.${key}` : key });
      }
    }
  }
  return found;
}

/**
 * A save based on an old revision is refused: the form comes back with the person's own input, the other
 * version beside it, and the current revision, so saving again merges deliberately rather than by accident.
 */
export async function withConflict(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  data: () => Promise<Record<string, unknown>>,
  field: string,
  run: () => Promise<unknown>,
): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof Conflict)) throw error;
    const current = (error.current ?? {}) as { revision?: number };
    return reply.code(409).render(template, {
      ...(await data()),
      conflict: current,
      errors: [{ field, message: error.message }],
      values: { ...formValues(request), revision: String(current.revision ?? '') },
    });
  }
}
