import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { type Agent, mainText } from '../../../test/http.ts';
import { verifyTrail } from '../../audit/index.ts';
import { DEMO_PARTNERSHIP_ID, demoPersonId } from '../../demo/index.ts';
import {
  accept,
  invite,
  inviteJohn,
  MAYA_EMAIL,
  representativeId,
  signedIn,
  staffEmail,
} from './test-support.ts';

let t: TestApp;
let john: string;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.reset();
  john = await demoPersonId(t.database.db);
});

async function johnSignedIn(): Promise<Agent> {
  return accept(t, await inviteJohn(t, john));
}

async function staffId(key: string): Promise<string> {
  const row = await t.database.db
    .selectFrom('staff_user')
    .select('id')
    .where('email', '=', staffEmail(key))
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('John’s own record', () => {
  it('shows his about me, communication needs, care team with the lead, representatives and notes', async () => {
    const me = await johnSignedIn();
    const page = await me.get('/my?format=standard');
    expect(page.statusCode).toBe(200);
    const text = mainText(page.body);
    expect(text).toContain('Your record');
    expect(text).toContain('allotment group every Wednesday');
    expect(text).toContain('Give John extra time');
    expect(text).toMatch(/Sarah Mitchell Lead coordinator/);
    expect(text).toContain('Dr Amir Khan');
    expect(text).toContain('GP, Meadow Lane Surgery');
    expect(text).toContain('Maya Patel');
    expect(text).toContain('Karen Carter');
    expect(text).toContain('Annual health check booked');
    expect(text).toContain('sleeping badly');
    for (const item of ['My record', 'About me', 'Who has looked at my record', 'Sign out']) {
      expect(page.body).toContain(item);
    }
    expect(page.body).not.toContain('href="/people"');
    const reads = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'basis', 'partnership_id', 'actor_user_id', 'detail'])
      .where('person_id', '=', john)
      .where('action', 'in', ['person.read.record', 'person.read.notes'])
      .where('basis', 'like', '%self%')
      .execute();
    expect(reads.map((r) => r.action).sort()).toEqual(['person.read.notes', 'person.read.record']);
    for (const r of reads) {
      expect(r.partnership_id).toBe(DEMO_PARTNERSHIP_ID);
      expect(r.actor_user_id).toBeNull();
      expect(r.detail).toHaveProperty('personAccountId');
    }
    expect((await verifyTrail(t.database.db)).broken).toBeNull();
  });

  it('does not show restricted or safeguarding notes', async () => {
    const sarah = await signedIn(t, 'manager');
    const gp = await staffId('gp');
    const restricted = await sarah.post(
      `/people/${john}/notes/new`,
      {
        title: 'Conversation with Karen',
        body: 'Karen is worried about money being borrowed by a neighbour.',
        category: 'social_care',
        sharingLevel: 'restricted',
        restrictedTo: gp,
      },
      { formUrl: `/people/${john}/notes/new` },
    );
    expect(restricted.statusCode).toBe(303);
    const safeguarding = await sarah.post(
      `/people/${john}/notes/new`,
      {
        title: 'Safeguarding enquiry opened',
        body: 'Section 42 enquiry opened about possible financial abuse.',
        category: 'safeguarding',
        sharingLevel: 'care_team',
      },
      { formUrl: `/people/${john}/notes/new` },
    );
    expect(safeguarding.statusCode).toBe(303);
    const me = await johnSignedIn();
    for (const url of ['/my', '/my?format=standard', '/api/v1/me/record']) {
      const res = await me.get(url);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Daily living support reviewed');
      for (const secret of ['Conversation with Karen', 'borrowed', 'Safeguarding enquiry', 'Section 42']) {
        expect(res.body).not.toContain(secret);
      }
    }
  });

  it('cannot open another person’s record nor any staff page', async () => {
    const sarah = await signedIn(t, 'manager');
    const created = await sarah.post(
      '/people/new',
      { givenName: 'Mary', familyName: 'Jones', dateOfBirth: '1950-02-03' },
      { formUrl: '/people/new' },
    );
    const mary = (created.headers.location as string).split('/').at(-1)!;
    const me = await johnSignedIn();
    for (const url of [
      `/people/${mary}`,
      `/people/${john}`,
      `/people/${mary}/notes`,
      `/api/v1/people/${mary}`,
      '/people',
      '/admin/staff',
      '/',
      '/account',
      `/people/${john}/invite`,
      '/api/v1/people',
      '/api/v1/me',
    ]) {
      const res = await me.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.body).not.toContain('Mary');
      expect(res.body).not.toContain('1950');
    }
    const refusal = mainText((await me.get('/people')).body);
    expect(refusal).toContain('This page is for care staff');
    expect(refusal).toContain('Go to my record');
    const post = await me.post(
      `/people/${mary}/about-me/edit`,
      { whatMatters: 'x', writtenWith: 'John', version: '1' },
      { formUrl: '/my/about-me' },
    );
    expect(post.statusCode).toBe(403);
    expect(
      await t.database.db.selectFrom('person_about_me').selectAll().where('person_id', '=', mary).execute(),
    ).toHaveLength(0);
  });

  it('staff cannot use the person’s pages', async () => {
    const sarah = await signedIn(t, 'manager');
    expect((await sarah.get('/my')).statusCode).toBe(403);
    expect((await sarah.get('/api/v1/me/record')).statusCode).toBe(403);
  });

  it('John writes “about me” himself: saved in his own name, and a bad form changes nothing', async () => {
    const me = await johnSignedIn();
    const form = await me.get('/my/about-me');
    expect(form.statusCode).toBe(200);
    expect(mainText(form.body)).toContain('Going to the allotment group');
    const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
    const bad = await me.post('/my/about-me', { whatMatters: 'x'.repeat(5001), writtenWith: '', version });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('href="#whatMatters"');
    expect(bad.body).toContain('href="#writtenWith"');
    const before = await t.database.db
      .selectFrom('person_about_me')
      .selectAll()
      .where('person_id', '=', john)
      .executeTakeFirstOrThrow();
    expect(before.updated_by_kind).toBe('staff');
    const ok = await me.post('/my/about-me', {
      whatMatters: 'The allotment, and my friend Dave.',
      writtenWith: 'Me, on my own',
      version,
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/my');
    const after = await t.database.db
      .selectFrom('person_about_me')
      .selectAll()
      .where('person_id', '=', john)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({ updated_by_kind: 'person', updated_by_name: 'John Carter' });
    expect(mainText((await me.get('/my')).body)).toContain('my friend Dave');
  });
});

describe('who has looked at John’s record', () => {
  it('lists the GP’s and the volunteer’s views with their bases, and not John’s own', async () => {
    const gp = await signedIn(t, 'gp');
    expect((await gp.get(`/people/${john}`)).statusCode).toBe(200);
    expect((await gp.get(`/people/${john}/timeline`)).statusCode).toBe(200);
    const priya = await signedIn(t, 'volunteer');
    expect((await priya.get(`/people/${john}`)).statusCode).toBe(200);
    const me = await johnSignedIn();
    await me.get('/my');
    const page = await me.get('/my/access?format=standard');
    expect(page.statusCode).toBe(200);
    const text = mainText(page.body);
    expect(text).toContain('Dr Amir Khan');
    expect(text).toContain('Meadow Lane Surgery');
    expect(text).toContain('Priya Shah');
    expect(text).toContain('Friends Together Volunteer Group');
    expect(text).toContain('Updates about you');
    expect(text).toContain('They are in your care team');
    expect(text).toContain('You said yes to sharing it (consent)');
    expect(text).toContain('Their own organisation holds this information');
    expect(text).not.toContain('John Carter');
    // The volunteer saw only "about me" and communication needs; the refused notes are not a look.
    const api = await me.get('/api/v1/me/access-log');
    expect(api.statusCode).toBe(200);
    const log = api.json() as { total: number; items: Array<{ who: string; what: string; basis: string[] }> };
    const priyas = log.items.filter((i) => i.who === 'Priya Shah');
    expect(priyas.length).toBeGreaterThan(0);
    for (const look of priyas) {
      expect(look.what).toBe('Your record: “about me” and how you like information');
    }
    const amir = log.items.filter((i) => i.who === 'Dr Amir Khan');
    expect(amir.map((i) => i.what)).toContain('Updates about you: your health, your care and support');
    expect(amir.every((i) => i.basis.includes('They are in your care team'))).toBe(true);
    // Sarah looked too, when she opened the page to invite John.
    expect(log.items.some((i) => i.who === 'Sarah Mitchell')).toBe(true);
    expect(log.items.every((i) => i.who !== 'John Carter')).toBe(true);
    const own = await t.database.db
      .selectFrom('audit_event')
      .select('basis')
      .where('action', '=', 'person.read.access_log')
      .execute();
    expect(own.map((r) => r.basis)).toEqual(['self', 'self']);
  });

  it('lists an advocate’s views for John, but not John’s own views for the advocate', async () => {
    const me = await johnSignedIn();
    const sarah = await signedIn(t, 'manager');
    const maya = await invite(sarah, john, {
      who: await representativeId(t, john, 'Maya Patel'),
      email: MAYA_EMAIL,
      authorised: 'yes',
      authorisedOn: '2026-11-20',
    });
    const mayaAgent = await accept(t, maya.link!);
    await mayaAgent.get('/my');
    await me.get('/my');
    const johns = mainText((await me.get('/my/access?format=standard')).body);
    expect(johns).toContain('Maya Patel Your representative');
    expect(johns).toContain('You said they may see your record');
    const mayas = mainText((await mayaAgent.get('/my/access?format=standard')).body);
    expect(mayas).not.toContain('Maya Patel');
    expect(mayas).not.toContain('John Carter');
    expect(mayas).toContain('Sarah Mitchell');
  });

  it('shows the time in London and pages through a long list', async () => {
    const me = await johnSignedIn();
    const total = async () => ((await me.get('/api/v1/me/access-log')).json() as { total: number }).total;
    const before = await total();
    const gp = await signedIn(t, 'gp');
    t.clock.set('2026-10-01T09:30:00Z'); // 10:30 in London, in summer time
    await gp.get(`/api/v1/people/${john}`);
    t.clock.set('2026-11-25T10:00:00Z');
    for (let i = 0; i < 21; i++) await gp.get(`/api/v1/people/${john}/notes`);
    // John's own reading of the list is not a look by someone else.
    expect(await total()).toBe(before + 22);
    const first = mainText((await me.get('/my/access?format=standard')).body);
    expect(first).toContain(`Looked at ${before + 22} times`);
    expect(first).not.toContain('1 October 2026');
    const pages = Math.ceil((before + 22) / 20);
    expect(first).toContain('Next page');
    const last = await me.get(`/my/access?page=${pages}&format=standard`);
    expect(mainText(last.body)).toContain('1 October 2026 at 10:30');
    expect(last.body).toContain('page=1');
  });
});

describe('John’s record in his format', () => {
  it('uses his preferred easy read, switches format on request and remembers the choice', async () => {
    const me = await johnSignedIn();
    const easy = await me.get('/my');
    expect(easy.body).toContain('app-easy-read');
    const easyText = mainText(easy.body);
    expect(easyText).toContain('Who helps me');
    expect(easyText).toContain('Going to the allotment group every Wednesday with my friend Dave.');
    expect(easy.body).toContain('app-easy-read__picture');
    expect(easy.body).toContain('Show this page in');

    const standard = await me.get('/my?format=standard');
    expect(standard.body).not.toContain('app-easy-read');
    expect(mainText(standard.body)).toContain('Your care team');
    const remembered = await me.get('/my');
    expect(mainText(remembered.body)).toContain('Your care team');

    const large = await me.get('/my?format=large_print');
    expect(large.body).toContain('class="govuk-main-wrapper app-large-print"');
    const plain = mainText((await me.get('/my?format=plain')).body);
    expect(plain).toContain('The people who help you');
    const access = await me.get('/my/access?format=easy_read');
    expect(access.body).toContain('app-easy-read');
    expect(mainText(access.body)).toContain('It shows why they were allowed to look.');
    expect((await me.get('/my?format=nonsense')).statusCode).toBe(200);
  });
});
