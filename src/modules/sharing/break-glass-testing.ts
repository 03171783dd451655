// For the agreement, break-glass and audit search tests: two organisations of their own (a housing trust
// and an out-of-hours GP service, which no demo agreement covers), a practitioner in each, and a person of
// their own whose care team is Sarah (lead) and the housing officer. Whatever the demo's story becomes,
// these tests decide for themselves which agreements exist between these organisations.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { Agent } from '../../../test/http.ts';
import type { Ctx, StaffActor } from '../../context.ts';
import { DEMO_ORGANISATIONS, DEMO_PARTNERSHIP_ID, DEMO_PASSWORD, DEMO_STAFF } from '../../demo/index.ts';
import { inTransaction } from '../../server/transaction.ts';
import type { DataCategory } from '../../storage/tables.ts';
import { codeAt, createStaff } from '../identity/index.ts';

export const P = DEMO_PARTNERSHIP_ID;
export const HOUSING_ORG = { id: '6a0c1d1e-0000-4000-8000-00000000b001', name: 'Riverside Housing Trust' };
export const OUT_OF_HOURS_ORG = {
  id: '6a0c1d1e-0000-4000-8000-00000000b002',
  name: 'Riverside Out of Hours GP Service',
};
export const MARY = {
  givenName: 'Mary',
  familyName: 'Lowe',
  dateOfBirth: '1950-06-01',
  nhsNumber: '4857773457',
  address: '22 Orchard Lane, Riverside RV2 7PL',
};

export interface World {
  personId: string;
  housing: StaffActor & { email: string };
  outOfHours: StaffActor & { email: string };
  manager: StaffActor & { email: string };
  igLead: StaffActor & { email: string };
  ctxFor(actor: StaffActor): Ctx;
  /** An active, signed agreement between the organisations for the categories, straight into the register. */
  agreement(
    parties: string[],
    categories: DataCategory[],
    dates?: { reviewOn?: string; endsOn?: string },
  ): Promise<string>;
}

async function demoStaff(t: TestApp, key: string): Promise<StaffActor & { email: string }> {
  const demo = DEMO_STAFF.find((s) => s.key === key)!;
  const u = await t.database.db
    .selectFrom('staff_user')
    .selectAll()
    .where('email', '=', demo.email)
    .executeTakeFirstOrThrow();
  return {
    kind: 'staff',
    userId: u.id,
    partnershipId: P,
    organisationId: u.organisation_id,
    role: u.partnership_role,
    name: u.name,
    email: u.email,
  };
}

export async function buildWorld(t: TestApp): Promise<World> {
  const db = t.database.db;
  const now = t.clock.now();
  await db
    .insertInto('organisation')
    .values([
      { partnership_id: P, id: HOUSING_ORG.id, name: HOUSING_ORG.name, kind: 'housing', created_at: now },
      {
        partnership_id: P,
        id: OUT_OF_HOURS_ORG.id,
        name: OUT_OF_HOURS_ORG.name,
        kind: 'gp',
        created_at: now,
      },
    ])
    .execute();
  const system = { kind: 'system' as const, partnershipId: P, name: 'test' };
  const newStaff = async (name: string, email: string, organisationId: string, professionalRole: string) => {
    const { id } = await inTransaction(db, system, t.clock, (ctx) =>
      createStaff(ctx, {
        name,
        email,
        organisationId,
        professionalRole,
        partnershipRole: 'practitioner',
        password: DEMO_PASSWORD,
      }),
    );
    return {
      kind: 'staff' as const,
      userId: id,
      partnershipId: P,
      organisationId,
      role: 'practitioner' as const,
      name,
      email,
    };
  };
  const housing = await newStaff(
    'Hannah Price',
    'hannah.price@riversidehousing.example',
    HOUSING_ORG.id,
    'Housing officer',
  );
  const outOfHours = await newStaff(
    'Dr Olu Ade',
    'olu.ade@riversideooh.example',
    OUT_OF_HOURS_ORG.id,
    'Out-of-hours GP',
  );
  const manager = await demoStaff(t, 'manager');
  const igLead = await demoStaff(t, 'igLead');

  const personId = randomUUID();
  await db
    .insertInto('person')
    .values({
      partnership_id: P,
      id: personId,
      given_name: MARY.givenName,
      family_name: MARY.familyName,
      preferred_name: null,
      date_of_birth: MARY.dateOfBirth,
      nhs_number: MARY.nhsNumber,
      address: MARY.address,
      created_at: now,
      holding_organisation_id: DEMO_ORGANISATIONS.council.id,
    })
    .execute();
  for (const [member, lead] of [
    [manager, true],
    [housing, false],
  ] as const) {
    await db
      .insertInto('care_team_member')
      .values({
        partnership_id: P,
        id: randomUUID(),
        person_id: personId,
        organisation_id: member.organisationId,
        staff_user_id: member.userId,
        role_in_team: '',
        is_lead: lead,
        added_at: now,
      })
      .execute();
  }
  const consents: Array<[string, DataCategory[]]> = [
    [HOUSING_ORG.id, ['contact', 'social_care']],
    [OUT_OF_HOURS_ORG.id, ['health']],
  ];
  for (const [organisationId, categories] of consents) {
    await db
      .insertInto('consent')
      .values({
        partnership_id: P,
        id: randomUUID(),
        person_id: personId,
        organisation_id: organisationId,
        status: 'given',
        categories,
        purposes: ['direct_care'],
        obtained_how: 'in_person',
        obtained_by_name: 'Sarah Mitchell',
        decided_on: '2026-11-01',
        review_on: null,
        note: '',
        recorded_by: manager.userId,
        recorded_at: now,
      })
      .execute();
  }
  return {
    personId,
    housing,
    outOfHours,
    manager,
    igLead,
    ctxFor: (actor) => ({ actor, db, clock: t.clock }),
    agreement: async (parties, categories, dates = {}) => {
      const id = randomUUID();
      await db
        .insertInto('sharing_agreement')
        .values({
          partnership_id: P,
          id,
          title: `Agreement for ${categories.join(', ')}`,
          purposes: ['direct_care'],
          categories,
          lawful_basis: 'UK GDPR Art 6(1)(e) and Art 9(2)(h)',
          status: 'active',
          starts_on: '2026-01-01',
          review_on: dates.reviewOn ?? '2027-06-01',
          ends_on: dates.endsOn ?? null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await db
        .insertInto('sharing_agreement_party')
        .values(
          parties.map((organisationId) => ({
            partnership_id: P,
            agreement_id: id,
            organisation_id: organisationId,
            signatory_name: 'A Signatory',
            signatory_role: 'Caldicott guardian',
            signed_on: '2025-12-01',
          })),
        )
        .execute();
      return id;
    },
  };
}

export async function signIn(t: TestApp, email: string): Promise<Agent> {
  const agent = new Agent(t.app);
  const res = await agent.signIn(email, DEMO_PASSWORD);
  expect(res.headers.location).toBe('/');
  return agent;
}

/**
 * Signs in the information governance lead, who must use a security app: at first sign-in she sets it up
 * (reading the key from the page, as a phone would); afterwards she gives the next code.
 */
export async function signInIgLead(t: TestApp): Promise<Agent> {
  const ig = DEMO_STAFF.find((s) => s.key === 'igLead')!;
  const agent = new Agent(t.app);
  const first = await agent.signIn(ig.email, DEMO_PASSWORD);
  if (first.headers.location === '/sign-in/two-factor') {
    const { totp_secret } = await t.database.db
      .selectFrom('staff_user')
      .select('totp_secret')
      .where('email', '=', ig.email)
      .executeTakeFirstOrThrow();
    // A code is accepted once: wait for the next one.
    t.clock.advance(30_000);
    const done = await agent.post('/sign-in/two-factor', { code: codeAt(totp_secret!, t.clock.now()) });
    expect(done.headers.location).toBe('/');
    return agent;
  }
  expect(first.headers.location).toBe('/sign-in/set-up-two-factor');
  const setup = await agent.get('/sign-in/set-up-two-factor');
  const secret = /id="totp-secret">([A-Z2-7]+)</.exec(setup.body)?.[1];
  expect(secret).toBeDefined();
  const done = await agent.post('/sign-in/set-up-two-factor', { code: codeAt(secret!, t.clock.now()) });
  expect(done.headers.location).toBe('/');
  return agent;
}

/** Posts a form whose fields may repeat (checkboxes), with the token from the page at formUrl. */
export async function postForm(
  t: TestApp,
  agent: Agent,
  url: string,
  fields: Array<[string, string]>,
  formUrl = url,
) {
  const token = await agent.csrfFrom(formUrl);
  const body = new URLSearchParams([['_csrf', token ?? ''], ...fields]).toString();
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: agent.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: body,
  });
}

export function problemOf(res: { headers: Record<string, unknown>; body: string }) {
  expect(res.headers['content-type']).toContain('application/problem+json');
  return JSON.parse(res.body) as {
    status: number;
    title: string;
    detail: string;
    code: string;
    errors?: Array<{ field: string; message: string }>;
    askWhom?: string;
  };
}

/** The page has the GOV.UK error summary, each field's message links to it, and the field is there to land on. */
export function expectFieldErrors(html: string, fields: string[]) {
  expect(html).toContain('govuk-error-summary');
  expect(html).toMatch(/<title>Error: /);
  for (const field of fields) {
    expect(html, `summary link to #${field}`).toContain(`href="#${field}"`);
    expect(html, `field #${field}`).toContain(`id="${field}"`);
  }
}

export async function auditRows(t: TestApp, action: string) {
  return t.database.db
    .selectFrom('audit_event')
    .selectAll()
    .where('partnership_id', '=', P)
    .where('action', '=', action)
    .orderBy('seq')
    .execute();
}

export async function auditCount(t: TestApp): Promise<number> {
  const row = await t.database.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
