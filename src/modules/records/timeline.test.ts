// John's shared timeline as each member of his care team meets it: what the sharing rules let each read, the
// filters and pages, the update form and its errors, every read in the audit trail, and the care team told
// of a new update only where they may read it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { signedIn, staffIds } from '../../../test/demo-staff.ts';
import { type Agent, mainText } from '../../../test/http.ts';
import { DEMO_ORGANISATIONS, demoPersonId } from '../../demo/index.ts';
import { accept, inviteJohn } from '../portal/test-support.ts';

let t: TestApp;
let john: string;
let ids: Record<string, string>;

beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.reset();
  john = await demoPersonId(t.database.db);
  ids = await staffIds(t);
});

const as = (key: string) => signedIn(t, key);

interface Listed {
  items: Array<{ id: string; title: string; organisation: { name: string }; category: string }>;
  total: number;
  page: number;
  pages: number;
  organisations: Array<{ id: string; name: string }>;
}

async function listed(agent: Agent, query = ''): Promise<Listed> {
  const res = await agent.get(`/api/v1/people/${john}/timeline${query}`);
  expect(res.statusCode).toBe(200);
  return res.json() as Listed;
}

const titles = (l: Listed) => l.items.map((i) => i.title);

async function entryId(title: string): Promise<string> {
  const row = await t.database.db
    .selectFrom('note')
    .select('id')
    .where('person_id', '=', john)
    .where('title', '=', title)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function count(table: 'note' | 'notification' | 'note_revision' | 'note_confirmation') {
  const row = await t.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('who reads what on John’s timeline', () => {
  it('his lead coordinator reads every agency’s updates, newest first, but not one kept within the mental health service', async () => {
    const sarah = await as('manager');
    const page = await sarah.get(`/people/${john}/timeline`);
    expect(page.statusCode).toBe(200);
    const text = mainText(page.body);
    for (const agency of Object.values(DEMO_ORGANISATIONS)) expect(text).toContain(agency.name);
    for (const seen of ['Medicines review', 'Allotment group', 'Referral accepted', 'Call from Karen']) {
      expect(text).toContain(seen);
    }
    expect(text).not.toContain('Team discussion');
    expect(text).toContain('Confirmed accurate by Sarah Mitchell');
    expect(text).toContain('Corrected Sarah Mitchell');
    expect(text).toContain('Named people only: Sarah Mitchell');
    const list = await listed(sarah);
    expect(list.total).toBe(list.items.length);
    // Newest first: the demo's notes of today, then the weeks before.
    expect(titles(list).indexOf('Call from Karen')).toBeLessThan(titles(list).indexOf('Medicines review'));
  });

  it('the GP sees only what John’s consent, the agreements and each sharing level allow, and no trace of the rest', async () => {
    const gp = await as('gp');
    const list = await listed(gp);
    expect(titles(list).sort()).toEqual(
      [
        'Annual health check booked',
        'Daily living support reviewed',
        'Leg dressing',
        'Medicines review',
        'Support worker on leave',
      ].sort(),
    );
    expect(list.total).toBe(5);
    expect(list.organisations.map((o) => o.name).sort()).toEqual(
      [DEMO_ORGANISATIONS.council.name, DEMO_ORGANISATIONS.gp.name, DEMO_ORGANISATIONS.nursing.name].sort(),
    );
    const page = await gp.get(`/people/${john}/timeline`);
    const text = mainText(page.body);
    expect(text).toContain('5 updates');
    for (const hidden of [
      'sleeping badly',
      'Referral accepted',
      'Team discussion',
      'Call from Karen',
      'Allotment group',
      DEMO_ORGANISATIONS.mentalHealth.name,
      DEMO_ORGANISATIONS.volunteers.name,
    ]) {
      expect(page.body).not.toContain(hidden);
    }
    // Asking for a withheld entry by its id: not found, as if it did not exist.
    const karen = await entryId('Call from Karen');
    expect((await gp.get(`/people/${john}/timeline/${karen}`)).statusCode).toBe(404);
    const api = await gp.get(`/api/v1/people/${john}/timeline/${karen}/history`);
    expect(api.statusCode).toBe(404);
    expect(api.body).not.toContain('Karen phoned');
  });

  it('the mental health worker reads what his service keeps to itself and his note for named people', async () => {
    const tom = await as('mentalHealth');
    const list = await listed(tom);
    expect(titles(list)).toEqual(
      expect.arrayContaining(['Team discussion', 'Call from Karen', 'Referral accepted']),
    );
    // No sharing agreement between the mental health service and the volunteer group.
    expect(titles(list)).not.toContain('Allotment group');
  });

  it('a volunteer reads only communication updates, adds one, and cannot add anything else', async () => {
    const priya = await as('volunteer');
    const list = await listed(priya);
    expect(titles(list)).toEqual(['Allotment group']);
    expect(list.total).toBe(1);
    const form = await priya.get(`/people/${john}/timeline/new`);
    expect(form.statusCode).toBe(200);
    const looked = await t.database.db
      .selectFrom('audit_event')
      .select('outcome')
      .where('action', '=', 'person.read.timeline_form')
      .where('actor_user_id', '=', ids.volunteer!)
      .execute();
    expect(looked.map((e) => e.outcome)).toEqual(['success']);
    expect(form.body).toContain('value="communication"');
    expect(form.body).not.toContain('value="social_care"');
    const before = await count('note');
    const refused = await priya.post(`/people/${john}/timeline/new`, {
      title: 'Quiet today',
      body: 'John seemed low.',
      category: 'social_care',
      sharingLevel: 'care_team',
    });
    expect(refused.statusCode).toBe(403);
    expect(mainText(refused.body)).toContain('Volunteers see only');
    expect(await count('note')).toBe(before);
    const added = await priya.post(`/people/${john}/timeline/new`, {
      title: 'Seed catalogue',
      body: 'John chose tomato seeds for Karen from the picture catalogue.',
      category: 'communication',
      sharingLevel: 'care_team',
    });
    expect(added.statusCode).toBe(303);
    expect(titles(await listed(priya))).toContain('Seed catalogue');
  });

  it('an update for named people only is read by them and its author, and by nobody else', async () => {
    const sarah = await as('manager');
    const res = await sarah.post(`/people/${john}/timeline/new`, {
      title: 'Dressing and money worries',
      body: 'John mentioned money to Grace; only Grace and I need this for now.',
      category: 'health',
      sharingLevel: 'restricted',
      restrictedTo: ids.nurse!,
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(new RegExp(`^/people/${john}/timeline\\?done=added#entry-`));
    expect(titles(await listed(sarah))).toContain('Dressing and money worries');
    expect(titles(await listed(await as('nurse')))).toContain('Dressing and money worries');
    expect(titles(await listed(await as('gp')))).not.toContain('Dressing and money worries');
    expect(titles(await listed(await as('mentalHealth')))).not.toContain('Dressing and money worries');
  });

  it('someone off the care team is refused the timeline, its entries and the API, and sees nothing of them', async () => {
    const outsider = await as('outOfHours');
    const medicines = await entryId('Medicines review');
    for (const url of [
      `/people/${john}/timeline`,
      `/people/${john}/timeline/new`,
      `/people/${john}/timeline/${medicines}`,
      `/people/${john}/timeline/${medicines}/correct`,
      `/people/${john}/notes`,
      `/api/v1/people/${john}/timeline`,
      `/api/v1/people/${john}/timeline/${medicines}/history`,
    ]) {
      const res = await outsider.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.body).not.toContain('Medicines review');
      expect(res.body).not.toContain('blister pack');
    }
  });
});

describe('filters and pages', () => {
  it('filters by organisation and by kind of information with a GET form', async () => {
    const sarah = await as('manager');
    const byGp = await listed(sarah, `?organisationId=${DEMO_ORGANISATIONS.gp.id}`);
    expect(titles(byGp).sort()).toEqual(['Annual health check booked', 'Medicines review']);
    const mental = await listed(sarah, '?category=mental_health');
    expect(mental.items.every((i) => i.category === 'mental_health')).toBe(true);
    expect(titles(mental)).toContain('Referral accepted');
    const both = await listed(sarah, `?organisationId=${DEMO_ORGANISATIONS.gp.id}&category=mental_health`);
    expect(both.total).toBe(0);
    const page = await sarah.get(
      `/people/${john}/timeline?organisationId=${DEMO_ORGANISATIONS.gp.id}&category=health`,
    );
    const text = mainText(page.body);
    expect(text).toContain(`2 updates from ${DEMO_ORGANISATIONS.gp.name} about health`);
    expect(text).toContain('Clear filters');
    expect(text).not.toContain('Allotment group');
  });

  it('pages through a long timeline, counting only what the viewer may read', async () => {
    const sarah = await as('manager');
    for (let i = 1; i <= 23; i++) {
      t.clock.advance(60_000);
      const res = await sarah.json('POST', `/api/v1/people/${john}/timeline`, {
        title: `Own-team visit ${i}`,
        body: `Visit ${i}.`,
        category: 'social_care',
        sharingLevel: 'own_organisation',
      });
      expect(res.statusCode).toBe(201);
    }
    const first = await listed(sarah);
    const all = first.total;
    expect(first.items).toHaveLength(20);
    expect(first.pages).toBe(Math.ceil(all / 20));
    expect(first.items[0]!.title).toBe('Own-team visit 23');
    const second = await listed(sarah, '?page=2');
    expect(second.items).toHaveLength(all - 20);
    expect(new Set([...titles(first), ...titles(second)]).size).toBe(all);
    // A page past the end shows the last one.
    expect((await listed(sarah, '?page=99')).page).toBe(second.page);
    const html = await sarah.get(`/people/${john}/timeline?page=2`);
    expect(mainText(html.body)).toContain(`${all} updates, page 2 of 2`);
    expect(html.body).toContain('govuk-pagination');
    // The GP may read none of the council's own-organisation visits: they are not counted for him.
    const gp = await listed(await as('gp'));
    expect(gp.total).toBe(5);
    expect(gp.pages).toBe(1);
  });

  it('refuses bad filters with clear errors, on the page and in the API', async () => {
    const sarah = await as('manager');
    const page = await sarah.get(`/people/${john}/timeline?organisationId=nonsense&category=gossip&page=two`);
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('There is a problem');
    for (const field of ['organisationId', 'category', 'page'])
      expect(page.body).toContain(`href="#${field}"`);
    expect(mainText(page.body)).toContain('Select a kind of information from the list');
    const api = await sarah.get(`/api/v1/people/${john}/timeline?category=gossip&page=0`);
    expect(api.statusCode).toBe(422);
    expect(api.headers['content-type']).toContain('application/problem+json');
    const body = api.json() as { errors: Array<{ field: string; message: string }> };
    expect(body.errors.map((e) => e.field).sort()).toEqual(['category', 'page']);
  });
});

describe('adding an update', () => {
  it('refuses a bad update with an error summary, and the API with problem+json, and saves nothing', async () => {
    const sarah = await as('manager');
    const before = await count('note');
    const page = await sarah.post(`/people/${john}/timeline/new`, {
      title: '',
      body: ' ',
      category: 'gossip',
      sharingLevel: 'everyone',
    });
    expect(page.statusCode).toBe(422);
    for (const field of ['title', 'body', 'category', 'sharingLevel']) {
      expect(page.body).toContain(`href="#${field}"`);
    }
    const restricted = await sarah.post(`/people/${john}/timeline/new`, {
      title: 'T',
      body: 'B',
      category: 'health',
      sharingLevel: 'restricted',
      restrictedTo: ids.admin!,
    });
    expect(restricted.statusCode).toBe(422);
    expect(mainText(restricted.body)).toContain('Select people named on the care team');
    const api = await sarah.json('POST', `/api/v1/people/${john}/timeline`, {
      title: 'x',
      category: 'health',
    });
    expect(api.statusCode).toBe(422);
    const body = api.json() as { errors: Array<{ field: string }> };
    expect(body.errors.map((e) => e.field).sort()).toEqual(['body', 'sharingLevel']);
    expect(await count('note')).toBe(before);
  });

  it('tells the care team members who may read it, and nobody else', async () => {
    const sarah = await as('manager');
    const before = await count('notification');
    const res = await sarah.json('POST', `/api/v1/people/${john}/timeline`, {
      title: 'Hospital appointment',
      body: 'Outpatient appointment on 4 December; transport booked.',
      category: 'health',
      sharingLevel: 'care_team',
    });
    expect(res.statusCode).toBe(201);
    const id = (res.json() as { id: string }).id;
    expect(res.headers.location).toBe(`/api/v1/people/${john}/timeline/${id}/history`);
    const told = await t.database.db
      .selectFrom('notification')
      .select(['recipient_id', 'kind', 'link', 'title'])
      .where('link', '=', `/people/${john}/timeline/${id}`)
      .execute();
    // The GP, the nurse and the mental health worker may read health updates from the council; the
    // volunteer may not, and Sarah wrote it.
    expect(told.map((n) => n.recipient_id).sort()).toEqual([ids.gp!, ids.nurse!, ids.mentalHealth!].sort());
    expect(told.every((n) => n.kind === 'timeline_update')).toBe(true);
    expect(told[0]!.title).toBe('New update about John Carter: Hospital appointment');
    expect(await count('notification')).toBe(before + 3);

    const restricted = await sarah.json('POST', `/api/v1/people/${john}/timeline`, {
      title: 'For Grace',
      body: 'Only Grace needs this.',
      category: 'health',
      sharingLevel: 'restricted',
      restrictedTo: [ids.nurse!],
    });
    const rid = (restricted.json() as { id: string }).id;
    const toldOfRestricted = await t.database.db
      .selectFrom('notification')
      .select('recipient_id')
      .where('link', '=', `/people/${john}/timeline/${rid}`)
      .execute();
    expect(toldOfRestricted.map((n) => n.recipient_id)).toEqual([ids.nurse!]);
  });

  it('keeps the older notes addresses working: the notes page leads to the timeline, its form still saves', async () => {
    const sarah = await as('manager');
    const old = await sarah.get(`/people/${john}/notes`);
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe(`/people/${john}/timeline`);
    const saved = await sarah.post(
      `/people/${john}/notes/new`,
      {
        title: 'Through the old form',
        body: 'Still works.',
        category: 'social_care',
        sharingLevel: 'care_team',
      },
      { formUrl: `/people/${john}/notes/new` },
    );
    expect(saved.statusCode).toBe(303);
    const notes = await sarah.get(`/api/v1/people/${john}/notes`);
    expect(notes.body).toContain('Through the old form');
  });
});

describe('every read is audited', () => {
  it('records the timeline page, the API list and an entry’s history with their basis, and a refused entry', async () => {
    const gp = await as('gp');
    const start = t.clock.now();
    await gp.get(`/people/${john}/timeline`);
    await gp.get(`/api/v1/people/${john}/timeline?category=health`);
    const medicines = await entryId('Medicines review');
    await gp.get(`/people/${john}/timeline/${medicines}`);
    await gp.get(`/people/${john}/timeline/${await entryId('Referral accepted')}`);
    const events = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'outcome', 'basis', 'detail', 'actor_user_id'])
      .where('person_id', '=', john)
      .where('actor_user_id', '=', ids.gp!)
      .where('at', '>=', start)
      .where('action', 'like', 'person.read.timeline%')
      .orderBy('seq')
      .execute();
    expect(events.map((e) => [e.action, e.outcome])).toEqual([
      ['person.read.timeline', 'success'],
      ['person.read.timeline', 'success'],
      ['person.read.timeline_entry', 'success'],
      ['person.read.timeline_entry', 'refused'],
    ]);
    expect(events[0]!.basis).toContain('care_team');
    expect(events[0]!.detail).toMatchObject({ shown: expect.arrayContaining(['health', 'social_care']) });
    expect((events[0]!.detail as { withheld: string[] }).withheld).toContain('mental_health');
    expect(events[2]!.basis).toContain('own_organisation');
  });
});

describe('John’s own view', () => {
  it('shows the updates shared with his care team, and not those kept within an organisation or for named people', async () => {
    const me = await accept(t, await inviteJohn(t, john));
    const mine = mainText((await me.get('/my?format=standard')).body);
    for (const shared of [
      'Medicines review',
      'Allotment group',
      'Referral accepted',
      'Support worker on leave',
    ]) {
      expect(mine).toContain(shared);
    }
    expect(mine).toContain('at 8am, as usual');
    expect(mine).toMatch(/Support worker on leave Sarah Mitchell, .*\. Corrected on \d+ November 2026\./);
    expect(mine).not.toContain('Team discussion');
    expect(mine).not.toContain('Call from Karen');
    expect((await me.get(`/people/${john}/timeline`)).statusCode).toBe(403);
  });
});
