import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { mainText } from '../../../test/http.ts';
import { DEMO_ORGANISATIONS } from '../../demo/index.ts';
import { personAccess, requirePersonAccess } from '../../policy/index.ts';
import { inTransaction } from '../../server/transaction.ts';
import { activeBreakGlass, BREAK_GLASS_HOURS } from './break-glass-service.ts';
import {
  auditCount,
  auditRows,
  buildWorld,
  expectFieldErrors,
  MARY,
  OUT_OF_HOURS_ORG,
  P,
  problemOf,
  signIn,
  signInIgLead,
  type World,
} from './break-glass-testing.ts';

const REASON = 'Called out at night: Mary fell at home and cannot tell me which medicines she takes.';

let t: TestApp;
let world: World;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.reset();
  world = await buildWorld(t);
  // The out-of-hours service and the council share health information; Mary consented to it.
  await world.agreement([DEMO_ORGANISATIONS.council.id, OUT_OF_HOURS_ORG.id], ['health']);
});

async function uses() {
  return t.database.db
    .selectFrom('break_glass')
    .selectAll()
    .where('partnership_id', '=', P)
    .where('person_id', '=', world.personId)
    .execute();
}

/** What the out-of-hours GP may open of Mary's record now. */
async function gpAccess() {
  const access = await personAccess(world.ctxFor(world.outOfHours), world.personId);
  return {
    opens: access.opens,
    health: access.decide('health', 'read'),
    mentalHealth: access.decide('mental_health', 'read'),
  };
}

describe('a GP who is not on the care team', () => {
  it('is refused, breaks glass with a reason, opens what the policy then allows, and loses access after 4 hours', async () => {
    const before = await gpAccess();
    expect(before.opens.allowed).toBe(false);
    expect(before.opens.reasons.join(' ')).toContain('in an emergency, use emergency access');
    expect(before.health.allowed).toBe(false);

    const gp = await signIn(t, world.outOfHours.email);
    const page = await gp.get(`/people/${world.personId}/emergency-access`);
    expect(page.statusCode).toBe(200);
    const text = mainText(page.body);
    expect(text).toContain('Mary Lowe');
    expect(text).toContain(`for ${BREAK_GLASS_HOURS} hours`);
    expect(text).toContain('reviewed by the information governance lead');
    expect(page.body).not.toContain(MARY.address);

    const opened = await gp.post(`/people/${world.personId}/emergency-access`, { reason: `  ${REASON}  ` });
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`/people/${world.personId}`);
    const [use] = await uses();
    expect(use).toMatchObject({
      staff_user_id: world.outOfHours.userId,
      organisation_id: OUT_OF_HOURS_ORG.id,
      reason: REASON,
    });
    expect(new Date(use!.expires_at).toISOString()).toBe('2026-11-25T14:00:00.000Z');
    const [started] = await auditRows(t, 'break_glass.start');
    expect(started).toMatchObject({
      person_id: world.personId,
      actor_user_id: world.outOfHours.userId,
      basis: 'break_glass',
    });
    expect(JSON.stringify(started?.detail)).not.toContain('medicines');

    // Break-glass gives the relationship; consent and the agreement decide what else it opens.
    const during = await gpAccess();
    expect(during.opens).toMatchObject({ allowed: true, basis: 'break_glass' });
    expect(during.health.allowed).toBe(true);
    expect(during.health.basis).toMatch(/^break_glass;consent;agreement:/);
    expect(during.mentalHealth.allowed).toBe(false);
    expect(during.mentalHealth.reasons.join(' ')).toContain('no lawful basis');
    const banner = await activeBreakGlass(world.ctxFor(world.outOfHours), world.personId);
    expect(banner?.expiresAt.toISOString()).toBe('2026-11-25T14:00:00.000Z');
    expect(await activeBreakGlass(world.ctxFor(world.housing), world.personId)).toBeNull();

    // What they open is recorded with its basis, and shows in the review later.
    t.clock.advance(10 * 60_000);
    await inTransaction(t.database.db, world.outOfHours, t.clock, (ctx) =>
      requirePersonAccess(ctx, world.personId, 'health', 'read', 'record'),
    );
    const again = mainText((await gp.get(`/people/${world.personId}/emergency-access`)).body);
    expect(again).toMatch(/You have emergency access to this record until 25 November 2026 at 2:00\spm/);

    t.clock.set('2026-11-25T13:59:00Z');
    expect((await gpAccess()).health.allowed).toBe(true);
    t.clock.set('2026-11-25T14:00:01Z');
    const after = await gpAccess();
    expect(after.opens.allowed).toBe(false);
    expect(after.health.allowed).toBe(false);
    expect(await activeBreakGlass(world.ctxFor(world.outOfHours), world.personId)).toBeNull();
  });

  it('is sent from the refused person page to emergency access, and afterwards sees only what the policy allows', async () => {
    const gp = await signIn(t, world.outOfHours.email);
    const refused = await gp.get(`/people/${world.personId}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain(`href="/people/${world.personId}/emergency-access"`);
    expect(refused.body).not.toContain(MARY.address);

    await gp.post(`/people/${world.personId}/emergency-access`, { reason: REASON });
    const page = await gp.get(`/people/${world.personId}`);
    expect(page.statusCode).toBe(200);
    expect(mainText(page.body)).toContain('Mary Lowe');
    // Mary consented to the out-of-hours service seeing health information, not her contact details.
    expect(page.body).not.toContain(MARY.address);
    // The page records what it showed and what it withheld, for the review.
    const reads = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'detail'])
      .where('actor_user_id', '=', world.outOfHours.userId)
      .where('person_id', '=', world.personId)
      .where('action', 'like', 'person.read.%')
      .execute();
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.some((r) => (r.detail as { withheld?: string[] }).withheld?.includes('contact'))).toBe(true);
  });

  it('must give a reason of at least 20 characters, and nothing is opened without one', async () => {
    const gp = await signIn(t, world.outOfHours.email);
    const auditBefore = await auditCount(t);
    for (const reason of ['', '   ', 'urgent, sorry', 'x'.repeat(2001)]) {
      const res = await gp.post(`/people/${world.personId}/emergency-access`, { reason });
      expect(res.statusCode).toBe(422);
      expectFieldErrors(res.body, ['reason']);
    }
    const short = await gp.post(`/people/${world.personId}/emergency-access`, { reason: 'urgent, sorry' });
    expect(mainText(short.body)).toContain('at least 20 characters');
    expect(short.body).toContain('urgent, sorry</textarea>');
    const api = await gp.json('POST', `/api/v1/people/${world.personId}/emergency-access`, {
      reason: 'too short',
    });
    expect(api.statusCode).toBe(422);
    expect(problemOf(api).errors?.map((e) => e.field)).toEqual(['reason']);
    expect(await uses()).toEqual([]);
    expect(await auditCount(t)).toBe(auditBefore);
    expect((await gpAccess()).opens.allowed).toBe(false);
  });

  it('uses the API the same way, and cannot break glass twice while access is in force', async () => {
    const gp = await signIn(t, world.outOfHours.email);
    const res = await gp.json('POST', `/api/v1/people/${world.personId}/emergency-access`, {
      reason: REASON,
    });
    expect(res.statusCode).toBe(201);
    expect(JSON.parse(res.body)).toMatchObject({
      personId: world.personId,
      hours: 4,
      expiresAt: '2026-11-25T14:00:00.000Z',
    });
    const twice = await gp.json('POST', `/api/v1/people/${world.personId}/emergency-access`, {
      reason: REASON,
    });
    expect(twice.statusCode).toBe(409);
    expect(problemOf(twice).detail).toContain('already have emergency access');
    expect(await uses()).toHaveLength(1);
  });

  it('is not needed by someone already on the care team', async () => {
    const housing = await signIn(t, world.housing.email);
    const page = await housing.get(`/people/${world.personId}/emergency-access`);
    expect(mainText(page.body)).toContain('You do not need emergency access');
    expect(page.body).not.toContain('name="reason"');
    const res = await housing.post(`/people/${world.personId}/emergency-access`, { reason: REASON });
    expect(res.statusCode).toBe(409);
    expect(await uses()).toEqual([]);
  });
});

describe('finding the person in an emergency', () => {
  it('finds exact matches by NHS number, or last name and date of birth, shows only name and birth date, and records each search', async () => {
    const gp = await signIn(t, world.outOfHours.email);
    const form = await gp.get('/emergency-access');
    expect(form.statusCode).toBe(200);
    expect(form.body).not.toContain('Mary Lowe');

    const byNumber = await gp.get('/emergency-access?nhsNumber=485+777+3457');
    expect(byNumber.statusCode).toBe(200);
    const text = mainText(byNumber.body);
    expect(text).toContain('1 person found');
    expect(text).toContain('Mary Lowe');
    expect(text).toContain('1 June 1950');
    expect(byNumber.body).toContain(`href="/people/${world.personId}/emergency-access"`);
    for (const hidden of [MARY.address, MARY.nhsNumber, 'Sarah Mitchell', 'Housing'])
      expect(text).not.toContain(hidden);

    const byName = await gp.get(
      '/emergency-access?familyName=lowe&dateOfBirth-day=1&dateOfBirth-month=6&dateOfBirth-year=1950',
    );
    expect(mainText(byName.body)).toContain('Mary Lowe');
    const partial = await gp.get(
      '/emergency-access?familyName=Low&dateOfBirth-day=1&dateOfBirth-month=6&dateOfBirth-year=1950',
    );
    expect(mainText(partial.body)).toContain('No one found');
    const wrongBirth = await gp.get(
      '/emergency-access?familyName=Lowe&dateOfBirth-day=2&dateOfBirth-month=6&dateOfBirth-year=1950',
    );
    expect(mainText(wrongBirth.body)).toContain('No one found');

    const searches = await auditRows(t, 'break_glass.search');
    expect(searches.map((s) => s.detail)).toEqual([
      { by: 'nhs_number', matches: 1, personIds: [world.personId] },
      { by: 'name_and_date_of_birth', matches: 1, personIds: [world.personId] },
      { by: 'name_and_date_of_birth', matches: 0, personIds: [] },
      { by: 'name_and_date_of_birth', matches: 0, personIds: [] },
    ]);
    expect(searches.every((s) => s.actor_user_id === world.outOfHours.userId)).toBe(true);
    expect(JSON.stringify(searches)).not.toContain(MARY.nhsNumber);

    const api = await gp.get(`/api/v1/emergency-access/people?nhsNumber=${MARY.nhsNumber}`);
    expect(JSON.parse(api.body)).toEqual({
      items: [{ id: world.personId, name: 'Mary Lowe', dateOfBirth: '1950-06-01' }],
    });
  });

  it('refuses searches that are not exact enough, with field errors, and records nothing', async () => {
    const gp = await signIn(t, world.outOfHours.email);
    const auditBefore = await auditCount(t);
    const cases: Array<[string, string[]]> = [
      ['nhsNumber=&familyName=', ['nhsNumber']],
      ['nhsNumber=1234567890', ['nhsNumber']],
      ['familyName=Lowe', ['dateOfBirth']],
      ['dateOfBirth-day=1&dateOfBirth-month=6&dateOfBirth-year=1950', ['familyName']],
      ['familyName=Lowe&dateOfBirth-day=31&dateOfBirth-month=6&dateOfBirth-year=1950', ['dateOfBirth']],
    ];
    for (const [query, fields] of cases) {
      const res = await gp.get(`/emergency-access?${query}`);
      expect(res.statusCode, query).toBe(422);
      expectFieldErrors(res.body, fields);
      expect(res.body).not.toContain('Mary Lowe');
    }
    const api = await gp.get('/api/v1/emergency-access/people?familyName=Lowe');
    expect(api.statusCode).toBe(422);
    expect(problemOf(api).errors?.map((e) => e.field)).toEqual(['dateOfBirth']);
    expect(await auditCount(t)).toBe(auditBefore);
  });
});

describe('the information governance lead reviews emergency access', () => {
  async function breakGlassAsGp() {
    const gp = await signIn(t, world.outOfHours.email);
    expect((await gp.post(`/people/${world.personId}/emergency-access`, { reason: REASON })).statusCode).toBe(
      303,
    );
    t.clock.advance(5 * 60_000);
    await inTransaction(t.database.db, world.outOfHours, t.clock, (ctx) =>
      requirePersonAccess(ctx, world.personId, 'health', 'read', 'record'),
    );
    const [use] = await uses();
    return use!.id;
  }

  it('sees the use in the queue with what was opened, reviews it, and it moves to the reviewed list', async () => {
    const id = await breakGlassAsGp();
    const ig = await signInIgLead(t);
    const queue = await ig.get('/break-glass/reviews');
    expect(queue.statusCode).toBe(200);
    const waiting = mainText(queue.body).split('Reviewed')[0]!;
    for (const fact of [
      'Dr Olu Ade',
      'Out-of-hours GP',
      OUT_OF_HOURS_ORG.name,
      'Mary Lowe',
      REASON,
      'person.read.record',
      'shown health',
      'In force',
    ]) {
      expect(waiting).toContain(fact);
    }
    expect(waiting).toMatch(/25 November 2026 at 10:00\sam/);
    expect(queue.body).toContain(`href="/break-glass/${id}/review"`);

    const form = await ig.get(`/break-glass/${id}/review`);
    expect(form.statusCode).toBe(200);
    expect(mainText(form.body)).toContain('person.read.record');

    const empty = await ig.post(`/break-glass/${id}/review`, { note: '' });
    expect(empty.statusCode).toBe(422);
    expectFieldErrors(empty.body, ['outcome', 'note']);
    expect((await uses())[0]?.review_outcome).toBeNull();

    const done = await ig.post(`/break-glass/${id}/review`, {
      outcome: 'appropriate',
      note: 'Spoke to Dr Ade: a genuine out-of-hours emergency, and only health information was opened.',
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/break-glass/reviews');
    const [reviewed] = await uses();
    expect(reviewed).toMatchObject({ review_outcome: 'appropriate', reviewed_by: world.igLead.userId });
    // Found appropriate, the access runs its course.
    expect(new Date(reviewed!.expires_at).toISOString()).toBe('2026-11-25T14:00:00.000Z');

    const after = mainText((await ig.get('/break-glass/reviews')).body);
    const [waitingAfter, reviewedAfter] = after.split('Reviewed');
    expect(waitingAfter).not.toContain('Mary Lowe');
    expect(reviewedAfter).toContain('Mary Lowe');
    expect(reviewedAfter).toContain('Appropriate');
    expect(reviewedAfter).toContain('Spoke to Dr Ade');

    const [event] = await auditRows(t, 'break_glass.review');
    expect(event).toMatchObject({
      person_id: world.personId,
      actor_user_id: world.igLead.userId,
      entity_id: id,
    });
    expect(event?.detail).toMatchObject({
      outcome: 'appropriate',
      staffUserId: world.outOfHours.userId,
      endedEarly: false,
    });

    const again = await ig.post(`/break-glass/${id}/review`, {
      outcome: 'not_appropriate',
      note: 'Second thoughts',
    });
    expect(again.statusCode).toBe(409);
    expect((await uses())[0]?.review_outcome).toBe('appropriate');
  });

  it('ends access at once when it finds a use not appropriate while it is still in force', async () => {
    const id = await breakGlassAsGp();
    const ig = await signInIgLead(t);
    const res = await ig.json('POST', `/api/v1/break-glass/${id}/review`, {
      outcome: 'not_appropriate',
      note: 'Not an emergency: the visit was routine.',
    });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ inForce: false, review: { outcome: 'not_appropriate' } });
    expect((await gpAccess()).opens.allowed).toBe(false);
    expect((await auditRows(t, 'break_glass.review'))[0]?.detail).toMatchObject({ endedEarly: true });
  });

  it('cannot review their own emergency access', async () => {
    const ig = await signInIgLead(t);
    expect((await ig.post(`/people/${world.personId}/emergency-access`, { reason: REASON })).statusCode).toBe(
      303,
    );
    const [own] = await uses();
    const res = await ig.post(`/break-glass/${own!.id}/review`, { outcome: 'appropriate', note: 'Fine' });
    expect(res.statusCode).toBe(403);
    expect(mainText(res.body)).toContain('another information governance lead must review it');
    expect((await uses())[0]?.review_outcome).toBeNull();
  });

  it('is the only one who may see the queue or review', async () => {
    const id = await breakGlassAsGp();
    for (const email of [world.manager.email, world.outOfHours.email]) {
      const agent = await signIn(t, email);
      for (const res of [
        await agent.get('/break-glass/reviews'),
        await agent.get(`/break-glass/${id}/review`),
        await agent.post(
          `/break-glass/${id}/review`,
          { outcome: 'appropriate', note: 'Fine by me' },
          { formUrl: '/' },
        ),
      ]) {
        expect(res.statusCode).toBe(403);
        expect(mainText(res.body)).toContain('Only an information governance lead may do this');
        expect(res.body).not.toContain(REASON);
      }
      const api = await agent.get('/api/v1/break-glass');
      expect(api.statusCode).toBe(403);
      expect(problemOf(api).code).toBe('JU_REFUSED');
    }
    expect((await uses())[0]?.review_outcome).toBeNull();
  });
});
