import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { Agent, mainText } from '../../../test/http.ts';
import { DEMO_PASSWORD, DEMO_STAFF } from '../../demo/index.ts';
import { codeAt } from './totp.ts';

const manager = DEMO_STAFF.find((s) => s.key === 'manager')!;
const admin = DEMO_STAFF.find((s) => s.key === 'admin')!;

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());
beforeEach(async () => t.reset());

async function auditRows(action: string) {
  return t.database.db
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', action)
    .orderBy('seq')
    .execute();
}

/** Signs the administrator in and sets up a security app; returns its secret. */
async function adminWithApp(): Promise<string> {
  const agent = new Agent(t.app);
  await agent.signIn(admin.email, DEMO_PASSWORD);
  const setup = await agent.get('/sign-in/set-up-two-factor');
  const secret = /id="totp-secret">([A-Z2-7]+)</.exec(setup.body)?.[1];
  await agent.post('/sign-in/set-up-two-factor', { code: codeAt(secret!, t.clock.now()) });
  t.clock.advance(60_000);
  return secret!;
}

describe('the second factor', () => {
  it('counts wrong codes on their own: signing in with the password again does not reset them, and five lock the step', async () => {
    const secret = await adminWithApp();
    for (let i = 0; i < 5; i++) {
      // A fresh password sign-in before each guess, as an attacker who has the password would do.
      const agent = new Agent(t.app);
      expect((await agent.signIn(admin.email, DEMO_PASSWORD)).headers.location).toBe('/sign-in/two-factor');
      const wrong = await agent.post('/sign-in/two-factor', { code: '000000' });
      expect(wrong.statusCode).toBe(i < 4 ? 422 : 429);
    }
    const agent = new Agent(t.app);
    await agent.signIn(admin.email, DEMO_PASSWORD);
    const locked = await agent.post('/sign-in/two-factor', { code: codeAt(secret, t.clock.now()) });
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
    expect(mainText(locked.body)).toMatch(/Try again in \d+ minutes/);
    expect((await agent.get('/')).statusCode).toBe(303);
    const row = await t.database.db
      .selectFrom('staff_user')
      .select(['second_factor_failures', 'failed_sign_ins'])
      .where('email', '=', admin.email)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ second_factor_failures: 5, failed_sign_ins: 0 });

    t.clock.advance(16 * 60_000);
    const later = new Agent(t.app);
    await later.signIn(admin.email, DEMO_PASSWORD);
    const ok = await later.post('/sign-in/two-factor', { code: codeAt(secret, t.clock.now()) });
    expect(ok.statusCode).toBe(303);
    const reset = await t.database.db
      .selectFrom('staff_user')
      .select('second_factor_failures')
      .where('email', '=', admin.email)
      .executeTakeFirstOrThrow();
    expect(reset.second_factor_failures).toBe(0);
  });

  it('refuses a code already used, within its window', async () => {
    const secret = await adminWithApp();
    const code = codeAt(secret, t.clock.now());
    const first = new Agent(t.app);
    await first.signIn(admin.email, DEMO_PASSWORD);
    expect((await first.post('/sign-in/two-factor', { code })).statusCode).toBe(303);
    t.clock.advance(5_000);
    const second = new Agent(t.app);
    await second.signIn(admin.email, DEMO_PASSWORD);
    const replay = await second.post('/sign-in/two-factor', { code });
    expect(replay.statusCode).toBe(422);
    expect((await second.get('/')).statusCode).toBe(303);
  });
});

describe('signing in', () => {
  it('signs in with the right password, shows the home page with real data, and audits it', async () => {
    const agent = new Agent(t.app);
    const res = await agent.signIn(manager.email, DEMO_PASSWORD);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const home = await agent.get('/');
    expect(home.statusCode).toBe(200);
    const text = mainText(home.body);
    expect(text).toContain('Riverside Council Adult Social Care');
    expect(text).toContain('Adult social care manager');
    expect(text).toContain('Meadow Lane Surgery');
    const rows = await auditRows('sign_in');
    expect(rows.at(-1)?.outcome).toBe('success');
  });

  it('refuses a wrong password and an unknown email with the same message, and records both', async () => {
    const agent = new Agent(t.app);
    const wrong = await agent.signIn(manager.email, 'not the password at all');
    const unknown = await agent.signIn('nobody@nowhere.example', 'whatever password');
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('There is a problem');
      expect(res.body).toContain('The email address or password is not right');
    }
    const failures = (await auditRows('sign_in')).filter((r) => r.outcome === 'failure');
    expect(failures).toHaveLength(2);
    expect((await agent.get('/')).statusCode).toBe(303);
  });

  it('slows down after three failures and locks after ten, with a clear message', async () => {
    const agent = new Agent(t.app);
    for (let i = 0; i < 3; i++) await agent.signIn(manager.email, 'wrong password here');
    const tooSoon = await agent.signIn(manager.email, DEMO_PASSWORD);
    expect(tooSoon.statusCode).toBe(429);
    expect(mainText(tooSoon.body)).toMatch(/Wait \d+ seconds/);
    for (let i = 3; i < 10; i++) {
      t.clock.advance(61_000);
      await agent.signIn(manager.email, 'wrong password here');
    }
    t.clock.advance(61_000);
    const locked = await agent.signIn(manager.email, DEMO_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(mainText(locked.body)).toContain('locked');
    t.clock.advance(16 * 60_000);
    const after = await agent.signIn(manager.email, DEMO_PASSWORD);
    expect(after.statusCode).toBe(303);
  });

  it('after a good sign-in, goes home rather than to a ?next= holding a tab, newline or backslash', async () => {
    for (const next of ['/\t/evil.example/', '/\n/evil.example/', '/\\evil.example', '/.//evil.example']) {
      const agent = new Agent(t.app);
      const res = await agent.post(
        `/sign-in?next=${encodeURIComponent(next)}`,
        { email: manager.email, password: DEMO_PASSWORD },
        { formUrl: '/sign-in' },
      );
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/');
    }
    const agent = new Agent(t.app);
    const good = await agent.post(
      `/sign-in?next=${encodeURIComponent('/people?q=john')}`,
      { email: manager.email, password: DEMO_PASSWORD },
      { formUrl: '/sign-in' },
    );
    expect(good.headers.location).toBe('/people?q=john');
  });

  it('rotates the session id at sign-in and ends it at sign-out', async () => {
    const agent = new Agent(t.app);
    agent.setCookie('joinedup', 'planted-session-id');
    await agent.signIn(manager.email, DEMO_PASSWORD);
    const first = agent.cookie('joinedup');
    expect(first).toBeDefined();
    expect(first).not.toBe('planted-session-id');
    const out = await agent.post('/sign-out', {}, { formUrl: '/' });
    expect(out.statusCode).toBe(303);
    const again = new Agent(t.app);
    again.setCookie('joinedup', first!);
    expect((await again.get('/')).statusCode).toBe(303);
    expect((await auditRows('sign_out')).length).toBe(1);
  });

  it('ends a session after the idle timeout', async () => {
    const agent = new Agent(t.app);
    await agent.signIn(manager.email, DEMO_PASSWORD);
    expect((await agent.get('/')).statusCode).toBe(200);
    t.clock.advance(31 * 60_000);
    const expired = await agent.get('/');
    expect(expired.statusCode).toBe(303);
    expect(expired.headers.location).toBe('/sign-in?next=%2F');
  });

  it('refuses a form without a valid CSRF token and changes nothing', async () => {
    const agent = new Agent(t.app);
    await agent.get('/sign-in');
    const forged = await agent.post(
      '/sign-in',
      { email: manager.email, password: DEMO_PASSWORD },
      { csrf: 'forged' },
    );
    expect(forged.statusCode).toBe(403);
    expect(mainText(forged.body)).toContain('This form has expired');
    expect(await auditRows('sign_in')).toHaveLength(0);
  });

  it('refuses a form token minted in another session, even with the same form-token cookie', async () => {
    const a = new Agent(t.app);
    await a.signIn(manager.email, DEMO_PASSWORD);
    const tokenOfA = await a.csrfFrom('/account');
    // B shares the browser's form-token cookie (as one tossed or planted would be), not A's session.
    const b = new Agent(t.app);
    b.setCookie('joinedup-csrf', a.cookie('joinedup-csrf')!);
    await b.signIn(manager.email, DEMO_PASSWORD);
    expect(b.cookie('joinedup')).not.toBe(a.cookie('joinedup'));
    const forged = await b.post('/sign-out', {}, { csrf: tokenOfA! });
    expect(forged.statusCode).toBe(403);
    expect(mainText(forged.body)).toContain('This form has expired');
    expect((await b.get('/')).statusCode).toBe(200);
    const own = await b.post('/sign-out', {}, { formUrl: '/' });
    expect(own.statusCode).toBe(303);
    // A token from before signing in belongs to no session, and is refused once one has begun.
    const c = new Agent(t.app);
    const before = await c.csrfFrom('/sign-in');
    await c.signIn(manager.email, DEMO_PASSWORD);
    expect((await c.post('/sign-out', {}, { csrf: before! })).statusCode).toBe(403);
  });

  it('refuses an oversized or malformed body with a clear status', async () => {
    const big = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${'a'.repeat(200_000)}`,
    });
    expect(big.statusCode).toBe(413);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });

  it('makes an administrator set up a security app, then asks for a code at each sign-in', async () => {
    const agent = new Agent(t.app);
    const res = await agent.signIn(admin.email, DEMO_PASSWORD);
    expect(res.headers.location).toBe('/sign-in/set-up-two-factor');
    expect((await agent.get('/')).statusCode).toBe(303);
    const setup = await agent.get('/sign-in/set-up-two-factor');
    const secret = /id="totp-secret">([A-Z2-7]+)</.exec(setup.body)?.[1];
    expect(secret).toBeDefined();
    const wrong = await agent.post('/sign-in/set-up-two-factor', { code: '000000' });
    expect(wrong.statusCode).toBe(422);
    const ok = await agent.post('/sign-in/set-up-two-factor', { code: codeAt(secret!, t.clock.now()) });
    expect(ok.statusCode).toBe(303);
    expect((await agent.get('/admin/staff')).statusCode).toBe(200);

    const next = new Agent(t.app);
    t.clock.advance(60_000);
    expect((await next.signIn(admin.email, DEMO_PASSWORD)).headers.location).toBe('/sign-in/two-factor');
    const replay = await next.post('/sign-in/two-factor', {
      code: codeAt(secret!, new Date(t.clock.now().getTime() - 60_000)),
    });
    expect(replay.statusCode).toBe(422);
    const code = await next.post('/sign-in/two-factor', { code: codeAt(secret!, t.clock.now()) });
    expect(code.statusCode).toBe(303);
    expect((await next.get('/')).statusCode).toBe(200);
  });

  it('changes a password: the old one stops working', async () => {
    const agent = new Agent(t.app);
    await agent.signIn(manager.email, DEMO_PASSWORD);
    const bad = await agent.post('/account/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'short',
      confirmPassword: 'short',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('at least 12 characters');
    const ok = await agent.post('/account/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'a much longer new passphrase',
      confirmPassword: 'a much longer new passphrase',
    });
    expect(ok.statusCode).toBe(303);
    expect((await agent.get('/')).statusCode).toBe(200);
    expect((await new Agent(t.app).signIn(manager.email, DEMO_PASSWORD)).statusCode).toBe(422);
    expect((await new Agent(t.app).signIn(manager.email, 'a much longer new passphrase')).statusCode).toBe(
      303,
    );
  });
});
