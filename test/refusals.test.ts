// Every page and API route that shows a person's data, asked by someone the rule denies (a GP at a member
// organisation who is not on John's care team): each gives a clear refusal, and none of John's data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_STAFF, demoPersonId } from '../src/demo/index.ts';
import { type TestApp, testApp } from './app.ts';
import { Agent } from './http.ts';

const email = (key: string) => DEMO_STAFF.find((s) => s.key === key)!.email;

// Words that appear only in John's record: his name, his words, his address, his notes and his plan.
const JOHNS_DATA = [
  'Carter',
  'allotment',
  'Willow Court',
  'Karen',
  'sleeping badly',
  'health check',
  'Maya Patel',
  '9434765919',
];

let t: TestApp;
let john: string;
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
  john = await demoPersonId(t.database.db);
});
afterAll(async () => t.close());

describe('someone the rule denies', () => {
  it('is refused on every GET route about a person, page or API, and sees none of their data', async () => {
    const personRoutes = [...new Set(routes)]
      .filter((r) => r.startsWith('GET '))
      .map((r) => r.slice(4))
      .filter((url) => /^\/(api\/v1\/)?people\/:id(\/|$)/.test(url) && !url.includes('emergency-access'));
    expect(personRoutes.length).toBeGreaterThan(15);
    const outsider = new Agent(t.app);
    expect((await outsider.signIn(email('outOfHours'), DEMO_PASSWORD)).statusCode).toBe(303);
    const ids = await t.database.db
      .selectFrom('care_plan_action')
      .select('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const checked: string[] = [];
    for (const pattern of personRoutes) {
      const url = pattern.replace(':id', john).replace(/:[a-zA-Z]+/g, ids.id);
      const res = await outsider.get(url);
      // 403 with the refusal; 404 only where the second id names nothing of John's.
      expect([403, 404], `${url} gave ${res.statusCode}`).toContain(res.statusCode);
      if (pattern.includes(':id') && !/:[a-zA-Z]+/.test(pattern.replace(':id', '')))
        expect(res.statusCode, url).toBe(403);
      for (const word of JOHNS_DATA) expect(res.body, `${url} shows “${word}”`).not.toContain(word);
      if (res.statusCode === 403 && !url.startsWith('/api/')) expect(res.body).toContain('care team');
      checked.push(url);
    }
    console.log(`refusals: ${checked.length} person routes checked for someone off the care team`);
  });
});
