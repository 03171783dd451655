import type { Db } from '../../storage/database.ts';
import type { BidStatus, ResourceKind } from '../../storage/tables.ts';

export interface CommitmentRow {
  partnership_id: string;
  id: string;
  organisation_id: string;
  kind: ResourceKind;
  description: string;
  hours_per_week: number | null;
  amount_per_year: number | null;
  starts_on: string | null;
  ends_on: string | null;
  updated_at: Date;
}

export async function commitments(db: Db, partnershipId: string) {
  return db
    .selectFrom('resource_commitment')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function commitment(db: Db, partnershipId: string, id: string) {
  return db
    .selectFrom('resource_commitment')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertCommitment(db: Db, row: CommitmentRow) {
  await db
    .insertInto('resource_commitment')
    .values({ ...row, created_at: row.updated_at })
    .execute();
}

export async function updateCommitment(db: Db, row: CommitmentRow) {
  const { partnership_id, id, ...changes } = row;
  await db
    .updateTable('resource_commitment')
    .set(changes)
    .where('partnership_id', '=', partnership_id)
    .where('id', '=', id)
    .execute();
}

export async function deleteCommitment(db: Db, partnershipId: string, id: string) {
  await db
    .deleteFrom('resource_commitment')
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .execute();
}

export interface BidRow {
  partnership_id: string;
  id: string;
  title: string;
  funder: string;
  amount: number;
  lead_organisation_id: string;
  partner_organisation_ids: string[];
  status: BidStatus;
  deadline_on: string | null;
  submitted_on: string | null;
  decision_on: string | null;
  notes: string;
  updated_at: Date;
  updated_by_name: string;
}

export async function bids(db: Db, partnershipId: string) {
  return db
    .selectFrom('joint_funding_bid')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

export async function bid(db: Db, partnershipId: string, id: string) {
  return db
    .selectFrom('joint_funding_bid')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertBid(db: Db, row: BidRow) {
  await db
    .insertInto('joint_funding_bid')
    .values({ ...row, revision: 1, created_at: row.updated_at })
    .execute();
}

/** Saves only if nobody saved since `revision`; returns whether it did. */
export async function updateBid(db: Db, row: BidRow, revision: number): Promise<boolean> {
  const { partnership_id, id, ...changes } = row;
  const result = await db
    .updateTable('joint_funding_bid')
    .set({ ...changes, revision: revision + 1 })
    .where('partnership_id', '=', partnership_id)
    .where('id', '=', id)
    .where('revision', '=', revision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
