// Steps the glossary, learning and successes tests share: sign in as one of the demo's staff (setting up
// the security app for roles that must have one), and fingerprint tables to prove a refusal wrote nothing.
import { expect } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { Agent } from '../../../test/http.ts';
import { DEMO_PASSWORD, DEMO_STAFF } from '../../demo/index.ts';
import type { Tables } from '../../storage/tables.ts';
import { codeAt } from '../identity/index.ts';

export function demoStaff(key: string) {
  const s = DEMO_STAFF.find((x) => x.key === key);
  if (!s) throw new Error(`No demo staff member ${key}`);
  return s;
}

export async function staffId(t: TestApp, key: string): Promise<string> {
  const row = await t.database.db
    .selectFrom('staff_user')
    .select('id')
    .where('email', '=', demoStaff(key).email)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Signs in as a demo member of staff, reading the security app's key from the page as a phone would. */
export async function signInAs(t: TestApp, key: string): Promise<Agent> {
  const agent = new Agent(t.app);
  const res = await agent.signIn(demoStaff(key).email, DEMO_PASSWORD);
  expect(res.statusCode).toBe(303);
  if (res.headers.location === '/sign-in/set-up-two-factor') {
    const setup = await agent.get('/sign-in/set-up-two-factor');
    const secret = /id="totp-secret">([A-Z2-7]+)</.exec(setup.body)?.[1];
    expect(secret).toBeDefined();
    const done = await agent.post('/sign-in/set-up-two-factor', { code: codeAt(secret!, t.clock.now()) });
    expect(done.headers.location).toBe('/');
  } else if (res.headers.location === '/sign-in/two-factor') {
    // Already set up in this test: a new code from the stored key, in a later time step (codes are single-use).
    const { totp_secret } = await t.database.db
      .selectFrom('staff_user')
      .select('totp_secret')
      .where('email', '=', demoStaff(key).email)
      .executeTakeFirstOrThrow();
    t.clock.advance(31_000);
    const done = await agent.post('/sign-in/two-factor', { code: codeAt(totp_secret!, t.clock.now()) });
    expect(done.headers.location).toBe('/');
  } else {
    expect(res.headers.location).toBe('/');
  }
  return agent;
}

/** Everything in the named tables and the length of the audit trail, to compare before and after. */
export async function snapshot(t: TestApp, tables: ReadonlyArray<keyof Tables>): Promise<string> {
  const db = t.database.db;
  const rows = await Promise.all(tables.map((table) => db.selectFrom(table).selectAll().execute()));
  const audit = await db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return JSON.stringify([rows, Number(audit.n)]);
}

/** The page has the GOV.UK error summary, and each field's message links to a field that is there. */
export function expectFieldErrors(html: string, fields: string[]) {
  expect(html).toContain('govuk-error-summary');
  expect(html).toMatch(/<title>Error: /);
  for (const field of fields) {
    expect(html, `summary link to #${field}`).toContain(`href="#${field}"`);
    expect(html, `field #${field}`).toContain(`id="${field}"`);
  }
}

export function problemOf(res: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  expect(res.headers['content-type']).toContain('application/problem+json');
  return JSON.parse(res.body) as {
    status: number;
    code: string;
    detail: string;
    errors?: Array<{ field: string; message: string }>;
    askWhom?: string;
  };
}

export function fieldsOf(res: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  expect(res.statusCode).toBe(422);
  return (problemOf(res).errors ?? []).map((e) => e.field).sort();
}
