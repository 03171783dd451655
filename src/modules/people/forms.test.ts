// Every form and API body on a person's record: bad input gets field errors and changes nothing; good
// input lands; two people editing "about me" at once never lose each other's words.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { Agent, mainText } from '../../../test/http.ts';
import { DEMO_PASSWORD, DEMO_STAFF, demoPersonId } from '../../demo/index.ts';

const email = (key: string) => DEMO_STAFF.find((s) => s.key === key)!.email;

let t: TestApp;
let john: string;
let sarah: Agent;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.reset();
  john = await demoPersonId(t.database.db);
  sarah = new Agent(t.app);
  await sarah.signIn(email('manager'), DEMO_PASSWORD);
});

/** A fingerprint of everything stored about people, to prove a refused change wrote nothing. */
async function snapshot(): Promise<string> {
  const db = t.database.db;
  const tables = [
    'person',
    'person_about_me',
    'person_communication',
    'representative',
    'care_team_member',
    'note',
  ] as const;
  const parts = await Promise.all(tables.map((table) => db.selectFrom(table).selectAll().execute()));
  return JSON.stringify(parts);
}

describe('forms on a person’s record', () => {
  const cases: Array<{
    name: string;
    url: () => string;
    form: () => string;
    fields: Record<string, string>;
    errors: string[];
  }> = [
    {
      name: 'details',
      url: () => `/people/${john}/details/edit`,
      form: () => `/people/${john}/details/edit`,
      fields: {
        givenName: '',
        familyName: 'Carter',
        dateOfBirth: '2099-01-01',
        nhsNumber: '9434765918',
        email: 'not-an-email',
        version: '1',
      },
      errors: ['givenName', 'dateOfBirth', 'nhsNumber', 'email'],
    },
    {
      name: 'about me',
      url: () => `/people/${john}/about-me/edit`,
      form: () => `/people/${john}/about-me/edit`,
      fields: { whatMatters: 'x'.repeat(5001), writtenWith: '', version: '1' },
      errors: ['whatMatters', 'writtenWith'],
    },
    {
      name: 'communication needs',
      url: () => `/people/${john}/communication/edit`,
      form: () => `/people/${john}/communication/edit`,
      fields: { preferredFormat: 'telepathy' },
      errors: ['preferredFormat'],
    },
    {
      name: 'representative',
      url: () => `/people/${john}/representatives/new`,
      form: () => `/people/${john}/representatives/new`,
      fields: { name: '', kind: 'cousin', email: 'nope' },
      errors: ['name', 'kind', 'email'],
    },
    {
      name: 'care team member',
      url: () => `/people/${john}/care-team`,
      form: () => `/people/${john}/care-team`,
      fields: { organisationId: 'not-a-uuid', staffUserId: 'also-not' },
      errors: ['organisationId', 'staffUserId'],
    },
    {
      name: 'note',
      url: () => `/people/${john}/notes/new`,
      form: () => `/people/${john}/notes/new`,
      fields: { title: '', body: '', category: 'gossip', sharingLevel: 'everyone' },
      errors: ['title', 'body', 'category', 'sharingLevel'],
    },
  ];

  for (const c of cases) {
    it(`refuses bad ${c.name} input with an error summary linking each field, and changes nothing`, async () => {
      const before = await snapshot();
      const res = await sarah.post(c.url(), c.fields, { formUrl: c.form() });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('There is a problem');
      for (const field of c.errors) expect(res.body).toContain(`href="#${field}"`);
      expect(await snapshot()).toBe(before);
    });
  }

  it('refuses a restricted note with nobody named, and one naming someone off the team', async () => {
    const before = await snapshot();
    const none = await sarah.post(
      `/people/${john}/notes/new`,
      { title: 'T', body: 'B', category: 'social_care', sharingLevel: 'restricted' },
      { formUrl: `/people/${john}/notes/new` },
    );
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('Select at least one person');
    const admin = await t.database.db
      .selectFrom('staff_user')
      .select('id')
      .where('email', '=', email('admin'))
      .executeTakeFirstOrThrow();
    const outsider = await sarah.post(
      `/people/${john}/notes/new`,
      { title: 'T', body: 'B', category: 'social_care', sharingLevel: 'restricted', restrictedTo: admin.id },
      { formUrl: `/people/${john}/notes/new` },
    );
    expect(outsider.statusCode).toBe(422);
    expect(await snapshot()).toBe(before);
  });

  it('a restricted note is seen only by the people named on it', async () => {
    const tom = await t.database.db
      .selectFrom('staff_user')
      .select('id')
      .where('email', '=', email('mentalHealth'))
      .executeTakeFirstOrThrow();
    const res = await sarah.post(
      `/people/${john}/notes/new`,
      {
        title: 'Private conversation',
        body: 'Only Tom and I should read this.',
        category: 'health',
        sharingLevel: 'restricted',
        restrictedTo: tom.id,
      },
      { formUrl: `/people/${john}/notes/new` },
    );
    expect(res.statusCode).toBe(303);
    const tomAgent = new Agent(t.app);
    await tomAgent.signIn(email('mentalHealth'), DEMO_PASSWORD);
    expect(mainText((await tomAgent.get(`/people/${john}/timeline`)).body)).toContain('Only Tom and I');
    const gp = new Agent(t.app);
    await gp.signIn(email('gp'), DEMO_PASSWORD);
    expect((await gp.get(`/people/${john}/timeline`)).body).not.toContain('Only Tom and I');
  });

  it('two people saving “about me” from the same version: the second is shown both versions and loses nothing', async () => {
    const gp = new Agent(t.app);
    await gp.signIn(email('gp'), DEMO_PASSWORD);
    const base = { wishes: '', preferences: '', lifeHistory: '', writtenWith: 'John', version: '1' };
    const first = await sarah.post(`/people/${john}/about-me/edit`, {
      ...base,
      whatMatters: 'Sarah’s words',
    });
    expect(first.statusCode).toBe(303);
    const second = await gp.post(`/people/${john}/about-me/edit`, { ...base, whatMatters: 'The GP’s words' });
    expect(second.statusCode).toBe(409);
    const page = mainText(second.body);
    expect(page).toContain('Sarah’s words');
    expect(page).toContain('The GP’s words');
    const stored = await t.database.db
      .selectFrom('person_about_me')
      .select(['what_matters', 'version'])
      .where('person_id', '=', john)
      .executeTakeFirstOrThrow();
    expect(stored.what_matters).toBe('Sarah’s words');
    expect(stored.version).toBe(2);
  });

  it('the API refuses a bad body with problem+json field errors', async () => {
    const res = await sarah.json('POST', `/api/v1/people/${john}/notes`, { title: '', category: 'x' });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json() as { errors: Array<{ field: string }> };
    expect(body.errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(['title', 'body', 'category', 'sharingLevel']),
    );
  });

  it('the lead coordinator adds the out-of-hours GP to the team, who can then open the record', async () => {
    const rachel = await t.database.db
      .selectFrom('staff_user')
      .select(['id', 'organisation_id'])
      .where('email', '=', email('outOfHours'))
      .executeTakeFirstOrThrow();
    const gpAgent = new Agent(t.app);
    await gpAgent.signIn(email('outOfHours'), DEMO_PASSWORD);
    expect((await gpAgent.get(`/people/${john}`)).statusCode).toBe(403);
    const res = await sarah.post(`/people/${john}/care-team`, {
      organisationId: rachel.organisation_id,
      staffUserId: rachel.id,
      roleInTeam: 'Out of hours',
    });
    expect(res.statusCode).toBe(303);
    expect((await gpAgent.get(`/people/${john}`)).statusCode).toBe(200);
  });
});
