// What the server writes to its log: enough to follow a request (method, route, status, time, request id)
// and never what people typed or the secrets that keep them signed in.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_STAFF, loadDemo } from '../src/demo/index.ts';
import { codeAt } from '../src/modules/identity/index.ts';
import { buildApp } from '../src/server/app.ts';
import type { Database } from '../src/storage/database.ts';
import { resetDatabase, TestClock, testConfig, testDatabase } from './harness.ts';
import { Agent, csrfIn } from './http.ts';

const admin = DEMO_STAFF.find((s) => s.key === 'admin')!;
const manager = DEMO_STAFF.find((s) => s.key === 'manager')!;

// What a member of staff might type about someone, and the password they might choose.
const PERSON_NAME = 'Marjorie Quill';
const PERSON_EMAIL = 'marjorie.quill@elsewhere.example';
const NEW_PASSWORD = 'velvet harbour compass 917';
const WRONG_PASSWORD = 'tangerine-bicycle-wrong';

let database: Database;
let app: FastifyInstance;
const clock = new TestClock();
const lines: string[] = [];

beforeAll(async () => {
  database = await testDatabase();
  app = await buildApp({
    config: testConfig(),
    database,
    clock,
    // The most detailed level, so that nothing is hidden by the level alone.
    logger: { level: 'trace', stream: { write: (line: string) => void lines.push(line) } },
  });
  // A failure deep inside, whose message repeats what was sent, as PostgreSQL's messages do
  // ('invalid input syntax for type uuid: "..."').
  app.post('/test/fail', async (request) => {
    const body = request.body as { name?: string };
    await sql`SELECT ${body.name ?? ''}::uuid`.execute(database.db);
    return 'unreachable';
  });
  app.post('/test/throw', async (request) => {
    const body = request.body as { email?: string };
    throw new Error(`Could not send to ${body.email}`);
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await database.close();
});
beforeEach(async () => {
  clock.set('2026-11-25T10:00:00Z');
  await resetDatabase(database);
  await loadDemo(database.db, clock);
  lines.length = 0;
});

function records(): Array<Record<string, unknown>> {
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Every form the value could take in a log: as typed, URL-encoded as in a form body or a query string. */
function variants(value: string): string[] {
  return [
    ...new Set([
      value,
      encodeURIComponent(value),
      value.replace(/ /g, '+'),
      JSON.stringify(value).slice(1, -1),
    ]),
  ];
}

function expectNotLogged(secrets: Record<string, string | undefined>) {
  const log = lines.join('');
  expect(log.length).toBeGreaterThan(0);
  for (const [what, value] of Object.entries(secrets)) {
    expect(value, what).toBeTruthy();
    for (const v of variants(value!)) {
      expect(log.includes(v), `${what} (${v}) appears in the log`).toBe(false);
      expect(log.toLowerCase().includes(v.toLowerCase()), `${what} in another case appears in the log`).toBe(
        false,
      );
    }
  }
}

async function signInAdmin(): Promise<{ agent: Agent; secret: string; code: string }> {
  const agent = new Agent(app);
  await agent.signIn(admin.email, DEMO_PASSWORD);
  const setup = await agent.get('/sign-in/set-up-two-factor');
  const secret = /id="totp-secret">([A-Z2-7]+)</.exec(setup.body)![1]!;
  const code = codeAt(secret, clock.now());
  expect((await agent.post('/sign-in/set-up-two-factor', { code })).headers.location).toBe('/');
  return { agent, secret, code };
}

describe('the log', () => {
  it('records each request by method, route, status, time and request id', async () => {
    const agent = new Agent(app);
    await agent.signIn(manager.email, DEMO_PASSWORD);
    await agent.get(`/organisations/${DEMO_ORGANISATIONS.gp.id}?from=search`);
    const completed = records().filter((r) => r.msg === 'request completed');
    expect(completed.length).toBeGreaterThanOrEqual(3);
    for (const r of completed) {
      expect(r.reqId).toMatch(/^[0-9a-f-]{36}$/);
      expect(typeof r.responseTime).toBe('number');
      expect(r.res).toMatchObject({ statusCode: expect.any(Number) });
    }
    const routes = completed.map((r) => r.res as { method: string; route: string; statusCode: number });
    expect(routes).toContainEqual({ method: 'POST', route: '/sign-in', statusCode: 303 });
    // The route pattern, not the address: ids and query strings in addresses can say whom a request was about.
    expect(routes).toContainEqual({ method: 'GET', route: '/organisations/:id', statusCode: 200 });
    expect(lines.join('')).not.toContain(DEMO_ORGANISATIONS.gp.id);
    expect(lines.join('')).not.toContain('from=search');
  });

  it('never holds passwords, session cookies, CSRF tokens, security keys, or the names and emails people typed', async () => {
    // A failed and a successful sign-in, with the password in the form.
    const stranger = new Agent(app);
    await stranger.signIn(manager.email, WRONG_PASSWORD);
    const { agent, secret, code } = await signInAdmin();
    const csrf = csrfIn((await agent.get('/admin/staff/new')).body)!;

    // Forms and API bodies naming a person, with a password; some fail validation and are echoed back.
    const staff = {
      name: PERSON_NAME,
      email: PERSON_EMAIL,
      organisationId: DEMO_ORGANISATIONS.gp.id,
      professionalRole: 'Practice nurse',
      partnershipRole: 'practitioner',
      password: NEW_PASSWORD,
    };
    expect((await agent.post('/admin/staff/new', { ...staff, password: 'short' })).statusCode).toBe(422);
    expect((await agent.post('/admin/staff/new', staff)).statusCode).toBe(303);
    expect((await agent.json('POST', '/api/v1/staff', staff)).statusCode).toBe(422);
    expect(
      (await agent.post('/organisations/new', { name: `${PERSON_NAME} Trust`, kind: 'other' })).statusCode,
    ).toBe(303);
    // A person's name in a query string and in a path that matches no route.
    await agent.get(`/sign-in?next=${encodeURIComponent(`/people?name=${PERSON_NAME}`)}`);
    await agent.get(`/people/${encodeURIComponent(PERSON_EMAIL)}`);
    // A forged form, and a failed second step with the newcomer's password.
    expect(
      (await agent.post('/organisations/new', { name: PERSON_NAME, kind: 'gp' }, { csrf: 'forged' }))
        .statusCode,
    ).toBe(403);
    expect((await new Agent(app).signIn(PERSON_EMAIL, NEW_PASSWORD)).statusCode).toBe(303);

    // Two failures on our side, each with what was sent in the error's message.
    const failed = await agent.post('/test/fail', { name: PERSON_NAME }, { formUrl: '/' });
    expect(failed.statusCode).toBe(500);
    expect(failed.body).not.toContain(PERSON_NAME);
    const thrown = await agent.post('/test/throw', { email: PERSON_EMAIL }, { formUrl: '/' });
    expect(thrown.statusCode).toBe(500);

    const errors = records().filter((r) => r.level === 50);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    for (const e of errors) {
      // The error is still useful: what kind, and where in the code.
      const err = e.err as { type: string; stack: string };
      expect(err.type).toBeTruthy();
      expect(err.stack).toMatch(/^\s+at /m);
      expect(e.reqId).toMatch(/^[0-9a-f-]{36}$/);
    }

    expectNotLogged({
      'demo password': DEMO_PASSWORD,
      'wrong password': WRONG_PASSWORD,
      'new password': NEW_PASSWORD,
      'session cookie': agent.cookie('joinedup'),
      'CSRF secret cookie': agent.cookie('joinedup-csrf'),
      'CSRF token': csrf,
      'security app key': secret,
      'manager email': manager.email,
      'admin email': admin.email,
      'person email': PERSON_EMAIL,
      'person name': PERSON_NAME,
    });
    // Six digits could turn up by chance in a number, so look for the code only where it would be a value.
    expect(lines.join('')).not.toContain(`"${code}"`);
  });

  it('never holds cookies or authorisation headers, even when a client sends them oddly', async () => {
    await app.inject({
      method: 'GET',
      url: '/',
      headers: {
        cookie: 'joinedup=stolen-session-value; other=1',
        authorization: 'Bearer stolen-bearer-token',
      },
    });
    await app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: { 'content-type': 'application/json', 'x-csrf-token': 'stolen-csrf-token' },
      payload: JSON.stringify({ name: PERSON_NAME }),
    });
    expectNotLogged({
      cookie: 'stolen-session-value',
      bearer: 'stolen-bearer-token',
      csrf: 'stolen-csrf-token',
      name: PERSON_NAME,
    });
  });
});
