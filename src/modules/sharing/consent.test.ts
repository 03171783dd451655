import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { type Agent, mainText } from '../../../test/http.ts';
import {
  type Fixture,
  HEALTH_NOTE,
  ORGS,
  postForm,
  SOCIAL_CARE_NOTE,
  sharingFixture,
  signedIn,
} from './testing.ts';

let t: TestApp;
let f: Fixture;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.reset();
  f = await sharingFixture(t.database.db);
});

function as(key: keyof Fixture['staff']): Promise<Agent> {
  return signedIn(t.app, f.staff[key].email);
}

function postConsent(agent: Agent, fields: Record<string, string | string[]>) {
  return postForm(t.app, agent, `/people/${f.personId}/consents/new`, fields);
}

const given = (org: string, categories: string[], extra: Record<string, string> = {}) => ({
  organisationId: org,
  status: 'given',
  purposes: ['direct_care', 'care_coordination'],
  categories,
  obtainedHow: 'easy_read_form',
  obtainedByName: 'Sarah Mitchell',
  'decidedOn-day': '20',
  'decidedOn-month': '11',
  'decidedOn-year': '2026',
  'reviewOn-day': '20',
  'reviewOn-month': '11',
  'reviewOn-year': '2027',
  ...extra,
});

async function gpNotes(gp: Agent): Promise<string> {
  const res = await gp.get(`/api/v1/people/${f.personId}/notes`);
  expect(res.statusCode).toBe(200);
  return res.body;
}

async function youCanSee(agent: Agent) {
  const res = await agent.get(`/api/v1/people/${f.personId}/sharing`);
  expect(res.statusCode).toBe(200);
  const body = res.json() as { you: Array<{ category: string; allowed: boolean; reasons: string[] }> };
  return Object.fromEntries(body.you.map((y) => [y.category, y]));
}

describe('consent to share', () => {
  it('lets the GP see the council’s health notes only with consent and a sharing agreement', async () => {
    const sarah = await as('manager');
    const gp = await as('gp');
    expect(await gpNotes(gp)).not.toContain(HEALTH_NOTE);

    const res = await postConsent(sarah, given(ORGS.gp.id, ['health']));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/people/${f.personId}/sharing?recorded=consent`);
    expect(await gpNotes(gp)).not.toContain(HEALTH_NOTE);
    const withoutAgreement = (await youCanSee(gp)).health!;
    expect(withoutAgreement.allowed).toBe(false);
    expect(withoutAgreement.reasons.join(' ')).toContain('no active information sharing agreement');

    await f.agreement([ORGS.council.id, ORGS.gp.id], ['health']);
    const notes = await gpNotes(gp);
    expect(notes).toContain(HEALTH_NOTE);
    expect(notes).not.toContain(SOCIAL_CARE_NOTE);
    expect((await youCanSee(gp)).health!.reasons.join(' ')).toContain('consented');

    const page = mainText((await sarah.get(res.headers.location as string)).body);
    expect(page).toContain('The consent decision has been recorded');
    expect(page).toContain('Meadow Lane Surgery');
    expect(page).toContain(
      'Consent given with an easy-read form on 20 November 2026, obtained by Sarah Mitchell',
    );
  });

  it('stops sharing on the very next request when consent is withdrawn, and keeps both records', async () => {
    const sarah = await as('manager');
    const gp = await as('gp');
    await f.agreement([ORGS.council.id, ORGS.gp.id], ['health', 'social_care']);
    expect((await postConsent(sarah, given(ORGS.gp.id, ['health', 'social_care']))).statusCode).toBe(303);
    expect(await gpNotes(gp)).toContain(HEALTH_NOTE);

    // The clock does not move: the withdrawal must still be the newer record.
    const form = await sarah.get(
      `/people/${f.personId}/consents/new?organisationId=${ORGS.gp.id}&status=withdrawn&categories=health`,
    );
    expect(form.body).toMatch(/value="withdrawn" checked/);
    const withdrawn = await postConsent(sarah, {
      ...given(ORGS.gp.id, ['health']),
      status: 'withdrawn',
      obtainedHow: 'by_phone',
      'reviewOn-day': '',
      'reviewOn-month': '',
      'reviewOn-year': '',
    });
    expect(withdrawn.statusCode).toBe(303);

    const notes = await gpNotes(gp);
    expect(notes).not.toContain(HEALTH_NOTE);
    expect(notes).toContain(SOCIAL_CARE_NOTE);
    const you = await youCanSee(gp);
    expect(you.health!.allowed).toBe(false);
    expect(you.health!.reasons.join(' ')).toContain('withdrawn');
    expect(you.social_care!.allowed).toBe(true);

    expect(await f.count('consent')).toBeGreaterThanOrEqual(2);
    const page = mainText((await gp.get(`/people/${f.personId}/sharing`)).body);
    expect(page).toContain('Replaced for health by a later decision');
    expect(page).toContain('Consent withdrawn by phone');
    expect(page).toContain('Sharing on consent stops at once');
  });

  it('flags a consent decision in force whose review date has passed', async () => {
    const sarah = await as('manager');
    await postConsent(sarah, {
      ...given(ORGS.nursing.id, ['health']),
      'reviewOn-day': '1',
      'reviewOn-month': '12',
      'reviewOn-year': '2026',
    });
    expect(mainText((await sarah.get(`/people/${f.personId}/sharing`)).body)).not.toContain('Review due');
    t.clock.set('2026-12-02T10:00:00Z');
    const sarahLater = await as('manager');
    const page = await sarahLater.get(`/api/v1/people/${f.personId}/consents`);
    const body = page.json() as { items: Array<{ reviewDue: boolean; inForce: boolean }> };
    expect(body.items[0]).toMatchObject({ reviewDue: true, inForce: true });
    expect(mainText((await sarahLater.get(`/people/${f.personId}/sharing`)).body)).toContain('Review due');
  });

  it('gives field errors for bad input on the form and changes nothing', async () => {
    const sarah = await as('manager');
    const before = [await f.count('consent'), await f.count('sharing_decision')];

    const empty = await postConsent(sarah, {});
    expect(empty.statusCode).toBe(422);
    const text = mainText(empty.body);
    for (const message of [
      'There is a problem',
      'Select the organisation',
      'Select whether consent was given, refused or withdrawn',
      'Select at least one purpose',
      'Select at least one type of information',
      'Select how the decision was obtained',
      'Enter the name of the person who obtained the decision',
      'Enter the date decided',
    ]) {
      expect(text).toContain(message);
    }
    expect(empty.body).toContain('href="#decidedOn"');
    expect(empty.body).toContain('id="decidedOn"');

    const wrong = await postConsent(sarah, {
      ...given(ORGS.gp.id, ['health', 'not_a_category']),
      'decidedOn-day': '31',
      'decidedOn-month': '2',
      'reviewOn-year': '20x7',
    });
    expect(wrong.statusCode).toBe(422);
    const wrongText = mainText(wrong.body);
    expect(wrongText).toContain('Select at least one type of information');
    expect(wrongText).toContain('The date decided must be a real date');
    expect(wrongText).toContain('The review date must be a real date');
    // What was typed comes back.
    expect(wrong.body).toContain('value="Sarah Mitchell"');

    const future = await postConsent(sarah, {
      ...given(ORGS.gp.id, ['health']),
      'decidedOn-year': '2027',
      'reviewOn-year': '2026',
    });
    expect(mainText(future.body)).toContain('The date decided must be today or in the past');
    expect(mainText(future.body)).toContain('Review date must be after the date decided');
    expect(future.body).toMatch(/value="health" checked/);

    const stranger = await postConsent(sarah, given('6a0c1d1e-0000-4000-8000-00000000dead', ['health']));
    expect(stranger.statusCode).toBe(422);
    expect(mainText(stranger.body)).toContain('Select one of the partnership’s organisations');

    expect([await f.count('consent'), await f.count('sharing_decision')]).toEqual(before);
  });

  it('gives field errors for bad API bodies and changes nothing', async () => {
    const sarah = await as('manager');
    const before = [await f.count('consent'), await f.count('sharing_decision')];
    const url = `/api/v1/people/${f.personId}/consents`;

    const empty = await sarah.json('POST', url, {});
    expect(empty.statusCode).toBe(422);
    expect(empty.headers['content-type']).toContain('application/problem+json');
    const fields = (empty.json() as { errors: Array<{ field: string }> }).errors.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'organisationId',
        'status',
        'purposes',
        'categories',
        'obtainedHow',
        'obtainedByName',
        'decidedOn',
      ]),
    );
    const noReview = await sarah.json('POST', url, { status: 'given' });
    expect((noReview.json() as { errors: Array<{ field: string; message: string }> }).errors).toContainEqual({
      field: 'reviewOn',
      message: 'Enter the date to review this consent',
    });

    const wrongTypes = await sarah.json('POST', url, {
      organisationId: ORGS.gp.id,
      status: 'maybe',
      purposes: 'direct_care',
      categories: [42],
      obtainedHow: 'telepathy',
      obtainedByName: 'x'.repeat(201),
      decidedOn: '2026-02-31',
      reviewOn: 'soon',
    });
    expect(wrongTypes.statusCode).toBe(422);
    expect((wrongTypes.json() as { errors: unknown[] }).errors.length).toBeGreaterThanOrEqual(6);

    expect((await sarah.json('POST', url, [])).statusCode).toBe(422);

    const ok = await sarah.json('POST', url, {
      organisationId: ORGS.gp.id,
      status: 'given',
      purposes: ['direct_care'],
      categories: ['health'],
      obtainedHow: 'in_person',
      obtainedByName: 'Sarah Mitchell',
      decidedOn: '2026-11-25',
      reviewOn: '2027-11-25',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ status: 'given', organisationId: ORGS.gp.id, categories: ['health'] });
    expect([await f.count('consent'), await f.count('sharing_decision')]).toEqual([
      before[0]! + 1,
      before[1]! + 1,
    ]);
  });
});

describe('who may record and read consent', () => {
  it('refuses someone not on the care team, says why and whom to ask, and shows none of the data', async () => {
    const sarah = await as('manager');
    await postConsent(sarah, given(ORGS.gp.id, ['health'], { obtainedByName: 'Maya Patel' }));
    const david = await as('seniorLeader');
    const before = [await f.count('consent'), await f.count('sharing_decision')];

    for (const url of [
      `/people/${f.personId}/sharing`,
      `/people/${f.personId}/consents/new`,
      `/api/v1/people/${f.personId}/sharing`,
      `/api/v1/people/${f.personId}/consents`,
    ]) {
      const res = await david.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.body).toContain('not on this person’s care team');
      expect(res.body).toContain('Sarah Mitchell');
      for (const secret of ['Ruth', 'Okafor', 'Maya Patel', 'Meadow Lane', 'easy-read']) {
        expect(res.body, `${url} leaks ${secret}`).not.toContain(secret);
      }
    }
    const post = await postConsent(david, given(ORGS.gp.id, ['health']));
    expect(post.statusCode).toBe(403);
    const api = await david.json('POST', `/api/v1/people/${f.personId}/consents`, {});
    expect(api.statusCode).toBe(403);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect([await f.count('consent'), await f.count('sharing_decision')]).toEqual(before);

    const refusals = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'outcome'])
      .where('person_id', '=', f.personId)
      .where('actor_user_id', '=', f.staff.seniorLeader.userId)
      .execute();
    expect(refusals.map((r) => r.action)).toEqual(
      expect.arrayContaining(['person.read.sharing', 'person.write.consent']),
    );
    expect(refusals.every((r) => r.outcome === 'refused')).toBe(true);
  });

  it('lets a volunteer on the care team read the page but not record consent', async () => {
    const priya = await as('volunteer');
    expect((await priya.get(`/people/${f.personId}/sharing`)).statusCode).toBe(200);
    const form = await priya.get(`/people/${f.personId}/consents/new`);
    expect(form.statusCode).toBe(403);
    expect(mainText(form.body)).toContain('Volunteers cannot change a person’s record');
    const before = await f.count('consent');
    expect((await postConsent(priya, given(ORGS.volunteers.id, ['communication']))).statusCode).toBe(403);
    expect(await f.count('consent')).toBe(before);
  });
});
