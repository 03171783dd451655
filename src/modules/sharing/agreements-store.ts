// The SQL of the register of information sharing agreements. Every change that can race another goes through
// a version check: the row changes only if its version is still the one the editor read.
import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../storage/database.ts';
import type { SharingAgreementPartyTable, SharingAgreementTable } from '../../storage/tables.ts';

export async function listAgreements(db: Db, partnershipId: string) {
  return db
    .selectFrom('sharing_agreement')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .orderBy('title')
    .orderBy('id')
    .execute();
}

export async function getAgreement(db: Db, partnershipId: string, id: string) {
  return db
    .selectFrom('sharing_agreement')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The parties of some agreements, or of all the partnership's when no ids are given. */
export async function partiesOf(db: Db, partnershipId: string, agreementIds?: readonly string[]) {
  if (agreementIds && agreementIds.length === 0) return [];
  let q = db
    .selectFrom('sharing_agreement_party')
    .select(['agreement_id', 'organisation_id', 'signatory_name', 'signatory_role', 'signed_on'])
    .where('partnership_id', '=', partnershipId);
  if (agreementIds) q = q.where('agreement_id', 'in', agreementIds);
  return q.execute();
}

export async function insertAgreement(db: Db, row: Insertable<SharingAgreementTable>) {
  await db.insertInto('sharing_agreement').values(row).execute();
}

/**
 * Applies changes only if the agreement is still at `version`, and moves it to the next version.
 * Returns false when someone else changed it first.
 */
export async function updateIfVersion(
  db: Db,
  partnershipId: string,
  id: string,
  version: number,
  changes: Updateable<SharingAgreementTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('sharing_agreement')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertParties(db: Db, rows: Insertable<SharingAgreementPartyTable>[]) {
  if (rows.length) await db.insertInto('sharing_agreement_party').values(rows).execute();
}

export async function upsertParty(db: Db, row: Insertable<SharingAgreementPartyTable>) {
  await db
    .insertInto('sharing_agreement_party')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['partnership_id', 'agreement_id', 'organisation_id']).doUpdateSet({
        signatory_name: row.signatory_name ?? '',
        signatory_role: row.signatory_role ?? '',
        signed_on: row.signed_on ?? null,
      }),
    )
    .execute();
}

export async function deleteParty(
  db: Db,
  partnershipId: string,
  agreementId: string,
  organisationId: string,
) {
  await db
    .deleteFrom('sharing_agreement_party')
    .where('partnership_id', '=', partnershipId)
    .where('agreement_id', '=', agreementId)
    .where('organisation_id', '=', organisationId)
    .execute();
}

export async function clearSignatures(db: Db, partnershipId: string, agreementId: string) {
  await db
    .updateTable('sharing_agreement_party')
    .set({ signatory_name: '', signatory_role: '', signed_on: null })
    .where('partnership_id', '=', partnershipId)
    .where('agreement_id', '=', agreementId)
    .execute();
}
