// The facts the policy decides on, read in one place. This is the one module besides each owner's store
// that reads the sharing tables: deciding access must not depend on a module choosing what to show it.
import { sql } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { Db } from '../storage/database.ts';
import type { PersonFacts } from './person.ts';

/**
 * One statement for every fact about one person (each list gathered as JSON by a subquery): every page of
 * a person's record asks, so this is a round trip per page rather than eight.
 */
export async function loadPersonFacts(
  db: Db,
  partnershipId: string,
  personId: string,
): Promise<PersonFacts | null> {
  const row = await db
    .selectFrom('person as p')
    .select((eb) => [
      'p.holding_organisation_id',
      jsonArrayFrom(
        eb
          .selectFrom('care_team_member as m')
          .select(['m.organisation_id', 'm.staff_user_id'])
          .whereRef('m.partnership_id', '=', 'p.partnership_id')
          .whereRef('m.person_id', '=', 'p.id'),
      ).as('care_team'),
      // The newest consent record for an organisation and category is in force, so the order is part of the
      // fact: it is the aggregate's own ORDER BY, which (unlike a subquery's) the result must keep.
      eb
        .selectFrom(
          eb
            .selectFrom('consent as c')
            .select(['c.organisation_id', 'c.categories', 'c.status', 'c.recorded_at', 'c.id'])
            .whereRef('c.partnership_id', '=', 'p.partnership_id')
            .whereRef('c.person_id', '=', 'p.id')
            .as('c'),
        )
        .select((c) => c.fn.jsonAgg('c').orderBy('c.recorded_at').orderBy('c.id').as('list'))
        .as('consents'),
      jsonArrayFrom(
        eb
          .selectFrom('lawful_basis as b')
          .select(['b.organisation_id', 'b.kind', 'b.categories', 'b.starts_on', 'b.ends_on', 'b.ended_at'])
          .whereRef('b.partnership_id', '=', 'p.partnership_id')
          .whereRef('b.person_id', '=', 'p.id'),
      ).as('lawful_bases'),
      jsonArrayFrom(
        eb
          .selectFrom('sharing_agreement as a')
          .select((a) => [
            'a.id',
            'a.title',
            'a.status',
            'a.categories',
            'a.starts_on',
            'a.ends_on',
            sql<string[]>`array(${a
              .selectFrom('sharing_agreement_party as ap')
              .select('ap.organisation_id')
              .whereRef('ap.partnership_id', '=', 'a.partnership_id')
              .whereRef('ap.agreement_id', '=', 'a.id')})`.as('parties'),
          ])
          .whereRef('a.partnership_id', '=', 'p.partnership_id')
          .where('a.status', '=', 'active'),
      ).as('agreements'),
      jsonArrayFrom(
        eb
          .selectFrom('break_glass as g')
          .select(['g.staff_user_id', 'g.expires_at'])
          .whereRef('g.partnership_id', '=', 'p.partnership_id')
          .whereRef('g.person_id', '=', 'p.id'),
      ).as('break_glass'),
      jsonObjectFrom(
        eb
          .selectFrom('care_team_member as m')
          .innerJoin('organisation as o', (j) =>
            j.onRef('o.partnership_id', '=', 'm.partnership_id').onRef('o.id', '=', 'm.organisation_id'),
          )
          .leftJoin('staff_user as u', (j) =>
            j.onRef('u.partnership_id', '=', 'm.partnership_id').onRef('u.id', '=', 'm.staff_user_id'),
          )
          .select(['u.name as staff_name', 'o.name as organisation_name'])
          .whereRef('m.partnership_id', '=', 'p.partnership_id')
          .whereRef('m.person_id', '=', 'p.id')
          .where('m.is_lead', '=', true),
      ).as('lead'),
    ])
    .where('p.partnership_id', '=', partnershipId)
    .where('p.id', '=', personId)
    .executeTakeFirst();
  if (!row) return null;
  const lead = row.lead;
  return {
    personId,
    holdingOrganisationId: row.holding_organisation_id ?? '',
    careTeam: row.care_team.map((m) => ({ organisationId: m.organisation_id, staffUserId: m.staff_user_id })),
    consents: (row.consents ?? []).map((c) => ({
      organisationId: c.organisation_id,
      categories: c.categories,
      status: c.status,
    })),
    lawfulBases: row.lawful_bases.map((b) => ({
      organisationId: b.organisation_id,
      kind: b.kind,
      categories: b.categories,
      startsOn: b.starts_on,
      endsOn: b.ends_on,
      ended: b.ended_at !== null,
    })),
    agreements: row.agreements.map((a) => ({
      id: a.id,
      title: a.title,
      status: a.status,
      categories: a.categories,
      startsOn: a.starts_on,
      endsOn: a.ends_on,
      parties: a.parties,
    })),
    breakGlass: row.break_glass.map((g) => ({
      staffUserId: g.staff_user_id,
      expiresAt: new Date(g.expires_at),
    })),
    lead: lead
      ? { name: lead.staff_name ?? lead.organisation_name, organisationName: lead.organisation_name }
      : undefined,
  };
}
