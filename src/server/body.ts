// JSON bodies are bounded in depth as well as size. Ten kilobytes of brackets nest four thousand levels
// deep, and any code that walks input by recursion (ours, a library's) then runs out of stack: a 500 that
// anyone could cause without signing in. No form or API body needs more than a few levels.
import type { FastifyInstance } from 'fastify';

export const MAX_BODY_DEPTH = 32;

/** A body the server will not parse; mapped to a 400 problem in errors.ts. */
export class BodyTooDeep extends Error {
  readonly code = 'JU_BODY_TOO_DEEP';
  readonly statusCode = 400;
  constructor() {
    super(`The request body is nested more than ${MAX_BODY_DEPTH} levels deep`);
    this.name = 'BodyTooDeep';
  }
}

/**
 * How deeply the JSON text's objects and arrays nest, counted in one pass over the characters (brackets
 * inside strings do not count), stopping as soon as it passes `limit`. Malformed text is left to JSON.parse.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character, a quote included
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * Replaces Fastify's JSON parser with one that first checks the depth, then parses with Fastify's own
 * (which keeps its protection against __proto__ and constructor poisoning). Form bodies need no such check:
 * @fastify/formbody reads `a[b][c]` as one flat name, never as nesting.
 */
export function registerJsonParser(app: FastifyInstance, bodyLimit: number): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (jsonDepthExceeds(text, MAX_BODY_DEPTH)) return done(new BodyTooDeep(), undefined);
    return parse(request, text, done);
  });
}
