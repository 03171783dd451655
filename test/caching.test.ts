// What the API answers about a person must not be kept by a browser or a proxy on the way, any more than a
// page: every /api/v1 answer, refusals and errors included, says Cache-Control: no-store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPersonId } from '../src/demo/index.ts';
import { type TestApp, testApp } from './app.ts';
import { signedIn } from './demo-staff.ts';

let t: TestApp;
const routes: string[] = [];
beforeAll(async () => {
  t = await testApp(
    {},
    {
      onRoute: (r) =>
        routes.push(...(Array.isArray(r.method) ? r.method : [r.method]).map((m) => `${m} ${r.url}`)),
    },
  );
  await t.reset();
});
afterAll(async () => t.close());

/** The one /api/v1 answer that holds nobody's data and says so: the API's own description. */
const PUBLIC = new Set(['/api/v1/openapi.json']);

describe('caching of API answers', () => {
  it('every API GET route answers with Cache-Control: no-store, signed in or not', async () => {
    const john = await demoPersonId(t.database.db);
    const db = t.database.db;
    const action = await db.selectFrom('care_plan_action').select('id').executeTakeFirstOrThrow();
    const meeting = await db.selectFrom('meeting').select('id').executeTakeFirstOrThrow();
    const apiGets = [...new Set(routes)]
      .filter((r) => r.startsWith('GET /api/v1'))
      .map((r) => r.slice(4))
      .filter((url) => !PUBLIC.has(url));
    expect(apiGets.length).toBeGreaterThan(30);
    const sarah = await signedIn(t, 'manager');
    let checked = 0;
    for (const pattern of apiGets) {
      const url = pattern
        .replace(/^\/api\/v1\/meetings\/:id/, `/api/v1/meetings/${meeting.id}`)
        .replace(':id', john)
        .replace(/:[a-zA-Z]+/g, action.id);
      for (const res of [await sarah.get(url), await t.app.inject({ method: 'GET', url })]) {
        expect(res.headers['cache-control'], `${url} (${res.statusCode})`).toBe('no-store');
        checked++;
      }
    }
    console.log(`caching: ${apiGets.length} API GET routes, ${checked} answers checked for no-store`);
  });

  it('an API address that matches no route, and a refused write, are not cached either', async () => {
    for (const res of [
      await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' }),
      await t.app.inject({ method: 'POST', url: '/api/v1/people', payload: {} }),
    ]) {
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('the API’s description, which holds nobody’s data, may still be cached', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.headers['cache-control']).toContain('public');
  });
});
