// The glossary and the plain English check through the pages and the API: managers keep the agreed words,
// everyone reads and checks against them, the care plan forms check wording without saving, and bad input
// or a refused change writes nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { mainText } from '../../../test/http.ts';
import { DEMO_ORGANISATIONS, demoPersonId } from '../../demo/index.ts';
import { expectFieldErrors, fieldsOf, problemOf, signInAs, snapshot } from '../learning/test-support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());
beforeEach(async () => t.reset());

const terms = () => t.database.db.selectFrom('glossary_term').selectAll().orderBy('term').execute();
const unchanged = () => snapshot(t, ['glossary_term']);
const termId = async (term: string) =>
  (
    await t.database.db
      .selectFrom('glossary_term')
      .select('id')
      .where('term', '=', term)
      .executeTakeFirstOrThrow()
  ).id;

describe('the glossary', () => {
  it('starts from the common abbreviations, each with the organisations that use it', async () => {
    const sarah = await signInAs(t, 'manager');
    const page = await sarah.get('/glossary');
    expect(page.statusCode).toBe(200);
    const text = mainText(page.body);
    expect(text).toContain(
      'NFA No further action: nothing more will be done about this for now. no further action',
    );
    expect(text).toMatch(/CPN .* mental health nurse Riverside Mental Health Service/);
    expect(text).toContain('Use as it is: this is agreed wording'); // "care coordinator"
    expect(page.body).toContain('href="/glossary/new"');
  });

  it('a manager adds a term, which is audited and used by the wording check at once', async () => {
    const sarah = await signInAs(t, 'manager');
    const res = await sarah.post('/glossary/new', {
      term: 'step-down bed',
      meaning: 'A short stay in a care home between hospital and home.',
      preferred: 'a short stay in a care home after hospital',
      usedBy: DEMO_ORGANISATIONS.nursing.id,
    });
    expect(res.statusCode).toBe(303);
    const row = (await terms()).find((r) => r.term === 'step-down bed');
    expect(row).toMatchObject({
      used_by_organisation_ids: [DEMO_ORGANISATIONS.nursing.id],
      updated_by_name: 'Sarah Mitchell',
    });
    const events = await t.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'glossary.create')
      .where('entity_id', '=', row!.id)
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ outcome: 'success', detail: { term: 'step-down bed' } });

    const check = await sarah.json('POST', '/api/v1/glossary/check', {
      text: 'He is going to a step down bed.',
    });
    expect(check.statusCode).toBe(200);
    expect(JSON.parse(check.body).findings).toMatchObject([
      { term: 'step-down bed', match: 'step down bed', start: 17, end: 30, source: 'glossary' },
    ]);
  });

  it('changes and removes a term; a removed abbreviation falls back to its built-in wording', async () => {
    const sarah = await signInAs(t, 'manager');
    const id = await termId('MDT');
    const form = await sarah.get(`/glossary/${id}/edit`);
    expect(form.body).toContain('value="MDT"');
    const changed = await sarah.post(`/glossary/${id}/edit`, {
      term: 'MDT',
      meaning: 'The Monday meeting of everyone working with the person.',
      preferred: 'Monday team meeting',
    });
    expect(changed.statusCode).toBe(303);
    const api = (text: string) => sarah.json('POST', '/api/v1/glossary/check', { text });
    expect(JSON.parse((await api('MDT on Monday')).body).findings[0]).toMatchObject({
      preferred: 'Monday team meeting',
      source: 'glossary',
    });

    expect(mainText((await sarah.get(`/glossary/${id}/remove`)).body)).toContain('Remove “MDT”');
    expect((await sarah.post(`/glossary/${id}/remove`, {})).statusCode).toBe(303);
    expect((await terms()).some((r) => r.term === 'MDT')).toBe(false);
    expect(JSON.parse((await api('MDT on Monday')).body).findings[0]).toMatchObject({
      preferred: 'team meeting with workers from different services',
      source: 'built_in',
    });
    const list = mainText((await sarah.get('/glossary')).body);
    expect(list).toContain('Also checked for');
    expect(list).toMatch(/Also checked for .* MDT Multidisciplinary team/);
    const actions = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'like', 'glossary.%')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['glossary.update', 'glossary.remove']),
    );
  });

  it('searches terms, meanings and wording, and says when nothing matches', async () => {
    const grace = await signInAs(t, 'nurse');
    const text = mainText((await grace.get('/glossary?q=hospital')).body);
    expect(text).toContain('TCI');
    expect(text).toContain('reablement');
    expect(text).not.toContain('NFA');
    const none = mainText((await grace.get(`/glossary?q=${encodeURIComponent('%_zzz')}`)).body);
    expect(none).toContain('No agreed term matches “%_zzz”');
    const api = JSON.parse((await grace.get('/api/v1/glossary?q=advocate')).body) as {
      items: Array<{ term: string }>;
    };
    expect(api.items.map((i) => i.term)).toEqual(['IMCA']);
  });
});

describe('the wording check page', () => {
  it('highlights jargon with <mark>, numbers suggestions, and scores reading ease against the target', async () => {
    const priya = await signInAs(t, 'volunteer');
    const form = await priya.get('/glossary/check');
    expect(form.statusCode).toBe(200);
    const res = await priya.post('/glossary/check', {
      text: 'John DNA’d his OT appt.\nMDT agreed NFA pending CHC assessment.',
      audience: 'person',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(
      '<mark>DNA<span class="govuk-visually-hidden"> (wording to check, number 1)</span></mark>',
    );
    expect(res.body).toContain('<mark>NFA');
    expect(res.body).toContain('<br>');
    const text = mainText(res.body);
    expect(text).toContain('5 words or phrases may not be understood by everyone');
    expect(text).toContain('“DNA”: write “did not come to the appointment” instead.');
    expect(text).toContain('“CHC”: write “care paid for by the NHS” instead.');
    expect(text).toMatch(/Reading ease -?\d+\.\d \(\w[\w ]*\) (Easy enough|Harder than the target)/);
    expect(text).toContain('Target 70 or more, for text written for the person');
    // What was pasted comes back to be edited.
    expect(res.body).toContain('John DNA’d his OT appt.');
  });

  it('finds nothing in plain text, and uses the staff target for text between staff', async () => {
    const priya = await signInAs(t, 'volunteer');
    const res = await priya.post('/glossary/check', {
      text: 'We will meet on Monday at ten.',
      audience: 'staff',
    });
    const text = mainText(res.body);
    expect(text).toContain('No jargon found');
    expect(text).toContain('Target 60 or more, for text between staff');
    expect(text).toContain('Easy enough');
  });

  it('asks for text when there is none, and refuses an unknown audience', async () => {
    const priya = await signInAs(t, 'volunteer');
    const empty = await priya.post('/glossary/check', { text: '   ' });
    expect(empty.statusCode).toBe(422);
    expectFieldErrors(empty.body, ['text']);
    const odd = await priya.json('POST', '/api/v1/glossary/check', { text: 'MDT', audience: 'everyone' });
    expect(fieldsOf(odd)).toEqual(['audience']);
  });

  it('the API gives positions, suggestions and reading-ease figures', async () => {
    const priya = await signInAs(t, 'volunteer');
    const res = await priya.json('POST', '/api/v1/glossary/check', {
      text: 'The cat sat on the mat. OOH call.',
    });
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.body);
    expect(body.findings).toEqual([
      expect.objectContaining({
        match: 'OOH',
        start: 24,
        end: 27,
        preferred: 'evenings, nights and weekends',
      }),
    ]);
    expect(body.readingEase).toMatchObject({ sentences: 2, words: 8, target: 70, meetsTarget: true });
  });
});

describe('who may change the glossary', () => {
  for (const key of ['volunteer', 'nurse']) {
    it(`a ${key === 'nurse' ? 'practitioner' : 'volunteer'} reads and checks it, but every change is refused and nothing changes`, async () => {
      const agent = await signInAs(t, key);
      expect(mainText((await agent.get('/glossary')).body)).not.toContain('Add a term');
      const before = await unchanged();
      const id = await termId('NFA');
      const attempts = [
        await agent.get('/glossary/new'),
        await agent.post(
          '/glossary/new',
          { term: 'X', meaning: 'Y', preferred: 'Z' },
          { formUrl: '/glossary' },
        ),
        await agent.post('/glossary/new', {}, { formUrl: '/glossary' }),
        await agent.get(`/glossary/${id}/edit`),
        await agent.post(
          `/glossary/${id}/edit`,
          { term: 'NFA', meaning: 'x', preferred: 'y' },
          { formUrl: '/glossary' },
        ),
        await agent.get(`/glossary/${id}/remove`),
        await agent.post(`/glossary/${id}/remove`, {}, { formUrl: '/glossary' }),
      ];
      for (const res of attempts) {
        expect(res.statusCode).toBe(403);
        expect(mainText(res.body)).toMatch(/Only a manager or senior leader or administrator may do this/);
        expect(res.body).not.toContain('govuk-error-summary');
      }
      const api = [
        await agent.json('POST', '/api/v1/glossary', { term: 'X', meaning: 'Y', preferred: 'Z' }),
        await agent.json('PUT', `/api/v1/glossary/${id}`, { term: 'NFA', meaning: 'x', preferred: 'y' }),
        await agent.json('DELETE', `/api/v1/glossary/${id}`, {}),
      ];
      for (const res of api) {
        expect(res.statusCode).toBe(403);
        expect(problemOf(res)).toMatchObject({
          code: 'JU_REFUSED',
          askWhom: 'a manager in your organisation',
        });
      }
      expect(await unchanged()).toBe(before);
      expect((await agent.get(`/api/v1/glossary/${id}`)).statusCode).toBe(200);
    });
  }
});

describe('bad input', () => {
  const cases: Array<[string, Record<string, unknown>, string[]]> = [
    ['nothing at all', {}, ['meaning', 'preferred', 'term']],
    ['blanks', { term: '  ', meaning: ' ', preferred: '' }, ['meaning', 'preferred', 'term']],
    ['a term already there, in other capitals', { term: 'nfa', meaning: 'x', preferred: 'y' }, ['term']],
    ['a term that is too long', { term: 'x'.repeat(101), meaning: 'x', preferred: 'y' }, ['term']],
    [
      'an organisation not in the partnership',
      { term: 'TTO', meaning: 'x', preferred: 'y', usedBy: '6a0c1d1e-0000-4000-8000-00000000dead' },
      ['usedBy'],
    ],
    [
      'an organisation that is not an id',
      { term: 'TTO', meaning: 'x', preferred: 'y', usedBy: ['gp'] },
      ['usedBy'],
    ],
  ];

  it.each(cases)(
    'the form refuses %s with field errors and changes nothing',
    async (_what, fields, errors) => {
      const sarah = await signInAs(t, 'manager');
      const before = await unchanged();
      const body = Object.fromEntries(
        Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : String(v)]),
      );
      const res = await sarah.post('/glossary/new', body);
      expect(res.statusCode).toBe(422);
      expectFieldErrors(res.body, errors);
      expect(await unchanged()).toBe(before);
    },
  );

  it.each(cases)(
    'the API refuses %s with problem+json and changes nothing',
    async (_what, fields, errors) => {
      const sarah = await signInAs(t, 'manager');
      const before = await unchanged();
      expect(fieldsOf(await sarah.json('POST', '/api/v1/glossary', fields))).toEqual(errors);
      expect(await unchanged()).toBe(before);
    },
  );

  it('ids that are not terms are not found', async () => {
    const sarah = await signInAs(t, 'manager');
    for (const url of ['/glossary/not-an-id/edit', '/glossary/6a0c1d1e-0000-4000-8000-00000000dead/edit']) {
      expect((await sarah.get(url)).statusCode).toBe(404);
    }
    expect((await sarah.get('/api/v1/glossary/6a0c1d1e-0000-4000-8000-00000000dead')).statusCode).toBe(404);
  });
});

describe('the care plan forms check wording without saving', () => {
  it('an outcome: “Check wording” shows the findings and keeps what was typed; “Save” saves', async () => {
    const sarah = await signInAs(t, 'manager');
    const john = await demoPersonId(t.database.db);
    const count = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('care_plan_outcome')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const url = `/people/${john}/plan/outcomes/new`;
    const words = 'I want the OT to visit after my TCI.';
    const checked = await sarah.post(url, { words, priority: '2', intent: 'check' });
    expect(checked.statusCode).toBe(200);
    expect(checked.body).toContain('<mark>OT');
    const text = mainText(checked.body);
    expect(text).toContain('Plain English check');
    expect(text).toContain('“TCI”: write “date to go into hospital” instead.');
    expect(checked.body).toContain(words);
    expect(checked.body).toMatch(/value="2" checked/);
    expect(await count()).toBe(before);

    const saved = await sarah.post(url, { words, priority: '2' });
    expect(saved.statusCode).toBe(303);
    expect(await count()).toBe(before + 1);
  });

  it('an action: the check works whatever else on the form is still missing', async () => {
    const sarah = await signInAs(t, 'manager');
    const john = await demoPersonId(t.database.db);
    const res = await sarah.post(`/people/${john}/plan/actions/new`, {
      what: 'PRN meds review BD',
      intent: 'check',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('govuk-error-summary');
    const text = mainText(res.body);
    expect(text).toContain('“PRN”: write “when needed” instead.');
    expect(text).toContain('“BD”: write “twice a day” instead.');
  });
});
