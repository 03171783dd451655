// Disputes: the guide's step-by-step procedure. Stages run to a target in working days and are flagged
// when late; anyone in the disagreement can move it on with a reason; every view is kept; the person's own
// view is asked for before the outcome closes it; and a dispute about a person follows their sharing rules.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { Agent, mainText } from '../../../test/http.ts';
import {
  DEMO_ORGANISATIONS,
  DEMO_PARTNERSHIP_ID,
  DEMO_PASSWORD,
  DEMO_STAFF,
  demoPersonId,
} from '../../demo/index.ts';
import { overdueDisputeStages } from './index.ts';
import { addWorkingDays, bankHolidays, workingDaysBetween } from './working-days.ts';

const email = (key: string) => DEMO_STAFF.find((s) => s.key === key)!.email;
const orgs = DEMO_ORGANISATIONS;

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

/** A demo staff member's id, looked up by their email (the demo gives staff fresh ids). */
async function staffId(key: string): Promise<string> {
  const row = await t.database.db
    .selectFrom('staff_user')
    .select('id')
    .where('email', '=', email(key))
    .executeTakeFirstOrThrow();
  return row.id;
}

async function stored() {
  const db = t.database.db;
  return JSON.stringify(
    await Promise.all([
      db.selectFrom('dispute').selectAll().orderBy('id').execute(),
      db.selectFrom('dispute_party').selectAll().orderBy('dispute_id').orderBy('organisation_id').execute(),
      db.selectFrom('dispute_stage').selectAll().orderBy('dispute_id').orderBy('stage').execute(),
      db.selectFrom('dispute_view').selectAll().orderBy('id').execute(),
      db.selectFrom('dispute_procedure_stage').selectAll().orderBy('stage').execute(),
    ]),
  );
}

async function stages(disputeId: string) {
  return t.database.db
    .selectFrom('dispute_stage')
    .select(['stage', 'started_on', 'due_on', 'end_reason', 'escalation_reason', 'ended_by_name'])
    .where('dispute_id', '=', disputeId)
    .orderBy('stage')
    .execute();
}

/** Grace, the community nurse, raises a disagreement about John's wound-care action with adult social care. */
async function graceRaises(grace: Agent): Promise<string> {
  const action = await t.database.db
    .selectFrom('care_plan_action')
    .select('id')
    .where('what', 'like', 'Check and dress the wound%')
    .executeTakeFirstOrThrow();
  const res = await grace.post('/disputes/new', {
    personId: john,
    actionId: action.id,
    title: 'Who books John’s transport to the leg clinic',
    details: 'John missed the leg clinic because nobody booked his taxi.',
    partyOrganisationIds: orgs.council.id,
    view: 'Booking transport is part of arranging his support, so it sits with adult social care.',
  });
  expect(res.statusCode).toBe(303);
  const id = /^\/disputes\/([0-9a-f-]{36})\?done=raised$/.exec(String(res.headers.location))?.[1];
  expect(id).toBeDefined();
  return id!;
}

describe('working days in England and Wales', () => {
  it('knows the bank holidays, with substitute days when one falls at a weekend', () => {
    expect([...bankHolidays(2026)].sort()).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
    expect([...bankHolidays(2027)].sort()).toEqual([
      '2027-01-01',
      '2027-03-26',
      '2027-03-29',
      '2027-05-03',
      '2027-05-31',
      '2027-08-30',
      '2027-12-27',
      '2027-12-28',
    ]);
  });

  it('knows the one-off holidays and the moved ones of 2020, 2022 and 2023', () => {
    const in2020 = bankHolidays(2020);
    expect(in2020.has('2020-05-08')).toBe(true); // early May moved to VE Day
    expect(in2020.has('2020-05-04')).toBe(false);
    const in2022 = bankHolidays(2022);
    expect(in2022.has('2022-06-02')).toBe(true); // spring bank holiday moved for the Platinum Jubilee
    expect(in2022.has('2022-06-03')).toBe(true); // the Jubilee itself
    expect(in2022.has('2022-05-30')).toBe(false);
    expect(in2022.has('2022-09-19')).toBe(true); // the Queen's State Funeral
    expect(bankHolidays(2023).has('2023-05-08')).toBe(true); // the King's Coronation
    expect(bankHolidays(2022).size).toBe(10);
    expect(bankHolidays(2023).size).toBe(9);
  });

  it('counts the Jubilee and the Coronation as days off', () => {
    expect(addWorkingDays('2022-05-31', 5)).toBe('2022-06-09');
    expect(addWorkingDays('2023-05-03', 5)).toBe('2023-05-11');
    expect(workingDaysBetween('2022-09-16', '2022-09-20')).toBe(1);
  });

  it('counts working days across weekends and Christmas', () => {
    expect(addWorkingDays('2026-11-25', 5)).toBe('2026-12-02');
    expect(addWorkingDays('2026-12-21', 5)).toBe('2026-12-30');
    expect(addWorkingDays('2026-12-03', 20)).toBe('2027-01-05');
    expect(workingDaysBetween('2026-12-02', '2026-12-07')).toBe(3);
    expect(workingDaysBetween('2026-12-07', '2026-12-02')).toBe(0);
  });
});

describe('the case example’s disagreement about roles', () => {
  it('was resolved at the managers’ stage, with each side’s view and John’s own', async () => {
    const sarah = await as('manager');
    const list = mainText((await sarah.get('/disputes')).body);
    expect(list).toMatch(
      /Resolved Disagreement .*Who helps John with his morning medicines John Carter’s care plan action/,
    );
    expect(list).toContain('There are no open disagreements you can see.');
    const row = await t.database.db.selectFrom('dispute').select('id').executeTakeFirstOrThrow();
    const page = await sarah.get(`/disputes/${row.id}`);
    expect(page.statusCode).toBe(200);
    const text = mainText(page.body);
    expect(text).toContain('Resolved at stage 2: managers meet');
    expect(text).toContain(
      'Daily living support: a morning visit to help with breakfast, medicines and planning the day',
    );
    expect(text).toContain('Grace Lee, Community nurse, Riverside Community Nursing');
    expect(text).toContain('Prompting tablets from a blister pack is part of daily living support');
    expect(text).toContain('Sarah Mitchell, Adult social care manager, Riverside Council Adult Social Care');
    expect(text).toContain('I spoke with my team leader, Joanne Price');
    expect(text).toContain('John’s view');
    expect(text).toContain('I want the same person in the morning. Grace does my leg.');
    expect(text).toContain('How their view was asked for: Sarah asked John at his flat');
    expect(text).toContain('What was agreed');
    expect(text).toContain('the council’s morning support worker prompts John’s tablets');
    expect(text).toMatch(
      /1\. Practitioners talk it through .* Moved on .* by Sarah Mitchell: Grace and the support worker talked/,
    );
    expect(text).toMatch(/2\. Managers meet .* Agreed /);
    expect(text).toMatch(/3\. Mediation .* Not reached/);
    expect(text).not.toContain('Add your view');
  });
});

describe('stage timing and escalation', () => {
  it('a stage raised before the Platinum Jubilee is due two days later, the two bank holidays skipped', async () => {
    t.clock.set('2022-05-31T09:00:00Z');
    const grace = await as('nurse');
    const id = await graceRaises(grace);
    expect((await stages(id))[0]).toMatchObject({ started_on: '2022-05-31', due_on: '2022-06-09' });
    expect(mainText((await grace.get(`/disputes/${id}`)).body)).toContain(
      'Stage 1 of 4: Practitioners talk it through. Target 9 June 2022 (5 working days).',
    );
  });

  it('a stage past its target is flagged; it is moved on with a reason, to mediation with a named mediator', async () => {
    const grace = await as('nurse');
    const id = await graceRaises(grace);
    expect(await stages(id)).toEqual([
      {
        stage: 1,
        started_on: '2026-11-25',
        due_on: '2026-12-02',
        end_reason: null,
        escalation_reason: null,
        ended_by_name: null,
      },
    ]);
    const fresh = mainText((await grace.get(`/disputes/${id}`)).body);
    expect(fresh).toContain(
      'Stage 1 of 4: Practitioners talk it through. Target 2 December 2026 (5 working days).',
    );
    expect(fresh).not.toContain('Overdue');
    expect(await overdueDisputeStages(t.database.db, t.clock.now())).toEqual([]);

    // A day after the target: flagged on the list, on the page and for the reminder job.
    t.clock.set('2026-12-03T09:00:00Z');
    const sarah = await as('manager');
    expect(mainText((await sarah.get('/disputes')).body)).toMatch(
      /Who books John’s transport to the leg clinic .* 1\. Practitioners talk it through Overdue/,
    );
    const late = mainText((await sarah.get(`/disputes/${id}`)).body);
    expect(late).toContain(
      'Stage 1, practitioners talk it through, passed its target of 2 December 2026 (1 working day late). Move it to the next stage, managers meet, or record what was agreed.',
    );
    expect(await overdueDisputeStages(t.database.db, t.clock.now())).toEqual([
      {
        partnershipId: DEMO_PARTNERSHIP_ID,
        disputeId: id,
        personId: john,
        stage: 1,
        stageName: 'Practitioners talk it through',
        dueOn: '2026-12-02',
        workingDaysLate: 1,
        partyOrganisationIds: expect.arrayContaining([orgs.council.id, orgs.nursing.id]),
        nextStage: 2,
        raisedBy: await staffId('nurse'),
      },
    ]);

    const toManagers = await sarah.post(`/disputes/${id}/escalate`, {
      fromStage: '1',
      reason: 'We have not been able to meet this week; our managers should decide.',
    });
    expect(toManagers.statusCode).toBe(303);
    expect(await overdueDisputeStages(t.database.db, t.clock.now())).toEqual([]);

    // Mediation needs a named mediator.
    const noMediator = await sarah.post(`/disputes/${id}/escalate`, {
      fromStage: '2',
      reason: 'Managers disagree too.',
    });
    expect(noMediator.statusCode).toBe(422);
    expect(noMediator.body).toContain('href="#mediatorName"');
    expect(noMediator.body).toContain('id="mediatorName"');
    const toMediation = await sarah.post(`/disputes/${id}/escalate`, {
      fromStage: '2',
      reason: 'Managers disagree too.',
      mediatorName: 'Ruth Okafor',
      mediatorRole: 'Independent mediator, Riverside Mediation Service',
    });
    expect(toMediation.statusCode).toBe(303);
    // Someone still looking at stage 2 is told it has moved on, and nothing changes.
    const graceAgain = await as('nurse');
    const before = await stored();
    const stale = await graceAgain.post(
      `/disputes/${id}/escalate`,
      { fromStage: '2', reason: 'Again' },
      { formUrl: `/disputes/${id}` },
    );
    expect(stale.statusCode).toBe(409);
    expect(mainText(stale.body)).toContain('it is now at stage 3, mediation');
    expect(await stored()).toBe(before);

    const toLeaders = await graceAgain.post(`/disputes/${id}/escalate`, {
      fromStage: '3',
      reason: 'Mediation did not settle it.',
    });
    expect(toLeaders.statusCode).toBe(303);
    expect(await stages(id)).toEqual([
      {
        stage: 1,
        started_on: '2026-11-25',
        due_on: '2026-12-02',
        end_reason: 'escalated',
        escalation_reason: 'We have not been able to meet this week; our managers should decide.',
        ended_by_name: 'Sarah Mitchell',
      },
      {
        stage: 2,
        started_on: '2026-12-03',
        due_on: '2026-12-17',
        end_reason: 'escalated',
        escalation_reason: 'Managers disagree too.',
        ended_by_name: 'Sarah Mitchell',
      },
      {
        stage: 3,
        started_on: '2026-12-03',
        due_on: '2026-12-24',
        end_reason: 'escalated',
        escalation_reason: 'Mediation did not settle it.',
        ended_by_name: 'Grace Lee',
      },
      // Twenty working days, over Christmas and New Year's Day.
      {
        stage: 4,
        started_on: '2026-12-03',
        due_on: '2027-01-05',
        end_reason: null,
        escalation_reason: null,
        ended_by_name: null,
      },
    ]);
    const page = mainText((await graceAgain.get(`/disputes/${id}`)).body);
    expect(page).toContain('Mediator Ruth Okafor, Independent mediator, Riverside Mediation Service');
    expect(page).toContain('Stage 4 of 4: Senior leaders decide. Target 5 January 2027 (20 working days).');
    expect(page).not.toContain('Move to stage');
    // Senior leaders are the last stage.
    const beyond = await graceAgain.json('POST', `/api/v1/disputes/${id}/escalations`, {
      fromStage: 4,
      reason: 'More',
    });
    expect(beyond.statusCode).toBe(422);

    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['detail'])
      .where('action', '=', 'dispute.escalate')
      .where('entity_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => [a.detail.from, a.detail.to, a.detail.wasOverdue])).toEqual([
      [1, 2, true],
      [2, 3, false],
      [3, 4, false],
    ]);
  });

  it('senior leaders set the target for each stage; a new stage takes the new target', async () => {
    const david = await as('seniorLeader');
    const page = await david.get('/disputes/procedure');
    expect(mainText(page.body)).toContain('Practitioners talk it through (5 working days)');
    expect(page.body).toContain('name="stage4Days" type="text" value="20"');
    const res = await david.post('/disputes/procedure', {
      stage1Days: '3',
      stage2Days: '5',
      stage3Days: '10',
      stage4Days: '15',
    });
    expect(res.statusCode).toBe(303);
    const grace = await as('nurse');
    const id = await graceRaises(grace);
    expect((await stages(id))[0]).toMatchObject({ started_on: '2026-11-25', due_on: '2026-11-30' });

    const before = await stored();
    const bad = await david.post('/disputes/procedure', {
      stage1Days: '0',
      stage2Days: 'ten',
      stage3Days: '61',
      stage4Days: '',
    });
    expect(bad.statusCode).toBe(422);
    for (const field of ['stage1Days', 'stage2Days', 'stage3Days', 'stage4Days']) {
      expect(bad.body).toContain(`href="#${field}"`);
    }
    const refused = await grace.post(
      '/disputes/procedure',
      { stage1Days: '1', stage2Days: '1', stage3Days: '1', stage4Days: '1' },
      { formUrl: '/disputes/procedure' },
    );
    expect(refused.statusCode).toBe(403);
    expect(await stored()).toBe(before);
  });
});

describe('everyone is heard', () => {
  it('every party’s view is kept in order and can never be changed', async () => {
    const grace = await as('nurse');
    const id = await graceRaises(grace);
    const sarah = await as('manager');
    // Views are shown in the order they were written.
    t.clock.advance(60_000);
    expect(
      (
        await sarah.post(`/disputes/${id}/view`, {
          words: 'Transport is booked by whoever makes the appointment.',
        })
      ).statusCode,
    ).toBe(303);
    t.clock.advance(60_000);
    expect(
      (await grace.post(`/disputes/${id}/view`, { words: 'The clinic appointment was made by the GP.' }))
        .statusCode,
    ).toBe(303);
    const text = mainText((await grace.get(`/disputes/${id}`)).body);
    const order = [
      'Booking transport is part of arranging his support',
      'Transport is booked by whoever makes the appointment.',
      'The clinic appointment was made by the GP.',
    ].map((w) => text.indexOf(w));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    // The database itself refuses to change or remove a view.
    await expect(sql`UPDATE dispute_view SET words = 'changed'`.execute(t.database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM dispute_view`.execute(t.database.db)).rejects.toThrow(/append-only/);

    // Tom is on John's team but his organisation is not in this disagreement.
    const tom = await as('mentalHealth');
    expect((await tom.get(`/disputes/${id}`)).statusCode).toBe(200);
    const before = await stored();
    expect((await tom.get(`/disputes/${id}/view`)).statusCode).toBe(403);
    expect(
      (await tom.post(`/disputes/${id}/view`, { words: 'Me too' }, { formUrl: `/disputes/${id}` }))
        .statusCode,
    ).toBe(403);
    expect(await stored()).toBe(before);
  });

  it('the outcome waits for John’s view, then closes the disagreement', async () => {
    const grace = await as('nurse');
    const id = await graceRaises(grace);
    const page = mainText((await grace.get(`/disputes/${id}`)).body);
    expect(page).toContain('John’s view has not been recorded yet.');
    expect(mainText((await grace.get('/disputes')).body)).toContain('Person’s view not yet recorded');

    const before = await stored();
    const tooSoon = await grace.post(`/disputes/${id}/outcome`, {
      outcome: 'Adult social care books his transport.',
    });
    expect(tooSoon.statusCode).toBe(422);
    expect(mainText(tooSoon.body)).toContain(
      'Ask the person for their view and record it before recording the outcome',
    );
    expect(await stored()).toBe(before);

    expect(
      (
        await grace.post(`/disputes/${id}/person-view`, {
          personView: 'I want a taxi I know. Sarah can book it.',
          howAsked: 'Grace asked John at home during her visit.',
        })
      ).statusCode,
    ).toBe(303);
    const done = await grace.post(`/disputes/${id}/outcome`, {
      outcome: 'Adult social care books his transport.',
    });
    expect(done.statusCode).toBe(303);
    const row = await t.database.db
      .selectFrom('dispute')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'resolved',
      outcome: 'Adult social care books his transport.',
      resolved_by_name: 'Grace Lee',
    });
    expect((await stages(id))[0]).toMatchObject({ end_reason: 'resolved' });

    const closed = mainText((await grace.get(`/disputes/${id}`)).body);
    expect(closed).toContain('What was agreed Adult social care books his transport.');
    expect(closed).toContain('I want a taxi I know. Sarah can book it.');
    expect(closed).not.toContain('Add your view');
    const after = await stored();
    const late = await grace.post(
      `/disputes/${id}/view`,
      { words: 'One more thing' },
      { formUrl: `/disputes/${id}` },
    );
    expect(late.statusCode).toBe(422);
    expect(mainText(late.body)).toContain('This disagreement is resolved');
    expect(await overdueDisputeStages(t.database.db, new Date('2027-06-01T12:00:00Z'))).toEqual([]);
    expect(await stored()).toBe(after);
  });
});

describe('who may see a disagreement', () => {
  it('someone off John’s team is refused a dispute about John, and the refusal is audited', async () => {
    const grace = await as('nurse');
    const id = await graceRaises(grace);
    const sarah = await as('manager');
    const wide = await sarah.post('/disputes/new', {
      title: 'Where care team meetings are held',
      details: 'Meetings are always at the council offices.',
      partyOrganisationIds: orgs.gp.id,
      view: 'We could take turns to host.',
    });
    expect(wide.statusCode).toBe(303);
    const wideId = /\/disputes\/([0-9a-f-]{36})/.exec(String(wide.headers.location))![1]!;

    expect((await sarah.get(`/disputes/${id}`)).statusCode).toBe(200);
    const rachel = await as('outOfHours');
    const refused = await rachel.get(`/disputes/${id}`);
    expect(refused.statusCode).toBe(403);
    expect(mainText(refused.body)).toContain('You are not on this person’s care team');
    expect(refused.body).not.toContain('leg clinic');
    expect((await rachel.get(`/api/v1/disputes/${id}`)).statusCode).toBe(403);
    const list = mainText((await rachel.get('/disputes')).body);
    expect(list).not.toContain('leg clinic');
    expect(list).not.toContain('morning medicines');
    expect(list).toContain('Where care team meetings are held');
    expect((await rachel.get(`/disputes/${wideId}`)).statusCode).toBe(200);
    const api = JSON.parse((await rachel.get('/api/v1/disputes')).body) as { items: Array<{ id: string }> };
    expect(api.items.map((i) => i.id)).toEqual([wideId]);

    const rachelId = (
      await t.database.db
        .selectFrom('staff_user')
        .select('id')
        .where('email', '=', email('outOfHours'))
        .executeTakeFirstOrThrow()
    ).id;
    const refusal = await t.database.db
      .selectFrom('audit_event')
      .select(['outcome', 'person_id'])
      .where('action', '=', 'person.read.record')
      .where('actor_user_id', '=', rachelId)
      .execute();
    expect(refusal).toContainEqual({ outcome: 'refused', person_id: john });

    const reads = await t.database.db
      .selectFrom('audit_event')
      .select(['outcome', 'basis'])
      .where('action', '=', 'person.read.dispute')
      .where('person_id', '=', john)
      .execute();
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((r) => r.outcome === 'success' && r.basis === 'care_team')).toBe(true);
  });
});

describe('bad input', () => {
  it('raising a disagreement without its parts is refused field by field, and nothing is stored', async () => {
    const grace = await as('nurse');
    const before = await stored();
    const res = await grace.post('/disputes/new', { personId: john, title: ' ', details: '', view: '' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/<title>Error: /);
    for (const field of ['title', 'details', 'view']) {
      expect(res.body).toContain(`href="#${field}"`);
      expect(res.body).toContain(`id="${field}"`);
    }
    const noParty = await grace.post('/disputes/new', {
      personId: john,
      title: 'A',
      details: 'B',
      view: 'C',
    });
    expect(noParty.statusCode).toBe(422);
    expect(mainText(noParty.body)).toContain('Select the other organisations in the disagreement');
    const api = await grace.json('POST', '/api/v1/disputes', {
      title: 'A',
      details: 'B',
      view: 'C',
      actionId: '6a0c1d1e-0000-4000-8000-00000000dead',
      partyOrganisationIds: [orgs.council.id],
    });
    expect(api.statusCode).toBe(422);
    expect(JSON.parse(api.body).errors).toEqual([
      { field: 'actionId', message: 'An action belongs to a person’s plan: choose the person first' },
    ]);
    const unseen = await grace.json('POST', '/api/v1/disputes', {
      title: 'A',
      details: 'B',
      view: 'C',
      personId: john,
      actionId: '6a0c1d1e-0000-4000-8000-00000000dead',
      partyOrganisationIds: [orgs.council.id],
    });
    expect(unseen.statusCode).toBe(422);
    expect(JSON.parse(unseen.body).errors[0].field).toBe('actionId');
    expect(await stored()).toBe(before);
  });
});
