// For the sharing tests: a person of their own (so the demo's story can change without breaking them), a
// care team from the demo staff, two notes held by the council, and no sharing agreements until a test adds
// the ones it relies on.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Agent } from '../../../test/http.ts';
import type { StaffActor } from '../../context.ts';
import { DEMO_ORGANISATIONS, DEMO_PARTNERSHIP_ID, DEMO_PASSWORD, DEMO_STAFF } from '../../demo/index.ts';
import type { Db } from '../../storage/database.ts';
import type { DataCategory } from '../../storage/tables.ts';

export const P = DEMO_PARTNERSHIP_ID;
export const ORGS = DEMO_ORGANISATIONS;
export const HEALTH_NOTE = 'Blood pressure 128 over 82 at the annual health check';
export const SOCIAL_CARE_NOTE = 'Morning support visits moved to 9am at Ruth’s request';

type StaffKey = 'manager' | 'gp' | 'nurse' | 'mentalHealth' | 'volunteer' | 'igLead' | 'seniorLeader';

export interface Fixture {
  personId: string;
  staff: Record<StaffKey, StaffActor & { email: string }>;
  /** Adds an active information sharing agreement between the parties for the categories. */
  agreement(parties: string[], categories: DataCategory[]): Promise<string>;
  count(table: 'consent' | 'capacity_assessment' | 'lawful_basis' | 'sharing_decision'): Promise<number>;
}

export async function sharingFixture(db: Db): Promise<Fixture> {
  await db.deleteFrom('sharing_agreement_party').where('partnership_id', '=', P).execute();
  await db.deleteFrom('sharing_agreement').where('partnership_id', '=', P).execute();
  const users = await db.selectFrom('staff_user').selectAll().where('partnership_id', '=', P).execute();
  const staff = {} as Fixture['staff'];
  for (const key of [
    'manager',
    'gp',
    'nurse',
    'mentalHealth',
    'volunteer',
    'igLead',
    'seniorLeader',
  ] as const) {
    const demo = DEMO_STAFF.find((s) => s.key === key)!;
    const user = users.find((u) => u.email === demo.email)!;
    staff[key] = {
      kind: 'staff',
      userId: user.id,
      partnershipId: P,
      organisationId: user.organisation_id,
      role: user.partnership_role,
      name: user.name,
      email: user.email,
    };
  }
  const personId = randomUUID();
  const now = new Date('2026-11-01T09:00:00Z');
  await db
    .insertInto('person')
    .values({
      partnership_id: P,
      id: personId,
      given_name: 'Ruth',
      family_name: 'Okafor',
      preferred_name: null,
      date_of_birth: '1958-02-03',
      nhs_number: null,
      created_at: now,
      holding_organisation_id: ORGS.council.id,
    })
    .execute();
  const team: Array<[StaffKey, boolean]> = [
    ['manager', true],
    ['gp', false],
    ['nurse', false],
    ['mentalHealth', false],
    ['volunteer', false],
  ];
  for (const [key, lead] of team) {
    await db
      .insertInto('care_team_member')
      .values({
        partnership_id: P,
        id: randomUUID(),
        person_id: personId,
        organisation_id: staff[key].organisationId,
        staff_user_id: staff[key].userId,
        role_in_team: '',
        is_lead: lead,
        added_at: now,
      })
      .execute();
  }
  const notes: Array<[DataCategory, string]> = [
    ['health', HEALTH_NOTE],
    ['social_care', SOCIAL_CARE_NOTE],
  ];
  for (const [category, body] of notes) {
    await db
      .insertInto('note')
      .values({
        partnership_id: P,
        id: randomUUID(),
        person_id: personId,
        organisation_id: ORGS.council.id,
        author_id: staff.manager.userId,
        category,
        sharing_level: 'care_team',
        restricted_to: [],
        title: `A ${category} note`,
        body,
        written_at: now,
      })
      .execute();
  }
  return {
    personId,
    staff,
    agreement: async (parties, categories) => {
      const id = randomUUID();
      await db
        .insertInto('sharing_agreement')
        .values({
          partnership_id: P,
          id,
          title: `Agreement for ${categories.join(', ')}`,
          purposes: ['direct_care'],
          categories,
          lawful_basis: 'UK GDPR Article 6(1)(e) and 9(2)(h)',
          status: 'active',
          starts_on: '2026-01-01',
          review_on: '2027-01-01',
          ends_on: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      for (const organisation_id of parties) {
        await db
          .insertInto('sharing_agreement_party')
          .values({
            partnership_id: P,
            agreement_id: id,
            organisation_id,
            signatory_name: 'A signatory',
            signatory_role: 'Director',
          })
          .execute();
      }
      return id;
    },
    count: async (table) => {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('partnership_id', '=', P)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export async function signedIn(app: FastifyInstance, email: string): Promise<Agent> {
  const agent = new Agent(app);
  const res = await agent.signIn(email, DEMO_PASSWORD);
  if (res.statusCode !== 303) throw new Error(`could not sign in as ${email}`);
  return agent;
}

/** Posts a form as a browser would: the page's token, and a repeated field for each ticked box. */
export async function postForm(
  app: FastifyInstance,
  agent: Agent,
  url: string,
  fields: Record<string, string | string[]>,
) {
  const token = await agent.csrfFrom(url);
  const body = new URLSearchParams({ _csrf: token ?? '' });
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  return app.inject({
    method: 'POST',
    url,
    headers: { cookie: agent.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  });
}

/** A GOV.UK date input's three fields for an ISO date (or blanks). */
export function dateFields(name: string, iso: string | null): Record<string, string> {
  const [year, month, day] = iso ? iso.split('-') : ['', '', ''];
  return { [`${name}-day`]: day ?? '', [`${name}-month`]: month ?? '', [`${name}-year`]: year ?? '' };
}
