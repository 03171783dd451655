import type { Db } from '../../storage/database.ts';
import type { OrganisationKind } from '../../storage/tables.ts';

export async function getPartnership(db: Db, id: string) {
  return db.selectFrom('partnership').selectAll().where('id', '=', id).executeTakeFirst();
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

export async function staffMember(db: Db, partnershipId: string, userId: string) {
  return db
    .selectFrom('staff_user')
    .select(['organisation_id', 'professional_role'])
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', userId)
    .executeTakeFirst();
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
