import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { Agent, mainText } from '../../../test/http.ts';
import { verifyTrail } from '../../audit/index.ts';
import { dateFields, type Fixture, ORGS, P, postForm, sharingFixture, signedIn } from './testing.ts';

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
const REASON = 'Ruth asked that the group is told only about her Wednesday lunch club.';

const notToShare = {
  decision: 'do_not_share',
  organisationId: ORGS.volunteers.id,
  categories: ['health', 'mental_health'],
  basis: 'none',
  reason: REASON,
};

async function auditActions(personId: string) {
  const rows = await t.database.db
    .selectFrom('audit_event')
    .select(['action', 'outcome', 'basis', 'actor_user_id'])
    .where('partnership_id', '=', P)
    .where('person_id', '=', personId)
    .orderBy('seq')
    .execute();
  return rows;
}

describe('the sharing decision log', () => {
  it('records a decision not to share, with its reason, for everyone on the care team to read', async () => {
    const sarah = await as('manager');
    const res = await postForm(t.app, sarah, url('sharing-decisions/new'), notToShare);
    expect(res.statusCode).toBe(303);
    expect(mainText((await sarah.get(res.headers.location as string)).body)).toContain(
      'The decision has been added to the sharing decision log',
    );

    for (const key of ['gp', 'volunteer', 'nurse'] as const) {
      const page = await (await as(key)).get(url('sharing'));
      expect(page.statusCode, key).toBe(200);
      const text = mainText(page.body);
      expect(text).toContain(REASON);
      expect(text).toContain('Do not share');
      expect(text).toContain('Friends Together Volunteer Group');
    }
    const api = await sarah.get(`/api/v1/people/${f.personId}/sharing-decisions`);
    expect(api.json()).toMatchObject({
      items: [
        {
          decision: 'do_not_share',
          basis: 'none',
          reason: REASON,
          recipient: { id: ORGS.volunteers.id },
          categoryKeys: ['health', 'mental_health'],
          decidedByName: 'Sarah Mitchell',
        },
      ],
    });
    const actions = await auditActions(f.personId);
    expect(actions).toContainEqual(
      expect.objectContaining({ action: 'sharing_decision.record', actor_user_id: f.staff.manager.userId }),
    );
    // Each read of the Sharing tab is audited, with the basis it was allowed on.
    const reads = actions.filter((a) => a.action === 'person.read.sharing');
    expect(reads.length).toBeGreaterThanOrEqual(4);
    expect(reads.find((r) => r.actor_user_id === f.staff.gp.userId)?.basis).toContain('care_team');
    expect((await verifyTrail(t.database.db)).broken).toBeNull();
  });

  it('writes a line for every consent and lawful basis, with its audit row, newest first', async () => {
    const sarah = await as('manager');
    const before = await f.count('sharing_decision');
    const consent = await sarah.json('POST', `/api/v1/people/${f.personId}/consents`, {
      organisationId: ORGS.mentalHealth.id,
      status: 'given',
      purposes: ['direct_care', 'planning_review'],
      categories: ['mental_health'],
      obtainedHow: 'in_writing',
      obtainedByName: 'Tom Reid',
      decidedOn: '2026-11-24',
      reviewOn: '2027-05-24',
    });
    expect(consent.statusCode).toBe(201);
    const basis = await postForm(t.app, sarah, url('lawful-bases/new'), {
      kind: 'safeguarding',
      organisationId: ORGS.nursing.id,
      categories: ['safeguarding'],
      justification: 'Concern raised by a neighbour.',
      ...dateFields('startsOn', '2026-11-25'),
    });
    expect(basis.statusCode).toBe(303);
    expect(await f.count('sharing_decision')).toBe(before + 2);

    const log = (await sarah.get(`/api/v1/people/${f.personId}/sharing-decisions`)).json() as {
      items: Array<{ decision: string; basis: string; recipient: { id: string }; reason: string }>;
    };
    expect(log.items.map((d) => [d.decision, d.basis, d.recipient.id])).toEqual([
      ['share', 'safeguarding', ORGS.nursing.id],
      ['share', 'consent', ORGS.mentalHealth.id],
    ]);
    expect(log.items[1]?.reason).toBe(
      'Consent given in writing on 24 November 2026, obtained by Tom Reid, for direct care and planning and review.',
    );
    // The justification stays with the basis; the log says where to find it.
    expect(log.items[0]?.reason).not.toContain('neighbour');
    const actions = (await auditActions(f.personId)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['consent.record', 'lawful_basis.record']));
  });

  it('gives field errors for bad input on the form and API, and changes nothing', async () => {
    const sarah = await as('manager');
    const before = await f.count('sharing_decision');
    const empty = await postForm(t.app, sarah, url('sharing-decisions/new'), {});
    expect(empty.statusCode).toBe(422);
    const text = mainText(empty.body);
    for (const message of [
      'Select whether to share or not to share',
      'Select who the information would go to',
      'Select at least one type of information',
      'Select the basis for the decision',
      'Enter the reason for the decision',
    ]) {
      expect(text).toContain(message);
    }
    const noBasis = await postForm(t.app, sarah, url('sharing-decisions/new'), {
      ...notToShare,
      decision: 'share',
      reason: 'x'.repeat(2001),
    });
    expect(noBasis.statusCode).toBe(422);
    expect(mainText(noBasis.body)).toContain('A decision to share needs a lawful basis');
    expect(mainText(noBasis.body)).toContain('The reason for the decision must be 2000 characters or fewer');
    expect(noBasis.body).toMatch(/value="mental_health" checked/);

    const api = await sarah.json('POST', `/api/v1/people/${f.personId}/sharing-decisions`, {
      decision: true,
      organisationId: ORGS.gp.id,
      categories: [],
      basis: 'gut feeling',
      reason: '   ',
    });
    expect(api.statusCode).toBe(422);
    expect((api.json() as { errors: Array<{ field: string }> }).errors.map((e) => e.field).sort()).toEqual([
      'basis',
      'categories',
      'decision',
      'reason',
    ]);
    expect(await f.count('sharing_decision')).toBe(before);
  });

  it('lets only those who may open the record read or add to the log', async () => {
    const sarah = await as('manager');
    await postForm(t.app, sarah, url('sharing-decisions/new'), notToShare);
    const david = await as('seniorLeader');
    const before = await f.count('sharing_decision');
    for (const path of [
      `/api/v1/people/${f.personId}/sharing-decisions`,
      `/api/v1/people/${f.personId}/lawful-bases`,
      `/api/v1/people/${f.personId}/capacity-assessments`,
      url('sharing-decisions/new'),
      url('lawful-bases/new'),
      url('capacity/new'),
    ]) {
      const res = await david.get(path);
      expect(res.statusCode, path).toBe(403);
      expect(res.body).not.toContain(REASON);
      expect(res.body).not.toContain('Okafor');
    }
    const post = await postForm(t.app, david, url('sharing-decisions/new'), notToShare);
    expect(post.statusCode).toBe(403);
    expect(mainText(post.body)).toContain('You cannot see or do this');
    expect(await f.count('sharing_decision')).toBe(before);

    expect((await sarah.get('/people/6a0c1d1e-0000-4000-8000-00000000beef/sharing')).statusCode).toBe(404);
    expect((await sarah.get('/people/not-an-id/sharing')).statusCode).toBe(404);
    const signedOut = await new Agent(t.app).get(url('sharing'));
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toContain('/sign-in');
  });
});
