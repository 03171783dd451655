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
  expect((await agent.signIn(email(key), DEMO_PASSWORD)).statusCode).toBe(303);
  return agent;
}

async function actionId(what: string): Promise<{ id: string; revision: number }> {
  const row = await t.database.db
    .selectFrom('care_plan_action')
    .select(['id', 'revision'])
    .where('what', 'like', `${what}%`)
    .executeTakeFirstOrThrow();
  return row;
}

describe('John’s joint care plan', () => {
  it('the manager sees every outcome in John’s words and every action with its lead, and what changed since version 1', async () => {
    const sarah = await as('manager');
    const page = await sarah.get(`/people/${john}/plan`);
    expect(page.statusCode).toBe(200);
    const text = mainText(page.body);
    expect(text).toContain('I want to go to the allotment group every Wednesday');
    expect(text).toContain('Annual health check at Meadow Lane Surgery');
    expect(text).toContain('Dr Amir Khan');
    expect(text).toContain('Weekly social engagement');
    expect(text).toContain('Mental health check-ins');
    expect(text).toContain('Version 2');
    expect(text).toContain('Changed since version 1 was agreed');
    expect(text).toContain('New action: “Check and dress the wound');
  });

  it('the volunteer sees only the weekly social engagement action', async () => {
    const priya = await as('volunteer');
    const text = mainText((await priya.get(`/people/${john}/plan`)).body);
    expect(text).toContain('Weekly social engagement');
    expect(text).not.toContain('Annual health check');
    expect(text).not.toContain('Mental health check-ins');
    expect(text).not.toContain('Daily living support');
    expect(text).not.toContain('I want to keep living in my own flat');
    const api = (await priya.get(`/api/v1/people/${john}/plan`)).body;
    expect(api).toContain('Weekly social engagement');
    expect(api).not.toContain('Annual health check');
  });

  it('the GP does not see the mental health action; the mental health worker does', async () => {
    const gp = mainText((await (await as('gp')).get(`/people/${john}/plan`)).body);
    expect(gp).toContain('Annual health check');
    expect(gp).not.toContain('Mental health check-ins');
    const tom = mainText((await (await as('mentalHealth')).get(`/people/${john}/plan`)).body);
    expect(tom).toContain('Mental health check-ins');
  });

  it('the GP marks the annual health check done: it records the day and moves to next year', async () => {
    t.clock.set('2026-12-09T11:00:00Z');
    const gp = await as('gp');
    const { id, revision } = await actionId('Annual health check');
    const res = await gp.post(`/people/${john}/plan/actions/${id}/status`, {
      status: 'done',
      revision: String(revision),
    });
    expect(res.statusCode).toBe(303);
    const row = await t.database.db
      .selectFrom('care_plan_action')
      .select(['status', 'last_done_on'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'planned', last_done_on: '2026-12-09' });
    expect(mainText((await gp.get(`/people/${john}/plan`)).body)).toContain('next due 9 December 2027');
  });

  it('two saves on the same revision: one wins, the other is refused with both versions shown, nothing lost', async () => {
    const sarah = await as('manager');
    const gp = await as('gp');
    const { id, revision } = await actionId('Annual health check');
    const outcome = await t.database.db
      .selectFrom('care_plan_action')
      .select('outcome_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const form = (what: string) => ({
      outcomeId: outcome.outcome_id,
      what,
      kind: 'health_check',
      timing: 'repeats',
      frequency: 'yearly',
      startsOn: '2026-12-09',
      revision: String(revision),
    });
    const first = await sarah.post(
      `/people/${john}/plan/actions/${id}/edit`,
      form('Annual health check, Sarah’s wording'),
    );
    expect(first.statusCode).toBe(303);
    const second = await sarah.post(
      `/people/${john}/plan/actions/${id}/edit`,
      form('Annual health check, the second wording'),
    );
    expect(second.statusCode).toBe(409);
    const text = mainText(second.body);
    expect(text).toContain('Sarah’s wording');
    expect(second.body).toContain('the second wording');
    const stored = await t.database.db
      .selectFrom('care_plan_action')
      .select(['what', 'revision'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ what: 'Annual health check, Sarah’s wording', revision: revision + 1 });
    // Saving again from the refused form (which now carries the current revision) merges deliberately.
    const merged = await gp.get(`/people/${john}/plan`);
    expect(merged.statusCode).toBe(200);
  });

  it('agreeing: a change after sign-off starts a new version and the old signatures no longer count', async () => {
    const sarah = await as('manager');
    const before = await t.database.db
      .selectFrom('care_plan')
      .select(['plan_version', 'status'])
      .executeTakeFirstOrThrow();
    expect(before).toEqual({ plan_version: 2, status: 'draft' });
    const sign = await sarah.post(
      `/people/${john}/plan/sign-off`,
      { party: 'person', planVersion: '2' },
      { formUrl: `/people/${john}/plan` },
    );
    expect(sign.statusCode).toBe(303);
    const outcome = await t.database.db
      .selectFrom('care_plan_outcome')
      .select(['id', 'revision', 'words'])
      .where('words', 'like', 'I want to feel%')
      .executeTakeFirstOrThrow();
    await sarah.post(
      `/people/${john}/plan/outcomes/${outcome.id}/edit`,
      { words: 'I want to enjoy my Sundays.', priority: '2', revision: String(outcome.revision) },
      { formUrl: `/people/${john}/plan` },
    );
    const after = await t.database.db
      .selectFrom('care_plan')
      .select(['plan_version', 'status'])
      .executeTakeFirstOrThrow();
    expect(after.plan_version).toBe(3);
    const text = mainText((await sarah.get(`/people/${john}/plan`)).body);
    expect(text).toContain('Outcome reworded');
    const stale = await sarah.post(
      `/people/${john}/plan/sign-off`,
      { party: 'person', planVersion: '2' },
      { formUrl: `/people/${john}/plan` },
    );
    expect(stale.statusCode).toBe(409);
  });

  it('warns about an outcome with no action, an action with no lead and two organisations doing the same thing', async () => {
    const sarah = await as('manager');
    await sarah.post(
      `/people/${john}/plan/outcomes/new`,
      { words: 'I want to learn to cook a roast dinner.', priority: '3' },
      { formUrl: `/people/${john}/plan/outcomes/new` },
    );
    let text = mainText((await sarah.get(`/people/${john}/plan`)).body);
    expect(text).toContain('Nobody is acting on “I want to learn to cook a roast dinner.”');
    const health = await t.database.db
      .selectFrom('care_plan_outcome')
      .select('id')
      .where('words', 'like', 'I want to stay well%')
      .executeTakeFirstOrThrow();
    const tom = await t.database.db
      .selectFrom('staff_user')
      .select('id')
      .where('email', '=', email('mentalHealth'))
      .executeTakeFirstOrThrow();
    await sarah.post(
      `/people/${john}/plan/actions/new`,
      {
        outcomeId: health.id,
        what: 'Book a health check at the mental health clinic',
        kind: 'health_check',
        leadStaffId: tom.id,
        timing: 'once',
        dueOn: '2027-01-15',
      },
      { formUrl: `/people/${john}/plan/actions/new` },
    );
    await sarah.post(
      `/people/${john}/plan/actions/new`,
      {
        outcomeId: health.id,
        what: 'Find a dentist',
        kind: 'health_treatment',
        timing: 'once',
        dueOn: '2027-02-01',
      },
      { formUrl: `/people/${john}/plan/actions/new` },
    );
    text = mainText((await sarah.get(`/people/${john}/plan`)).body);
    expect(text).toContain('“Find a dentist” has no named lead');
    expect(text).toMatch(
      /Meadow Lane Surgery and Riverside Mental Health Service are both doing health check|Riverside Mental Health Service and Meadow Lane Surgery are both doing health check/,
    );
  });

  it('shows overdue actions and an overdue review', async () => {
    t.clock.set('2028-01-10T10:00:00Z');
    const sarah = await as('manager');
    const text = mainText((await sarah.get(`/people/${john}/plan`)).body);
    expect(text).toContain('was due on 9 December 2026 and is not done');
    expect(text).toContain('review was due on');
  });

  it('refuses bad outcome and action input with field errors and changes nothing', async () => {
    const sarah = await as('manager');
    const count = async () =>
      (await t.database.db.selectFrom('care_plan_action').select('id').execute()).length;
    const before = await count();
    const bad = await sarah.post(
      `/people/${john}/plan/actions/new`,
      { outcomeId: 'nope', what: '', kind: 'magic', timing: 'repeats' },
      { formUrl: `/people/${john}/plan/actions/new` },
    );
    expect(bad.statusCode).toBe(422);
    for (const f of ['outcomeId', 'what', 'kind']) expect(bad.body).toContain(`href="#${f}"`);
    const outcome = await t.database.db
      .selectFrom('care_plan_outcome')
      .select('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const noTiming = await sarah.post(
      `/people/${john}/plan/actions/new`,
      { outcomeId: outcome.id, what: 'Something', kind: 'other', timing: 'repeats' },
      { formUrl: `/people/${john}/plan/actions/new` },
    );
    expect(noTiming.statusCode).toBe(422);
    for (const f of ['frequency', 'startsOn']) expect(noTiming.body).toContain(`href="#${f}"`);
    const badOutcome = await sarah.post(
      `/people/${john}/plan/outcomes/new`,
      { words: '', priority: '9' },
      { formUrl: `/people/${john}/plan/outcomes/new` },
    );
    expect(badOutcome.statusCode).toBe(422);
    expect(await count()).toBe(before);
    const api = await sarah.json('POST', `/api/v1/people/${john}/plan/actions`, { what: 'x' });
    expect(api.statusCode).toBe(422);
    expect(api.headers['content-type']).toContain('problem+json');
  });

  it('every read of the plan is audited with its basis; someone off the team is refused', async () => {
    await (await as('gp')).get(`/people/${john}/plan`);
    const rows = await t.database.db
      .selectFrom('audit_event')
      .select(['basis', 'outcome'])
      .where('action', '=', 'person.read.care_plan')
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]!.basis).toContain('consent');
    const outsider = await as('outOfHours');
    const res = await outsider.get(`/people/${john}/plan`);
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('allotment');
  });
  it('offers each signer the button for their own organisation', async () => {
    const grace = await as('nurse');
    const body = (await grace.get(`/people/${john}/plan`)).body;
    const buttons = [...body.matchAll(/(Agree for [^<]+|Record that [^<]+)/g)].map((m) => m[1]!.trim());
    expect(buttons).toEqual(['Record that John Carter agrees', 'Agree for Riverside Community Nursing']);
  });
});
