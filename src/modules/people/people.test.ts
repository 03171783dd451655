import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { Agent, mainText } from '../../../test/http.ts';
import { DEMO_PASSWORD, DEMO_STAFF, demoPersonId } from '../../demo/index.ts';

const email = (key: string) => DEMO_STAFF.find((s) => s.key === key)!.email;

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

async function as(key: string): Promise<Agent> {
  const agent = new Agent(t.app);
  const res = await agent.signIn(email(key), DEMO_PASSWORD);
  expect(res.statusCode).toBe(303);
  return agent;
}

describe('the demo: who sees what of John’s record', () => {
  it('the volunteer coordinator sees his communication needs and “about me” but not his mental health notes', async () => {
    const priya = await as('volunteer');
    const record = await priya.get(`/people/${john}`);
    expect(record.statusCode).toBe(200);
    const text = mainText(record.body);
    expect(text).toContain('allotment group');
    expect(text).toContain('Easy read');
    expect(text).toContain('Volunteers see only');
    expect(text).not.toContain('Willow Court');
    const notes = await priya.get(`/people/${john}/timeline`);
    expect(notes.statusCode).toBe(200);
    expect(notes.body).not.toContain('sleeping badly');
    expect(notes.body).not.toContain('Annual health check booked');
  });

  it('the GP sees what John’s consent and the agreement cover, and not his mental health notes', async () => {
    const gp = await as('gp');
    const notes = mainText((await gp.get(`/people/${john}/timeline`)).body);
    expect(notes).toContain('Daily living support reviewed');
    expect(notes).toContain('Leg dressing');
    expect(notes).not.toContain('sleeping badly');
    const api = await gp.get(`/api/v1/people/${john}/notes`);
    expect(api.statusCode).toBe(200);
    expect(api.body).not.toContain('sleeping badly');
  });

  it('the mental health worker sees the mental health note; every read is audited with its basis', async () => {
    const tom = await as('mentalHealth');
    expect(mainText((await tom.get(`/people/${john}/timeline`)).body)).toContain('sleeping badly');
    const reads = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'basis', 'outcome'])
      .where('person_id', '=', john)
      .where('action', '=', 'person.read.timeline')
      .execute();
    expect(reads.length).toBeGreaterThan(0);
    expect(reads[0]!.basis).toContain('care_team');
  });

  it('someone not on the care team is refused with the rule and whom to ask, and sees none of the record', async () => {
    const outOfHours = await as('outOfHours');
    for (const url of [`/people/${john}`, `/people/${john}/notes`, `/api/v1/people/${john}`]) {
      const res = await outOfHours.get(url);
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toContain('allotment');
      expect(res.body).not.toContain('Willow Court');
      expect(res.body).not.toContain('Carter');
    }
    const page = mainText((await outOfHours.get(`/people/${john}`)).body);
    expect(page).toContain('not on this person’s care team');
    expect(page).toContain('Sarah Mitchell');
    expect(page).toContain('emergency access');
  });

  it('the lead coordinator records a new person, who starts with them as lead', async () => {
    const sarah = await as('manager');
    const bad = await sarah.post(
      '/people/new',
      { givenName: '', familyName: 'Jones', nhsNumber: '1234567890' },
      { formUrl: '/people/new' },
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('href="#givenName"');
    expect(bad.body).toContain('href="#nhsNumber"');
    const before = await t.database.db.selectFrom('person').select('id').execute();
    const ok = await sarah.post(
      '/people/new',
      { givenName: 'Mary', familyName: 'Jones', dateOfBirth: '1950-02-03' },
      { formUrl: '/people/new' },
    );
    expect(ok.statusCode).toBe(303);
    const after = await t.database.db.selectFrom('person').select('id').execute();
    expect(after.length).toBe(before.length + 1);
    const page = mainText((await sarah.get(ok.headers.location as string)).body);
    expect(page).toContain('Mary Jones');
    expect(page).toContain('Lead coordinator');
  });
});
