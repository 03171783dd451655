// The facts the policy decides on, read in one place. This is the one module besides each owner's store
// that reads the sharing tables: deciding access must not depend on a module choosing what to show it.
import type { Db } from '../storage/database.ts';
import type { PersonFacts } from './person.ts';

export async function loadPersonFacts(
  db: Db,
  partnershipId: string,
  personId: string,
): Promise<PersonFacts | null> {
  const [person, careTeam, consents, bases, agreements, parties, glass, lead] = await Promise.all([
    db
      .selectFrom('person')
      .select(['id', 'holding_organisation_id'])
      .where('partnership_id', '=', partnershipId)
      .where('id', '=', personId)
      .executeTakeFirst(),
    db
      .selectFrom('care_team_member')
      .select(['organisation_id', 'staff_user_id'])
      .where('partnership_id', '=', partnershipId)
      .where('person_id', '=', personId)
      .execute(),
    db
      .selectFrom('consent')
      .select(['organisation_id', 'categories', 'status'])
      .where('partnership_id', '=', partnershipId)
      .where('person_id', '=', personId)
      .orderBy('recorded_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('lawful_basis')
      .select(['organisation_id', 'kind', 'categories', 'starts_on', 'ends_on', 'ended_at'])
      .where('partnership_id', '=', partnershipId)
      .where('person_id', '=', personId)
      .execute(),
    db
      .selectFrom('sharing_agreement')
      .select(['id', 'title', 'status', 'categories', 'starts_on', 'ends_on'])
      .where('partnership_id', '=', partnershipId)
      .where('status', '=', 'active')
      .execute(),
    db
      .selectFrom('sharing_agreement_party as p')
      .innerJoin('sharing_agreement as a', (j) =>
        j.onRef('a.partnership_id', '=', 'p.partnership_id').onRef('a.id', '=', 'p.agreement_id'),
      )
      .select(['p.agreement_id', 'p.organisation_id'])
      .where('p.partnership_id', '=', partnershipId)
      .where('a.status', '=', 'active')
      .execute(),
    db
      .selectFrom('break_glass')
      .select(['staff_user_id', 'expires_at'])
      .where('partnership_id', '=', partnershipId)
      .where('person_id', '=', personId)
      .execute(),
    db
      .selectFrom('care_team_member as m')
      .innerJoin('organisation as o', (j) =>
        j.onRef('o.partnership_id', '=', 'm.partnership_id').onRef('o.id', '=', 'm.organisation_id'),
      )
      .leftJoin('staff_user as u', (j) =>
        j.onRef('u.partnership_id', '=', 'm.partnership_id').onRef('u.id', '=', 'm.staff_user_id'),
      )
      .select(['u.name as staff_name', 'o.name as organisation_name'])
      .where('m.partnership_id', '=', partnershipId)
      .where('m.person_id', '=', personId)
      .where('m.is_lead', '=', true)
      .executeTakeFirst(),
  ]);
  if (!person) return null;
  return {
    personId,
    holdingOrganisationId: person.holding_organisation_id ?? '',
    careTeam: careTeam.map((m) => ({ organisationId: m.organisation_id, staffUserId: m.staff_user_id })),
    consents: consents.map((c) => ({
      organisationId: c.organisation_id,
      categories: c.categories,
      status: c.status,
    })),
    lawfulBases: bases.map((b) => ({
      organisationId: b.organisation_id,
      kind: b.kind,
      categories: b.categories,
      startsOn: b.starts_on,
      endsOn: b.ends_on,
      ended: b.ended_at !== null,
    })),
    agreements: agreements.map((a) => ({
      id: a.id,
      title: a.title,
      status: a.status,
      categories: a.categories,
      startsOn: a.starts_on,
      endsOn: a.ends_on,
      parties: parties.filter((p) => p.agreement_id === a.id).map((p) => p.organisation_id),
    })),
    breakGlass: glass.map((g) => ({ staffUserId: g.staff_user_id, expiresAt: new Date(g.expires_at) })),
    lead: lead
      ? { name: lead.staff_name ?? lead.organisation_name, organisationName: lead.organisation_name }
      : undefined,
  };
}
