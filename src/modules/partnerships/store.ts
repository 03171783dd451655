import { jsonObjectFrom } from 'kysely/helpers/postgres';
import type { Db } from '../../storage/database.ts';
import type { OrganisationKind } from '../../storage/tables.ts';

export async function getPartnership(db: Db, id: string) {
  return db.selectFrom('partnership').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The home page's facts in one statement: the partnership, its organisations by name, and the organisation
 * and professional role of one member of staff.
 */
export async function partnershipFor(db: Db, partnershipId: string, userId: string) {
  return db
    .selectFrom('partnership as p')
    .selectAll('p')
    .select((eb) => [
      eb
        .selectFrom(
          eb.selectFrom('organisation as o').selectAll('o').whereRef('o.partnership_id', '=', 'p.id').as('o'),
        )
        .select((o) => o.fn.jsonAgg('o').orderBy('o.name').as('list'))
        .as('organisations'),
      jsonObjectFrom(
        eb
          .selectFrom('staff_user as u')
          .select(['u.organisation_id', 'u.professional_role'])
          .whereRef('u.partnership_id', '=', 'p.id')
          .where('u.id', '=', userId),
      ).as('me'),
    ])
    .where('p.id', '=', partnershipId)
    .executeTakeFirst();
}

export async function listOrganisations(db: Db, partnershipId: string) {
  return db
    .selectFrom('organisation')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .orderBy('name')
    .execute();
}

export async function getOrganisation(db: Db, partnershipId: string, id: string) {
  return db
    .selectFrom('organisation')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function organisationNameTaken(db: Db, partnershipId: string, name: string, exceptId?: string) {
  let q = db
    .selectFrom('organisation')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
  if (exceptId) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertOrganisation(
  db: Db,
  row: { partnership_id: string; id: string; name: string; kind: OrganisationKind; created_at: Date },
) {
  await db.insertInto('organisation').values(row).execute();
}

export async function updateOrganisation(
  db: Db,
  partnershipId: string,
  id: string,
  changes: { name: string; kind: OrganisationKind },
) {
  await db
    .updateTable('organisation')
    .set(changes)
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .execute();
}

export async function staffCounts(db: Db, partnershipId: string) {
  return db
    .selectFrom('staff_user')
    .select(['organisation_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('partnership_id', '=', partnershipId)
    .where('disabled_at', 'is', null)
    .groupBy('organisation_id')
    .execute();
}

/** Names and roles only: colleagues' contact details are not shown here. */
export async function staffOf(db: Db, partnershipId: string, organisationId: string) {
  return db
    .selectFrom('staff_user')
    .select(['id', 'name', 'professional_role'])
    .where('partnership_id', '=', partnershipId)
    .where('organisation_id', '=', organisationId)
    .where('disabled_at', 'is', null)
    .orderBy('name')
    .execute();
}
