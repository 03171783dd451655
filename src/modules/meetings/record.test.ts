// The record of a meeting, as the guide's case example keeps it: John's planning meeting with each agency's
// report, decisions with the nurse's disagreement kept in her words, action points that became plan actions
// (once each, led by their owner, by their due date, under the plan's version rules), minutes checked for
// jargon, and a summary John reads in his own format, with the sharing rules deciding every part.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { signedIn, staffActor, staffEmail } from '../../../test/demo-staff.ts';
import { mainText } from '../../../test/http.ts';
import type { Ctx } from '../../context.ts';
import { demoPersonId } from '../../demo/index.ts';
import { signOff } from '../careplans/index.ts';
import { accept, invite, inviteJohn, MAYA_EMAIL, representativeId } from '../portal/test-support.ts';

let t: TestApp;
let john: string;
let planning: string;
let review: string;

beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.reset();
  john = await demoPersonId(t.database.db);
  const meetings = await t.database.db
    .selectFrom('meeting')
    .select(['id', 'kind'])
    .where('person_id', '=', john)
    .execute();
  planning = meetings.find((m) => m.kind === 'planning')!.id;
  review = meetings.find((m) => m.kind === 'review')!.id;
});

const as = (key: string) => signedIn(t, key);

async function staffCtx(key: string): Promise<Ctx> {
  return { db: t.database.db, clock: t.clock, actor: await staffActor(t, key) };
}

async function actionPoint(what: string) {
  return t.database.db
    .selectFrom('meeting_action_point')
    .selectAll()
    .where('meeting_id', '=', planning)
    .where('what', 'like', `${what}%`)
    .executeTakeFirstOrThrow();
}

async function plan() {
  return t.database.db
    .selectFrom('care_plan')
    .select(['id', 'plan_version', 'revision', 'status'])
    .where('person_id', '=', john)
    .executeTakeFirstOrThrow();
}

async function audits(action: string) {
  return t.database.db
    .selectFrom('audit_event')
    .select(['action', 'outcome', 'basis', 'person_id', 'actor_user_id', 'detail'])
    .where('action', '=', action)
    .orderBy('seq')
    .execute();
}

describe('the case example’s planning meeting', () => {
  it('is recorded with the agenda, each agency’s report, decisions and action points', async () => {
    const sarah = await as('manager');
    const page = await sarah.get(`/meetings/${planning}/record`);
    expect(page.statusCode).toBe(200);
    const text = mainText(page.body);
    expect(text).toMatch(
      /1\. What John wants to talk about.*2\. Health: the annual health check and John’s leg.*3\. Sleep and low Sundays.*4\. Evenings and the allotment group/,
    );
    expect(text).toContain('Meadow Lane Surgery Reported by Dr Amir Khan');
    expect(text).toContain('Riverside Mental Health Service Reported by Tom Reid');
    expect(text).toContain('John Carter, The person the meeting is about: present');
    expect(text).toContain('Maya Patel, Advocate, Riverside Advocacy: present');
    // The disagreement stays with the decision, in Grace's words, and can go to the dispute procedure.
    expect(text).toMatch(
      /reviewed at his annual health check.*Agreed John Carter, Maya Patel, Dr Amir Khan, Sarah Mitchell Disagreed Grace Lee ?, Community nurse, Riverside Community Nursing: “The painkillers may be why John is sleeping badly\./,
    );
    expect(page.body).toContain('Take this disagreement to the dispute procedure');
    const link = /href="(\/disputes\/new\?[^"]+)"/.exec(page.body)![1]!.replace(/&amp;/g, '&');
    const form = mainText((await sarah.get(link)).body);
    expect(form).toContain('Raise a disagreement about John Carter’s care');
    const raise = await sarah.get(link);
    expect(raise.body).toContain('Disagreement at the meeting: John’s medicines');
    expect(raise.body).toMatch(/Grace Lee disagreed: The painkillers may be why/);
    // Three action points are plan actions; the fourth waits for Sarah.
    expect(text.match(/In the care plan/g)?.length).toBe(3);
    expect(text).toContain('Not in the plan yet');
    expect(text).toContain('Published Version 1, published by Sarah Mitchell');
  });

  it('shows a volunteer no minutes, reports, decisions or action points about John’s health', async () => {
    const priya = await as('volunteer');
    const page = await priya.get(`/meetings/${planning}/record`);
    expect(page.statusCode).toBe(200);
    const text = mainText(page.body);
    expect(text).toContain('Planning meeting');
    for (const hidden of ['painkillers', 'sleeping badly', 'Check John’s medicines', 'Tom will see John']) {
      expect(text).not.toContain(hidden);
    }
    expect(text).not.toContain('Add an agenda item');
    expect((await priya.get(`/meetings/${planning}/record/decisions/new`)).statusCode).toBe(403);
  });

  it('refuses a GP who is not on John’s care team, on the pages and the API, and says why', async () => {
    const outsider = await as('outOfHours');
    for (const path of [
      `/meetings/${planning}/record`,
      `/meetings/${planning}/record/summary/for-person`,
      `/meetings/${planning}/record/action-points/new`,
    ]) {
      const res = await outsider.get(path);
      expect(res.statusCode, path).toBe(403);
      expect(res.body).toContain('care team');
      for (const word of ['Carter', 'painkillers', 'allotment', 'Maya Patel'])
        expect(res.body).not.toContain(word);
    }
    const api = await outsider.get(`/api/v1/meetings/${planning}/record`);
    expect(api.statusCode).toBe(403);
    expect(api.headers['content-type']).toMatch(/problem\+json/);
    const refusals = (await audits('person.read.record')).filter((a) => a.outcome === 'refused');
    expect(refusals.length).toBeGreaterThanOrEqual(4);
  });

  it('audits every read of the record, with what was shown and withheld and on which basis', async () => {
    const sarah = await as('manager');
    await sarah.get(`/meetings/${planning}/record`);
    await sarah.get(`/api/v1/meetings/${planning}/record`);
    const reads = await audits('person.read.meeting_record');
    expect(reads).toHaveLength(2);
    expect(reads[0]!.person_id).toBe(john);
    expect(reads[0]!.outcome).toBe('success');
    expect(reads[0]!.basis).toContain('care_team');
    expect((reads[0]!.detail as { shown: string[] }).shown.sort()).toEqual([
      'health',
      'mental_health',
      'social_care',
    ]);
    const priya = await as('volunteer');
    await priya.get(`/meetings/${planning}/record`);
    const hers = (await audits('person.read.meeting_record'))[2]!;
    expect((hers.detail as { withheld: string[] }).withheld.sort()).toEqual([
      'health',
      'mental_health',
      'social_care',
    ]);
  });
});

describe('decisions', () => {
  it('keep who disagreed and why, in their own words', async () => {
    const sarah = await as('manager');
    const invitees = await t.database.db
      .selectFrom('meeting_invitee')
      .select(['id', 'name'])
      .where('meeting_id', '=', planning)
      .execute();
    const id = (name: string) => invitees.find((i) => i.name === name)!.id;
    const res = await sarah.post(`/meetings/${planning}/record/decisions/new`, {
      what: 'John will try the Tuesday evening art group for four weeks.',
      why: 'John wants more to do in the evenings and liked drawing at school.',
      category: 'social_care',
      [`stance-${id('John Carter')}`]: 'agreed',
      [`stance-${id('Sarah Mitchell')}`]: 'agreed',
      [`stance-${id('Tom Reid')}`]: 'disagreed',
      [`reason-${id('Tom Reid')}`]:
        'Tuesday is when John sees his sister on the phone; a busy evening may tire him.',
      [`stance-${id('Priya Shah')}`]: '',
    });
    expect(res.statusCode).toBe(303);
    const decision = await t.database.db
      .selectFrom('meeting_decision')
      .select('id')
      .where('what', 'like', 'John will try the Tuesday%')
      .executeTakeFirstOrThrow();
    const stances = await t.database.db
      .selectFrom('meeting_decision_stance')
      .select(['invitee_id', 'stance', 'reason'])
      .where('decision_id', '=', decision.id)
      .execute();
    expect(stances).toHaveLength(3);
    expect(stances.find((s) => s.invitee_id === id('Tom Reid'))).toMatchObject({
      stance: 'disagreed',
      reason: 'Tuesday is when John sees his sister on the phone; a busy evening may tire him.',
    });
    const text = mainText((await sarah.get(`/meetings/${planning}/record`)).body);
    expect(text).toMatch(/Agreed John Carter, Sarah Mitchell Disagreed Tom Reid ?, Mental health worker/);
  });

  it('refuse a disagreement without its reason, and a decision nobody agreed, naming the fields', async () => {
    const sarah = await as('manager');
    const grace = await t.database.db
      .selectFrom('meeting_invitee')
      .select('id')
      .where('meeting_id', '=', planning)
      .where('name', '=', 'Grace Lee')
      .executeTakeFirstOrThrow();
    const res = await sarah.post(`/meetings/${planning}/record/decisions/new`, {
      what: 'Something',
      why: '',
      category: 'social_care',
      [`stance-${grace.id}`]: 'disagreed',
      [`reason-${grace.id}`]: '  ',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<title>Error: Record a decision');
    expect(res.body).toContain(`href="#reason-${grace.id}"`);
    expect(res.body).toContain('Enter why they disagreed, in their own words');
    expect(res.body).toContain('href="#why"');
    const none = await sarah.post(`/meetings/${planning}/record/decisions/new`, {
      what: 'Something',
      why: 'Because',
      category: 'social_care',
    });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('href="#agreed"');
    expect(none.body).toContain('Select at least one attendee who agreed the decision');
    const api = await sarah.json('POST', `/api/v1/meetings/${planning}/decisions`, {
      what: 'Something',
      why: 'Because',
      category: 'social_care',
      agreed: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(api.statusCode).toBe(422);
    expect(api.json().errors).toEqual([
      { field: 'agreed', message: 'Select who agreed from the people at the meeting' },
    ]);
  });
});

describe('action points become plan actions in one step', () => {
  it('once: a second click adds nothing, and the owner leads it by the due date', async () => {
    const sarah = await as('manager');
    const point = await actionPoint('Find an evening group');
    const before = await plan();
    const path = `/meetings/${planning}/record/action-points/${point.id}/add-to-plan`;
    const first = await sarah.post(
      path,
      { planRevision: String(before.revision) },
      { formUrl: `/meetings/${planning}/record` },
    );
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toContain('done=added');
    const second = await sarah.post(
      path,
      { planRevision: String(before.revision) },
      { formUrl: `/meetings/${planning}/record` },
    );
    expect(second.statusCode).toBe(303);
    expect(second.headers.location).toContain('done=already');
    const api = await sarah.json(
      'POST',
      `/api/v1/meetings/${planning}/action-points/${point.id}/plan-action`,
      {},
    );
    expect(api.statusCode).toBe(200);
    const after = await actionPoint('Find an evening group');
    expect(api.json()).toEqual({ actionPointId: point.id, planActionId: after.plan_action_id, added: false });
    const actions = await t.database.db
      .selectFrom('care_plan_action')
      .selectAll()
      .where('what', '=', point.what)
      .execute();
    expect(actions).toHaveLength(1);
    expect(actions[0]!.id).toBe(after.plan_action_id);
    expect(actions[0]).toMatchObject({
      lead_staff_id: point.owner_staff_id,
      lead_organisation_id: point.organisation_id,
      due_on: point.due_on,
      outcome_id: point.outcome_id,
      kind: 'social_engagement',
      category: 'social_care',
      recurrence: null,
      status: 'planned',
    });
    const shown = mainText((await sarah.get(`/people/${john}/plan`)).body);
    expect(shown).toContain(point.what);
  });

  it('follows the plan’s rules: a change to an agreed plan starts the next version as a draft', async () => {
    const current = await plan();
    expect(current.status).toBe('draft');
    // Everyone agrees the current version: John (recorded by Sarah) and each organisation on the team.
    await signOff(await staffCtx('manager'), john, { party: 'person', planVersion: current.plan_version });
    for (const key of ['manager', 'gp', 'nurse', 'mentalHealth', 'volunteer']) {
      const c = await staffCtx(key);
      const actor = c.actor as { organisationId: string };
      await signOff(c, john, {
        party: `organisation:${actor.organisationId}`,
        planVersion: current.plan_version,
      });
    }
    const agreed = await plan();
    expect(agreed.status).toBe('agreed');
    const sarah = await as('manager');
    const page = mainText((await sarah.get(`/meetings/${planning}/record`)).body);
    expect(page).toContain(
      `The care plan is agreed (version ${agreed.plan_version}). Adding an action point to it starts version ${agreed.plan_version + 1} as a draft`,
    );
    const point = await actionPoint('Find an evening group');
    const res = await sarah.post(
      `/meetings/${planning}/record/action-points/add-to-plan`,
      { planRevision: String(agreed.revision) },
      { formUrl: `/meetings/${planning}/record` },
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('done=added-all');
    const after = await plan();
    expect(after.plan_version).toBe(agreed.plan_version + 1);
    expect(after.status).toBe('draft');
    expect((await actionPoint('Find an evening group')).plan_action_id).not.toBeNull();
    expect(point.plan_action_id).toBeNull();
  });

  it('is told, not surprised, when the plan changed since the page was opened', async () => {
    const sarah = await as('manager');
    const point = await actionPoint('Find an evening group');
    const stale = (await plan()).revision - 1;
    const res = await sarah.post(
      `/meetings/${planning}/record/action-points/${point.id}/add-to-plan`,
      { planRevision: String(stale) },
      { formUrl: `/meetings/${planning}/record` },
    );
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('The care plan changed since you opened this page');
    expect(res.body).toContain(`href="#action-point-${point.id}"`);
    expect((await actionPoint('Find an evening group')).plan_action_id).toBeNull();
  });

  it('refuses an action point with an owner off the care team, a missing outcome or an impossible date', async () => {
    const sarah = await as('manager');
    const outsider = await t.database.db
      .selectFrom('staff_user')
      .select('id')
      .where('email', '=', staffEmail('outOfHours'))
      .executeTakeFirstOrThrow();
    const res = await sarah.post(`/meetings/${planning}/record/action-points/new`, {
      what: 'Phone John',
      ownerStaffId: outsider.id,
      'dueOn-day': '31',
      'dueOn-month': '2',
      'dueOn-year': '2027',
      outcomeId: '',
      kind: 'social_engagement',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('The due date must be a real date, like 9 12 2026');
    const owner = await sarah.json('POST', `/api/v1/meetings/${planning}/action-points`, {
      what: 'Phone John',
      ownerStaffId: outsider.id,
      dueOn: '2026-12-20',
      kind: 'social_engagement',
    });
    expect(owner.statusCode).toBe(422);
    expect(owner.json().errors[0].field).toBe('ownerStaffId');
    const outcome = await sarah.json('POST', `/api/v1/meetings/${planning}/action-points`, {
      what: 'Phone John',
      ownerStaffId: (await actionPoint('Find an evening group')).owner_staff_id,
      dueOn: '2026-12-20',
      kind: 'social_engagement',
    });
    expect(outcome.json().errors).toEqual([
      { field: 'outcomeId', message: 'Select the outcome in the plan this works towards' },
    ]);
  });
});

describe('minutes', () => {
  it('are checked for jargon, with highlighted terms, plain-English suggestions and a reading-ease score', async () => {
    const sarah = await as('manager');
    const item = await t.database.db
      .selectFrom('meeting_agenda_item')
      .selectAll()
      .where('meeting_id', '=', planning)
      .where('title', '=', 'Sleep and low Sundays')
      .executeTakeFirstOrThrow();
    const path = `/meetings/${planning}/record/agenda/${item.id}/minutes`;
    const res = await sarah.post(path, {
      minutes: 'Discussed at the MDT. NFA from the crisis team.',
      revision: String(item.revision),
      intent: 'check',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<mark>MDT<span class="govuk-visually-hidden"> (wording to check, number 1)');
    expect(res.body).toContain('“MDT”: write “team meeting with workers from different services” instead.');
    expect(res.body).toContain('“NFA”: write “no further action” instead.');
    expect(mainText(res.body)).toMatch(/Reading ease -?\d+/);
    // Checking saves nothing.
    const unchanged = await t.database.db
      .selectFrom('meeting_agenda_item')
      .select('minutes')
      .where('id', '=', item.id)
      .executeTakeFirstOrThrow();
    expect(unchanged.minutes).toBe(item.minutes);
    const api = await sarah.json('PUT', `/api/v1/meetings/${planning}/agenda-items/${item.id}/minutes`, {
      minutes: 'Agreed at the MDT to meet weekly.',
      revision: item.revision,
    });
    expect(api.statusCode).toBe(200);
    expect(api.json().revision).toBe(item.revision + 1);
    expect(api.json().wording.findings.map((f: { term: string }) => f.term)).toEqual(['MDT']);
    expect(api.json().wording.readingEase.target).toBe(60);
  });

  it('saved from a stale revision are refused with both versions, on the page and in the API', async () => {
    const sarah = await as('manager');
    const tom = await as('mentalHealth');
    const item = await t.database.db
      .selectFrom('meeting_agenda_item')
      .selectAll()
      .where('meeting_id', '=', planning)
      .where('title', '=', 'Sleep and low Sundays')
      .executeTakeFirstOrThrow();
    const path = `/meetings/${planning}/record/agenda/${item.id}/minutes`;
    expect(
      (await tom.post(path, { minutes: 'Tom’s version.', revision: String(item.revision) })).statusCode,
    ).toBe(303);
    const res = await sarah.post(path, { minutes: 'Sarah’s version.', revision: String(item.revision) });
    expect(res.statusCode).toBe(409);
    const text = mainText(res.body);
    expect(text).toContain('Tom Reid saved the minutes of this item while you were writing');
    expect(text).toContain('Their version Tom’s version.');
    expect(res.body).toContain('Sarah’s version.</textarea>');
    expect(res.body).toContain(`name="revision" value="${item.revision + 1}"`);
    const api = await sarah.json('PUT', `/api/v1/meetings/${planning}/agenda-items/${item.id}/minutes`, {
      minutes: 'Sarah again.',
      revision: item.revision,
    });
    expect(api.statusCode).toBe(409);
    expect(api.json()).toMatchObject({
      code: 'JU_CONFLICT',
      current: { minutes: 'Tom’s version.', revision: item.revision + 1, updatedByName: 'Tom Reid' },
      yours: { minutes: 'Sarah again.', revision: item.revision },
    });
  });

  it('wait for the meeting: the upcoming review takes agenda items but not minutes', async () => {
    const sarah = await as('manager');
    const added = await sarah.post(`/meetings/${review}/record/agenda/new`, { title: '', category: '' });
    expect(added.statusCode).toBe(422);
    expect(added.body).toContain('Enter the agenda item, in a few words');
    const uncategorised = await sarah.post(`/meetings/${review}/record/agenda/new`, { title: 'Money' });
    expect(uncategorised.statusCode).toBe(422);
    expect(uncategorised.body).toContain('href="#category"');
    expect(uncategorised.body).toContain('Select what kind of information this is');
    const ok = await sarah.json('POST', `/api/v1/meetings/${review}/agenda-items`, {
      title: 'Anything else John wants to raise',
      category: 'social_care',
    });
    expect(ok.statusCode).toBe(201);
    const items = await t.database.db
      .selectFrom('meeting_agenda_item')
      .select(['id', 'title', 'position', 'revision'])
      .where('meeting_id', '=', review)
      .orderBy('position')
      .execute();
    expect(items.at(-1)!.title).toBe('Anything else John wants to raise');
    const moved = await sarah.post(
      `/meetings/${review}/record/agenda/${items.at(-1)!.id}/move`,
      { direction: 'up' },
      { formUrl: `/meetings/${review}/record` },
    );
    expect(moved.statusCode).toBe(303);
    const order = await t.database.db
      .selectFrom('meeting_agenda_item')
      .select('title')
      .where('meeting_id', '=', review)
      .orderBy('position')
      .execute();
    expect(order.map((o) => o.title).slice(-2)).toEqual([
      'Anything else John wants to raise',
      'John’s medicines after the health check',
    ]);
    const minutes = await sarah.json(
      'PUT',
      `/api/v1/meetings/${review}/agenda-items/${items[0]!.id}/minutes`,
      {
        minutes: 'Too early.',
        revision: items[0]!.revision,
      },
    );
    expect(minutes.statusCode).toBe(422);
    expect(minutes.json().errors[0].message).toContain('This meeting has not started yet');
  });
});

describe('the summary for John', () => {
  it('is shown to the care team in each of John’s formats before and after publishing', async () => {
    const sarah = await as('manager');
    const base = `/meetings/${planning}/record/summary/for-person`;
    const easy = await sarah.get(base);
    expect(easy.statusCode).toBe(200);
    expect(easy.body).toContain('app-easy-read-plan__row');
    const easyText = mainText(easy.body);
    expect(easyText).toContain('Easy read (preferred)');
    expect(easyText).toContain('This is about my meeting.');
    expect(easyText).toContain('Maya Patel is my advocate.');
    expect(easyText).toContain('Tom will see you every week until the end of March.');
    expect(easyText).toContain('Tom Reid will do this.');
    const plain = mainText((await sarah.get(`${base}?format=plain`)).body);
    expect(plain).toContain('Notes from my meeting');
    expect(plain).toContain(
      'Planning my support. We met on Thursday 19 November 2026 at 10am at Community room',
    );
    expect(plain).toContain('Maya Patel, my advocate.');
    const large = await sarah.get(`${base}?format=large_print`);
    expect(large.body).toContain('app-large-print-plan');
    expect((await sarah.get(`${base}?format=huge`)).statusCode).toBe(422);
  });

  it('is read by John in the portal in his format, and never as a draft or another person’s', async () => {
    const me = await accept(t, await inviteJohn(t, john));
    const list = await me.get('/my/meetings');
    expect(list.statusCode).toBe(200);
    expect(mainText(list.body)).toContain('Planning my support: 19 November 2026');
    expect(list.body).not.toContain(review);
    const page = await me.get(`/my/meetings/${planning}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>My meeting – JoinedUp</title>');
    expect(page.body).toContain('app-easy-read-plan__row');
    expect(mainText(page.body)).toContain('If something is not right, I can tell Sarah Mitchell.');
    const plain = await me.get(`/my/meetings/${planning}?format=plain`);
    expect(plain.body).toContain('<title>Notes from my meeting – JoinedUp</title>');
    // The choice is remembered, as on John's other pages.
    expect((await me.get(`/my/meetings/${planning}`)).body).toContain('<title>Notes from my meeting');
    const api = await me.get(`/api/v1/me/meetings/${planning}?format=large_print`);
    expect(api.statusCode).toBe(200);
    expect(api.json()).toMatchObject({
      format: 'large_print',
      version: 1,
      notes: { title: 'Notes from my meeting' },
    });
    // A draft of the next version stays with the care team until it is published.
    const sarah = await as('manager');
    const saved = await sarah.json('PUT', `/api/v1/meetings/${planning}/summary`, {
      words: 'A new draft John must not see yet.',
      version: 1,
      revision: 1,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, revision: 1 });
    expect((await me.get(`/my/meetings/${planning}`)).body).not.toContain('must not see');
    // The review has no summary, so it is not there for John at all.
    expect((await me.get(`/my/meetings/${review}`)).statusCode).toBe(404);
    expect((await me.get(`/meetings/${planning}/record`)).statusCode).toBe(403);
    const reads = await audits('person.read.meeting_summary');
    expect(reads.filter((r) => r.basis === 'self').length).toBeGreaterThanOrEqual(4);
    // Published, John sees it with the version noted.
    expect(
      (await sarah.json('POST', `/api/v1/meetings/${planning}/summary/publish`, { version: 2, revision: 1 }))
        .statusCode,
    ).toBe(200);
    const updated = mainText((await me.get(`/my/meetings/${planning}`)).body);
    expect(updated).toContain('A new draft John must not see yet.');
    expect(updated).toContain('These notes have been updated since they were first shared.');
  });

  it('is written with a check against the person’s reading target, saved in versions and refused when stale', async () => {
    const sarah = await as('manager');
    const path = `/meetings/${planning}/record/summary`;
    const page = await sarah.get(path);
    expect(page.statusCode).toBe(200);
    expect(mainText(page.body)).toContain('70 or more, for text written for the person');
    const checked = await sarah.post(path, {
      words: 'Your LD annual health check is booked. NFA on the referral.',
      version: '1',
      revision: '1',
      intent: 'check',
    });
    expect(checked.body).toContain('“LD”: write “learning disability” instead.');
    const saved = await sarah.post(path, { words: 'Version two, for John.', version: '1', revision: '1' });
    expect(saved.statusCode).toBe(303);
    expect(mainText((await sarah.get(String(saved.headers.location))).body)).toContain(
      'The summary is saved as a draft.',
    );
    const stale = await sarah.post(path, { words: 'My older edit.', version: '1', revision: '1' });
    expect(stale.statusCode).toBe(409);
    expect(mainText(stale.body)).toContain('Their version Version two, for John.');
    expect(stale.body).toContain('name="version" value="2"');
    const publish = await sarah.post(`${path}/publish`, { version: '2', revision: '1' }, { formUrl: path });
    expect(publish.statusCode).toBe(303);
    const versions = await t.database.db
      .selectFrom('meeting_summary')
      .select(['version', 'status', 'published_by_name'])
      .where('meeting_id', '=', planning)
      .orderBy('version')
      .execute();
    expect(versions).toEqual([
      { version: 1, status: 'published', published_by_name: 'Sarah Mitchell' },
      { version: 2, status: 'published', published_by_name: 'Sarah Mitchell' },
    ]);
    const empty = await sarah.post(path, { words: ' ', version: '2', revision: '1' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Enter the summary for the person, in plain words');
  });
});

describe('for John’s advocate, signed in for him', () => {
  it('the same notes, and nothing more', async () => {
    const sarah = await signedIn(t, 'manager');
    const maya = await representativeId(t, john, 'Maya Patel');
    const { link } = await invite(sarah, john, {
      who: maya,
      email: MAYA_EMAIL,
      authorised: 'yes',
      authorisedOn: '2026-11-20',
    });
    const agent = await accept(t, link!);
    const list = await agent.get('/api/v1/me/meetings');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((m: { id: string }) => m.id)).toEqual([planning]);
    const notes = mainText((await agent.get(`/my/meetings/${planning}?format=plain`)).body);
    expect(notes).toContain('Maya Patel, my advocate.');
    expect(notes).not.toContain('painkillers may be why');
    const reads = await audits('person.read.meeting_summary');
    expect(reads.at(-1)!.basis).toBe('representative');
  });
});

describe('a partnership meeting', () => {
  it('has a record every member of staff may read, with nothing about a person and no plan to add to', async () => {
    let sarah = await as('manager');
    const khan = await t.database.db
      .selectFrom('staff_user')
      .select('id')
      .where('email', '=', staffEmail('gp'))
      .executeTakeFirstOrThrow();
    const made = await sarah.json('POST', '/api/v1/meetings', {
      kind: 'partnership_board',
      date: '2026-12-02',
      startTime: '14:00',
      endTime: '15:30',
      mode: 'face_to_face',
      location: 'Riverside Council offices, committee room 2',
      staffIds: [khan.id],
    });
    expect(made.statusCode).toBe(201);
    const board = (
      await t.database.db
        .selectFrom('meeting')
        .select('id')
        .where('kind', '=', 'partnership_board')
        .executeTakeFirstOrThrow()
    ).id;
    const item = await sarah.json('POST', `/api/v1/meetings/${board}/agenda-items`, {
      title: 'Information sharing training across the partnership',
    });
    expect(item.statusCode).toBe(201);
    t.clock.set('2026-12-02T16:00:00Z');
    sarah = await as('manager');
    const invitees = await t.database.db
      .selectFrom('meeting_invitee')
      .select(['id', 'name'])
      .where('meeting_id', '=', board)
      .execute();
    const decided = await sarah.json('POST', `/api/v1/meetings/${board}/decisions`, {
      what: 'Every member organisation books its staff on the spring training.',
      why: 'Three organisations have staff whose information sharing training is more than a year old.',
      agreed: invitees.map((i) => i.id),
    });
    expect(decided.statusCode).toBe(201);
    const point = await sarah.json('POST', `/api/v1/meetings/${board}/action-points`, {
      what: 'Send the spring training dates to every member organisation',
      ownerStaffId: khan.id,
      dueOn: '2026-12-16',
    });
    expect(point.statusCode).toBe(201);
    const toPlan = await sarah.json(
      'POST',
      `/api/v1/meetings/${board}/action-points/${point.json().id}/plan-action`,
      {},
    );
    expect(toPlan.statusCode).toBe(422);
    expect(toPlan.json().errors[0].message).toContain('A partnership meeting has no care plan');
    const summary = await sarah.json('PUT', `/api/v1/meetings/${board}/summary`, {
      words: 'Hello',
      version: 0,
      revision: 0,
    });
    expect(summary.statusCode).toBe(422);
    // Open to every member of staff, including a GP on nobody's care team; a volunteer reads but does not write.
    const outsider = await as('outOfHours');
    const read = mainText((await outsider.get(`/meetings/${board}/record`)).body);
    expect(read).toContain('Every member organisation books its staff on the spring training.');
    expect(read).toContain('Send the spring training dates to every member organisation');
    const priya = await as('volunteer');
    expect((await priya.get(`/meetings/${board}/record`)).statusCode).toBe(200);
    const refused = await priya.json('POST', `/api/v1/meetings/${board}/agenda-items`, { title: 'Mine' });
    expect(refused.statusCode).toBe(403);
  });
});
