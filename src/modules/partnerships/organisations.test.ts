import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { Agent, mainText } from '../../../test/http.ts';
import { DEMO_ORGANISATIONS, DEMO_PARTNERSHIP_ID, DEMO_PASSWORD, DEMO_STAFF } from '../../demo/index.ts';
import { codeAt } from '../identity/index.ts';

const admin = DEMO_STAFF.find((s) => s.key === 'admin')!;
const manager = DEMO_STAFF.find((s) => s.key === 'manager')!;
const UNKNOWN_ID = '6a0c1d1e-0000-4000-8000-00000000dead';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());
beforeEach(async () => t.reset());

/** Administrators set up a security app at first sign-in: read the key from the page, as a phone would. */
async function signInAdmin(): Promise<Agent> {
  const agent = new Agent(t.app);
  expect((await agent.signIn(admin.email, DEMO_PASSWORD)).headers.location).toBe(
    '/sign-in/set-up-two-factor',
  );
  const setup = await agent.get('/sign-in/set-up-two-factor');
  const secret = /id="totp-secret">([A-Z2-7]+)</.exec(setup.body)?.[1];
  expect(secret).toBeDefined();
  const done = await agent.post('/sign-in/set-up-two-factor', { code: codeAt(secret!, t.clock.now()) });
  expect(done.headers.location).toBe('/');
  return agent;
}

async function signInManager(): Promise<Agent> {
  const agent = new Agent(t.app);
  expect((await agent.signIn(manager.email, DEMO_PASSWORD)).headers.location).toBe('/');
  return agent;
}

async function organisations() {
  return t.database.db.selectFrom('organisation').selectAll().orderBy('name').execute();
}

async function auditCount(): Promise<number> {
  const row = await t.database.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function audited(action: string) {
  return t.database.db
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', action)
    .where('partnership_id', '=', DEMO_PARTNERSHIP_ID)
    .orderBy('seq')
    .execute();
}

async function adminId(): Promise<string> {
  const row = await t.database.db
    .selectFrom('staff_user')
    .select('id')
    .where('email', '=', admin.email)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The page has the GOV.UK error summary, each field's message links to it, and the field is there to land on. */
function expectFieldErrors(html: string, fields: string[]) {
  expect(html).toContain('govuk-error-summary');
  expect(html).toMatch(/<title>Error: /);
  for (const field of fields) {
    expect(html, `summary link to #${field}`).toContain(`href="#${field}"`);
    expect(html, `field #${field}`).toContain(`id="${field}"`);
  }
}

function problemOf(res: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  expect(res.headers['content-type']).toContain('application/problem+json');
  return JSON.parse(res.body) as {
    status: number;
    title: string;
    detail: string;
    code: string;
    errors?: Array<{ field: string; message: string }>;
    askWhom?: string;
  };
}

function fieldsOf(res: { statusCode: number; headers: Record<string, unknown>; body: string }): string[] {
  expect(res.statusCode).toBe(422);
  const problem = problemOf(res);
  expect(problem.status).toBe(422);
  for (const e of problem.errors ?? []) expect(e.message).toMatch(/\S/);
  return (problem.errors ?? []).map((e) => e.field).sort();
}

describe('an administrator manages member organisations through the pages', () => {
  it('adds an organisation, which is audited and appears on the list and the home page', async () => {
    const agent = await signInAdmin();
    const list = await agent.get('/organisations');
    expect(mainText(list.body)).toContain('Add an organisation');

    const form = await agent.get('/organisations/new');
    expect(form.statusCode).toBe(200);
    const res = await agent.post('/organisations/new', {
      name: '  Riverside Housing Trust ',
      kind: 'housing',
    });
    expect(res.statusCode).toBe(303);
    const id = /^\/organisations\/([0-9a-f-]{36})$/.exec(String(res.headers.location))?.[1];
    expect(id).toBeDefined();

    const row = (await organisations()).find((o) => o.id === id);
    expect(row).toMatchObject({
      name: 'Riverside Housing Trust',
      kind: 'housing',
      partnership_id: DEMO_PARTNERSHIP_ID,
    });

    const page = await agent.get(`/organisations/${id}`);
    expect(page.statusCode).toBe(200);
    expect(mainText(page.body)).toContain('Riverside Housing Trust');
    expect(mainText(page.body)).toContain('Nobody from this organisation uses JoinedUp yet');
    expect(mainText((await agent.get('/organisations')).body)).toContain('Riverside Housing Trust');
    const home = mainText((await agent.get('/')).body);
    expect(home).toContain('Riverside Housing Trust');

    const [event] = (await audited('organisation.create')).filter((e) => e.entity_id === id);
    expect(event).toMatchObject({
      outcome: 'success',
      entity_type: 'organisation',
      actor_user_id: await adminId(),
      actor_organisation_id: DEMO_ORGANISATIONS.council.id,
    });
    expect(event?.detail).toMatchObject({ name: 'Riverside Housing Trust', kind: 'housing' });
  });

  it('changes an organisation, showing its current details first, and audits before and after', async () => {
    const agent = await signInAdmin();
    const gp = DEMO_ORGANISATIONS.gp;
    const form = await agent.get(`/organisations/${gp.id}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`value="${gp.name}"`);
    expect(form.body).toMatch(/value="gp" checked/);

    const res = await agent.post(`/organisations/${gp.id}/edit`, {
      name: 'Meadow Lane Medical Practice',
      kind: 'gp',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/organisations/${gp.id}`);
    expect((await organisations()).find((o) => o.id === gp.id)?.name).toBe('Meadow Lane Medical Practice');
    expect(mainText((await agent.get('/')).body)).toContain('Meadow Lane Medical Practice');

    const [event] = await audited('organisation.update');
    expect(event).toMatchObject({ entity_id: gp.id, outcome: 'success', actor_user_id: await adminId() });
    expect(event?.detail).toMatchObject({
      before: { name: gp.name, kind: 'gp' },
      after: { name: 'Meadow Lane Medical Practice', kind: 'gp' },
    });
  });

  it('keeps its own name when only the type changes', async () => {
    const agent = await signInAdmin();
    const org = DEMO_ORGANISATIONS.volunteers;
    const res = await agent.post(`/organisations/${org.id}/edit`, { name: org.name, kind: 'other' });
    expect(res.statusCode).toBe(303);
    expect((await organisations()).find((o) => o.id === org.id)?.kind).toBe('other');
  });
});

describe('names from people', () => {
  it('are shown as text, never as markup, on every page that lists organisations', async () => {
    const agent = await signInAdmin();
    const res = await agent.post('/organisations/new', {
      name: '<img src=x onerror=alert(1)> Trust',
      kind: 'other',
    });
    expect(res.statusCode).toBe(303);
    for (const url of ['/', '/organisations', String(res.headers.location), '/admin/staff/new']) {
      const page = await agent.get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).not.toContain('<img src=x');
      expect(page.body, url).toContain('&lt;img src=x onerror=alert(1)&gt; Trust');
    }
  });
});

describe('the organisations API', () => {
  it('adds, reads, lists and changes organisations, auditing each change', async () => {
    const agent = await signInAdmin();
    const created = await agent.json('POST', '/api/v1/organisations', {
      name: 'Riverside Homes',
      kind: 'housing',
    });
    expect(created.statusCode).toBe(201);
    const body = JSON.parse(created.body) as { id: string; name: string; kind: string };
    expect(body).toMatchObject({ name: 'Riverside Homes', kind: 'housing' });
    expect(created.headers.location).toBe(`/api/v1/organisations/${body.id}`);

    const read = await agent.get(`/api/v1/organisations/${body.id}`);
    expect(read.statusCode).toBe(200);
    expect(JSON.parse(read.body)).toEqual(body);
    const list = JSON.parse((await agent.get('/api/v1/organisations')).body) as {
      items: Array<{ id: string }>;
    };
    expect(list.items.map((o) => o.id)).toContain(body.id);
    expect(list.items).toHaveLength(6);

    const changed = await agent.json('PUT', `/api/v1/organisations/${body.id}`, {
      name: 'Riverside Homes Association',
      kind: 'housing',
    });
    expect(changed.statusCode).toBe(200);
    expect(JSON.parse(changed.body)).toEqual({
      id: body.id,
      name: 'Riverside Homes Association',
      kind: 'housing',
    });

    expect((await audited('organisation.create')).some((e) => e.entity_id === body.id)).toBe(true);
    const updates = await audited('organisation.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.detail).toMatchObject({ before: { name: 'Riverside Homes' } });

    const partnership = JSON.parse((await agent.get('/api/v1/partnership')).body) as {
      name: string;
      organisations: Array<{ name: string }>;
    };
    expect(partnership.name).toBe('Riverside Care Partnership');
    expect(partnership.organisations.map((o) => o.name)).toContain('Riverside Homes Association');
  });

  it('asks for sign-in with problem+json rather than a redirect', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/organisations' });
    expect(res.statusCode).toBe(401);
    expect(problemOf(res).code).toBe('JU_SIGN_IN_REQUIRED');
  });
});

describe('someone who is not an administrator', () => {
  it('sees the organisations but is refused every change, with a page that says whom to ask', async () => {
    const agent = await signInManager();
    const list = await agent.get('/organisations');
    expect(list.statusCode).toBe(200);
    expect(mainText(list.body)).not.toContain('Add an organisation');
    const page = await agent.get(`/organisations/${DEMO_ORGANISATIONS.gp.id}`);
    expect(page.statusCode).toBe(200);
    expect(mainText(page.body)).not.toContain('Change');

    const before = await organisations();
    const auditBefore = await auditCount();
    const attempts = [
      await agent.get('/organisations/new'),
      await agent.post(
        '/organisations/new',
        { name: 'Sneaky Org', kind: 'other' },
        { formUrl: '/organisations' },
      ),
      // Bad input too: the refusal comes first, not field errors that give away the form.
      await agent.post('/organisations/new', { name: '', kind: 'nonsense' }, { formUrl: '/organisations' }),
      await agent.get(`/organisations/${DEMO_ORGANISATIONS.gp.id}/edit`),
      await agent.post(
        `/organisations/${DEMO_ORGANISATIONS.gp.id}/edit`,
        { name: 'Renamed', kind: 'gp' },
        { formUrl: '/organisations' },
      ),
      await agent.post(
        `/organisations/${DEMO_ORGANISATIONS.gp.id}/edit`,
        { name: '' },
        { formUrl: '/organisations' },
      ),
    ];
    for (const res of attempts) {
      expect(res.statusCode).toBe(403);
      const text = mainText(res.body);
      expect(text).toContain('You cannot see or do this');
      expect(text).toMatch(/Only an? administrator may do this; you are signed in as a manager/);
      expect(text).toContain("ask your partnership's administrator");
      expect(res.body).not.toContain('govuk-error-summary');
    }
    expect(await organisations()).toEqual(before);
    expect(await auditCount()).toBe(auditBefore);
  });

  it('gets problem+json 403 from the API, naming whom to ask', async () => {
    const agent = await signInManager();
    const before = await organisations();
    const attempts = [
      await agent.json('POST', '/api/v1/organisations', { name: 'Sneaky Org', kind: 'other' }),
      await agent.json('POST', '/api/v1/organisations', {}),
      await agent.json('PUT', `/api/v1/organisations/${DEMO_ORGANISATIONS.gp.id}`, {
        name: 'Renamed',
        kind: 'gp',
      }),
    ];
    for (const res of attempts) {
      expect(res.statusCode).toBe(403);
      const problem = problemOf(res);
      expect(problem).toMatchObject({ status: 403, code: 'JU_REFUSED' });
      expect(problem.askWhom).toBe("your partnership's administrator");
      expect(problem.detail).toContain('you are signed in as a manager');
    }
    expect(await organisations()).toEqual(before);
    // Reading is for everyone in the partnership.
    expect((await agent.get('/api/v1/organisations')).statusCode).toBe(200);
  });
});

describe('bad input', () => {
  const cases: Array<[string, Record<string, string>, string[]]> = [
    ['nothing at all', {}, ['kind', 'name']],
    ['a blank name', { name: '   ', kind: 'gp' }, ['name']],
    ['no type', { name: 'New Practice' }, ['kind']],
    ['an unknown type', { name: 'New Practice', kind: 'hospital' }, ['kind']],
    ['a name that is too long', { name: 'x'.repeat(201), kind: 'gp' }, ['name']],
    ['the name of a member', { name: DEMO_ORGANISATIONS.gp.name, kind: 'gp' }, ['name']],
    ['a member’s name in other case', { name: ' meadow lane SURGERY ', kind: 'other' }, ['name']],
  ];

  it.each(cases)(
    'the add form refuses %s with field errors and changes nothing',
    async (_what, fields, errors) => {
      const agent = await signInAdmin();
      const before = await organisations();
      const auditBefore = await auditCount();
      const res = await agent.post('/organisations/new', fields);
      expect(res.statusCode).toBe(422);
      expectFieldErrors(res.body, errors);
      // What they typed comes back so they only fix what is wrong.
      if (fields.name?.trim()) expect(res.body).toContain(`value="${fields.name}"`);
      expect(await organisations()).toEqual(before);
      expect(await auditCount()).toBe(auditBefore);
    },
  );

  it.each(cases)(
    'the API refuses %s with problem+json field errors and changes nothing',
    async (_what, fields, errors) => {
      const agent = await signInAdmin();
      const before = await organisations();
      const res = await agent.json('POST', '/api/v1/organisations', fields);
      expect(fieldsOf(res)).toEqual(errors);
      expect(problemOf(res).code).toBe('JU_INVALID');
      expect(await organisations()).toEqual(before);
    },
  );

  it('the change form and the API refuse a name another member has', async () => {
    const agent = await signInAdmin();
    const before = await organisations();
    const page = await agent.post(`/organisations/${DEMO_ORGANISATIONS.gp.id}/edit`, {
      name: DEMO_ORGANISATIONS.nursing.name,
      kind: 'gp',
    });
    expect(page.statusCode).toBe(422);
    expectFieldErrors(page.body, ['name']);
    expect(mainText(page.body)).toContain('An organisation with this name is already a member');
    const api = await agent.json('PUT', `/api/v1/organisations/${DEMO_ORGANISATIONS.gp.id}`, {
      name: DEMO_ORGANISATIONS.nursing.name.toUpperCase(),
      kind: 'gp',
    });
    expect(fieldsOf(api)).toEqual(['name']);
    const empty = await agent.json('PUT', `/api/v1/organisations/${DEMO_ORGANISATIONS.gp.id}`, {
      kind: 'zoo',
    });
    expect(fieldsOf(empty)).toEqual(['kind', 'name']);
    expect(await organisations()).toEqual(before);
  });

  it('a null character, which the database cannot store, is refused by field rather than failing', async () => {
    const agent = await signInAdmin();
    const before = await organisations();
    const page = await agent.post('/organisations/new', { name: 'Riverside\u0000Trust', kind: 'housing' });
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('govuk-error-summary');
    expect(page.body).toContain('href="#name"');
    expect(mainText(page.body)).toContain('Remove the null character');
    const api = await agent.json('POST', '/api/v1/organisations', {
      name: 'Riverside\u0000Trust',
      kind: 'housing',
    });
    expect(fieldsOf(api)).toEqual(['name']);
    const change = await agent.json('PUT', `/api/v1/organisations/${DEMO_ORGANISATIONS.gp.id}`, {
      name: 'Meadow\u0000Lane',
      kind: 'gp',
    });
    expect(fieldsOf(change)).toEqual(['name']);
    expect(await organisations()).toEqual(before);
  });

  it('the API refuses a body that is not an object', async () => {
    const agent = await signInAdmin();
    const before = await organisations();
    for (const body of [[], 'Riverside', 42, null]) {
      const res = await agent.json('POST', '/api/v1/organisations', body);
      expect([400, 422]).toContain(res.statusCode);
      problemOf(res);
    }
    expect(await organisations()).toEqual(before);
  });

  it('ids in paths that are not UUIDs, or name no member, are not found', async () => {
    const agent = await signInAdmin();
    const before = await organisations();
    for (const id of ['not-a-uuid', '123', "1' OR '1'='1", UNKNOWN_ID]) {
      const path = encodeURIComponent(id);
      for (const url of [`/organisations/${path}`, `/organisations/${path}/edit`]) {
        const res = await agent.get(url);
        expect(res.statusCode, url).toBe(404);
        expect(mainText(res.body)).toContain('not found');
      }
      const post = await agent.post(
        `/organisations/${path}/edit`,
        { name: 'X', kind: 'gp' },
        { formUrl: '/' },
      );
      expect(post.statusCode).toBe(404);
      const read = await agent.get(`/api/v1/organisations/${path}`);
      expect(read.statusCode).toBe(404);
      expect(problemOf(read).status).toBe(404);
      const put = await agent.json('PUT', `/api/v1/organisations/${path}`, { name: 'X', kind: 'gp' });
      expect(put.statusCode).toBe(404);
      expect(problemOf(put).status).toBe(404);
    }
    expect(await organisations()).toEqual(before);
  });
});

describe('the home page', () => {
  it('shows the signed-in person’s organisation, role and the partnership’s members from the database', async () => {
    const agent = await signInManager();
    const text = mainText((await agent.get('/')).body);
    expect(text).toContain('Riverside Care Partnership');
    expect(text).toContain(`Welcome, ${manager.name}`);
    expect(text).toMatch(/Organisation Riverside Council Adult Social Care/);
    expect(text).toMatch(/Professional role Adult social care manager/);
    expect(text).toMatch(/In JoinedUp you are Manager/);
    for (const org of Object.values(DEMO_ORGANISATIONS)) expect(text).toContain(org.name);
    expect(text).not.toContain('Riverside Homes');

    const adminAgent = await signInAdmin();
    const adminHome = mainText((await adminAgent.get('/')).body);
    expect(adminHome).toMatch(/In JoinedUp you are Administrator/);
    expect(adminHome).toMatch(/Professional role Systems administrator/);
    expect(
      (await adminAgent.json('POST', '/api/v1/organisations', { name: 'Riverside Homes', kind: 'housing' }))
        .statusCode,
    ).toBe(201);
    expect(mainText((await agent.get('/')).body)).toContain('Riverside Homes');
  });

  it('sends someone who is not signed in to sign in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2F');
  });
});
