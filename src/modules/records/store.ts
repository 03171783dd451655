// The timeline's SQL: entries (the note table), their earlier revisions and their confirmations.
import type { Insertable } from 'kysely';
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Db } from '../../storage/database.ts';
import type { NoteConfirmationTable, NoteRevisionTable, NoteTable } from '../../storage/tables.ts';

/**
 * What the policy needs to decide on each of a person's entries, newest first, with the writing
 * organisation's name. Small rows: every entry is decided before a page is cut, so that the count and the
 * pages never include an entry the viewer may not read, and only the page's entries are read in full.
 */
export async function entryFacts(db: Db, partnershipId: string, personId: string) {
  return db
    .selectFrom('note as n')
    .innerJoin('organisation as o', (j) =>
      j.onRef('o.partnership_id', '=', 'n.partnership_id').onRef('o.id', '=', 'n.organisation_id'),
    )
    .select([
      'n.id',
      'n.organisation_id',
      'o.name as organisation_name',
      'n.author_id',
      'n.category',
      'n.sharing_level',
      'n.restricted_to',
    ])
    .where('n.partnership_id', '=', partnershipId)
    .where('n.person_id', '=', personId)
    .orderBy('n.written_at', 'desc')
    .orderBy('n.id', 'desc')
    .execute();
}

export type EntryFactsRow = Awaited<ReturnType<typeof entryFacts>>[number];

/** Entries in full: the text, who wrote and last corrected it, and every confirmation of every revision. */
export async function entries(db: Db, partnershipId: string, personId: string, ids: readonly string[]) {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('note as n')
    .innerJoin('staff_user as u', (j) =>
      j.onRef('u.partnership_id', '=', 'n.partnership_id').onRef('u.id', '=', 'n.author_id'),
    )
    .innerJoin('organisation as o', (j) =>
      j.onRef('o.partnership_id', '=', 'n.partnership_id').onRef('o.id', '=', 'n.organisation_id'),
    )
    .leftJoin('staff_user as r', (j) =>
      j.onRef('r.partnership_id', '=', 'n.partnership_id').onRef('r.id', '=', 'n.revised_by'),
    )
    .select((eb) => [
      'n.id',
      'n.person_id',
      'n.organisation_id',
      'o.name as organisation_name',
      'n.author_id',
      'u.name as author_name',
      'u.professional_role as author_role',
      'n.category',
      'n.sharing_level',
      'n.restricted_to',
      sql<string[]>`array(${eb
        .selectFrom('staff_user as x')
        .select('x.name')
        .whereRef('x.partnership_id', '=', 'n.partnership_id')
        .where(sql<boolean>`x.id = ANY(n.restricted_to)`)
        .orderBy('x.name')})`.as('restricted_names'),
      'n.title',
      'n.body',
      'n.written_at',
      'n.revision',
      'n.revised_by',
      'r.name as revised_by_name',
      'n.revised_at',
      'n.revision_reason',
      jsonArrayFrom(
        eb
          .selectFrom('note_confirmation as c')
          .innerJoin('staff_user as cu', (j) =>
            j.onRef('cu.partnership_id', '=', 'c.partnership_id').onRef('cu.id', '=', 'c.staff_user_id'),
          )
          .innerJoin('organisation as co', (j) =>
            j.onRef('co.partnership_id', '=', 'c.partnership_id').onRef('co.id', '=', 'c.organisation_id'),
          )
          .select([
            'c.revision',
            'c.staff_user_id',
            'cu.name as staff_name',
            'co.name as organisation_name',
            'c.confirmed_at',
          ])
          .whereRef('c.partnership_id', '=', 'n.partnership_id')
          .whereRef('c.note_id', '=', 'n.id')
          .orderBy('c.confirmed_at')
          .orderBy('cu.name'),
      ).as('confirmations'),
    ])
    .where('n.partnership_id', '=', partnershipId)
    .where('n.person_id', '=', personId)
    .where('n.id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        ...r,
        confirmations: r.confirmations.map((c) => ({ ...c, confirmed_at: new Date(c.confirmed_at) })),
      },
    ];
  });
}

export type EntryRow = Awaited<ReturnType<typeof entries>>[number];

/** One entry, locked until the transaction ends: a correction reads and replaces it without a race. */
export async function lockEntry(db: Db, partnershipId: string, personId: string, id: string) {
  return db
    .selectFrom('note')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('person_id', '=', personId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** The earlier revisions of an entry, newest first, with who wrote each and who replaced it. */
export async function revisions(db: Db, partnershipId: string, noteId: string) {
  return db
    .selectFrom('note_revision as v')
    .innerJoin('staff_user as w', (j) =>
      j.onRef('w.partnership_id', '=', 'v.partnership_id').onRef('w.id', '=', 'v.written_by'),
    )
    .innerJoin('staff_user as s', (j) =>
      j.onRef('s.partnership_id', '=', 'v.partnership_id').onRef('s.id', '=', 'v.superseded_by'),
    )
    .select([
      'v.revision',
      'v.title',
      'v.body',
      'v.written_by',
      'w.name as written_by_name',
      'v.written_at',
      'v.reason',
      's.name as superseded_by_name',
      'v.superseded_at',
    ])
    .where('v.partnership_id', '=', partnershipId)
    .where('v.note_id', '=', noteId)
    .orderBy('v.revision', 'desc')
    .execute();
}

export async function insertEntry(db: Db, row: Insertable<NoteTable>) {
  await db.insertInto('note').values(row).execute();
}

export async function insertRevision(db: Db, row: Insertable<NoteRevisionTable>) {
  await db.insertInto('note_revision').values(row).execute();
}

/** Replaces the entry's text, only if it is still at the revision the corrector read. */
export async function replaceText(
  db: Db,
  partnershipId: string,
  id: string,
  fromRevision: number,
  change: { title: string; body: string; revisedBy: string; revisedAt: Date; reason: string },
): Promise<boolean> {
  const result = await db
    .updateTable('note')
    .set({
      title: change.title,
      body: change.body,
      revision: fromRevision + 1,
      revised_by: change.revisedBy,
      revised_at: change.revisedAt,
      revision_reason: change.reason,
    })
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .where('revision', '=', fromRevision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records a confirmation; false when this person had already confirmed this revision. */
export async function insertConfirmation(db: Db, row: Insertable<NoteConfirmationTable>): Promise<boolean> {
  const inserted = await db
    .insertInto('note_confirmation')
    .values(row)
    .onConflict((oc) => oc.columns(['partnership_id', 'note_id', 'revision', 'staff_user_id']).doNothing())
    .returning('note_id')
    .executeTakeFirst();
  return inserted !== undefined;
}
