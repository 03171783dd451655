import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../storage/database.ts';
import type { DisputeTable } from '../../storage/tables.ts';

export async function procedure(db: Db, partnershipId: string) {
  return db
    .selectFrom('dispute_procedure_stage')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .orderBy('stage')
    .execute();
}

export async function saveProcedureStage(
  db: Db,
  row: {
    partnership_id: string;
    stage: number;
    target_working_days: number;
    updated_at: Date;
    updated_by_name: string;
  },
) {
  await db
    .insertInto('dispute_procedure_stage')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['partnership_id', 'stage']).doUpdateSet({
        target_working_days: row.target_working_days,
        updated_at: row.updated_at,
        updated_by_name: row.updated_by_name,
      }),
    )
    .execute();
}

export type DisputeRow = NonNullable<Awaited<ReturnType<typeof dispute>>>;

export async function disputes(db: Db, partnershipId: string) {
  return db
    .selectFrom('dispute')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .orderBy('raised_at', 'desc')
    .orderBy('id')
    .execute();
}

export async function dispute(db: Db, partnershipId: string, id: string) {
  return db
    .selectFrom('dispute')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Locks the dispute for a change, so two people escalating at once cannot both move it on. */
export async function disputeForUpdate(db: Db, partnershipId: string, id: string) {
  return db
    .selectFrom('dispute')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function insertDispute(db: Db, row: Insertable<DisputeTable>) {
  await db.insertInto('dispute').values(row).execute();
}

export async function updateDispute(
  db: Db,
  partnershipId: string,
  id: string,
  changes: Updateable<DisputeTable>,
) {
  await db
    .updateTable('dispute')
    .set(changes)
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .execute();
}

export async function parties(db: Db, partnershipId: string, disputeIds: readonly string[]) {
  if (!disputeIds.length) return [];
  return db
    .selectFrom('dispute_party')
    .select(['dispute_id', 'organisation_id'])
    .where('partnership_id', '=', partnershipId)
    .where('dispute_id', 'in', disputeIds)
    .execute();
}

export async function insertParties(
  db: Db,
  partnershipId: string,
  disputeId: string,
  organisationIds: readonly string[],
) {
  await db
    .insertInto('dispute_party')
    .values(
      organisationIds.map((organisation_id) => ({
        partnership_id: partnershipId,
        dispute_id: disputeId,
        organisation_id,
      })),
    )
    .execute();
}

export async function stages(db: Db, partnershipId: string, disputeIds: readonly string[]) {
  if (!disputeIds.length) return [];
  return db
    .selectFrom('dispute_stage')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('dispute_id', 'in', disputeIds)
    .orderBy('stage')
    .execute();
}

export async function startStage(
  db: Db,
  row: {
    partnership_id: string;
    dispute_id: string;
    stage: number;
    started_at: Date;
    started_on: string;
    target_working_days: number;
    due_on: string;
  },
) {
  await db
    .insertInto('dispute_stage')
    .values({ ...row, ended_at: null, end_reason: null, escalation_reason: null, ended_by_name: null })
    .execute();
}

export async function endStage(
  db: Db,
  partnershipId: string,
  disputeId: string,
  stage: number,
  end: {
    ended_at: Date;
    end_reason: 'escalated' | 'resolved';
    escalation_reason: string | null;
    ended_by_name: string;
  },
) {
  await db
    .updateTable('dispute_stage')
    .set(end)
    .where('partnership_id', '=', partnershipId)
    .where('dispute_id', '=', disputeId)
    .where('stage', '=', stage)
    .where('ended_at', 'is', null)
    .execute();
}

export async function views(db: Db, partnershipId: string, disputeIds: readonly string[]) {
  if (!disputeIds.length) return [];
  return db
    .selectFrom('dispute_view')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('dispute_id', 'in', disputeIds)
    .orderBy('written_at')
    .orderBy('id')
    .execute();
}

export async function insertView(
  db: Db,
  row: {
    partnership_id: string;
    id: string;
    dispute_id: string;
    kind: 'party' | 'person';
    organisation_id: string | null;
    author_id: string;
    author_name: string;
    author_role: string;
    stage: number;
    words: string;
    how_asked: string | null;
    written_at: Date;
  },
) {
  await db.insertInto('dispute_view').values(row).execute();
}

/** Every open stage past its due date, in every partnership: for a reminder job, not for a page. */
export async function overdueStages(db: Db, today: string) {
  return db
    .selectFrom('dispute_stage as s')
    .innerJoin('dispute as d', (j) =>
      j.onRef('d.partnership_id', '=', 's.partnership_id').onRef('d.id', '=', 's.dispute_id'),
    )
    .select(['s.partnership_id', 's.dispute_id', 's.stage', 's.due_on', 'd.person_id', 'd.raised_by'])
    .where('s.ended_at', 'is', null)
    .where('d.status', '=', 'open')
    .where('s.due_on', '<', today)
    .orderBy('s.due_on')
    .execute();
}
