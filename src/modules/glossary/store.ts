import type { Db } from '../../storage/database.ts';
import type { GlossaryTermTable } from '../../storage/tables.ts';

type NewTerm = Omit<GlossaryTermTable, 'created_at' | 'updated_at'> & { created_at: Date; updated_at: Date };

/** "%" and "_" typed into the search box are looked for as themselves. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listTerms(db: Db, partnershipId: string, q = '') {
  let query = db.selectFrom('glossary_term').selectAll().where('partnership_id', '=', partnershipId);
  if (q) {
    const pattern = likePattern(q);
    query = query.where((eb) =>
      eb.or([
        eb('term', 'ilike', pattern),
        eb('meaning', 'ilike', pattern),
        eb('preferred', 'ilike', pattern),
      ]),
    );
  }
  return query.orderBy((eb) => eb.fn('lower', ['term'])).execute();
}

export async function getTerm(db: Db, partnershipId: string, id: string) {
  return db
    .selectFrom('glossary_term')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function termTaken(db: Db, partnershipId: string, term: string, exceptId?: string) {
  let q = db
    .selectFrom('glossary_term')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where((eb) => eb(eb.fn('lower', ['term']), '=', term.toLowerCase()));
  if (exceptId) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertTerm(db: Db, row: NewTerm) {
  await db.insertInto('glossary_term').values(row).execute();
}

export async function insertTerms(db: Db, rows: NewTerm[]) {
  await db.insertInto('glossary_term').values(rows).execute();
}

export async function updateTerm(
  db: Db,
  partnershipId: string,
  id: string,
  changes: Pick<
    GlossaryTermTable,
    'term' | 'meaning' | 'preferred' | 'used_by_organisation_ids' | 'updated_by_name'
  > & {
    updated_at: Date;
  },
) {
  await db
    .updateTable('glossary_term')
    .set(changes)
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .execute();
}

export async function deleteTerm(db: Db, partnershipId: string, id: string) {
  await db
    .deleteFrom('glossary_term')
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .execute();
}

export async function countTerms(db: Db, partnershipId: string): Promise<number> {
  const row = await db
    .selectFrom('glossary_term')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('partnership_id', '=', partnershipId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
