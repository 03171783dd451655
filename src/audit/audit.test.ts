import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetDatabase, TestClock, testDatabase } from '../../test/harness.ts';
import { cliTarget, joinedup, SLOW } from '../../test/process.ts';
import { inTransaction } from '../server/transaction.ts';
import type { Database, Db } from '../storage/database.ts';
import { GENESIS_HASH, hashRow } from './chain.ts';
import { PLATFORM_CHAIN, record, verifyTrail } from './index.ts';

const PARTNERSHIP = '6a0c1d1e-0000-4000-8000-0000000000aa';

let database: Database;
const clock = new TestClock();

beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => database.close());
beforeEach(async () => {
  clock.set('2026-11-25T10:00:00Z');
  await resetDatabase(database);
});

/** Appends n rows to a chain, each in its own transaction as a service would. */
async function writeTrail(db: Db, n: number, partnershipId: string | null = PARTNERSHIP): Promise<void> {
  for (let i = 0; i < n; i++) {
    clock.advance(1000);
    await inTransaction(db, { kind: 'system', partnershipId, name: 'audit test' }, clock, (ctx) =>
      record(ctx, { action: 'test.event', detail: { n: i + 1, nested: { b: 2, a: 1 } } }),
    );
  }
}

function rowsOf(db: Db, partnershipId = PARTNERSHIP) {
  return db
    .selectFrom('audit_event')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .orderBy('seq')
    .execute();
}

/** Changes the trail as someone with direct database access could: with the append-only triggers off. */
async function tamper(db: Db, statement: ReturnType<typeof sql>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await statement.execute(trx);
  });
}

describe('the audit trail', () => {
  it('chains each row to the one before it, one chain per partnership', async () => {
    await writeTrail(database.db, 5);
    await writeTrail(database.db, 2, null);
    const rows = await rowsOf(database.db);
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
    for (const row of rows)
      expect(hashRow({ ...row, seq: Number(row.seq), at: new Date(row.at) })).toBe(row.hash);
    const head = await database.db
      .selectFrom('audit_chain_head')
      .selectAll()
      .where('partnership_id', '=', PARTNERSHIP)
      .executeTakeFirstOrThrow();
    expect(Number(head.seq)).toBe(5);
    expect(head.hash).toBe(rows[4]?.hash);
    expect((await rowsOf(database.db, PLATFORM_CHAIN)).map((r) => Number(r.seq))).toEqual([1, 2]);
    expect(await verifyTrail(database.db)).toEqual({ chains: 2, rowsChecked: 7, broken: null });
  });

  it('keeps the chain whole when many transactions record at once', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        inTransaction(
          database.db,
          { kind: 'system', partnershipId: PARTNERSHIP, name: 'audit test' },
          clock,
          (ctx) => record(ctx, { action: 'test.concurrent', detail: { i } }),
        ),
      ),
    );
    const rows = await rowsOf(database.db);
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect((await verifyTrail(database.db)).broken).toBeNull();
  });

  it('names a row whose contents were changed as the first broken link', async () => {
    await writeTrail(database.db, 5);
    await tamper(
      database.db,
      sql`UPDATE audit_event SET detail = '{"n": 99}'::jsonb WHERE partnership_id = ${PARTNERSHIP} AND seq = 3`,
    );
    expect(await verifyTrail(database.db)).toEqual({
      chains: 1,
      rowsChecked: 2,
      broken: {
        partnershipId: PARTNERSHIP,
        seq: 3,
        reason: 'its contents were changed after it was written',
      },
    });
  });

  it('catches a changed row whose own hash was recomputed, at the next link', async () => {
    await writeTrail(database.db, 5);
    const third = (await rowsOf(database.db))[2]!;
    const forged = { ...third, seq: 3, at: new Date(third.at), action: 'test.forged' };
    await tamper(
      database.db,
      sql`UPDATE audit_event SET action = 'test.forged', hash = ${hashRow(forged)}
          WHERE partnership_id = ${PARTNERSHIP} AND seq = 3`,
    );
    const { broken } = await verifyTrail(database.db);
    expect(broken).toEqual({
      partnershipId: PARTNERSHIP,
      seq: 4,
      reason: 'its link to the previous row does not match',
    });
  });

  it('catches a row removed from the middle', async () => {
    await writeTrail(database.db, 5);
    await tamper(database.db, sql`DELETE FROM audit_event WHERE partnership_id = ${PARTNERSHIP} AND seq = 3`);
    const { broken } = await verifyTrail(database.db);
    expect(broken).toEqual({ partnershipId: PARTNERSHIP, seq: 3, reason: 'row 3 is missing' });
  });

  it('catches the newest row removed', async () => {
    await writeTrail(database.db, 5);
    await tamper(database.db, sql`DELETE FROM audit_event WHERE partnership_id = ${PARTNERSHIP} AND seq = 5`);
    const { broken } = await verifyTrail(database.db);
    expect(broken).toEqual({
      partnershipId: PARTNERSHIP,
      seq: 5,
      reason: 'the chain ends at row 4 but 5 rows were written',
    });
  });

  it('catches a row added around the writer, in a chain with no head', async () => {
    await writeTrail(database.db, 2);
    const row = (await rowsOf(database.db))[0]!;
    const other = '6a0c1d1e-0000-4000-8000-0000000000bb';
    await tamper(
      database.db,
      sql`INSERT INTO audit_event SELECT ${other}::uuid, seq, id, at, actor_user_id, actor_organisation_id,
            action, outcome, entity_type, entity_id, person_id, basis, detail, prev_hash, hash
          FROM audit_event WHERE partnership_id = ${PARTNERSHIP} AND seq = ${row.seq}`,
    );
    const { broken } = await verifyTrail(database.db);
    expect(broken).toEqual({ partnershipId: other, seq: 1, reason: 'row belongs to no chain' });
  });

  it('is refused by the database when anyone changes, removes or truncates a row', async () => {
    await writeTrail(database.db, 3);
    const attempts = [
      sql`UPDATE audit_event SET action = 'test.changed' WHERE seq = 2`,
      sql`DELETE FROM audit_event WHERE seq = 3`,
      sql`TRUNCATE audit_event`,
    ];
    for (const attempt of attempts) {
      await expect(attempt.execute(database.db)).rejects.toThrow('audit_event is append-only');
    }
    expect((await rowsOf(database.db)).map((r) => r.action)).toEqual([
      'test.event',
      'test.event',
      'test.event',
    ]);
    expect((await verifyTrail(database.db)).broken).toBeNull();
  });
});

describe('joinedup audit verify', { timeout: SLOW }, () => {
  it('exits 0 on an intact trail and 1 naming the first broken row', async () => {
    const target = await cliTarget({ migrated: true });
    try {
      await target.use((d) => writeTrail(d.db, 4));
      const intact = await joinedup(['audit', 'verify'], target.env);
      expect(intact.stderr).toBe('');
      expect(intact.stdout).toContain('Intact: 4 rows in 1 chains.');
      expect(intact.code).toBe(0);

      await target.use((d) =>
        tamper(
          d.db,
          sql`UPDATE audit_event SET outcome = 'failure' WHERE partnership_id = ${PARTNERSHIP} AND seq = 2`,
        ),
      );
      const broken = await joinedup(['audit', 'verify'], target.env);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toContain(
        `BROKEN: chain ${PARTNERSHIP}, row 2: its contents were changed after it was written. 1 rows before it were intact.`,
      );
    } finally {
      await target.close();
    }
  });
});
