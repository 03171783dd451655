// People's accounts (person_account): invitations, activation and disabling. Signing in with them is
// identity's; the invitation's token is stored only as its SHA-256, like a session's.
import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../storage/database.ts';
import type { PersonAccountTable } from '../../storage/tables.ts';

export async function accountsOf(db: Db, partnershipId: string, personId: string) {
  return db
    .selectFrom('person_account as a')
    .leftJoin('representative as r', (j) =>
      j.onRef('r.partnership_id', '=', 'a.partnership_id').onRef('r.id', '=', 'a.representative_id'),
    )
    .select([
      'a.id',
      'a.representative_id',
      'a.email',
      'a.invitation_expires_at',
      'a.activated_at',
      'a.locked_until',
      'a.disabled_at',
      'a.created_at',
      'r.name as representative_name',
      'r.kind as representative_kind',
    ])
    .where('a.partnership_id', '=', partnershipId)
    .where('a.person_id', '=', personId)
    .orderBy('a.created_at')
    .execute();
}

/** The person's own account (representativeId null) or a representative's, if one was ever issued. */
export async function accountFor(
  db: Db,
  partnershipId: string,
  personId: string,
  representativeId: string | null,
) {
  return db
    .selectFrom('person_account')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('person_id', '=', personId)
    .where('representative_id', representativeId === null ? 'is' : '=', representativeId)
    .executeTakeFirst();
}

/** Whether an email address already signs in to some account other than this one (staff or person). */
export async function emailTaken(db: Db, email: string, exceptAccountId: string | null): Promise<boolean> {
  const wanted = email.trim().toLowerCase();
  const staff = await db
    .selectFrom('staff_user')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', wanted))
    .executeTakeFirst();
  if (staff) return true;
  let q = db
    .selectFrom('person_account')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', wanted));
  if (exceptAccountId) q = q.where('id', '<>', exceptAccountId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertAccount(db: Db, row: Insertable<PersonAccountTable>): Promise<void> {
  await db.insertInto('person_account').values(row).execute();
}

export async function updateAccount(
  db: Db,
  partnershipId: string,
  id: string,
  values: Updateable<PersonAccountTable>,
): Promise<number> {
  const result = await db
    .updateTable('person_account')
    .set(values)
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The account an invitation token belongs to, with whom it is for. Any partnership: the token is the key. */
export async function accountByInvitation(db: Db, invitationHash: string) {
  return db
    .selectFrom('person_account as a')
    .innerJoin('person as p', (j) =>
      j.onRef('p.partnership_id', '=', 'a.partnership_id').onRef('p.id', '=', 'a.person_id'),
    )
    .leftJoin('representative as r', (j) =>
      j.onRef('r.partnership_id', '=', 'a.partnership_id').onRef('r.id', '=', 'a.representative_id'),
    )
    .select([
      'a.partnership_id',
      'a.id',
      'a.person_id',
      'a.representative_id',
      'a.email',
      'a.invitation_expires_at',
      'a.disabled_at',
      'p.given_name',
      'p.preferred_name',
      'p.family_name',
      'r.name as representative_name',
      'r.may_sign_in',
      'r.ended_at',
    ])
    .where('a.invitation_hash', '=', invitationHash)
    .executeTakeFirst();
}

export async function activeRepresentative(
  db: Db,
  partnershipId: string,
  personId: string,
  representativeId: string,
) {
  return db
    .selectFrom('representative')
    .select(['id', 'name', 'kind', 'may_sign_in'])
    .where('partnership_id', '=', partnershipId)
    .where('person_id', '=', personId)
    .where('id', '=', representativeId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
}

export async function setMaySignIn(
  db: Db,
  partnershipId: string,
  representativeId: string,
  maySignIn: boolean,
): Promise<void> {
  await db
    .updateTable('representative')
    .set({ may_sign_in: maySignIn })
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', representativeId)
    .execute();
}
