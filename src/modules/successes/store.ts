// The feed's SQL. Names and organisations of posters and thanked people are read from the staff list.
import type { Insertable } from 'kysely';
import type { Db } from '../../storage/database.ts';
import type { SuccessTable, ThanksTable } from '../../storage/tables.ts';

export async function recentSuccesses(db: Db, partnershipId: string, limit: number) {
  return db
    .selectFrom('success as s')
    .innerJoin('staff_user as u', (j) =>
      j.onRef('u.partnership_id', '=', 's.partnership_id').onRef('u.id', '=', 's.posted_by'),
    )
    .innerJoin('organisation as o', (j) =>
      j.onRef('o.partnership_id', '=', 'u.partnership_id').onRef('o.id', '=', 'u.organisation_id'),
    )
    .select([
      's.id',
      's.title',
      's.story',
      's.kind',
      's.organisation_ids',
      's.posted_by',
      's.posted_at',
      'u.name as poster_name',
      'o.name as poster_organisation',
    ])
    .where('s.partnership_id', '=', partnershipId)
    .where('s.removed_at', 'is', null)
    .orderBy('s.posted_at', 'desc')
    .limit(limit)
    .execute();
}

function thanksQuery(db: Db, partnershipId: string) {
  return db
    .selectFrom('thanks as t')
    .innerJoin('staff_user as f', (j) =>
      j.onRef('f.partnership_id', '=', 't.partnership_id').onRef('f.id', '=', 't.from_staff_id'),
    )
    .innerJoin('organisation as fo', (j) =>
      j.onRef('fo.partnership_id', '=', 'f.partnership_id').onRef('fo.id', '=', 'f.organisation_id'),
    )
    .innerJoin('staff_user as r', (j) =>
      j.onRef('r.partnership_id', '=', 't.partnership_id').onRef('r.id', '=', 't.to_staff_id'),
    )
    .innerJoin('organisation as ro', (j) =>
      j.onRef('ro.partnership_id', '=', 'r.partnership_id').onRef('ro.id', '=', 'r.organisation_id'),
    )
    .select([
      't.id',
      't.message',
      't.success_id',
      't.given_at',
      't.from_staff_id',
      't.to_staff_id',
      'f.name as from_name',
      'fo.name as from_organisation',
      'r.name as to_name',
      'ro.name as to_organisation',
    ])
    .where('t.partnership_id', '=', partnershipId)
    .where('t.removed_at', 'is', null);
}

export async function recentThanks(db: Db, partnershipId: string, limit: number) {
  return thanksQuery(db, partnershipId).orderBy('t.given_at', 'desc').limit(limit).execute();
}

export async function thanksTo(db: Db, partnershipId: string, staffId: string, limit: number) {
  return thanksQuery(db, partnershipId)
    .where('t.to_staff_id', '=', staffId)
    .orderBy('t.given_at', 'desc')
    .limit(limit)
    .execute();
}

export async function thanksForSuccesses(db: Db, partnershipId: string, successIds: readonly string[]) {
  if (!successIds.length) return [];
  return thanksQuery(db, partnershipId)
    .where('t.success_id', 'in', successIds)
    .orderBy('t.given_at')
    .execute();
}

export async function getSuccess(db: Db, partnershipId: string, id: string) {
  return db
    .selectFrom('success')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}

export async function getThanks(db: Db, partnershipId: string, id: string) {
  return thanksQuery(db, partnershipId).where('t.id', '=', id).executeTakeFirst();
}

export async function insertSuccess(db: Db, row: Insertable<SuccessTable>) {
  await db.insertInto('success').values(row).execute();
}

export async function insertThanks(db: Db, row: Insertable<ThanksTable>) {
  await db.insertInto('thanks').values(row).execute();
}

export async function removeSuccess(db: Db, partnershipId: string, id: string, by: string | null, at: Date) {
  await db
    .updateTable('success')
    .set({ removed_at: at, removed_by: by })
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .execute();
}

export async function removeThanks(db: Db, partnershipId: string, id: string, by: string | null, at: Date) {
  await db
    .updateTable('thanks')
    .set({ removed_at: at, removed_by: by })
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .execute();
}

export async function countSince(db: Db, partnershipId: string, since: Date) {
  const [successes, thanks] = await Promise.all([
    db
      .selectFrom('success')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('partnership_id', '=', partnershipId)
      .where('removed_at', 'is', null)
      .where('posted_at', '>=', since)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('thanks')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('partnership_id', '=', partnershipId)
      .where('removed_at', 'is', null)
      .where('given_at', '>=', since)
      .executeTakeFirstOrThrow(),
  ]);
  return { successes: Number(successes.n), thanks: Number(thanks.n) };
}
