// "Who does what" and "My work": each agency's checklist from John's plan, overdue first, and each member of
// staff's own list across the people they support, showing only what the sharing rules let them see.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { Agent, mainText } from '../../../test/http.ts';
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_STAFF, demoPersonId } from '../../demo/index.ts';

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

const staffId = async (key: string) =>
  (
    await t.database.db
      .selectFrom('staff_user')
      .select('id')
      .where('email', '=', email(key))
      .executeTakeFirstOrThrow()
  ).id;

const outcomeId = async (start: string) =>
  (
    await t.database.db
      .selectFrom('care_plan_outcome')
      .select('id')
      .where('words', 'like', `${start}%`)
      .executeTakeFirstOrThrow()
  ).id;

interface ApiAction {
  what: string;
  overdue: boolean;
  leadOrganisationId: string | null;
}
interface ApiGroup {
  organisationId?: string | null;
  leadStaffId?: string | null;
  leadName?: string;
  contact?: { name: string } | null;
  actions: ApiAction[];
}

async function addOneOff(agent: Agent, what: string, lead: string, dueOn: string) {
  const res = await agent.post(
    `/people/${john}/plan/actions/new`,
    {
      outcomeId: await outcomeId('I want to stay well'),
      what,
      kind: 'health_treatment',
      leadStaffId: lead,
      timing: 'once',
      dueOn,
    },
    { formUrl: `/people/${john}/plan/actions/new` },
  );
  expect(res.statusCode).toBe(303);
}

describe('who does what', () => {
  it('lists each organisation’s actions as a checklist, overdue first, then by the date next due', async () => {
    const sarah = await as('manager');
    const gp = await staffId('gp');
    await addOneOff(sarah, 'Review John’s medicines', gp, '2027-01-15');
    await addOneOff(sarah, 'Send the blood test results', gp, '2026-11-01');

    const page = await sarah.get(`/people/${john}/plan/who-does-what`);
    expect(page.statusCode).toBe(200);
    const text = mainText(page.body);
    const surgery = text.slice(text.indexOf('Meadow Lane Surgery Contact'));
    const order = ['Send the blood test results', 'Annual health check', 'Review John’s medicines'].map((w) =>
      surgery.indexOf(w),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(page.body).toContain('govuk-task-list');

    const api = (await sarah.get(`/api/v1/people/${john}/plan/who-does-what`)).json() as {
      byOrganisation: ApiGroup[];
      byLead: ApiGroup[];
    };
    const byOrg = (id: string) => api.byOrganisation.find((g) => g.organisationId === id)!;
    // With the action point from John's planning meeting (src/demo/meetings.ts), due on 11 December.
    expect(byOrg(DEMO_ORGANISATIONS.gp.id).actions.map((a) => [a.what.slice(0, 20), a.overdue])).toEqual([
      ['Send the blood test ', true],
      ['Annual health check ', false],
      ['Check John’s medicin', false],
      ['Review John’s medici', false],
    ]);
    // Every action sits under its lead's organisation, and every organisation on the team is listed.
    for (const g of api.byOrganisation) {
      for (const a of g.actions) expect(a.leadOrganisationId).toBe(g.organisationId);
    }
    expect(byOrg(DEMO_ORGANISATIONS.volunteers.id).actions.map((a) => a.what)).toEqual([
      'Weekly social engagement: a volunteer goes with John to the allotment group',
    ]);
    expect(api.byOrganisation).toHaveLength(5);
    const khan = api.byLead.find((g) => g.leadStaffId === gp)!;
    expect(khan.actions.map((a) => a.what.slice(0, 12))).toEqual([
      'Send the blo',
      'Annual healt',
      'Check John’s',
      'Review John’',
    ]);
    // Groups with overdue work come first.
    expect(api.byOrganisation[0]!.actions.some((a) => a.overdue)).toBe(true);
  });

  it('the volunteer’s checklist holds only her own task', async () => {
    const priya = await as('volunteer');
    const page = await priya.get(`/people/${john}/plan/who-does-what`);
    expect(page.statusCode).toBe(200);
    const text = mainText(page.body);
    expect(text).toContain('Weekly social engagement');
    for (const hidden of [
      'Annual health check',
      'Mental health check-ins',
      'Daily living support',
      'wound',
    ]) {
      expect(text).not.toContain(hidden);
    }
    const api = (await priya.get(`/api/v1/people/${john}/plan/who-does-what`)).json() as {
      byOrganisation: ApiGroup[];
      byLead: ApiGroup[];
    };
    expect(api.byOrganisation.map((g) => g.organisationId)).toEqual([DEMO_ORGANISATIONS.volunteers.id]);
    expect(api.byLead.flatMap((g) => g.actions)).toHaveLength(1);
  });

  it('anyone who may edit the plan names an organisation’s contact from its staff on the care team', async () => {
    const sarah = await as('manager');
    const url = `/people/${john}/plan/who-does-what/contacts/${DEMO_ORGANISATIONS.gp.id}`;
    const form = await sarah.get(url);
    expect(form.statusCode).toBe(200);
    expect(mainText(form.body)).toContain('Dr Amir Khan');
    expect(mainText(form.body)).not.toContain('Rachel Green');

    const contacts = async () =>
      (await t.database.db.selectFrom('care_plan_contact').selectAll().execute()).length;
    const offTeam = await sarah.post(url, { staffUserId: await staffId('outOfHours') });
    expect(offTeam.statusCode).toBe(422);
    expect(offTeam.body).toContain('href="#staffUserId"');
    const empty = await sarah.post(url, {});
    expect(empty.statusCode).toBe(422);
    expect(await contacts()).toBe(0);

    const saved = await sarah.post(url, { staffUserId: await staffId('gp') });
    expect(saved.statusCode).toBe(303);
    const text = mainText((await sarah.get(`/people/${john}/plan/who-does-what`)).body);
    expect(text).toContain('Contact for this plan: Dr Amir Khan, GP, amir.khan@meadowlane.example');

    const priya = await as('volunteer');
    const refused = await priya.post(url, { staffUserId: await staffId('gp') }, { formUrl: '/account' });
    expect(refused.statusCode).toBe(403);
    const api = await sarah.json(
      'PUT',
      `/api/v1/people/${john}/plan/contacts/${DEMO_ORGANISATIONS.volunteers.id}`,
      {
        staffUserId: await staffId('volunteer'),
      },
    );
    expect(api.statusCode).toBe(204);
    expect(await contacts()).toBe(2);
  });

  it('someone off the care team is refused, and nothing of the plan is shown', async () => {
    const outsider = await as('outOfHours');
    const page = await outsider.get(`/people/${john}/plan/who-does-what`);
    expect(page.statusCode).toBe(403);
    expect(page.body).not.toContain('allotment');
    expect((await outsider.get(`/api/v1/people/${john}/plan/who-does-what`)).statusCode).toBe(403);
  });
});

describe('my work', () => {
  it('the GP sees the annual health check; the volunteer only the weekly social engagement', async () => {
    const gp = await as('gp');
    const gpPage = await gp.get('/my-work');
    expect(gpPage.statusCode).toBe(200);
    expect(gpPage.body).toContain('href="/my-work"');
    const gpText = mainText(gpPage.body);
    expect(gpText).toContain('Annual health check at Meadow Lane Surgery');
    expect(gpText).toContain('John Carter');
    for (const other of ['Weekly social engagement', 'Daily living support', 'Mental health check-ins']) {
      expect(gpText).not.toContain(other);
    }

    const priya = await as('volunteer');
    const text = mainText((await priya.get('/my-work')).body);
    expect(text).toContain('Weekly social engagement');
    for (const other of ['Annual health check', 'Daily living support', 'Mental health check-ins', 'wound']) {
      expect(text).not.toContain(other);
    }
    const api = (await priya.get('/api/v1/my-work')).json() as { actions: ApiAction[]; reviews: unknown[] };
    expect(api.actions.map((a) => a.what.slice(0, 24))).toEqual(['Weekly social engagement']);
    expect(api.reviews).toEqual([]);
    // Each person shown was read through the policy, and the read is in the audit trail.
    const reads = await t.database.db
      .selectFrom('audit_event')
      .select(['basis', 'person_id'])
      .where('action', '=', 'person.read.care_plan')
      .where('actor_user_id', '=', await staffId('volunteer'))
      .execute();
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((r) => r.person_id === john)).toBe(true);
  });

  it('a manager sees every action her organisation leads, overdue first; home counts her overdue actions', async () => {
    const sarah = await as('manager');
    const david = await staffId('seniorLeader');
    await sarah.post(
      `/people/${john}/plan/actions/new`,
      {
        outcomeId: await outcomeId('I want to keep living'),
        what: 'Check the council tax reduction',
        kind: 'other',
        leadStaffId: david,
        timing: 'once',
        dueOn: '2027-02-01',
      },
      { formUrl: `/people/${john}/plan/actions/new` },
    );
    const api = (await sarah.get('/api/v1/my-work')).json() as {
      actions: Array<ApiAction & { mine: boolean; leadName: string }>;
      overdueActions: number;
    };
    expect(api.actions.map((a) => [a.what.slice(0, 20), a.overdue, a.mine])).toEqual([
      ['Daily living support', true, true],
      // From John's planning meeting (src/demo/meetings.ts): Sarah arranges the Sunday calls.
      ['Ask the allotment gr', false, true],
      ['Check the council ta', false, false],
    ]);
    expect(api.overdueActions).toBe(1);
    expect(mainText((await sarah.get('/my-work')).body)).toContain('David Evans');

    const home = mainText((await sarah.get('/')).body);
    expect(home).toContain('1 overdue action of the 2 you lead');
  });

  it('a lead who is no longer on the care team is told, not shown the person', async () => {
    await t.database.db
      .deleteFrom('care_team_member')
      .where('staff_user_id', '=', await staffId('volunteer'))
      .execute();
    const priya = await as('volunteer');
    const page = await priya.get('/my-work');
    expect(page.statusCode).toBe(200);
    const text = mainText(page.body);
    expect(text).not.toContain('John');
    expect(text).toContain('whose record you can no longer open');
  });

  it('someone who supports nobody has an empty list', async () => {
    const outsider = await as('outOfHours');
    const text = mainText((await outsider.get('/my-work')).body);
    expect(text).toContain('You have no open actions');
    expect(text).toContain('No plan reviews are due');
  });
});
