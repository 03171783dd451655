// Resources: what each member commits, with totals and shares, and joint funding bids through their
// statuses; bad input and stale saves change nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { Agent, mainText } from '../../../test/http.ts';
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_STAFF } from '../../demo/index.ts';

const email = (key: string) => DEMO_STAFF.find((s) => s.key === key)!.email;
const orgs = DEMO_ORGANISATIONS;

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());
beforeEach(async () => t.reset());

async function as(key: string): Promise<Agent> {
  const agent = new Agent(t.app);
  expect((await agent.signIn(email(key), DEMO_PASSWORD)).statusCode).toBe(303);
  return agent;
}

async function stored() {
  const db = t.database.db;
  return JSON.stringify(
    await Promise.all([
      db.selectFrom('resource_commitment').selectAll().orderBy('id').execute(),
      db.selectFrom('joint_funding_bid').selectAll().orderBy('id').execute(),
      db.selectFrom('audit_event').select('seq').orderBy('seq').execute(),
    ]),
  );
}

describe('what each member commits', () => {
  it('shows each member’s staff time and funding, the totals and each share', async () => {
    const priya = await as('volunteer');
    const page = await priya.get('/partnership/resources');
    expect(page.statusCode).toBe(200);
    const text = mainText(page.body);
    expect(text).toContain('Staff time, in all 34 hours a week');
    expect(text).toContain('Funding, in all £20,000 a year');
    expect(text).toContain('Riverside Council Adult Social Care 15 hours (44%) £20,000 (100%) 2');
    expect(text).toContain('Friends Together Volunteer Group 10 hours (29%) £0 (0%) 2');
    expect(text).toContain(
      'Other assets (rooms, equipment, transport): Minibus on Wednesdays for the allotment group',
    );
    expect(text).not.toContain('Add a commitment');
  });

  it('a manager records their own organisation’s commitment; only the figure for its kind is kept', async () => {
    const sarah = await as('manager');
    const res = await sarah.post('/partnership/resources/new', {
      organisationId: orgs.council.id,
      kind: 'staff_time',
      description: 'Social worker time for joint visits',
      hoursPerWeek: '7.5',
      amountPerYear: '999',
      'startsOn-day': '1',
      'startsOn-month': '12',
      'startsOn-year': '2026',
    });
    expect(res.statusCode).toBe(303);
    const row = await t.database.db
      .selectFrom('resource_commitment')
      .selectAll()
      .where('description', '=', 'Social worker time for joint visits')
      .executeTakeFirstOrThrow();
    expect(Number(row.hours_per_week)).toBe(7.5);
    expect(row.amount_per_year).toBeNull();
    const text = mainText((await sarah.get('/partnership/resources')).body);
    // It starts next month, so it is listed but not yet counted.
    expect(text).toContain('Staff time, in all 34 hours a week');
    expect(text).toMatch(
      /Social worker time for joint visits \(7.5 hours a week\) from 1 December 2026\s+Not current/,
    );

    const before = await stored();
    const other = await sarah.post('/partnership/resources/new', {
      organisationId: orgs.gp.id,
      kind: 'funding',
      description: 'Not ours to give',
      amountPerYear: '1000',
    });
    expect(other.statusCode).toBe(403);
    expect(await stored()).toBe(before);
  });

  it('refuses a commitment without its figure, with field errors, changing nothing', async () => {
    const david = await as('seniorLeader');
    const before = await stored();
    const res = await david.post('/partnership/resources/new', {
      organisationId: orgs.gp.id,
      kind: 'funding',
      description: '',
      amountPerYear: '12.50',
      'endsOn-day': '1',
      'endsOn-month': '1',
      'endsOn-year': '2020',
      'startsOn-day': '1',
      'startsOn-month': '1',
      'startsOn-year': '2026',
    });
    expect(res.statusCode).toBe(422);
    for (const field of ['description', 'amountPerYear', 'endsOn']) {
      expect(res.body).toContain(`href="#${field}"`);
      expect(res.body).toContain(`id="${field}"`);
    }
    expect(mainText(res.body)).toContain('Enter the amount a year in whole pounds, like 12000');
    const api = await david.json('POST', '/api/v1/partnership/resources/commitments', {
      organisationId: orgs.gp.id,
      kind: 'staff_time',
      description: 'GP time',
    });
    expect(api.statusCode).toBe(422);
    expect(JSON.parse(api.body).errors).toEqual([
      { field: 'hoursPerWeek', message: 'Enter the hours a week, like 7.5' },
    ]);
    expect(await stored()).toBe(before);
  });
});

describe('joint funding bids', () => {
  it('a bid moves from drafting to submitted to awarded, and the totals follow', async () => {
    const david = await as('seniorLeader');
    const bid = await t.database.db
      .selectFrom('joint_funding_bid')
      .selectAll()
      .where('status', '=', 'drafting')
      .executeTakeFirstOrThrow();
    const base = {
      title: bid.title,
      funder: bid.funder,
      amount: '£12,500',
      leadOrganisationId: bid.lead_organisation_id,
      partnerOrganisationIds: orgs.gp.id,
      notes: '',
      revision: String(bid.revision),
    };
    const submitted = await david.post(`/partnership/funding-bids/${bid.id}/edit`, {
      ...base,
      status: 'submitted',
      'submittedOn-day': '20',
      'submittedOn-month': '11',
      'submittedOn-year': '2026',
    });
    expect(submitted.statusCode).toBe(303);
    const awarded = await david.post(`/partnership/funding-bids/${bid.id}/edit`, {
      ...base,
      revision: String(bid.revision + 1),
      status: 'awarded',
      'submittedOn-day': '20',
      'submittedOn-month': '11',
      'submittedOn-year': '2026',
      'decisionOn-day': '25',
      'decisionOn-month': '11',
      'decisionOn-year': '2026',
    });
    expect(awarded.statusCode).toBe(303);
    const row = await t.database.db
      .selectFrom('joint_funding_bid')
      .selectAll()
      .where('id', '=', bid.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'awarded',
      amount: 12_500,
      submitted_on: '2026-11-20',
      decision_on: '2026-11-25',
      partner_organisation_ids: [orgs.gp.id],
      revision: bid.revision + 2,
    });
    const api = JSON.parse((await david.get('/api/v1/partnership/funding-bids')).body);
    expect(api.byStatus.awarded).toEqual({ count: 2, amount: 60_500 });
    expect(api.byStatus.drafting.count).toBe(0);
  });

  it('refuses a stale save, showing the saved bid beside the person’s changes', async () => {
    const david = await as('seniorLeader');
    const bid = await t.database.db
      .selectFrom('joint_funding_bid')
      .selectAll()
      .where('status', '=', 'drafting')
      .executeTakeFirstOrThrow();
    const fields = {
      title: bid.title,
      funder: bid.funder,
      amount: '12500',
      leadOrganisationId: bid.lead_organisation_id,
      status: 'drafting',
      revision: String(bid.revision),
    };
    expect(
      (await david.post(`/partnership/funding-bids/${bid.id}/edit`, { ...fields, notes: 'First' }))
        .statusCode,
    ).toBe(303);
    const before = await stored();
    const stale = await david.post(`/partnership/funding-bids/${bid.id}/edit`, {
      ...fields,
      notes: 'Second',
    });
    expect(stale.statusCode).toBe(409);
    const text = mainText(stale.body);
    expect(text).toContain('Someone else changed this bid while you were editing it');
    expect(text).toContain('The bid as saved by David Evans');
    expect(text).toMatch(/Notes First/);
    expect(stale.body).toContain(`name="revision" value="${bid.revision + 1}"`);
    expect(await stored()).toBe(before);
  });

  it('refuses a bid whose dates do not fit its status, and dates in the future, changing nothing', async () => {
    const david = await as('seniorLeader');
    const gp = await as('gp');
    const before = await stored();
    const res = await david.post('/partnership/funding-bids/new', {
      title: 'Befriending',
      funder: 'A trust',
      amount: '0',
      leadOrganisationId: orgs.volunteers.id,
      status: 'awarded',
    });
    expect(res.statusCode).toBe(422);
    for (const field of ['amount', 'submittedOn', 'decisionOn'])
      expect(res.body).toContain(`href="#${field}"`);
    const future = await david.json('POST', '/api/v1/partnership/funding-bids', {
      title: 'Befriending',
      funder: 'A trust',
      amount: 5000,
      leadOrganisationId: orgs.volunteers.id,
      status: 'submitted',
      submittedOn: '2027-01-01',
    });
    expect(future.statusCode).toBe(422);
    expect(JSON.parse(future.body).errors).toEqual([
      { field: 'submittedOn', message: 'The date it was submitted must be today or in the past' },
    ]);
    expect((await gp.get('/partnership/funding-bids/new')).statusCode).toBe(403);
    expect(await stored()).toBe(before);
  });
});
