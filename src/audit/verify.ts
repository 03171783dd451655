import type { Db } from '../storage/database.ts';
import { GENESIS_HASH, hashRow } from './chain.ts';

export interface BrokenLink {
  partnershipId: string;
  seq: number;
  reason: string;
}

export interface VerifyReport {
  chains: number;
  rowsChecked: number;
  broken: BrokenLink | null;
}

const PAGE = 2000;

/** Walks every chain from its first row and reports the first link that does not hold. */
export async function verifyTrail(db: Db): Promise<VerifyReport> {
  const heads = await db.selectFrom('audit_chain_head').selectAll().orderBy('partnership_id').execute();
  let rowsChecked = 0;
  for (const head of heads) {
    const result = await verifyChain(db, head.partnership_id, Number(head.seq), head.hash);
    rowsChecked += result.rows;
    if (result.broken) return { chains: heads.length, rowsChecked, broken: result.broken };
  }
  // Rows whose chain has no head were added around the writer.
  const orphan = await db
    .selectFrom('audit_event')
    .select(['partnership_id', 'seq'])
    .where('partnership_id', 'not in', db.selectFrom('audit_chain_head').select('partnership_id'))
    .limit(1)
    .executeTakeFirst();
  if (orphan) {
    return {
      chains: heads.length,
      rowsChecked,
      broken: {
        partnershipId: orphan.partnership_id,
        seq: Number(orphan.seq),
        reason: 'row belongs to no chain',
      },
    };
  }
  return { chains: heads.length, rowsChecked, broken: null };
}

async function verifyChain(
  db: Db,
  partnershipId: string,
  headSeq: number,
  headHash: string,
): Promise<{ rows: number; broken: BrokenLink | null }> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let rows = 0;
  const fail = (seq: number, reason: string) => ({ rows, broken: { partnershipId, seq, reason } });
  for (;;) {
    const page = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('partnership_id', '=', partnershipId)
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const row of page) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) return fail(expectedSeq, `row ${expectedSeq} is missing`);
      if (row.prev_hash !== prevHash) return fail(seq, 'its link to the previous row does not match');
      const recomputed = hashRow({ ...row, seq, at: new Date(row.at) });
      if (recomputed !== row.hash) return fail(seq, 'its contents were changed after it was written');
      prevHash = row.hash;
      expectedSeq = seq + 1;
      rows++;
    }
    if (page.length < PAGE) break;
  }
  if (expectedSeq - 1 !== headSeq) {
    return fail(expectedSeq, `the chain ends at row ${expectedSeq - 1} but ${headSeq} rows were written`);
  }
  if (prevHash !== headHash) return fail(headSeq, 'the newest row does not match the recorded head');
  return { rows, broken: null };
}
