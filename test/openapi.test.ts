// The API's description at /api/v1/openapi.json: valid OpenAPI 3.1, public, and complete — every /api/v1
// route Fastify registers is in it, with a summary from its author, so a new route without one fails here.
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORGANISATION_KINDS, organisationInput } from '../src/modules/partnerships/schema.ts';
import { buildApp } from '../src/server/app.ts';
import { type ApiRoute, apiRoutesOf, type OpenApiDocument, openApiPath } from '../src/server/openapi.ts';
import type { Database } from '../src/storage/database.ts';
import { testConfig, testDatabase } from './harness.ts';

let app: FastifyInstance;
let database: Database;
// Collected by a hook of the test's own, added before any plugin or route, not by the registry under test.
const registered: ApiRoute[] = [];
let document: OpenApiDocument;

beforeAll(async () => {
  database = await testDatabase();
  app = await buildApp({
    config: testConfig(),
    database,
    onRoute: (route: RouteOptions) => registered.push(...apiRoutesOf(route)),
  });
  await app.ready();
  const response = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  expect(response.statusCode).toBe(200);
  document = response.json();
});

afterAll(async () => {
  await app.close();
  await database.close();
});

const operation = (method: string, url: string) =>
  document.paths[openApiPath(url)]?.[method.toLowerCase()] as Record<string, unknown> | undefined;

describe('the API description', () => {
  it('is served without signing in, as JSON that may be cached', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['cache-control']).toContain('public');
  });

  it('is valid OpenAPI 3.1', async () => {
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it('lists every /api/v1 route Fastify has registered, and nothing else', () => {
    expect(registered.length).toBeGreaterThan(30);
    const missing = registered.filter((r) => !operation(r.method, r.url)).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    const documented = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const expected = registered.map((r) => `${r.method} ${openApiPath(r.url)}`);
    expect(documented.sort()).toEqual([...new Set(expected)].sort());
  });

  it('has a summary for every route, given next to the route with apiDoc', () => {
    const undocumented = registered.filter((r) => !r.doc?.summary).map((r) => `${r.method} ${r.url}`);
    expect(undocumented, 'add apiDoc({ summary, body }) to these routes').toEqual([]);
  });

  it('says what body every POST, PUT, PATCH and DELETE takes (body: null for none)', () => {
    const unsaid = registered
      .filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && r.doc?.body === undefined)
      .map((r) => `${r.method} ${r.url}`);
    expect(unsaid, 'give these routes the schema parseInput checks their body with').toEqual([]);
  });

  it('describes a body with the schema that validates it: adding an organisation', () => {
    const body = operation('POST', '/api/v1/organisations')?.requestBody as
      | { content: Record<string, { schema: Record<string, unknown> }> }
      | undefined;
    const schema = body?.content['application/json']?.schema;
    // The fields the zod schema refuses to go without are the ones the document says are required.
    const refused = organisationInput.safeParse({}).error?.issues.map((i) => String(i.path[0])) ?? [];
    expect(new Set(schema?.required as string[])).toEqual(new Set(refused));
    expect(refused.sort()).toEqual(['kind', 'name']);
    const properties = schema?.properties as Record<string, Record<string, unknown>>;
    expect(properties.kind?.enum).toEqual([...ORGANISATION_KINDS]);
    expect(properties.name).toMatchObject({ type: 'string', minLength: 1, maxLength: 200 });
  });

  it('gives each operation its path parameters and the shared problem+json errors', () => {
    const put = operation('PUT', '/api/v1/organisations/:id');
    expect(put?.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
    ]);
    const responses = put?.responses as Record<string, unknown>;
    for (const status of ['401', '403', '404', '409', '413', '422', '429']) {
      expect(responses[status]).toEqual({ $ref: `#/components/responses/${status}` });
    }
    expect(put?.security).toEqual([{ sessionCookie: [], csrfToken: [] }]);
    const problem = (document.components.schemas as Record<string, { required: string[] }>).Problem;
    expect(problem?.required).toEqual(['type', 'title', 'status', 'detail', 'code']);
  });
});
