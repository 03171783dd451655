import type { Db } from '../../storage/database.ts';
import type { MouAim } from '../../storage/tables.ts';

export async function latestVersion(db: Db, partnershipId: string) {
  return db
    .selectFrom('mou_version')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function version(db: Db, partnershipId: string, n: number) {
  return db
    .selectFrom('mou_version')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('version', '=', n)
    .executeTakeFirst();
}

export async function versions(db: Db, partnershipId: string) {
  return db
    .selectFrom('mou_version')
    .select(['version', 'status', 'updated_at', 'updated_by_name', 'agreed_at', 'review_on'])
    .where('partnership_id', '=', partnershipId)
    .orderBy('version', 'desc')
    .execute();
}

/** The most recent agreed version before `before` (or overall when `before` is omitted). */
export async function lastAgreed(db: Db, partnershipId: string, before?: number) {
  let q = db
    .selectFrom('mou_version')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('status', '=', 'agreed');
  if (before !== undefined) q = q.where('version', '<', before);
  return q.orderBy('version', 'desc').limit(1).executeTakeFirst();
}

export interface NewVersion {
  partnership_id: string;
  version: number;
  purpose: string;
  aims: MouAim[];
  responsibilities: Record<string, string>;
  review_on: string;
  revision: number;
  at: Date;
  by: string;
}

export async function insertVersion(db: Db, v: NewVersion) {
  await db
    .insertInto('mou_version')
    .values({
      partnership_id: v.partnership_id,
      version: v.version,
      status: 'draft',
      purpose: v.purpose,
      aims: JSON.stringify(v.aims),
      responsibilities: JSON.stringify(v.responsibilities),
      review_on: v.review_on,
      revision: v.revision,
      created_at: v.at,
      updated_at: v.at,
      updated_by_name: v.by,
      agreed_at: null,
    })
    .execute();
}

/** Updates a draft only if nobody saved it since `expectedRevision`; returns whether it did. */
export async function updateDraft(db: Db, v: NewVersion, expectedRevision: number): Promise<boolean> {
  const result = await db
    .updateTable('mou_version')
    .set({
      purpose: v.purpose,
      aims: JSON.stringify(v.aims),
      responsibilities: JSON.stringify(v.responsibilities),
      review_on: v.review_on,
      revision: v.revision,
      updated_at: v.at,
      updated_by_name: v.by,
    })
    .where('partnership_id', '=', v.partnership_id)
    .where('version', '=', v.version)
    .where('status', '=', 'draft')
    .where('revision', '=', expectedRevision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markAgreed(db: Db, partnershipId: string, n: number, at: Date) {
  await db
    .updateTable('mou_version')
    .set({ status: 'agreed', agreed_at: at })
    .where('partnership_id', '=', partnershipId)
    .where('version', '=', n)
    .execute();
}

export async function signatories(db: Db, partnershipId: string, n: number) {
  return db
    .selectFrom('mou_signatory')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('version', '=', n)
    .execute();
}

export async function clearSignatories(db: Db, partnershipId: string, n: number) {
  const result = await db
    .deleteFrom('mou_signatory')
    .where('partnership_id', '=', partnershipId)
    .where('version', '=', n)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertSignatory(
  db: Db,
  row: {
    partnership_id: string;
    version: number;
    organisation_id: string;
    name: string;
    role: string;
    signed_on: string;
    recorded_by_name: string;
    recorded_at: Date;
  },
) {
  await db.insertInto('mou_signatory').values(row).execute();
}

export async function priorities(db: Db, partnershipId: string) {
  return db
    .selectFrom('organisation_priority')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function priority(db: Db, partnershipId: string, id: string) {
  return db
    .selectFrom('organisation_priority')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertPriority(
  db: Db,
  row: {
    partnership_id: string;
    id: string;
    organisation_id: string;
    priority: string;
    target: string;
    supports_aims: string[];
    created_at: Date;
    updated_at: Date;
  },
) {
  await db.insertInto('organisation_priority').values(row).execute();
}

export async function updatePriority(
  db: Db,
  partnershipId: string,
  id: string,
  changes: {
    organisation_id: string;
    priority: string;
    target: string;
    supports_aims: string[];
    updated_at: Date;
  },
) {
  await db
    .updateTable('organisation_priority')
    .set(changes)
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .execute();
}

export async function deletePriority(db: Db, partnershipId: string, id: string) {
  await db
    .deleteFrom('organisation_priority')
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .execute();
}
