import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../test/app.ts';
import { TestClock } from '../../test/harness.ts';
import { mainText } from '../../test/http.ts';
import type { StaffActor } from '../context.ts';
import { DEMO_ORGANISATIONS } from '../demo/index.ts';
import {
  auditRows,
  buildWorld,
  expectFieldErrors,
  HOUSING_ORG,
  P,
  problemOf,
  signIn,
  signInIgLead,
  type World,
} from '../modules/sharing/break-glass-testing.ts';
import { inTransaction } from '../server/transaction.ts';
import type { AuditOutcome } from '../storage/tables.ts';
import { record } from './index.ts';
import { londonDayStart } from './search.ts';

let t: TestApp;
let world: World;
let maryamId: string;
let agreementId: string;

beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.reset();
  world = await buildWorld(t);
  agreementId = await world.agreement([DEMO_ORGANISATIONS.council.id, HOUSING_ORG.id], ['contact']);
  maryamId = randomUUID();
  await t.database.db
    .insertInto('person')
    .values({
      partnership_id: P,
      id: maryamId,
      given_name: 'Maryam',
      family_name: 'Shah',
      preferred_name: null,
      date_of_birth: '1972-09-14',
      nhs_number: null,
      created_at: t.clock.now(),
    })
    .execute();
  await trail();
});

/** Writes one audit row as this member of staff at this moment, as a service would. */
async function at(
  when: string,
  actor: StaffActor,
  action: string,
  extra: { personId?: string; outcome?: AuditOutcome; basis?: string } = {},
) {
  const clock = new TestClock(new Date(when));
  await inTransaction(t.database.db, actor, clock, (ctx) => record(ctx, { action, ...extra }));
}

/** Around the night the clocks went back (Sunday 25 October 2026, 01:00 UTC). */
async function trail() {
  const mary = world.personId;
  await at('2026-10-20T09:00:00Z', world.manager, 'person.reader', { personId: mary });
  // 23:30 on Saturday 24 October in London (summer time).
  await at('2026-10-24T22:30:00Z', world.housing, 'person.read.record', {
    personId: mary,
    basis: `care_team;consent;agreement:${agreementId}`,
  });
  // 00:30 on Sunday 25 October in London (still summer time).
  await at('2026-10-24T23:30:00Z', world.housing, 'person.read.summary', {
    personId: mary,
    basis: 'care_team',
  });
  await at('2026-10-25T12:00:00Z', world.outOfHours, 'person.read.record', {
    personId: mary,
    outcome: 'refused',
  });
  // 23:30 on Sunday 25 October in London (winter time).
  await at('2026-10-25T23:30:00Z', world.igLead, 'agreement.update');
  // 00:30 on Monday 26 October in London.
  await at('2026-10-26T00:30:00Z', world.manager, 'person.read.record', {
    personId: maryamId,
    basis: 'care_team',
  });
}

interface ApiPage {
  items: Array<{
    at: string;
    action: string;
    outcome: string;
    person: { name: string } | null;
    basisDescription: string;
  }>;
  total: number;
  page: number;
  pages: number;
}

async function api(query: string): Promise<ApiPage> {
  const ig = await signInIgLead(t);
  const res = await ig.get(`/api/v1/audit-events?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return JSON.parse(res.body) as ApiPage;
}

const OCTOBER = 'from-day=1&from-month=10&from-year=2026&to-day=31&to-month=10&to-year=2026';

describe('searching the audit trail', () => {
  it('turns London dates into the right instants across the change of the clocks', () => {
    expect(londonDayStart('2026-10-25').toISOString()).toBe('2026-10-24T23:00:00.000Z');
    expect(londonDayStart('2026-10-26').toISOString()).toBe('2026-10-26T00:00:00.000Z');
    expect(londonDayStart('2026-03-29').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(londonDayStart('2026-03-30').toISOString()).toBe('2026-03-29T23:00:00.000Z');
  });

  it('finds one London day, showing when, who, organisation, action, person, basis and outcome', async () => {
    const ig = await signInIgLead(t);
    const res = await ig.get(
      '/audit?from-day=25&from-month=10&from-year=2026&to-day=25&to-month=10&to-year=2026',
    );
    expect(res.statusCode).toBe(200);
    const text = mainText(res.body);
    expect(text).toContain('3 events');
    expect(text).toMatch(
      /25 October 2026 at 12:30\sam Hannah Price Riverside Housing Trust person\.read\.summary Mary Lowe on the care team Success/,
    );
    expect(text).toMatch(
      /25 October 2026 at 12:00\spm Dr Olu Ade Riverside Out of Hours GP Service person\.read\.record Mary Lowe\s+Refused/,
    );
    expect(text).toMatch(
      /25 October 2026 at 11:30\spm Helen Brooks Riverside Community Nursing agreement\.update/,
    );
    expect(text).not.toContain('24 October');
    expect(text).not.toContain('26 October');
    // Newest first.
    expect(text.indexOf('11:30')).toBeLessThan(text.indexOf('12:30'));
  });

  it('finds a person by name, and offers a choice when several people match', async () => {
    const ig = await signInIgLead(t);
    const one = await ig.get(`/audit?person=mary+lowe&${OCTOBER}`);
    const text = mainText(one.body);
    expect(text).toContain('4 events for Mary Lowe');
    expect(text).toContain('on the care team; consent; agreement: Agreement for contact');
    expect(text).not.toContain('Maryam');

    const several = await ig.get(`/audit?person=Mary&${OCTOBER}`);
    expect(several.statusCode).toBe(200);
    const choice = mainText(several.body);
    expect(choice).toContain('2 people have a name like “Mary”');
    expect(choice).toMatch(/Maryam Shah\s*, born 14 September 1972/);
    expect(choice).not.toContain('events');
    const link = new RegExp(`href="(/audit\\?[^"]*personId=${maryamId}[^"]*)"`).exec(several.body)?.[1];
    expect(link).toBeDefined();
    const chosen = mainText((await ig.get(link!.replace(/&amp;/g, '&'))).body);
    expect(chosen).toContain('Person: Maryam Shah');
    expect(chosen).toContain('1 event for Maryam Shah');

    const searches = await auditRows(t, 'audit.search');
    expect(searches).toHaveLength(2);
    expect(searches[0]).toMatchObject({
      person_id: world.personId,
      actor_user_id: world.igLead.userId,
      basis: 'role:ig_lead',
    });
    expect(searches[0]?.detail).toMatchObject({
      filters: { personId: world.personId, from: '2026-10-01', to: '2026-10-31' },
      total: 4,
    });
    expect(searches[1]).toMatchObject({ person_id: maryamId });
  });

  it('filters by member of staff, organisation, action and outcome', async () => {
    const byUser = await api(`userId=${world.outOfHours.userId}`);
    expect(byUser.items.map((i) => [i.action, i.outcome])).toEqual([['person.read.record', 'refused']]);

    const byOrganisation = await api(`organisationId=${HOUSING_ORG.id}`);
    expect(byOrganisation.items.map((i) => i.action)).toEqual(['person.read.summary', 'person.read.record']);

    // An action finds itself and the actions under it, not others that merely start with the same letters.
    const byAction = await api('action=person.read&from=2026-10-01&to=2026-10-31');
    expect(byAction.items.map((i) => i.at)).toEqual([
      '2026-10-26T00:30:00.000Z',
      '2026-10-25T12:00:00.000Z',
      '2026-10-24T23:30:00.000Z',
      '2026-10-24T22:30:00.000Z',
    ]);
    const exact = await api('action=person.reader');
    expect(exact.total).toBe(1);

    const refused = await api('outcome=refused&from=2026-10-01&to=2026-10-31');
    expect(refused.items).toHaveLength(1);
    expect(refused.items[0]).toMatchObject({ person: { name: 'Mary Lowe' }, outcome: 'refused' });

    const combined = await api(
      `personId=${world.personId}&organisationId=${HOUSING_ORG.id}&from=2026-10-25&to=2026-10-25`,
    );
    expect(combined.items.map((i) => i.action)).toEqual(['person.read.summary']);
    expect(combined.items[0]?.basisDescription).toBe('on the care team');
  });

  it('pages through the trail 50 at a time', async () => {
    const clock = new TestClock(new Date('2026-10-10T08:00:00Z'));
    await inTransaction(t.database.db, world.housing, clock, async (ctx) => {
      for (let i = 0; i < 120; i++) {
        clock.advance(60_000);
        await record(ctx, { action: 'test.bulk', detail: { i } });
      }
    });
    const ig = await signInIgLead(t);
    const query =
      'action=test.bulk&from-day=10&from-month=10&from-year=2026&to-day=10&to-month=10&to-year=2026';
    const first = await ig.get(`/audit?${query}`);
    expect(mainText(first.body)).toContain('120 events, page 1 of 3');
    expect(first.body.match(/<tr class="govuk-table__row">/g)).toHaveLength(51);
    expect(first.body).toContain('govuk-pagination');
    expect(first.body).toMatch(/href="\/audit\?[^"]*page=2"[^>]*rel="next"|rel="next"[^>]*href/);
    expect(mainText(first.body)).toMatch(/10 October 2026 at 11:00\sam/);

    const last = await ig.get(`/audit?${query}&page=3`);
    expect(mainText(last.body)).toContain('120 events, page 3 of 3');
    expect(last.body.match(/<tr class="govuk-table__row">/g)).toHaveLength(21);
    expect(last.body).toContain('aria-current="page"');
    const apiPage = await api('action=test.bulk&page=2');
    expect(apiPage).toMatchObject({ total: 120, page: 2, pages: 3 });
    expect(apiPage.items).toHaveLength(50);
  });

  it('refuses bad filters with field errors, and searches (and records) nothing', async () => {
    const ig = await signInIgLead(t);
    const cases: Array<[string, string[]]> = [
      ['from-day=31&from-month=2&from-year=2026', ['from']],
      ['from-day=2&from-month=11&from-year=2026&to-day=1&to-month=11&to-year=2026', ['to']],
      ['action=DROP+TABLE', ['action']],
      ['outcome=maybe', ['outcome']],
      ['userId=not-an-id', ['userId']],
      ['person=Nobody+Atall', ['person']],
      ['page=0', ['page']],
    ];
    for (const [query, fields] of cases) {
      const res = await ig.get(`/audit?${query}`);
      expect(res.statusCode, query).toBe(422);
      expectFieldErrors(res.body, fields);
      expect(mainText(res.body)).not.toMatch(/\d+ events?/);
    }
    const apiRes = await ig.get('/api/v1/audit-events?from=2026-02-31&outcome=maybe');
    expect(apiRes.statusCode).toBe(422);
    expect(
      problemOf(apiRes)
        .errors?.map((e) => e.field)
        .sort(),
    ).toEqual(['from', 'outcome']);
    const several = await ig.get('/api/v1/audit-events?person=Mary');
    expect(problemOf(several).errors?.map((e) => e.field)).toEqual(['person']);
    expect(await auditRows(t, 'audit.search')).toEqual([]);
  });

  it('is for the information governance lead only', async () => {
    for (const email of [world.manager.email, world.housing.email]) {
      const agent = await signIn(t, email);
      const page = await agent.get('/audit?action=person.read');
      expect(page.statusCode).toBe(403);
      expect(mainText(page.body)).toContain('Only an information governance lead may do this');
      expect(page.body).not.toContain('Mary Lowe');
      const apiRes = await agent.get('/api/v1/audit-events');
      expect(apiRes.statusCode).toBe(403);
      expect(problemOf(apiRes).askWhom).toBe("your partnership's information governance lead");
      expect((await agent.get('/')).body).not.toContain('href="/audit"');
    }
    expect(await auditRows(t, 'audit.search')).toEqual([]);
    const ig = await signInIgLead(t);
    const home = await ig.get('/');
    expect(home.body).toContain('href="/audit"');
    expect(home.body).toContain('href="/break-glass/reviews"');
    const form = await ig.get('/audit');
    expect(form.statusCode).toBe(200);
    expect(mainText(form.body)).not.toMatch(/\d+ events?/);
    // Opening the empty form is not a search.
    expect(await auditRows(t, 'audit.search')).toEqual([]);
  });
});
