// The demo partnership: the practice guide's case example. A council adult social care manager
// coordinates support for a man with learning difficulties and several health needs with his GP, a
// community nurse, a mental health worker and a volunteer group. Each module adds its part of the story.
import type { Clock, Ctx } from '../context.ts';
import { Refused } from '../errors.ts';
import { createStaff, hashPassword } from '../modules/identity/index.ts';
import { createOrganisation, createPartnership } from '../modules/partnerships/index.ts';
import type { Db } from '../storage/database.ts';
import type { OrganisationKind, PartnershipRole } from '../storage/tables.ts';
import { loadDemoLearning } from './learning.ts';
import { loadDemoMeetings } from './meetings.ts';
import { loadPartnershipWorking } from './partnership-working.ts';
import { DEMO_NHS_NUMBER, type DemoStaffRef, loadDemoPerson } from './people.ts';
import { loadDemoVenues } from './venues.ts';

export const DEMO_PARTNERSHIP_ID = '6a0c1d1e-0000-4000-8000-000000000001';
export const DEMO_PASSWORD = 'joined-up-demo-2026';

export const DEMO_ORGANISATIONS = {
  council: {
    id: '6a0c1d1e-0000-4000-8000-000000000101',
    name: 'Riverside Council Adult Social Care',
    kind: 'council',
  },
  gp: { id: '6a0c1d1e-0000-4000-8000-000000000102', name: 'Meadow Lane Surgery', kind: 'gp' },
  nursing: {
    id: '6a0c1d1e-0000-4000-8000-000000000103',
    name: 'Riverside Community Nursing',
    kind: 'community_health',
  },
  mentalHealth: {
    id: '6a0c1d1e-0000-4000-8000-000000000104',
    name: 'Riverside Mental Health Service',
    kind: 'mental_health',
  },
  volunteers: {
    id: '6a0c1d1e-0000-4000-8000-000000000105',
    name: 'Friends Together Volunteer Group',
    kind: 'voluntary',
  },
} as const satisfies Record<string, { id: string; name: string; kind: OrganisationKind }>;

type OrgKey = keyof typeof DEMO_ORGANISATIONS;

export const DEMO_STAFF: ReadonlyArray<{
  key: string;
  name: string;
  email: string;
  org: OrgKey;
  professionalRole: string;
  role: PartnershipRole;
}> = [
  {
    key: 'manager',
    name: 'Sarah Mitchell',
    email: 'sarah.mitchell@riverside.example',
    org: 'council',
    professionalRole: 'Adult social care manager',
    role: 'manager',
  },
  {
    key: 'gp',
    name: 'Dr Amir Khan',
    email: 'amir.khan@meadowlane.example',
    org: 'gp',
    professionalRole: 'GP',
    role: 'practitioner',
  },
  {
    key: 'nurse',
    name: 'Grace Lee',
    email: 'grace.lee@riversidenursing.example',
    org: 'nursing',
    professionalRole: 'Community nurse',
    role: 'practitioner',
  },
  {
    key: 'mentalHealth',
    name: 'Tom Reid',
    email: 'tom.reid@riversidemh.example',
    org: 'mentalHealth',
    professionalRole: 'Mental health worker',
    role: 'practitioner',
  },
  {
    key: 'volunteer',
    name: 'Priya Shah',
    email: 'priya.shah@friendstogether.example',
    org: 'volunteers',
    professionalRole: 'Volunteer coordinator',
    role: 'volunteer',
  },
  {
    key: 'igLead',
    name: 'Helen Brooks',
    email: 'helen.brooks@riversidenursing.example',
    org: 'nursing',
    professionalRole: 'NHS information governance lead',
    role: 'ig_lead',
  },
  {
    key: 'seniorLeader',
    name: 'David Evans',
    email: 'david.evans@riverside.example',
    org: 'council',
    professionalRole: 'Director of adult social services',
    role: 'senior_leader',
  },
  {
    key: 'outOfHours',
    name: 'Dr Rachel Green',
    email: 'rachel.green@meadowlane.example',
    org: 'gp',
    professionalRole: 'Out-of-hours GP',
    role: 'practitioner',
  },
  {
    key: 'admin',
    name: 'Alex Morgan',
    email: 'alex.morgan@riverside.example',
    org: 'council',
    professionalRole: 'Systems administrator',
    role: 'admin',
  },
];

/** Finds the demo's person (John) by his NHS number; his id is made fresh each time the demo loads. */
export async function demoPersonId(db: Db): Promise<string> {
  const row = await db
    .selectFrom('person')
    .select('id')
    .where('partnership_id', '=', DEMO_PARTNERSHIP_ID)
    .where('nhs_number', '=', DEMO_NHS_NUMBER)
    .executeTakeFirstOrThrow();
  return row.id;
}

export const DEMO_SIGN_IN = { email: DEMO_STAFF[0]!.email, password: DEMO_PASSWORD };

export async function hasDemo(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('partnership')
    .select('id')
    .where('id', '=', DEMO_PARTNERSHIP_ID)
    .executeTakeFirst();
  return row !== undefined;
}

let demoHash: Promise<string> | undefined;

/** The demo's shared password, hashed once per process: tests reload the demo before every test. */
function demoPasswordHash(): Promise<string> {
  demoHash ??= hashPassword(DEMO_PASSWORD);
  return demoHash;
}

/**
 * Why the demo may not be loaded into this database, or undefined when it may: it never goes beside
 * another partnership, since anyone who has read the README could sign in to its accounts there.
 */
export async function demoRefusal(db: Db): Promise<string | undefined> {
  const others = await db
    .selectFrom('partnership')
    .select('name')
    .where('id', '<>', DEMO_PARTNERSHIP_ID)
    .orderBy('name')
    .execute();
  if (!others.length) return undefined;
  return (
    `The demo partnership was not loaded: this database already holds ${others.map((p) => p.name).join(', ')}. ` +
    'The demo’s accounts share a published password, so JoinedUp never adds them beside real data.'
  );
}

/**
 * Loads the case example into an empty database. Returns false if it is already there, and refuses a
 * database that holds another partnership.
 */
export async function loadDemo(db: Db, clock: Clock): Promise<boolean> {
  if (await hasDemo(db)) return false;
  const refusal = await demoRefusal(db);
  if (refusal) throw new Refused([refusal]);
  await db.transaction().execute(async (trx) => {
    const ctx: Ctx = {
      actor: { kind: 'system', partnershipId: DEMO_PARTNERSHIP_ID, name: 'demo loader' },
      db: trx,
      clock,
    };
    const { council, ...rest } = DEMO_ORGANISATIONS;
    await createPartnership(ctx, {
      id: DEMO_PARTNERSHIP_ID,
      name: 'Riverside Care Partnership',
      organisation: council,
    });
    for (const org of Object.values(rest)) {
      await createOrganisation(ctx, { name: org.name, kind: org.kind }, org.id);
    }
    // Organisation ids are fixed so that links in the README and the tests stay stable; the rest goes
    // through the services, audited like any other change.
    const staff: Record<string, DemoStaffRef> = {};
    const passwordHash = await demoPasswordHash();
    for (const s of DEMO_STAFF) {
      const { id } = await createStaff(
        ctx,
        {
          name: s.name,
          email: s.email,
          organisationId: DEMO_ORGANISATIONS[s.org].id,
          professionalRole: s.professionalRole,
          partnershipRole: s.role,
          password: DEMO_PASSWORD,
        },
        { passwordHash },
      );
      staff[s.key] = {
        key: s.key,
        id,
        organisationId: DEMO_ORGANISATIONS[s.org].id,
        name: s.name,
        role: s.role,
      };
    }
    await loadDemoPerson(ctx, DEMO_PARTNERSHIP_ID, DEMO_ORGANISATIONS, staff);
    await loadDemoLearning(ctx, DEMO_PARTNERSHIP_ID, DEMO_ORGANISATIONS, staff);
    await loadPartnershipWorking(ctx, DEMO_PARTNERSHIP_ID, DEMO_ORGANISATIONS, staff);
    await loadDemoVenues(ctx, DEMO_PARTNERSHIP_ID, DEMO_ORGANISATIONS, staff);
    await loadDemoMeetings(ctx, DEMO_PARTNERSHIP_ID, await demoPersonId(trx), DEMO_ORGANISATIONS, staff);
  });
  return true;
}
