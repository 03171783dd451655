// The access matrix: random partnerships, roles, care teams, consents, capacity-based and other bases,
// agreements, sharing levels and break-glass states. The policy must agree with a small oracle written
// straight from the rule, case by case.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../context.ts';
import type { DataCategory } from '../storage/tables.ts';
import {
  CATEGORIES,
  decideForPerson,
  type EntryFacts,
  type PersonAction,
  type PersonFacts,
} from './person.ts';

const CASES = Number(process.env.POLICY_CASES ?? 100_000);
const ORGS = ['o1', 'o2', 'o3', 'o4'];
const USERS = ['u1', 'u2', 'u3', 'u4', 'u5'];
const ROLES = ['practitioner', 'manager', 'senior_leader', 'ig_lead', 'volunteer', 'admin'] as const;
const DAYS = ['2026-01-01', '2026-06-01', '2026-11-25', '2027-03-01'];
const NOW = [new Date('2026-06-01T12:00:00Z'), new Date('2026-11-25T12:00:00Z')];

const category = fc.constantFrom(...CATEGORIES);
const categories = fc.subarray([...CATEGORIES]);
const org = fc.constantFrom(...ORGS);
const user = fc.constantFrom(...USERS);
const day = fc.constantFrom(...DAYS);

const facts: fc.Arbitrary<PersonFacts> = fc.record({
  personId: fc.constant('p1'),
  holdingOrganisationId: org,
  careTeam: fc.array(fc.record({ organisationId: org, staffUserId: fc.option(user, { nil: null }) }), {
    maxLength: 4,
  }),
  consents: fc.array(
    fc.record({
      organisationId: org,
      categories,
      status: fc.constantFrom('given', 'refused', 'withdrawn') as fc.Arbitrary<
        'given' | 'refused' | 'withdrawn'
      >,
    }),
    { maxLength: 5 },
  ),
  lawfulBases: fc.array(
    fc.record({
      organisationId: org,
      kind: fc.constantFrom('best_interests', 'safeguarding', 'vital_interests') as fc.Arbitrary<
        'best_interests' | 'safeguarding' | 'vital_interests'
      >,
      categories,
      startsOn: day,
      endsOn: fc.option(day, { nil: null }),
      ended: fc.boolean(),
    }),
    { maxLength: 2 },
  ),
  agreements: fc.array(
    fc.record({
      id: fc.constantFrom('a1', 'a2', 'a3'),
      title: fc.constant('agreement'),
      status: fc.constantFrom('draft', 'active', 'ended') as fc.Arbitrary<'draft' | 'active' | 'ended'>,
      categories,
      parties: fc.subarray(ORGS),
      startsOn: day,
      endsOn: fc.option(day, { nil: null }),
    }),
    { maxLength: 3 },
  ),
  breakGlass: fc.array(
    fc.record({
      staffUserId: user,
      expiresAt: fc.constantFrom(
        ...NOW.map((n) => new Date(n.getTime() + 3600_000)),
        ...NOW.map((n) => new Date(n.getTime() - 1)),
      ),
    }),
    { maxLength: 2 },
  ),
  lead: fc.constant(undefined),
});

const actor: fc.Arbitrary<Actor> = fc.record({
  kind: fc.constant('staff' as const),
  userId: user,
  partnershipId: fc.constant('x'),
  organisationId: org,
  role: fc.constantFrom(...ROLES),
  name: fc.constant('Someone'),
});

const entry: fc.Arbitrary<EntryFacts | undefined> = fc.option(
  fc.record({
    holdingOrganisationId: org,
    sharingLevel: fc.constantFrom('care_team', 'own_organisation', 'restricted') as fc.Arbitrary<
      'care_team' | 'own_organisation' | 'restricted'
    >,
    restrictedTo: fc.subarray(USERS),
    authorId: fc.option(user, { nil: null }),
    assignedTo: fc.option(fc.subarray(USERS, { maxLength: 1 }), { nil: undefined }),
  }),
  { nil: undefined },
);

// The oracle, written from the rule in the issue and DESIGN.md without looking at the policy's code.
function oracle(
  a: Actor,
  f: PersonFacts,
  cat: DataCategory,
  action: PersonAction,
  now: Date,
  e?: EntryFacts,
): boolean {
  if (a.kind !== 'staff') return false;
  const today = now.toISOString().slice(0, 10);
  const named = f.careTeam.filter((m) => m.staffUserId === a.userId).length > 0;
  const viaOrg =
    a.role === 'manager' && f.careTeam.filter((m) => m.organisationId === a.organisationId).length > 0;
  const glass = f.breakGlass.filter((b) => b.staffUserId === a.userId && b.expiresAt > now).length > 0;
  if (!(named || viaOrg || glass)) return false;
  if (action === 'read' && e?.assignedTo?.includes(a.userId)) return true;
  if (a.role === 'volunteer') {
    if (action === 'write') return false;
    if (cat !== 'communication') return false;
  }
  if (action !== 'read') return true;
  const holder = e ? e.holdingOrganisationId : f.holdingOrganisationId;
  if (holder !== a.organisationId) {
    const mine = f.consents.filter(
      (c) => c.organisationId === a.organisationId && c.categories.includes(cat),
    );
    const consentGiven = mine.length > 0 && mine[mine.length - 1]!.status === 'given';
    const otherBasis = f.lawfulBases.some(
      (b) =>
        b.organisationId === a.organisationId &&
        b.categories.includes(cat) &&
        !b.ended &&
        !(today < b.startsOn) &&
        !(b.endsOn !== null && today > b.endsOn),
    );
    if (!consentGiven && !otherBasis) return false;
    const agreed = f.agreements.some(
      (g) =>
        g.status === 'active' &&
        !(today < g.startsOn) &&
        !(g.endsOn !== null && today > g.endsOn) &&
        g.categories.includes(cat) &&
        g.parties.includes(holder) &&
        g.parties.includes(a.organisationId),
    );
    if (!agreed) return false;
  }
  if (e && e.sharingLevel === 'own_organisation' && e.holdingOrganisationId !== a.organisationId)
    return false;
  if (e && e.sharingLevel === 'restricted' && !(e.authorId === a.userId || e.restrictedTo.includes(a.userId)))
    return false;
  return true;
}

describe('the access policy', () => {
  it(`agrees with the oracle on ${CASES.toLocaleString('en-GB')} generated cases`, () => {
    let checked = 0;
    let allowed = 0;
    fc.assert(
      fc.property(
        actor,
        facts,
        category,
        fc.constantFrom('read', 'write', 'add_update') as fc.Arbitrary<PersonAction>,
        fc.constantFrom(...NOW),
        entry,
        (a, f, cat, action, now, e) => {
          const decision = decideForPerson(a, f, cat, action, now, e);
          checked++;
          if (decision.allowed) allowed++;
          expect(decision.allowed).toBe(oracle(a, f, cat, action, now, e));
          expect(decision.reasons.length).toBeGreaterThan(0);
          if (decision.allowed) expect(decision.basis).toBeTruthy();
        },
      ),
      { numRuns: CASES },
    );
    console.log(`access matrix: ${checked} cases checked, ${allowed} allowed, ${checked - allowed} refused`);
    expect(checked).toBe(CASES);
    // A generator that never allows (or never refuses) would prove nothing.
    expect(allowed).toBeGreaterThan(CASES * 0.02);
    expect(checked - allowed).toBeGreaterThan(CASES * 0.2);
  });

  it('lets the person read their own record but not restricted or safeguarding entries', () => {
    const f: PersonFacts = {
      personId: 'p1',
      holdingOrganisationId: 'o1',
      careTeam: [],
      consents: [],
      lawfulBases: [],
      agreements: [],
      breakGlass: [],
    };
    const me: Actor = {
      kind: 'person',
      partnershipId: 'x',
      personId: 'p1',
      accountId: 'acc',
      representativeId: null,
      name: 'John',
    };
    const now = NOW[1]!;
    expect(decideForPerson(me, f, 'health', 'read', now).allowed).toBe(true);
    expect(decideForPerson(me, f, 'safeguarding', 'read', now).allowed).toBe(false);
    expect(
      decideForPerson(me, f, 'health', 'read', now, {
        holdingOrganisationId: 'o1',
        sharingLevel: 'restricted',
        restrictedTo: [],
        authorId: null,
      }).allowed,
    ).toBe(false);
    expect(decideForPerson({ ...me, personId: 'p2' }, f, 'health', 'read', now).allowed).toBe(false);
    // A note kept within its organisation is not on the person's own pages (a subject access request is).
    const kept = { holdingOrganisationId: 'o1', restrictedTo: [], authorId: null };
    expect(
      decideForPerson(me, f, 'health', 'read', now, { ...kept, sharingLevel: 'own_organisation' }).allowed,
    ).toBe(false);
    expect(
      decideForPerson(me, f, 'health', 'read', now, { ...kept, sharingLevel: 'care_team' }).allowed,
    ).toBe(true);
    expect(decideForPerson(me, f, 'health', 'add_update', now).allowed).toBe(false);
  });
});
