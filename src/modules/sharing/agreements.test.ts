import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { type Agent, mainText } from '../../../test/http.ts';
import { DEMO_ORGANISATIONS } from '../../demo/index.ts';
import { personAccess } from '../../policy/index.ts';
import {
  auditCount,
  auditRows,
  buildWorld,
  expectFieldErrors,
  HOUSING_ORG,
  P,
  postForm,
  problemOf,
  signIn,
  signInIgLead,
  type World,
} from './break-glass-testing.ts';

const COUNCIL = DEMO_ORGANISATIONS.council;

let t: TestApp;
let world: World;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.reset();
  world = await buildWorld(t);
});

type Pairs = Array<[string, string]>;

function dateFields(name: string, iso: string): Pairs {
  const [y, m, d] = iso.split('-');
  return [
    [`${name}-day`, String(Number(d))],
    [`${name}-month`, String(Number(m))],
    [`${name}-year`, y!],
  ];
}

const HOUSING_TERMS: Pairs = [
  ['title', 'Council and housing trust tenancy support agreement'],
  ['purposes', 'direct_care'],
  ['purposes', 'care_coordination'],
  ['categories', 'contact'],
  ['categories', 'social_care'],
  ['lawfulBasis', 'UK GDPR Art 6(1)(e) and Art 9(2)(h)'],
  ...dateFields('startsOn', '2026-11-01'),
  ...dateFields('reviewOn', '2027-11-01'),
  ['endsOn-day', ''],
  ['endsOn-month', ''],
  ['endsOn-year', ''],
];

async function agreements() {
  return t.database.db
    .selectFrom('sharing_agreement')
    .selectAll()
    .where('partnership_id', '=', P)
    .orderBy('title')
    .execute();
}

async function createHousingAgreement(
  agent: Agent,
  parties: string[] = [COUNCIL.id, HOUSING_ORG.id],
): Promise<string> {
  const res = await postForm(t, agent, '/agreements/new', [
    ...HOUSING_TERMS,
    ...parties.map((p): [string, string] => ['parties', p]),
  ]);
  expect(res.statusCode).toBe(303);
  const id = /^\/agreements\/([0-9a-f-]{36})$/.exec(String(res.headers.location))?.[1];
  expect(id).toBeDefined();
  return id!;
}

async function versionOf(id: string): Promise<string> {
  const row = await t.database.db
    .selectFrom('sharing_agreement')
    .select('version')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return String(row.version);
}

async function sign(agent: Agent, id: string, organisationId: string, name: string, role: string) {
  return postForm(t, agent, `/agreements/${id}/parties`, [
    ['version', await versionOf(id)],
    ['organisationId', organisationId],
    ['signatoryName', name],
    ['signatoryRole', role],
    ...dateFields('signedOn', '2026-11-20'),
  ]);
}

async function setStatus(agent: Agent, id: string, status: string, note = '') {
  return postForm(t, agent, `/agreements/${id}/status`, [
    ['version', await versionOf(id)],
    ['status', status],
    ['note', note],
  ]);
}

async function housingSeesContact(): Promise<boolean> {
  const access = await personAccess(world.ctxFor(world.housing), world.personId);
  return access.decide('contact', 'read').allowed;
}

describe('the information governance lead keeps the register', () => {
  it('records a draft, collects signatures, cannot activate it unsigned, activates it, and ending it removes access at once', async () => {
    const ig = await signInIgLead(t);
    expect(await housingSeesContact()).toBe(false);

    const id = await createHousingAgreement(ig);
    const draft = mainText((await ig.get(`/agreements/${id}`)).body);
    expect(draft).toContain('Council and housing trust tenancy support agreement');
    expect(draft).toContain('Draft');
    expect(draft).toContain('Riverside Housing Trust');
    expect(draft).toContain('Not signed yet');
    expect(await housingSeesContact()).toBe(false);

    // One signature is not enough.
    expect(
      (await sign(ig, id, COUNCIL.id, 'David Evans', 'Director of adult social services')).statusCode,
    ).toBe(303);
    const refused = await setStatus(ig, id, 'active');
    expect(refused.statusCode).toBe(422);
    expectFieldErrors(refused.body, ['status']);
    expect(mainText(refused.body)).toContain('Riverside Housing Trust has not signed it');
    expect((await agreements()).find((a) => a.id === id)?.status).toBe('draft');
    expect(await housingSeesContact()).toBe(false);

    expect((await sign(ig, id, HOUSING_ORG.id, 'Jo Banks', 'Chief executive')).statusCode).toBe(303);
    const activated = await setStatus(ig, id, 'active');
    expect(activated.statusCode).toBe(303);
    expect(activated.headers.location).toBe(`/agreements/${id}`);
    const active = mainText((await ig.get(`/agreements/${id}`)).body);
    expect(active).toContain('Active');
    expect(active).toContain('Jo Banks');
    expect(active).toContain('20 November 2026');

    const access = await personAccess(world.ctxFor(world.housing), world.personId);
    const decision = access.decide('contact', 'read');
    expect(decision.allowed).toBe(true);
    expect(decision.basis).toContain(`agreement:${id}`);
    // The agreement covers contact and social care, not health.
    expect(access.decide('health', 'read').allowed).toBe(false);

    const ended = await setStatus(ig, id, 'ended', 'Tenancy support contract finished');
    expect(ended.statusCode).toBe(303);
    expect(await housingSeesContact()).toBe(false);
    const after = await personAccess(world.ctxFor(world.housing), world.personId);
    expect(after.decide('contact', 'read').reasons.join(' ')).toContain(
      'no active information sharing agreement',
    );
    const row = (await agreements()).find((a) => a.id === id)!;
    expect(row).toMatchObject({ status: 'ended', ends_on: '2026-11-25' });
    expect(mainText((await ig.get(`/agreements/${id}`)).body)).toContain('Ended');

    // Ended agreements are kept as they were.
    expect((await ig.get(`/agreements/${id}/edit`)).statusCode).toBe(403);
    expect((await setStatus(ig, id, 'active')).statusCode).toBe(403);

    const actions = (
      await t.database.db
        .selectFrom('audit_event')
        .select(['action', 'outcome', 'entity_id'])
        .where('entity_id', '=', id)
        .orderBy('seq')
        .execute()
    ).map((e) => e.action);
    expect(actions).toEqual([
      'agreement.create',
      'agreement.party.sign',
      'agreement.party.sign',
      'agreement.activate',
      'agreement.end',
    ]);
    expect((await auditRows(t, 'agreement.end'))[0]?.detail).toMatchObject({
      note: 'Tenancy support contract finished',
    });
  });

  it('adds a party later, and removes one only while the agreement is a draft', async () => {
    const ig = await signInIgLead(t);
    const id = await createHousingAgreement(ig, [COUNCIL.id]);
    const add = await postForm(t, ig, `/agreements/${id}/parties`, [
      ['version', await versionOf(id)],
      ['organisationId', HOUSING_ORG.id],
    ]);
    expect(add.statusCode).toBe(303);
    expect(mainText((await ig.get(`/agreements/${id}/parties`)).body)).toContain(
      'Riverside Housing Trust Not signed yet',
    );
    const remove = await postForm(t, ig, `/agreements/${id}/parties/remove`, [
      ['version', await versionOf(id)],
      ['organisationId', HOUSING_ORG.id],
    ]);
    expect(remove.statusCode).toBe(303);
    const parties = await t.database.db
      .selectFrom('sharing_agreement_party')
      .selectAll()
      .where('agreement_id', '=', id)
      .execute();
    expect(parties.map((p) => p.organisation_id)).toEqual([COUNCIL.id]);
    expect((await auditRows(t, 'agreement.party.remove'))[0]?.detail).toMatchObject({
      organisationId: HOUSING_ORG.id,
    });
  });

  it('keeps the signed terms of an active agreement, but lets its title and dates change', async () => {
    const ig = await signInIgLead(t);
    const id = await world.agreement([COUNCIL.id, HOUSING_ORG.id], ['contact']);
    const form = await ig.get(`/agreements/${id}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="version" value="1"');
    const widened = await postForm(t, ig, `/agreements/${id}/edit`, [
      ['version', '1'],
      ['title', 'Wider agreement'],
      ['purposes', 'direct_care'],
      ['categories', 'contact'],
      ['categories', 'health'],
      ['lawfulBasis', 'UK GDPR Art 6(1)(e) and Art 9(2)(h)'],
      ...dateFields('startsOn', '2026-01-01'),
      ...dateFields('reviewOn', '2027-06-01'),
    ]);
    expect(widened.statusCode).toBe(422);
    expectFieldErrors(widened.body, ['categories']);
    expect(mainText(widened.body)).toContain(
      'The parties signed the data categories of this active agreement',
    );
    expect((await agreements()).find((a) => a.id === id)).toMatchObject({
      categories: ['contact'],
      version: 1,
    });

    const renamed = await postForm(t, ig, `/agreements/${id}/edit`, [
      ['version', '1'],
      ['title', 'Housing contact details agreement'],
      ['purposes', 'direct_care'],
      ['categories', 'contact'],
      ['lawfulBasis', 'UK GDPR Art 6(1)(e) and Art 9(2)(h)'],
      ...dateFields('startsOn', '2026-01-01'),
      ...dateFields('reviewOn', '2027-03-01'),
    ]);
    expect(renamed.statusCode).toBe(303);
    expect((await agreements()).find((a) => a.id === id)).toMatchObject({
      title: 'Housing contact details agreement',
      review_on: '2027-03-01',
      status: 'active',
      version: 2,
    });
    expect((await auditRows(t, 'agreement.update'))[0]?.detail).toMatchObject({
      before: { reviewOn: '2027-06-01' },
      after: { reviewOn: '2027-03-01' },
    });
  });

  it('clears a draft’s signatures when its terms change, so that each party signs what it agreed to', async () => {
    const ig = await signInIgLead(t);
    const id = await createHousingAgreement(ig);
    await sign(ig, id, COUNCIL.id, 'David Evans', 'Director');
    const changed = await postForm(t, ig, `/agreements/${id}/edit`, [
      ['version', await versionOf(id)],
      ...HOUSING_TERMS.filter(([k, v]) => !(k === 'categories' && v === 'social_care')),
    ]);
    expect(changed.statusCode).toBe(303);
    const parties = await t.database.db
      .selectFrom('sharing_agreement_party')
      .selectAll()
      .where('agreement_id', '=', id)
      .execute();
    expect(parties.every((p) => p.signed_on === null)).toBe(true);
    expect((await auditRows(t, 'agreement.update'))[0]?.detail).toMatchObject({ signaturesCleared: true });
  });
});

describe('two people changing the same agreement', () => {
  it('refuses the stale save with a clear conflict, showing both versions, and loses nothing', async () => {
    const helen = await signInIgLead(t);
    const id = await createHousingAgreement(helen);
    // Both open the form at version 1 (the same person in two tabs behaves the same).
    expect((await helen.get(`/agreements/${id}/edit`)).body).toContain('name="version" value="1"');
    const first = await postForm(t, helen, `/agreements/${id}/edit`, [
      ['version', '1'],
      ...HOUSING_TERMS.map(([k, v]): [string, string] =>
        k === 'title' ? [k, 'First editor’s title'] : [k, v],
      ),
    ]);
    expect(first.statusCode).toBe(303);

    const stale = await postForm(t, helen, `/agreements/${id}/edit`, [
      ['version', '1'],
      ...HOUSING_TERMS.map(([k, v]): [string, string] =>
        k === 'title' ? [k, 'Second editor’s title'] : [k, v],
      ),
    ]);
    expect(stale.statusCode).toBe(409);
    expectFieldErrors(stale.body, ['current-version']);
    const text = mainText(stale.body);
    expect(text).toContain('Someone else changed this agreement after you opened it');
    expect(text).toContain('Nothing you sent has been saved');
    // Their own words are still in the form, and the saved version is shown beside them.
    expect(stale.body).toContain('value="Second editor’s title"');
    expect(text).toContain('The current version (version 2)');
    expect(text).toContain('First editor’s title');
    expect(stale.body).toContain('name="version" value="2"');
    expect((await agreements()).find((a) => a.id === id)).toMatchObject({
      title: 'First editor’s title',
      version: 2,
    });
    expect(await auditRows(t, 'agreement.update')).toHaveLength(1);

    // Having compared, they save again over the current version.
    const again = await postForm(t, helen, `/agreements/${id}/edit`, [
      ['version', '2'],
      ...HOUSING_TERMS.map(([k, v]): [string, string] =>
        k === 'title' ? [k, 'Second editor’s title'] : [k, v],
      ),
    ]);
    expect(again.statusCode).toBe(303);
    expect((await agreements()).find((a) => a.id === id)).toMatchObject({
      title: 'Second editor’s title',
      version: 3,
    });
    const updates = await auditRows(t, 'agreement.update');
    expect(updates.map((u) => (u.detail as { after: { title: string } }).after.title)).toEqual([
      'First editor’s title',
      'Second editor’s title',
    ]);
  });

  it('answers a stale API change with 409 problem+json and changes nothing', async () => {
    const ig = await signInIgLead(t);
    const id = await world.agreement([COUNCIL.id, HOUSING_ORG.id], ['contact']);
    const body = {
      title: 'Renamed',
      purposes: ['direct_care'],
      categories: ['contact'],
      lawfulBasis: 'UK GDPR Art 6(1)(e) and Art 9(2)(h)',
      startsOn: '2026-01-01',
      reviewOn: '2027-06-01',
      endsOn: null,
    };
    const ok = await ig.json('PUT', `/api/v1/agreements/${id}`, { ...body, version: 1 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({
      title: 'Renamed',
      version: 2,
      state: 'active',
      inForce: true,
    });
    const stale = await ig.json('PUT', `/api/v1/agreements/${id}`, { ...body, title: 'Stale', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(problemOf(stale)).toMatchObject({ status: 409, code: 'JU_CONFLICT' });
    expect(problemOf(stale).detail).toContain('it is now version 2');
    expect((await agreements()).find((a) => a.id === id)).toMatchObject({ title: 'Renamed', version: 2 });
  });
});

describe('review warnings in the register', () => {
  it('warns from 30 days before the review date, and says when a review is overdue', async () => {
    await world.agreement([COUNCIL.id, HOUSING_ORG.id], ['contact'], { reviewOn: '2027-01-10' });
    // Days pass between looks, so sign in afresh each time.
    const register = async () =>
      mainText((await (await signIn(t, world.manager.email)).get('/agreements')).body);

    t.clock.set('2026-12-10T12:00:00Z');
    expect(await register()).not.toMatch(/Review due|Review overdue/);
    t.clock.set('2026-12-11T12:00:00Z');
    expect(await register()).toContain('Review due in 30 days');
    t.clock.set('2027-01-09T12:00:00Z');
    expect(await register()).toContain('Review due in 1 day');
    t.clock.set('2027-01-10T12:00:00Z');
    expect(await register()).toContain('Review due today');
    t.clock.set('2027-01-11T12:00:00Z');
    const overdue = await register();
    expect(overdue).toContain('Review overdue');
    expect(overdue).toContain('review overdue since 10 January 2027');

    const manager = await signIn(t, world.manager.email);
    const api = JSON.parse((await manager.get('/api/v1/agreements')).body) as {
      items: Array<{ title: string; review: unknown }>;
    };
    expect(api.items.find((a) => a.title === 'Agreement for contact')?.review).toEqual({
      kind: 'overdue',
      days: 1,
    });
  });

  it('shows an agreement whose end date has passed as expired, and the policy no longer relies on it', async () => {
    await world.agreement([COUNCIL.id, HOUSING_ORG.id], ['contact'], {
      reviewOn: '2027-01-10',
      endsOn: '2027-02-28',
    });
    t.clock.set('2027-02-28T20:00:00Z');
    expect(await housingSeesContact()).toBe(true);
    t.clock.set('2027-03-01T09:00:00Z');
    const manager = await signIn(t, world.manager.email);
    const text = mainText((await manager.get('/agreements')).body);
    expect(text).toContain('Expired');
    expect(text).not.toContain('Review overdue');
    expect(await housingSeesContact()).toBe(false);
  });
});

describe('everyone else', () => {
  it('may read the register but not change it', async () => {
    const id = await world.agreement([COUNCIL.id, HOUSING_ORG.id], ['contact']);
    for (const email of [world.manager.email, world.housing.email]) {
      const agent = await signIn(t, email);
      const list = await agent.get('/agreements');
      expect(list.statusCode).toBe(200);
      expect(mainText(list.body)).toContain('Agreement for contact');
      expect(mainText(list.body)).not.toContain('Record a sharing agreement');
      const page = await agent.get(`/agreements/${id}`);
      expect(page.statusCode).toBe(200);
      expect(mainText(page.body)).not.toContain('Change the terms');
      expect((await agent.get(`/api/v1/agreements/${id}`)).statusCode).toBe(200);

      const before = await agreements();
      const auditBefore = await auditCount(t);
      const attempts = [
        await agent.get('/agreements/new'),
        await postForm(t, agent, '/agreements/new', HOUSING_TERMS, '/agreements'),
        await agent.get(`/agreements/${id}/edit`),
        await postForm(
          t,
          agent,
          `/agreements/${id}/edit`,
          [['version', '1'], ...HOUSING_TERMS],
          '/agreements',
        ),
        await agent.get(`/agreements/${id}/parties`),
        await postForm(
          t,
          agent,
          `/agreements/${id}/parties`,
          [
            ['version', '1'],
            ['organisationId', COUNCIL.id],
          ],
          '/agreements',
        ),
        await agent.get(`/agreements/${id}/status`),
        await postForm(
          t,
          agent,
          `/agreements/${id}/status`,
          [
            ['version', '1'],
            ['status', 'ended'],
          ],
          '/agreements',
        ),
      ];
      for (const res of attempts) {
        expect(res.statusCode).toBe(403);
        expect(mainText(res.body)).toContain('Only an information governance lead may do this');
        expect(mainText(res.body)).toContain("your partnership's information governance lead");
      }
      const api = await agent.json('POST', `/api/v1/agreements/${id}/status`, {
        status: 'ended',
        version: 1,
      });
      expect(api.statusCode).toBe(403);
      expect(problemOf(api).askWhom).toBe("your partnership's information governance lead");
      expect(await agreements()).toEqual(before);
      expect(await auditCount(t)).toBe(auditBefore);
    }
  });
});

describe('bad input', () => {
  const cases: Array<[string, Pairs, string[]]> = [
    ['nothing at all', [], ['categories', 'lawfulBasis', 'purposes', 'reviewOn', 'startsOn', 'title']],
    [
      'an unknown category and purpose',
      HOUSING_TERMS.map(([k, v]): [string, string] =>
        k === 'categories' ? [k, 'finance'] : k === 'purposes' ? [k, 'marketing'] : [k, v],
      ),
      ['categories', 'purposes'],
    ],
    [
      'a date that does not exist',
      HOUSING_TERMS.map(([k, v]): [string, string] =>
        k === 'reviewOn-day' ? [k, '31'] : k === 'reviewOn-month' ? [k, '2'] : [k, v],
      ),
      ['reviewOn'],
    ],
    [
      'a review date before the start',
      HOUSING_TERMS.map(([k, v]): [string, string] => (k === 'reviewOn-year' ? [k, '2025'] : [k, v])),
      ['reviewOn'],
    ],
    [
      'an end date before the start',
      [...HOUSING_TERMS.filter(([k]) => !k.startsWith('endsOn')), ...dateFields('endsOn', '2026-01-01')],
      ['endsOn'],
    ],
    [
      'half an end date',
      [
        ...HOUSING_TERMS.filter(([k]) => !k.startsWith('endsOn')),
        ['endsOn-day', '3'],
        ['endsOn-month', ''],
        ['endsOn-year', '2028'],
      ],
      ['endsOn'],
    ],
    [
      'an organisation outside the partnership',
      [...HOUSING_TERMS, ['parties', '6a0c1d1e-0000-4000-8000-00000000dead']],
      ['parties'],
    ],
    [
      'a title that is too long',
      HOUSING_TERMS.map(([k, v]): [string, string] => (k === 'title' ? [k, 'x'.repeat(201)] : [k, v])),
      ['title'],
    ],
  ];

  it.each(cases)(
    'the form refuses %s with field errors and changes nothing',
    async (_what, fields, errors) => {
      const ig = await signInIgLead(t);
      const before = await agreements();
      const auditBefore = await auditCount(t);
      const res = await postForm(t, ig, '/agreements/new', fields);
      expect(res.statusCode).toBe(422);
      expectFieldErrors(res.body, errors);
      const summary = /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(res.body)?.[1] ?? '';
      expect([...summary.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]).sort()).toEqual(errors);
      // What they chose comes back, so they fix only what is wrong.
      if (fields.some(([k, v]) => k === 'categories' && v === 'contact'))
        expect(res.body).toMatch(/value="contact" checked/);
      expect(await agreements()).toEqual(before);
      expect(await auditCount(t)).toBe(auditBefore);
    },
  );

  it('the API refuses bad bodies with problem+json field errors and changes nothing', async () => {
    const ig = await signInIgLead(t);
    const before = await agreements();
    const res = await ig.json('POST', '/api/v1/agreements', {
      title: ' ',
      categories: ['health', 'x'],
      startsOn: '2026-02-30',
    });
    expect(res.statusCode).toBe(422);
    const problem = problemOf(res);
    expect(problem.code).toBe('JU_INVALID');
    expect(problem.errors?.map((e) => e.field).sort()).toEqual([
      'categories',
      'lawfulBasis',
      'purposes',
      'reviewOn',
      'startsOn',
      'title',
    ]);
    const id = await world.agreement([COUNCIL.id, HOUSING_ORG.id], ['contact']);
    const party = await ig.json('POST', `/api/v1/agreements/${id}/parties`, {
      organisationId: HOUSING_ORG.id,
      signatoryName: 'Jo Banks',
      version: 1,
    });
    expect(
      problemOf(party)
        .errors?.map((e) => e.field)
        .sort(),
    ).toEqual(['signatoryRole', 'signedOn']);
    const future = await ig.json('POST', `/api/v1/agreements/${id}/parties`, {
      organisationId: HOUSING_ORG.id,
      signatoryName: 'Jo Banks',
      signatoryRole: 'Chief executive',
      signedOn: '2027-01-01',
      version: 1,
    });
    expect(problemOf(future).errors?.map((e) => e.field)).toEqual(['signedOn']);
    const status = await ig.json('POST', `/api/v1/agreements/${id}/status`, { status: 'paused', version: 1 });
    expect(problemOf(status).errors?.map((e) => e.field)).toEqual(['status']);
    expect((await agreements()).filter((a) => a.id !== id)).toEqual(before);
    expect((await agreements()).find((a) => a.id === id)?.version).toBe(1);
  });

  it('the party form asks for the whole signature, and refuses unsigned newcomers to an active agreement', async () => {
    const ig = await signInIgLead(t);
    const id = await world.agreement([COUNCIL.id, HOUSING_ORG.id], ['contact']);
    const half = await postForm(t, ig, `/agreements/${id}/parties`, [
      ['version', '1'],
      ['organisationId', DEMO_ORGANISATIONS.gp.id],
      ['signatoryName', 'Dr Amir Khan'],
    ]);
    expect(half.statusCode).toBe(422);
    expectFieldErrors(half.body, ['signatoryRole', 'signedOn']);
    expect(half.body).toContain('value="Dr Amir Khan"');
    const unsigned = await postForm(t, ig, `/agreements/${id}/parties`, [
      ['version', '1'],
      ['organisationId', DEMO_ORGANISATIONS.gp.id],
    ]);
    expect(unsigned.statusCode).toBe(422);
    expectFieldErrors(unsigned.body, ['signatoryName']);
    expect(mainText(unsigned.body)).toContain('joins an active agreement only when it signs');
    const parties = await t.database.db
      .selectFrom('sharing_agreement_party')
      .selectAll()
      .where('agreement_id', '=', id)
      .execute();
    expect(parties).toHaveLength(2);
    expect(await versionOf(id)).toBe('1');
  });
});
