// The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json. An onRoute hook sees every /api/v1
// route as it is registered, so none can be left out; each route gives its summary and the same zod schemas
// that parseInput checks through `config.openapi` (see apiDoc). test/openapi.test.ts fails for a route
// without one. The document holds no person data, so it is public.
import type { FastifyInstance, RouteOptions } from 'fastify';
import { z } from 'zod';

/** What a route author says about an /api/v1 route. */
export interface ApiDoc {
  summary: string;
  description?: string;
  tags?: string[];
  /** The schema parseInput checks the body with; null for a route that reads no body. */
  body?: z.ZodType | null;
  /** The schema parseInput checks the query string with: each property becomes a query parameter. */
  query?: z.ZodType;
  /** The success response: 200 unless said; a schema where one exists (201 Created, 204 No Content...). */
  response?: { status?: number; description: string; schema?: z.ZodType };
  /** Served without signing in. */
  public?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    openapi?: ApiDoc;
  }
}

/** Route options that document an /api/v1 route: `app.post(url, apiDoc({ summary, body }), handler)`. */
export function apiDoc(doc: ApiDoc): { config: { openapi: ApiDoc } } {
  return { config: { openapi: doc } };
}

/** apiDoc with a tag for every route of one module: `const api = apiDocs('People')`. */
export function apiDocs(tag: string): (doc: ApiDoc) => { config: { openapi: ApiDoc } } {
  return (doc) => apiDoc({ tags: [tag], ...doc });
}

export const API_PREFIX = '/api/v1';

export interface ApiRoute {
  method: string;
  /** Fastify's form: /api/v1/people/:id */
  url: string;
  doc: ApiDoc | undefined;
}

/** The /api/v1 routes in a route's options, one per method (Fastify's own HEAD twins of GET left out). */
export function apiRoutesOf(route: RouteOptions): ApiRoute[] {
  if (route.url !== API_PREFIX && !route.url.startsWith(`${API_PREFIX}/`)) return [];
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  return methods
    .filter((m) => m !== 'HEAD')
    .map((method) => ({ method, url: route.url, doc: route.config?.openapi }));
}

/** /api/v1/people/:id -> /api/v1/people/{id} (a regular expression after a parameter is dropped). */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, '{$1}');
}

/** Collects /api/v1 routes as they are registered and serves their description. Call before any API route. */
export function registerOpenApi(app: FastifyInstance): void {
  const routes: ApiRoute[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(...apiRoutesOf(route));
  });
  let document: OpenApiDocument | undefined;
  app.get(
    `${API_PREFIX}/openapi.json`,
    apiDoc({
      summary: 'This description of the API, as OpenAPI 3.1',
      tags: ['API'],
      public: true,
      response: { description: 'The OpenAPI document' },
    }),
    async (_request, reply) => {
      // Built on first use, when every route is registered.
      document ??= openApiDocument(routes);
      return reply.header('cache-control', 'public, max-age=300').send(document);
    },
  );
}

type Schema = Record<string, unknown>;
type Operation = Record<string, unknown>;
export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, unknown>;
  security: Array<Record<string, string[]>>;
  tags: Array<{ name: string }>;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const METHOD_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export function openApiDocument(routes: readonly ApiRoute[]): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const sorted = [...routes].sort(
    (a, b) => a.url.localeCompare(b.url) || METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method),
  );
  const tags = new Set<string>();
  for (const route of sorted) {
    const path = openApiPath(route.url);
    const operation = operationFor(route, path);
    for (const tag of (operation.tags as string[] | undefined) ?? []) tags.add(tag);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'JoinedUp API',
      version: '1',
      description:
        'Care coordination for adult social care partnerships. Sign in through the web pages: the API uses ' +
        'the same session cookie. A request that changes anything (POST, PUT, PATCH, DELETE) also sends the ' +
        'CSRF token of a JoinedUp page (its _csrf form field) in the x-csrf-token header. Every error is ' +
        'problem+json (RFC 9457), with a code, the fields to correct and, for a refusal, whom to ask.',
    },
    paths,
    components: { schemas: { Problem: PROBLEM }, responses: PROBLEM_RESPONSES, securitySchemes: SECURITY },
    security: [{ sessionCookie: [] }],
    tags: [...tags].sort().map((name) => ({ name })),
  };
}

function operationFor(route: ApiRoute, path: string): Operation {
  const doc = route.doc;
  const unsafe = UNSAFE.has(route.method);
  const pathParameters = [...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    // Every path parameter is an id (parseId answers 404 for anything else).
    schema: /(^id|Id)$/.test(name ?? '') ? { type: 'string', format: 'uuid' } : { type: 'string' },
  }));
  const queryParameters = doc?.query ? queryParametersOf(doc.query) : [];
  const parameters = [...pathParameters, ...queryParameters];
  const success = doc?.response ?? { description: 'Done' };
  const status = success.status ?? 200;
  const responses: Record<string, unknown> = {
    [status]: {
      description: success.description,
      ...(status === 204
        ? {}
        : {
            content: {
              'application/json': success.schema ? { schema: toSchema(success.schema, 'output') } : {},
            },
          }),
    },
  };
  const errors: string[] = [];
  if (!doc?.public) errors.push('401', '403');
  if (pathParameters.length) errors.push('404');
  if (unsafe) errors.push('409');
  if (doc?.body) errors.push('413');
  if (doc?.body || doc?.query) errors.push('422');
  if (!doc?.public) errors.push('429');
  for (const code of errors) responses[code] = { $ref: `#/components/responses/${code}` };

  return {
    operationId: operationId(route.method, path),
    summary: doc?.summary ?? `${route.method} ${path}`,
    ...(doc?.description ? { description: doc.description } : {}),
    ...(doc?.tags?.length ? { tags: doc.tags } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(doc?.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: toSchema(doc.body, 'input') } },
          },
        }
      : {}),
    responses,
    ...(doc?.public ? { security: [] } : unsafe ? { security: [{ sessionCookie: [], csrfToken: [] }] } : {}),
  };
}

/** GET /api/v1/people/{id}/plan -> getPeopleByIdPlan */
function operationId(method: string, path: string): string {
  const words = path
    .slice(API_PREFIX.length)
    .split('/')
    .filter(Boolean)
    .map((part) => {
      const param = /^\{(.+)\}$/.exec(part)?.[1];
      return param ? `by-${param}` : part;
    })
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join('');
}

/**
 * The JSON Schema (2020-12, OpenAPI 3.1's dialect) of a zod schema. Input schemas are described as a client
 * sends them (io: 'input': a field with a default is optional, a pipe shows what goes in); what JSON Schema
 * cannot say (transforms, refinements across fields) is left to the 422 response.
 */
export function toSchema(schema: z.ZodType, io: 'input' | 'output'): Schema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Schema;
  // A trap: "#/$defs/..." would resolve against the OpenAPI document, not this schema. Zod emits $defs only
  // for schemas given an id in its registry or for recursive ones; none is, so refuse rather than mislead.
  if ('$defs' in json) throw new Error('openapi: a schema with $defs needs hoisting into components.schemas');
  return json;
}

function queryParametersOf(query: z.ZodType): Schema[] {
  const json = toSchema(query, 'input');
  const properties = (json.properties ?? {}) as Record<string, Schema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, schema]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema: withoutNull(schema),
  }));
}

/** A query string cannot send null: an optional date that parses to null is simply left out. */
function withoutNull(schema: Schema): Schema {
  if (!Array.isArray(schema.type)) return schema;
  const types = schema.type.filter((t) => t !== 'null');
  return { ...schema, type: types.length === 1 ? types[0] : types };
}

const PROBLEM: Schema = {
  type: 'object',
  description: 'An error, as RFC 9457 problem details.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri', description: 'Names the kind of problem.' },
    title: { type: 'string', description: 'A short summary in plain words.' },
    status: { type: 'integer', description: 'The HTTP status code.' },
    detail: { type: 'string', description: 'What went wrong and what to do about it.' },
    code: { type: 'string', description: 'A stable code, like JU_INVALID or JU_REFUSED.' },
    errors: {
      type: 'array',
      description: 'The fields to correct (422).',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: {
          field: { type: 'string', description: 'The field, as a dotted path into the body or query.' },
          message: { type: 'string' },
        },
      },
    },
    askWhom: { type: 'string', description: 'For a refusal (403): whom to ask for access.' },
  },
};

const problem = (description: string, extra: Schema = {}) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  ...extra,
});

const PROBLEM_RESPONSES: Record<string, unknown> = {
  '401': problem('Not signed in, or the session has ended: sign in again.'),
  '403': problem(
    'Refused: your role or relationship does not allow this, there is no lawful basis or sharing agreement, ' +
      'or the CSRF token is missing or out of date. The detail says which, and askWhom whom to ask.',
  ),
  '404': problem('Not found, or the id is not a valid id.'),
  '409': problem(
    'Someone else changed this since you read it (the version or revision you sent is out of date): ' +
      'read it again and reapply your change.',
  ),
  '413': problem('The request body is larger than JoinedUp accepts.'),
  '422': problem('Some of what you sent needs correcting: errors lists each field and what to enter.'),
  '429': problem('Too many requests or attempts: wait before trying again.', {
    headers: {
      'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } },
    },
  }),
};

const SECURITY: Record<string, unknown> = {
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'joinedup',
    description:
      'The session cookie set when signing in (named __Host-joinedup when JoinedUp is served over HTTPS).',
  },
  csrfToken: {
    type: 'apiKey',
    in: 'header',
    name: 'x-csrf-token',
    description:
      'The CSRF token from a JoinedUp page, sent with its CSRF cookie, on every POST, PUT, PATCH and DELETE.',
  },
};
