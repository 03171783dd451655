import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { Agent, mainText } from '../../../test/http.ts';
import { DEMO_ORGANISATIONS, DEMO_PARTNERSHIP_ID, DEMO_PASSWORD, DEMO_STAFF } from '../../demo/index.ts';
import { roleLabel } from '../../policy/index.ts';
import { inTransaction } from '../../server/transaction.ts';
import { createPartnership } from '../partnerships/index.ts';
import { PARTNERSHIP_ROLES } from './schema.ts';
import { codeAt } from './totp.ts';

const admin = DEMO_STAFF.find((s) => s.key === 'admin')!;
const manager = DEMO_STAFF.find((s) => s.key === 'manager')!;
const nurse = DEMO_STAFF.find((s) => s.key === 'nurse')!;
const igLead = DEMO_STAFF.find((s) => s.key === 'igLead')!;
const UNKNOWN_ID = '6a0c1d1e-0000-4000-8000-00000000dead';
const NEW_PASSWORD = 'kettle orchard lantern 42';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());
beforeEach(async () => t.reset());

/** Reads the key from the set-up page as a phone would, turns the app on, and returns the key. */
async function setUpSecondFactor(agent: Agent): Promise<string> {
  const setup = await agent.get('/sign-in/set-up-two-factor');
  const secret = /id="totp-secret">([A-Z2-7]+)</.exec(setup.body)?.[1];
  expect(secret).toBeDefined();
  const done = await agent.post('/sign-in/set-up-two-factor', { code: codeAt(secret!, t.clock.now()) });
  expect(done.headers.location).toBe('/');
  return secret!;
}

async function signInAdmin(): Promise<Agent> {
  const agent = new Agent(t.app);
  expect((await agent.signIn(admin.email, DEMO_PASSWORD)).headers.location).toBe(
    '/sign-in/set-up-two-factor',
  );
  await setUpSecondFactor(agent);
  return agent;
}

async function signIn(email: string, password = DEMO_PASSWORD): Promise<Agent> {
  const agent = new Agent(t.app);
  expect((await agent.signIn(email, password)).headers.location).toBe('/');
  return agent;
}

async function staffRow(email: string) {
  return t.database.db
    .selectFrom('staff_user')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirstOrThrow();
}

async function allStaff() {
  return t.database.db.selectFrom('staff_user').selectAll().orderBy('email').execute();
}

async function auditCount(): Promise<number> {
  const row = await t.database.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function audited(action: string, entityId?: string) {
  let q = t.database.db
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', action)
    .where('partnership_id', '=', DEMO_PARTNERSHIP_ID);
  if (entityId) q = q.where('entity_id', '=', entityId);
  return q.orderBy('seq').execute();
}

/** Snapshot of everything an administrator's mistake must not change. */
async function snapshot() {
  return { staff: await allStaff(), audit: await auditCount() };
}

function expectFieldErrors(html: string, fields: string[]) {
  expect(html).toContain('govuk-error-summary');
  expect(html).toMatch(/<title>Error: /);
  for (const field of fields) {
    expect(html, `summary link to #${field}`).toContain(`href="#${field}"`);
    expect(html, `field #${field}`).toContain(`id="${field}"`);
  }
  const linked = [...html.matchAll(/govuk-error-summary__list[\s\S]*?<\/ul>/g)]
    .flatMap((m) => [...m[0].matchAll(/href="#([^"]+)"/g)].map((l) => l[1]))
    .sort();
  expect(linked).toEqual([...fields].sort());
}

function problemOf(res: { headers: Record<string, unknown>; body: string }) {
  expect(res.headers['content-type']).toContain('application/problem+json');
  return JSON.parse(res.body) as {
    status: number;
    code: string;
    detail: string;
    errors?: Array<{ field: string; message: string }>;
    askWhom?: string;
  };
}

function fieldsOf(res: { statusCode: number; headers: Record<string, unknown>; body: string }): string[] {
  expect(res.statusCode, res.body).toBe(422);
  const problem = problemOf(res);
  expect(problem).toMatchObject({ status: 422, code: 'JU_INVALID' });
  for (const e of problem.errors ?? []) expect(e.message).toMatch(/\S/);
  return (problem.errors ?? []).map((e) => e.field).sort();
}

function newStaff(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: 'Jo Bloggs',
    email: 'jo.bloggs@meadowlane.example',
    organisationId: DEMO_ORGANISATIONS.gp.id,
    professionalRole: 'Practice nurse',
    partnershipRole: 'practitioner',
    password: NEW_PASSWORD,
    ...overrides,
  };
}

interface StaffJson {
  id: string;
  name: string;
  email: string;
  organisationId: string;
  organisationName: string;
  professionalRole: string;
  partnershipRole: string;
  secondFactor: boolean;
  disabled: boolean;
}

describe('an administrator adds staff', () => {
  it('through the pages, with each of the six roles, each audited', async () => {
    const agent = await signInAdmin();
    expect((await agent.get('/admin/staff/new')).statusCode).toBe(200);
    for (const role of PARTNERSHIP_ROLES) {
      const email = `new.${role}@riverside.example`;
      const res = await agent.post(
        '/admin/staff/new',
        newStaff({ email, name: `New ${role}`, partnershipRole: role }),
      );
      expect(res.statusCode, role).toBe(303);
      const row = await staffRow(email);
      expect(res.headers.location).toBe(`/admin/staff/${row.id}`);
      expect(row).toMatchObject({
        partnership_id: DEMO_PARTNERSHIP_ID,
        organisation_id: DEMO_ORGANISATIONS.gp.id,
        partnership_role: role,
        professional_role: 'Practice nurse',
        disabled_at: null,
        totp_enabled_at: null,
      });
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      const page = mainText((await agent.get(`/admin/staff/${row.id}`)).body);
      expect(page).toContain(`New ${role}`);
      expect(page).toContain(`May do ${roleLabel(role)}`);
      const [event] = await audited('staff.create', row.id);
      expect(event).toMatchObject({ outcome: 'success', entity_type: 'staff_user' });
      expect(event?.actor_user_id).toBe((await staffRow(admin.email)).id);
      expect(event?.detail).toEqual({ organisationId: DEMO_ORGANISATIONS.gp.id, partnershipRole: role });
      // The first password is never written to the audit trail.
      expect(JSON.stringify(event)).not.toContain(NEW_PASSWORD);
    }
    const list = mainText((await agent.get('/admin/staff')).body);
    expect(list).toContain(`${DEMO_STAFF.length + 6} people`);
    for (const role of PARTNERSHIP_ROLES) expect(list).toContain(`New ${role}`);
  });

  it('through the API, with each of the six roles, each audited', async () => {
    const agent = await signInAdmin();
    for (const role of PARTNERSHIP_ROLES) {
      const email = `api.${role}@riverside.example`;
      const res = await agent.json(
        'POST',
        '/api/v1/staff',
        newStaff({ email, name: `Api ${role}`, partnershipRole: role }),
      );
      expect(res.statusCode, res.body).toBe(201);
      const body = JSON.parse(res.body) as StaffJson;
      expect(body).toEqual({
        id: body.id,
        name: `Api ${role}`,
        email,
        organisationId: DEMO_ORGANISATIONS.gp.id,
        organisationName: DEMO_ORGANISATIONS.gp.name,
        professionalRole: 'Practice nurse',
        partnershipRole: role,
        secondFactor: false,
        disabled: false,
        lockedUntil: null,
      });
      expect(res.headers.location).toBe(`/api/v1/staff/${body.id}`);
      expect(JSON.parse((await agent.get(`/api/v1/staff/${body.id}`)).body)).toEqual(body);
      expect(await audited('staff.create', body.id)).toHaveLength(1);
      expect(res.body).not.toContain('password');
    }
    const list = JSON.parse((await agent.get('/api/v1/staff')).body) as { items: StaffJson[] };
    expect(list.items).toHaveLength(DEMO_STAFF.length + 6);
    expect(JSON.stringify(list)).not.toMatch(/password|totp_secret|hash/i);
  });

  it('gives each new member of staff what their role allows when they sign in', async () => {
    const agent = await signInAdmin();
    for (const role of PARTNERSHIP_ROLES) {
      const email = `first.${role}@riverside.example`;
      expect(
        (await agent.json('POST', '/api/v1/staff', newStaff({ email, partnershipRole: role }))).statusCode,
      ).toBe(201);
      const them = new Agent(t.app);
      const res = await them.signIn(email, NEW_PASSWORD);
      if (role === 'admin' || role === 'ig_lead') {
        expect(res.headers.location, role).toBe('/sign-in/set-up-two-factor');
        await setUpSecondFactor(them);
      } else {
        expect(res.headers.location, role).toBe('/');
      }
      const home = mainText((await them.get('/')).body);
      expect(home).toContain(`In JoinedUp you are ${roleLabel(role)}`);
      expect(home).toContain('Organisation Meadow Lane Surgery');
      expect((await them.get('/admin/staff')).statusCode, role).toBe(role === 'admin' ? 200 : 403);
      expect((await them.get('/organisations/new')).statusCode, role).toBe(role === 'admin' ? 200 : 403);
    }
  });
});

describe('passwords', () => {
  it('accepts a good password that happens to contain a very short email name', async () => {
    const agent = await signInAdmin();
    const res = await agent.post(
      '/admin/staff/new',
      newStaff({ email: 'al@riverside.example', password: 'a central journal entry' }),
    );
    expect(res.statusCode, mainText(res.body)).toBe(303);
    await signIn('al@riverside.example', 'a central journal entry');
  });

  it('shows names as text, never as markup', async () => {
    const agent = await signInAdmin();
    const name = '<script>alert("x")</script> Bloggs';
    const res = await agent.post('/admin/staff/new', newStaff({ name, professionalRole: '<b>Nurse</b>' }));
    expect(res.statusCode).toBe(303);
    for (const url of [
      '/admin/staff',
      String(res.headers.location),
      `/organisations/${DEMO_ORGANISATIONS.gp.id}`,
    ]) {
      const page = await agent.get(url);
      expect(page.body, url).not.toContain('<script>alert');
      expect(page.body, url).not.toContain('<b>Nurse</b>');
      expect(page.body, url).toContain('&lt;script&gt;');
    }
  });
});

describe('an administrator changes staff', () => {
  it('through the pages: a new role and organisation take effect at once and are audited', async () => {
    const agent = await signInAdmin();
    const nurseAgent = await signIn(nurse.email);
    const row = await staffRow(nurse.email);
    const form = await agent.get(`/admin/staff/${row.id}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`value="${nurse.name}"`);
    expect(form.body).toMatch(new RegExp(`value="${DEMO_ORGANISATIONS.nursing.id}" selected`));
    expect(form.body).toMatch(/value="practitioner" checked/);
    expect(form.body).not.toContain('name="email"');
    expect(form.body).not.toContain('name="password"');

    const res = await agent.post(`/admin/staff/${row.id}/edit`, {
      name: 'Grace Lee-Evans',
      organisationId: DEMO_ORGANISATIONS.council.id,
      professionalRole: 'Team manager',
      partnershipRole: 'manager',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/staff/${row.id}`);
    expect(await staffRow(nurse.email)).toMatchObject({
      name: 'Grace Lee-Evans',
      organisation_id: DEMO_ORGANISATIONS.council.id,
      professional_role: 'Team manager',
      partnership_role: 'manager',
    });
    const [event] = await audited('staff.update', row.id);
    expect(event?.detail).toEqual({
      before: { organisationId: DEMO_ORGANISATIONS.nursing.id, partnershipRole: 'practitioner' },
      after: { organisationId: DEMO_ORGANISATIONS.council.id, partnershipRole: 'manager' },
    });
    // What they may see changed, so their session ended; signing in again shows the new role.
    expect((await nurseAgent.get('/')).statusCode).toBe(303);
    const home = mainText((await (await signIn(nurse.email)).get('/')).body);
    expect(home).toContain('In JoinedUp you are Manager');
    expect(home).toContain('Organisation Riverside Council Adult Social Care');
  });

  it('through the API', async () => {
    const agent = await signInAdmin();
    const row = await staffRow(nurse.email);
    const res = await agent.json('PUT', `/api/v1/staff/${row.id}`, {
      name: 'Grace Lee',
      organisationId: DEMO_ORGANISATIONS.mentalHealth.id,
      professionalRole: 'Mental health nurse',
      partnershipRole: 'senior_leader',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      id: row.id,
      organisationId: DEMO_ORGANISATIONS.mentalHealth.id,
      organisationName: DEMO_ORGANISATIONS.mentalHealth.name,
      professionalRole: 'Mental health nurse',
      partnershipRole: 'senior_leader',
    });
    expect(await audited('staff.update', row.id)).toHaveLength(1);
  });

  it('does not let an administrator remove their own administrator role or disable themselves', async () => {
    const agent = await signInAdmin();
    const me = await staffRow(admin.email);
    const before = await snapshot();
    const demote = await agent.post(`/admin/staff/${me.id}/edit`, {
      name: admin.name,
      organisationId: DEMO_ORGANISATIONS.council.id,
      professionalRole: admin.professionalRole,
      partnershipRole: 'practitioner',
    });
    expect(demote.statusCode).toBe(422);
    expectFieldErrors(demote.body, ['partnershipRole']);
    expect(mainText(demote.body)).toContain('You cannot remove your own administrator role');
    const disable = await agent.post(
      `/admin/staff/${me.id}/status`,
      { change: 'disable' },
      { formUrl: `/admin/staff/${me.id}` },
    );
    expect(disable.statusCode).toBe(422);
    expectFieldErrors(disable.body, ['change']);
    const api = await agent.json('POST', `/api/v1/staff/${me.id}/status`, { change: 'disable' });
    expect(fieldsOf(api)).toEqual(['change']);
    expect(await snapshot()).toEqual(before);
  });
});

describe('account status', () => {
  it('disables and enables an account through the page, ending its sessions, each audited', async () => {
    const agent = await signInAdmin();
    const nurseAgent = await signIn(nurse.email);
    const row = await staffRow(nurse.email);
    const page = await agent.get(`/admin/staff/${row.id}`);
    expect(page.body).toContain('value="disable"');
    expect(page.body).not.toContain('value="enable"');

    const off = await agent.post(
      `/admin/staff/${row.id}/status`,
      { change: 'disable' },
      { formUrl: `/admin/staff/${row.id}` },
    );
    expect(off.statusCode).toBe(303);
    expect((await staffRow(nurse.email)).disabled_at).not.toBeNull();
    expect((await nurseAgent.get('/')).statusCode).toBe(303);
    expect((await new Agent(t.app).signIn(nurse.email, DEMO_PASSWORD)).statusCode).toBe(422);
    expect(mainText((await agent.get(`/admin/staff/${row.id}`)).body)).toContain('Disabled since');
    expect(mainText((await agent.get('/admin/staff')).body)).toContain('Disabled');

    const on = await agent.post(
      `/admin/staff/${row.id}/status`,
      { change: 'enable' },
      { formUrl: `/admin/staff/${row.id}` },
    );
    expect(on.statusCode).toBe(303);
    expect((await staffRow(nurse.email)).disabled_at).toBeNull();
    await signIn(nurse.email);
    expect(await audited('staff.disable', row.id)).toHaveLength(1);
    expect(await audited('staff.enable', row.id)).toHaveLength(1);
  });

  it('disables and enables an account through the API', async () => {
    const agent = await signInAdmin();
    const row = await staffRow(nurse.email);
    const off = await agent.json('POST', `/api/v1/staff/${row.id}/status`, { change: 'disable' });
    expect(off.statusCode, off.body).toBe(200);
    expect(JSON.parse(off.body)).toMatchObject({ id: row.id, disabled: true });
    expect((await new Agent(t.app).signIn(nurse.email, DEMO_PASSWORD)).statusCode).toBe(422);
    const on = await agent.json('POST', `/api/v1/staff/${row.id}/status`, { change: 'enable' });
    expect(JSON.parse(on.body)).toMatchObject({ id: row.id, disabled: false });
    expect(await audited('staff.disable', row.id)).toHaveLength(1);
    expect(await audited('staff.enable', row.id)).toHaveLength(1);
  });

  it('unlocks an account after failed sign-ins, through the page and the API', async () => {
    const agent = await signInAdmin();
    const row = await staffRow(nurse.email);
    const lockOut = async () => {
      for (let i = 0; i < 10; i++) {
        t.clock.advance(61_000);
        await new Agent(t.app).signIn(nurse.email, 'not the right password');
      }
      expect((await new Agent(t.app).signIn(nurse.email, DEMO_PASSWORD)).statusCode).toBe(429);
    };
    await lockOut();
    const page = await agent.get(`/admin/staff/${row.id}`);
    expect(mainText(page.body)).toContain('Locked until');
    expect(page.body).toContain('value="unlock"');
    const res = await agent.post(
      `/admin/staff/${row.id}/status`,
      { change: 'unlock' },
      { formUrl: `/admin/staff/${row.id}` },
    );
    expect(res.statusCode).toBe(303);
    expect(await staffRow(nurse.email)).toMatchObject({ failed_sign_ins: 0, locked_until: null });
    await signIn(nurse.email);

    await lockOut();
    const locked = JSON.parse((await agent.get(`/api/v1/staff/${row.id}`)).body) as {
      lockedUntil: string | null;
    };
    expect(locked.lockedUntil).not.toBeNull();
    const api = await agent.json('POST', `/api/v1/staff/${row.id}/status`, { change: 'unlock' });
    expect(api.statusCode).toBe(200);
    expect(JSON.parse(api.body)).toMatchObject({ lockedUntil: null });
    await signIn(nurse.email);
    expect(await audited('staff.unlock', row.id)).toHaveLength(2);
  });

  it('resets a second factor, so they set up a new app at next sign-in, through the page and the API', async () => {
    const agent = await signInAdmin();
    const row = await staffRow(igLead.email);
    const signInIgLead = async () => {
      const them = new Agent(t.app);
      expect((await them.signIn(igLead.email, DEMO_PASSWORD)).headers.location).toBe(
        '/sign-in/set-up-two-factor',
      );
      await setUpSecondFactor(them);
      return them;
    };
    let them = await signInIgLead();
    expect((await agent.get(`/admin/staff/${row.id}`)).body).toContain('value="reset_second_factor"');
    const res = await agent.post(
      `/admin/staff/${row.id}/status`,
      { change: 'reset_second_factor' },
      { formUrl: `/admin/staff/${row.id}` },
    );
    expect(res.statusCode).toBe(303);
    expect(await staffRow(igLead.email)).toMatchObject({ totp_secret: null, totp_enabled_at: null });
    expect((await them.get('/')).statusCode).toBe(303);

    t.clock.advance(60_000);
    them = await signInIgLead();
    expect(JSON.parse((await agent.get(`/api/v1/staff/${row.id}`)).body)).toMatchObject({
      secondFactor: true,
    });
    const api = await agent.json('POST', `/api/v1/staff/${row.id}/status`, { change: 'reset_second_factor' });
    expect(api.statusCode).toBe(200);
    expect(JSON.parse(api.body)).toMatchObject({ secondFactor: false });
    expect((await them.get('/')).statusCode).toBe(303);
    expect(await audited('staff.reset_second_factor', row.id)).toHaveLength(2);
  });
});

describe('someone who is not an administrator', () => {
  it('is refused every staff page with 403 and told whom to ask, and nothing changes', async () => {
    const agent = await signIn(manager.email);
    const nurseId = (await staffRow(nurse.email)).id;
    const before = await snapshot();
    const attempts = [
      await agent.get('/admin/staff'),
      await agent.get('/admin/staff/new'),
      await agent.post('/admin/staff/new', newStaff(), { formUrl: '/' }),
      await agent.post('/admin/staff/new', { name: '' }, { formUrl: '/' }),
      await agent.get(`/admin/staff/${nurseId}`),
      await agent.get(`/admin/staff/${nurseId}/edit`),
      await agent.post(
        `/admin/staff/${nurseId}/edit`,
        { ...newStaff(), partnershipRole: 'admin' },
        { formUrl: '/' },
      ),
      await agent.post(`/admin/staff/${nurseId}/edit`, {}, { formUrl: '/' }),
      await agent.post(`/admin/staff/${nurseId}/status`, { change: 'disable' }, { formUrl: '/' }),
      await agent.post(`/admin/staff/${nurseId}/status`, { change: 'explode' }, { formUrl: '/' }),
    ];
    for (const res of attempts) {
      expect(res.statusCode).toBe(403);
      const text = mainText(res.body);
      expect(text).toContain('You cannot see or do this');
      expect(text).toContain('you are signed in as a manager');
      expect(text).toContain("If you need this for your work, ask your partnership's administrator");
      expect(res.body).not.toContain('govuk-error-summary');
    }
    expect(await snapshot()).toEqual(before);
    // The menu does not offer what they cannot use.
    expect((await agent.get('/')).body).not.toContain('href="/admin/staff"');
  });

  it('gets problem+json 403 from the staff API', async () => {
    const agent = await signIn(manager.email);
    const nurseId = (await staffRow(nurse.email)).id;
    const before = await snapshot();
    const attempts = [
      await agent.get('/api/v1/staff'),
      await agent.get(`/api/v1/staff/${nurseId}`),
      await agent.json('POST', '/api/v1/staff', newStaff({ partnershipRole: 'admin' })),
      await agent.json('POST', '/api/v1/staff', {}),
      await agent.json('PUT', `/api/v1/staff/${nurseId}`, { ...newStaff(), partnershipRole: 'admin' }),
      await agent.json('POST', `/api/v1/staff/${nurseId}/status`, { change: 'disable' }),
    ];
    for (const res of attempts) {
      expect(res.statusCode).toBe(403);
      expect(problemOf(res)).toMatchObject({
        status: 403,
        code: 'JU_REFUSED',
        askWhom: "your partnership's administrator",
      });
    }
    expect(await snapshot()).toEqual(before);
    // Their own details are theirs to read.
    expect(JSON.parse((await agent.get('/api/v1/me')).body)).toMatchObject({
      email: manager.email,
      partnershipRole: 'manager',
    });
  });
});

describe('bad input', () => {
  const createCases: Array<[string, Record<string, string>, string[]]> = [
    [
      'nothing at all',
      {},
      ['email', 'name', 'organisationId', 'partnershipRole', 'password', 'professionalRole'],
    ],
    [
      'blank fields',
      newStaff({ name: ' ', professionalRole: '  ', password: '' }),
      ['name', 'password', 'professionalRole'],
    ],
    ['an email address that is not one', newStaff({ email: 'jo.bloggs at meadowlane' }), ['email']],
    ['an email address with no domain', newStaff({ email: 'jo.bloggs@' }), ['email']],
    ['an email address someone has', newStaff({ email: ` ${manager.email.toUpperCase()} ` }), ['email']],
    [
      'an organisation that is not in the partnership',
      newStaff({ organisationId: UNKNOWN_ID }),
      ['organisationId'],
    ],
    ['an organisation id that is not an id', newStaff({ organisationId: 'council' }), ['organisationId']],
    ['an unknown role', newStaff({ partnershipRole: 'superuser' }), ['partnershipRole']],
    ['a role in the wrong case', newStaff({ partnershipRole: 'Admin' }), ['partnershipRole']],
    ['a short password', newStaff({ password: 'short' }), ['password']],
    ['a password with little variety', newStaff({ password: 'abababababababab' }), ['password']],
    ['a password with their email in it', newStaff({ password: 'jo.bloggs-is-great-2026' }), ['password']],
    [
      'a password that is too long',
      newStaff({ password: 'correct horse battery staple '.repeat(8) }),
      ['password'],
    ],
    [
      'several problems at once',
      newStaff({ email: manager.email, organisationId: UNKNOWN_ID, password: 'short' }),
      ['email', 'organisationId', 'password'],
    ],
  ];

  it.each(createCases)(
    'the add form refuses %s with field errors and changes nothing',
    async (_what, fields, errors) => {
      const agent = await signInAdmin();
      const before = await snapshot();
      const res = await agent.post('/admin/staff/new', fields);
      expect(res.statusCode).toBe(422);
      expectFieldErrors(res.body, errors);
      // What they typed comes back, except the password.
      if (fields.name?.trim()) expect(res.body).toContain(`value="${fields.name}"`);
      if (fields.password) expect(res.body).not.toContain(fields.password);
      expect(await snapshot()).toEqual(before);
    },
  );

  it.each(createCases)(
    'the API refuses %s with field errors and changes nothing',
    async (_what, fields, errors) => {
      const agent = await signInAdmin();
      const before = await snapshot();
      const res = await agent.json('POST', '/api/v1/staff', fields);
      expect(fieldsOf(res)).toEqual(errors);
      if (fields.password) expect(res.body).not.toContain(fields.password);
      expect(await snapshot()).toEqual(before);
    },
  );

  it('refuses a null character, which the database cannot store, by field', async () => {
    const agent = await signInAdmin();
    const before = await snapshot();
    const res = await agent.json(
      'POST',
      '/api/v1/staff',
      newStaff({ name: 'Jo\u0000Bloggs', professionalRole: 'GP\u0000' }),
    );
    expect(fieldsOf(res)).toEqual(['name', 'professionalRole']);
    const page = await agent.post('/admin/staff/new', newStaff({ name: 'Jo\u0000Bloggs' }));
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('href="#name"');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an organisation of another partnership', async () => {
    const other = await inTransaction(
      t.database.db,
      { kind: 'system', partnershipId: null, name: 'test' },
      t.clock,
      (ctx) =>
        createPartnership(ctx, {
          name: 'Elsewhere Partnership',
          organisation: { name: 'Elsewhere Council', kind: 'council' },
        }),
    );
    const agent = await signInAdmin();
    const before = await snapshot();
    const page = await agent.post('/admin/staff/new', newStaff({ organisationId: other.organisationId }));
    expect(page.statusCode).toBe(422);
    expectFieldErrors(page.body, ['organisationId']);
    expect(
      fieldsOf(await agent.json('POST', '/api/v1/staff', newStaff({ organisationId: other.organisationId }))),
    ).toEqual(['organisationId']);
    const nurseId = (await staffRow(nurse.email)).id;
    const move = await agent.json('PUT', `/api/v1/staff/${nurseId}`, {
      name: nurse.name,
      organisationId: other.organisationId,
      professionalRole: nurse.professionalRole,
      partnershipRole: 'practitioner',
    });
    expect(fieldsOf(move)).toEqual(['organisationId']);
    expect((await agent.get(`/organisations/${other.organisationId}`)).statusCode).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  const updateCases: Array<[string, Record<string, string>, string[]]> = [
    ['nothing at all', {}, ['name', 'organisationId', 'partnershipRole', 'professionalRole']],
    ['an unknown organisation', { ...newStaff({ organisationId: UNKNOWN_ID }) }, ['organisationId']],
    ['an unknown role', { ...newStaff({ partnershipRole: 'owner' }) }, ['partnershipRole']],
    ['a name that is too long', { ...newStaff({ name: 'n'.repeat(201) }) }, ['name']],
  ];

  it.each(updateCases)(
    'the change form and API refuse %s and change nothing',
    async (_what, fields, errors) => {
      const agent = await signInAdmin();
      const nurseId = (await staffRow(nurse.email)).id;
      const before = await snapshot();
      const page = await agent.post(`/admin/staff/${nurseId}/edit`, fields);
      expect(page.statusCode).toBe(422);
      expectFieldErrors(page.body, errors);
      expect(fieldsOf(await agent.json('PUT', `/api/v1/staff/${nurseId}`, fields))).toEqual(errors);
      expect(await snapshot()).toEqual(before);
    },
  );

  it('the status form and API refuse a change that is not one', async () => {
    const agent = await signInAdmin();
    const nurseId = (await staffRow(nurse.email)).id;
    const before = await snapshot();
    for (const change of [undefined, '', 'delete']) {
      const fields: Record<string, string> = change === undefined ? {} : { change };
      const page = await agent.post(`/admin/staff/${nurseId}/status`, fields, {
        formUrl: `/admin/staff/${nurseId}`,
      });
      expect(page.statusCode).toBe(422);
      expectFieldErrors(page.body, ['change']);
      expect(fieldsOf(await agent.json('POST', `/api/v1/staff/${nurseId}/status`, fields))).toEqual([
        'change',
      ]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('ids in paths that are not UUIDs, or name nobody, are not found', async () => {
    const agent = await signInAdmin();
    const before = await snapshot();
    for (const id of ['not-a-uuid', '42', UNKNOWN_ID]) {
      for (const url of [`/admin/staff/${id}`, `/admin/staff/${id}/edit`]) {
        const res = await agent.get(url);
        expect(res.statusCode, url).toBe(404);
        expect(mainText(res.body)).toContain('not found');
      }
      for (const url of [`/admin/staff/${id}/edit`, `/admin/staff/${id}/status`]) {
        const fields = url.endsWith('status') ? { change: 'disable' } : newStaff();
        const res = await agent.post(url, fields, { formUrl: '/' });
        expect(res.statusCode, url).toBe(404);
      }
      const read = await agent.get(`/api/v1/staff/${id}`);
      expect(read.statusCode).toBe(404);
      expect(problemOf(read).status).toBe(404);
      const put = await agent.json('PUT', `/api/v1/staff/${id}`, newStaff());
      expect(put.statusCode).toBe(404);
      expect(problemOf(put).status).toBe(404);
      const status = await agent.json('POST', `/api/v1/staff/${id}/status`, { change: 'disable' });
      expect(status.statusCode).toBe(404);
      expect(problemOf(status).status).toBe(404);
    }
    expect(await snapshot()).toEqual(before);
  });
});
