import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { type Agent, mainText } from '../../../test/http.ts';
import {
  dateFields,
  type Fixture,
  HEALTH_NOTE,
  ORGS,
  P,
  postForm,
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

const as = (key: keyof Fixture['staff']) => signedIn(t.app, f.staff[key].email);
const url = (path: string) => `/people/${f.personId}/${path}`;

const allYes = {
  decision: 'Whether to share her health information with her GP practice',
  canUnderstand: 'yes',
  canRetain: 'yes',
  canWeigh: 'yes',
  canCommunicate: 'yes',
  supportGiven: '',
  assessedByName: 'Sarah Mitchell, social worker',
  ...dateFields('assessedOn', '2026-11-24'),
};

async function assessment(agent: Agent, answers: Record<string, string>) {
  const res = await postForm(t.app, agent, url('capacity/new'), { ...allYes, ...answers });
  expect(res.statusCode).toBe(303);
  return t.database.db
    .selectFrom('capacity_assessment')
    .selectAll()
    .where('person_id', '=', f.personId)
    .where('decision', '=', answers.decision ?? allYes.decision)
    .executeTakeFirstOrThrow();
}

const bestInterests = (capacityAssessmentId: string, extra: Record<string, string | string[]> = {}) => ({
  kind: 'best_interests',
  organisationId: ORGS.gp.id,
  categories: ['health'],
  justification: 'Her GP needs her blood pressure readings to adjust her medicines safely.',
  ...dateFields('startsOn', '2026-11-25'),
  ...dateFields('endsOn', null),
  capacityAssessmentId,
  decisionMaker: 'Sarah Mitchell',
  consulted: 'Her son Daniel, and her advocate Maya Patel',
  knownWishes: 'She has always said she trusts Dr Khan and wants him to know what is going on.',
  ...extra,
});

async function gpSeesHealthNote(gp: Agent): Promise<boolean> {
  const res = await gp.get(`/api/v1/people/${f.personId}/notes`);
  expect(res.statusCode).toBe(200);
  return res.body.includes(HEALTH_NOTE);
}

describe('capacity assessments (Mental Capacity Act 2005 ss.1–3)', () => {
  it('works out the outcome from the four answers: one no means they lack capacity for this decision', async () => {
    const sarah = await as('manager');
    expect((await assessment(sarah, {})).has_capacity).toBe(true);
    const lacks = await assessment(sarah, {
      decision: 'Whether to have her care reviewed at home',
      canWeigh: 'no',
      supportGiven: 'Easy-read leaflet, talked through twice on different mornings with her advocate',
    });
    expect(lacks.has_capacity).toBe(false);
    expect(lacks.can_weigh).toBe(false);
    const page = mainText((await sarah.get(url('sharing'))).body);
    expect(page).toContain('Lacks capacity for this decision');
    expect(page).toContain('Has capacity for this decision');
    expect(page).toContain('Easy-read leaflet');

    // The API computes it too, whatever a client claims.
    const api = await sarah.json('POST', `/api/v1/people/${f.personId}/capacity-assessments`, {
      decision: 'Whether to move to supported living',
      canUnderstand: true,
      canRetain: false,
      canWeigh: true,
      canCommunicate: true,
      hasCapacity: true,
      supportGiven: 'Visited the flat together',
      assessedByName: 'Grace Lee',
      assessedOn: '2026-11-20',
    });
    expect(api.statusCode).toBe(201);
    expect(api.json()).toMatchObject({ hasCapacity: false, canRetain: false });
  });

  it('asks what support was given before finding someone lacks capacity, and checks every field', async () => {
    const sarah = await as('manager');
    const before = await f.count('capacity_assessment');
    const noSupport = await postForm(t.app, sarah, url('capacity/new'), { ...allYes, canCommunicate: 'no' });
    expect(noSupport.statusCode).toBe(422);
    expect(mainText(noSupport.body)).toContain('Describe the support given to help them make the decision');

    const empty = await postForm(t.app, sarah, url('capacity/new'), {});
    expect(empty.statusCode).toBe(422);
    const text = mainText(empty.body);
    for (const message of [
      'Enter the decision being assessed',
      'Select yes if they can understand the information relevant to the decision',
      'Select yes if they can retain that information long enough to decide',
      'Select yes if they can use or weigh that information to decide',
      'Select yes if they can communicate their decision by any means',
      'Enter the name of the person who assessed',
      'Enter the date of the assessment',
    ]) {
      expect(text).toContain(message);
    }
    const future = await postForm(t.app, sarah, url('capacity/new'), {
      ...allYes,
      ...dateFields('assessedOn', '2026-12-25'),
    });
    expect(mainText(future.body)).toContain('The date of the assessment must be today or in the past');

    const api = await sarah.json('POST', `/api/v1/people/${f.personId}/capacity-assessments`, {
      canUnderstand: 'perhaps',
    });
    expect(api.statusCode).toBe(422);
    const fields = (api.json() as { errors: Array<{ field: string }> }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['decision', 'canUnderstand', 'canRetain', 'assessedOn']));
    expect(await f.count('capacity_assessment')).toBe(before);
  });
});

describe('other lawful bases', () => {
  it('refuses a best-interests basis without an assessment that found they lack capacity, with a field error', async () => {
    const sarah = await as('manager');
    const has = await assessment(sarah, {});
    const before = [await f.count('lawful_basis'), await f.count('sharing_decision')];

    const none = await postForm(t.app, sarah, url('lawful-bases/new'), bestInterests(''));
    expect(none.statusCode).toBe(422);
    expect(mainText(none.body)).toContain(
      'Select the capacity assessment that found they lack capacity for this decision',
    );
    expect(none.body).toContain('href="#capacityAssessmentId"');

    const capable = await postForm(t.app, sarah, url('lawful-bases/new'), bestInterests(has.id));
    expect(capable.statusCode).toBe(422);
    expect(mainText(capable.body)).toContain('That assessment found they have capacity for this decision');

    const api = await sarah.json('POST', `/api/v1/people/${f.personId}/lawful-bases`, {
      kind: 'best_interests',
      organisationId: ORGS.gp.id,
      categories: ['health'],
      justification: 'To adjust medicines',
      startsOn: '2026-11-25',
      capacityAssessmentId: has.id,
      decisionMaker: 'Sarah Mitchell',
      consulted: 'Her son',
      knownWishes: 'Trusts her GP',
    });
    expect(api.statusCode).toBe(422);
    expect((api.json() as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual([
      'capacityAssessmentId',
    ]);
    expect([await f.count('lawful_basis'), await f.count('sharing_decision')]).toEqual(before);
  });

  it('still shares on a best-interests basis when consent is refused or withdrawn, until the basis ends', async () => {
    const sarah = await as('manager');
    const gp = await as('gp');
    await f.agreement([ORGS.council.id, ORGS.gp.id], ['health']);
    const refused = await postForm(t.app, sarah, url('consents/new'), {
      organisationId: ORGS.gp.id,
      status: 'refused',
      purposes: 'direct_care',
      categories: 'health',
      obtainedHow: 'in_person',
      obtainedByName: 'Sarah Mitchell',
      ...dateFields('decidedOn', '2026-11-20'),
    });
    expect(refused.statusCode).toBe(303);
    expect(await gpSeesHealthNote(gp)).toBe(false);

    const lacks = await assessment(sarah, {
      canUnderstand: 'no',
      supportGiven: 'Pictures and short words, at her best time of day',
    });
    const created = await postForm(t.app, sarah, url('lawful-bases/new'), bestInterests(lacks.id));
    expect(created.statusCode).toBe(303);
    expect(await gpSeesHealthNote(gp)).toBe(true);

    // A later withdrawal of consent does not stop sharing on the other basis, and the log says so.
    const withdrawn = await sarah.json('POST', `/api/v1/people/${f.personId}/consents`, {
      organisationId: ORGS.gp.id,
      status: 'withdrawn',
      purposes: ['direct_care'],
      categories: ['health'],
      obtainedHow: 'through_advocate',
      obtainedByName: 'Maya Patel',
      decidedOn: '2026-11-25',
    });
    expect(withdrawn.statusCode).toBe(201);
    expect(await gpSeesHealthNote(gp)).toBe(true);
    const log = (await sarah.get(`/api/v1/people/${f.personId}/sharing-decisions`)).json() as {
      items: Array<{ reason: string; basis: string; decision: string }>;
    };
    expect(log.items[0]?.reason).toContain(
      'Another lawful basis still covers health (best-interests decision)',
    );
    expect(log.items.map((d) => d.basis)).toEqual(['consent', 'best_interests', 'consent']);

    const basis = await t.database.db
      .selectFrom('lawful_basis')
      .selectAll()
      .where('person_id', '=', f.personId)
      .executeTakeFirstOrThrow();
    expect(basis).toMatchObject({
      kind: 'best_interests',
      capacity_assessment_id: lacks.id,
      decision_maker: 'Sarah Mitchell',
    });

    const endPage = await sarah.get(url(`lawful-bases/${basis.id}/end`));
    expect(endPage.statusCode).toBe(200);
    const noReason = await postForm(t.app, sarah, url(`lawful-bases/${basis.id}/end`), { reason: '' });
    expect(noReason.statusCode).toBe(422);
    expect(mainText(noReason.body)).toContain('Enter why this basis is ending');
    const badApi = await sarah.json('POST', `/api/v1/people/${f.personId}/lawful-bases/${basis.id}/end`, {
      reason: 7,
    });
    expect(badApi.statusCode).toBe(422);
    expect((badApi.json() as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual([
      'reason',
    ]);
    expect(await gpSeesHealthNote(gp)).toBe(true);

    const ended = await postForm(t.app, sarah, url(`lawful-bases/${basis.id}/end`), {
      reason: 'Her son now holds a lasting power of attorney for health and welfare',
    });
    expect(ended.statusCode).toBe(303);
    expect(await gpSeesHealthNote(gp)).toBe(false);
    const again = await sarah.json('POST', `/api/v1/people/${f.personId}/lawful-bases/${basis.id}/end`, {
      reason: 'Twice',
    });
    expect(again.statusCode).toBe(409);
    const page = mainText((await sarah.get(url('sharing'))).body);
    expect(page).toContain('Ended early');
    expect(page).toContain(
      'Best-interests decision basis ended early: Her son now holds a lasting power of attorney',
    );
  });

  it('records safeguarding and vital-interests bases, and shows their justification only to those who may read it', async () => {
    const sarah = await as('manager');
    const res = await postForm(t.app, sarah, url('lawful-bases/new'), {
      kind: 'safeguarding',
      organisationId: ORGS.nursing.id,
      categories: ['safeguarding', 'health'],
      justification: 'Unexplained bruising seen on two visits; section 42 enquiry opened.',
      ...dateFields('startsOn', '2026-11-25'),
      ...dateFields('endsOn', '2027-02-25'),
    });
    expect(res.statusCode).toBe(303);
    const vital = await sarah.json('POST', `/api/v1/people/${f.personId}/lawful-bases`, {
      kind: 'vital_interests',
      organisationId: ORGS.gp.id,
      categories: ['health'],
      justification: 'Found collapsed; paramedics need her medicines list.',
      startsOn: '2026-11-25',
      endsOn: '2026-11-26',
    });
    expect(vital.statusCode).toBe(201);
    expect(vital.json()).toMatchObject({
      kind: 'vital_interests',
      decisionMaker: '',
      capacityAssessmentId: null,
    });

    const own = mainText((await sarah.get(url('sharing'))).body);
    expect(own).toContain('Unexplained bruising');
    expect(own).toContain('Found collapsed');
    const priya = await as('volunteer');
    const volunteer = await priya.get(url('sharing'));
    expect(volunteer.statusCode).toBe(200);
    expect(volunteer.body).not.toContain('Unexplained bruising');
    expect(volunteer.body).not.toContain('Found collapsed');
    expect(mainText(volunteer.body)).toContain('Withheld. Volunteers see only');
    // The log still says who the information goes to and on which basis.
    expect(mainText(volunteer.body)).toContain(
      'Safeguarding basis recorded, from 25 November 2026 to 25 February 2027',
    );

    const reads = await t.database.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'action', 'outcome', 'basis', 'detail'])
      .where('partnership_id', '=', P)
      .where('person_id', '=', f.personId)
      .where('action', '=', 'person.read.sharing')
      .execute();
    const byPriya = reads.find((r) => r.actor_user_id === f.staff.volunteer.userId);
    expect(byPriya?.detail).toMatchObject({ withheld: expect.arrayContaining(['safeguarding', 'health']) });
    const bySarah = reads.find((r) => r.actor_user_id === f.staff.manager.userId);
    expect(bySarah).toMatchObject({ outcome: 'success' });
    expect(bySarah?.basis).toContain('own_organisation');
  });

  it('gives field errors for bad input on the lawful basis form and API, and changes nothing', async () => {
    const sarah = await as('manager');
    const before = [await f.count('lawful_basis'), await f.count('sharing_decision')];
    const empty = await postForm(t.app, sarah, url('lawful-bases/new'), {});
    expect(empty.statusCode).toBe(422);
    const text = mainText(empty.body);
    for (const message of [
      'Select the lawful basis',
      'Select the organisation that will receive the information',
      'Select at least one type of information',
      'Enter the justification for sharing',
      'Enter the start date',
    ]) {
      expect(text).toContain(message);
    }
    const backwards = await postForm(t.app, sarah, url('lawful-bases/new'), {
      kind: 'best_interests',
      organisationId: ORGS.gp.id,
      categories: ['health'],
      justification: 'x',
      ...dateFields('startsOn', '2026-11-25'),
      ...dateFields('endsOn', '2026-11-01'),
    });
    expect(backwards.statusCode).toBe(422);
    const backwardsText = mainText(backwards.body);
    for (const message of [
      'End date must be the same as or after the start date',
      'Select the capacity assessment that found they lack capacity for this decision',
      'Enter the name of the decision maker',
      'Enter who was consulted',
      'Enter the person’s known wishes and feelings',
    ]) {
      expect(backwardsText).toContain(message);
    }
    expect(backwards.body).toMatch(/value="best_interests" checked/);

    const api = await sarah.json('POST', `/api/v1/people/${f.personId}/lawful-bases`, {
      kind: 'because',
      organisationId: 'not-a-uuid',
      categories: 'health',
      startsOn: '25/11/2026',
    });
    expect(api.statusCode).toBe(422);
    const fields = (api.json() as { errors: Array<{ field: string }> }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['kind', 'organisationId', 'justification', 'startsOn']));
    expect([await f.count('lawful_basis'), await f.count('sharing_decision')]).toEqual(before);
  });

  it('refuses a volunteer and someone outside the care team before reading their input', async () => {
    const before = await f.count('lawful_basis');
    for (const key of ['volunteer', 'seniorLeader'] as const) {
      const agent = await as(key);
      for (const path of ['lawful-bases/new', 'capacity/new']) {
        const res = await postForm(t.app, agent, url(path), {});
        expect(res.statusCode, `${key} ${path}`).toBe(403);
        expect(res.body).not.toContain('There is a problem');
      }
      const api = await agent.json('POST', `/api/v1/people/${f.personId}/capacity-assessments`, {});
      expect(api.statusCode).toBe(403);
      expect((api.json() as { detail: string }).detail).toMatch(
        /Volunteers cannot change|not on this person’s care team/,
      );
    }
    expect(await f.count('lawful_basis')).toBe(before);
  });
});
