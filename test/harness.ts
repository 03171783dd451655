// The database harness: one database per test file (PGlite in memory by default, a fresh database on the
// PostgreSQL server when DATABASE_URL is set), emptied between tests rather than recreated.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { type Config, loadConfig } from '../src/config.ts';
import type { Clock } from '../src/context.ts';
import { type Database, openDatabase } from '../src/storage/database.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';

export const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/** Opens a new, migrated, empty database for this test file. */
export async function testDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(database.db);
    return database;
  }
  const name = `jd_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: target.toString(), poolSize: 4 });
  await migrateToLatest(database.db);
  return {
    ...database,
    close: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** Empties every table. The audit trail refuses TRUNCATE, so its triggers are bypassed for the reset. */
export async function resetDatabase(database: Database): Promise<void> {
  const tables = await sql<{ name: string }>`
    SELECT tablename AS name FROM pg_tables
    WHERE schemaname = 'public' AND tablename NOT LIKE 'schema_migration%'`.execute(database.db);
  if (!tables.rows.length) return;
  const list = tables.rows.map((t) => `"${t.name}"`).join(', ');
  await database.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await sql.raw(`TRUNCATE ${list} CASCADE`).execute(trx);
  });
}

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(private current = new Date('2026-11-25T10:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ LOG_LEVEL: 'silent', LOAD_DEMO: 'false' }), ...overrides };
}
