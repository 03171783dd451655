// Logical backups: every table's rows as PostgreSQL's own JSON (to_jsonb), restored with
// jsonb_populate_recordset. The format depends on neither engine, so a backup taken from PGlite restores
// into a PostgreSQL server and back, and the digest of the restored database equals the original's.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import readline from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'kysely';
import type { Db } from './database.ts';
import { migrations } from './migrations/index.ts';

const FORMAT = 'joinedup-backup';
const VERSION = 1;
const CHUNK = 500;
// Kysely's own bookkeeping is recreated by migrating the target; the lock table is transient.
const SKIP = new Set(['schema_migration', 'schema_migration_lock']);

interface Header {
  format: typeof FORMAT;
  version: number;
  migrations: string[];
  createdAt: string;
}

/** Tables in an order where every table comes after those its foreign keys point to. */
export async function tablesInOrder(db: Db): Promise<string[]> {
  const tables = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname`.execute(db);
  const deps = await sql<{ child: string; parent: string }>`
    SELECT cl.relname AS child, pl.relname AS parent FROM pg_constraint k
    JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_class pl ON pl.oid = k.confrelid
    JOIN pg_namespace n ON n.oid = cl.relnamespace
    WHERE k.contype = 'f' AND n.nspname = 'public'`.execute(db);
  const names = tables.rows.map((r) => r.name).filter((n) => !SKIP.has(n));
  const parents = new Map<string, Set<string>>(names.map((n) => [n, new Set()]));
  for (const d of deps.rows) if (d.child !== d.parent) parents.get(d.child)?.add(d.parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < names.length) {
    const ready = names.filter(
      (n) => !placed.has(n) && [...(parents.get(n) ?? [])].every((p) => placed.has(p)),
    );
    if (ready.length === 0)
      throw new Error('The schema has a cycle of foreign keys; it cannot be backed up in order.');
    for (const n of ready) {
      ordered.push(n);
      placed.add(n);
    }
  }
  return ordered;
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unexpected table name ${name}`);
  return `"${name}"`;
}

async function rowsOf(db: Db, table: string): Promise<string[]> {
  // Ordering by the row's own JSON makes the output independent of physical order on either engine.
  const result = await sql<{ row: string }>`
    SELECT to_jsonb(t)::text AS row FROM ${sql.raw(quoteIdent(table))} t ORDER BY 1`.execute(db);
  return result.rows.map((r) => r.row);
}

export async function backupTo(db: Db, file: string, now: Date): Promise<{ tables: number; rows: number }> {
  const tables = await tablesInOrder(db);
  const gzip = createGzip();
  const out = fs.createWriteStream(`${file}.partial`);
  gzip.pipe(out);
  const write = (value: unknown) =>
    new Promise<void>((resolve) => {
      if (gzip.write(`${JSON.stringify(value)}\n`)) resolve();
      else gzip.once('drain', resolve);
    });
  const header: Header = {
    format: FORMAT,
    version: VERSION,
    migrations: Object.keys(migrations),
    createdAt: now.toISOString(),
  };
  await write(header);
  let total = 0;
  // One transaction, REPEATABLE READ: every table is read as of the same moment.
  await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      for (const table of tables) {
        const rows = await rowsOf(trx, table);
        for (let i = 0; i < rows.length; i += CHUNK) {
          await write({ table, rows: rows.slice(i, i + CHUNK).map((r) => JSON.parse(r)) });
        }
        total += rows.length;
      }
    });
  gzip.end();
  await new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  fs.renameSync(`${file}.partial`, file);
  return { tables: tables.length, rows: total };
}

export class RestoreError extends Error {}

export async function restoreFrom(db: Db, file: string): Promise<{ tables: number; rows: number }> {
  if (!fs.existsSync(file)) throw new RestoreError(`There is no backup file at ${file}.`);
  const lines = readline.createInterface({
    input: fs.createReadStream(file).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  const tables = await tablesInOrder(db);
  let header: Header | undefined;
  let rows = 0;
  const seen = new Set<string>();
  await db.transaction().execute(async (trx) => {
    for (const table of tables) {
      const any = await sql`SELECT 1 FROM ${sql.raw(quoteIdent(table))} LIMIT 1`.execute(trx);
      if (any.rows.length) {
        throw new RestoreError(
          `The database already holds data (table ${table}). Restore into a new, empty database: point DATA_DIR or DATABASE_URL at one.`,
        );
      }
    }
    for await (const line of lines) {
      if (!line.trim()) continue;
      const entry = JSON.parse(line) as Header | { table: string; rows: unknown[] };
      if (!header) {
        if (!('format' in entry) || entry.format !== FORMAT)
          throw new RestoreError(`${file} is not a JoinedUp backup.`);
        if (entry.version !== VERSION)
          throw new RestoreError(
            `${file} is a version ${entry.version} backup; this JoinedUp reads version ${VERSION}.`,
          );
        const known = new Set(Object.keys(migrations));
        const missing = entry.migrations.filter((m) => !known.has(m));
        if (missing.length)
          throw new RestoreError(
            `${file} comes from a newer JoinedUp (migrations ${missing.join(', ')}). Upgrade first.`,
          );
        header = entry;
        continue;
      }
      if (!('table' in entry) || !tables.includes(entry.table)) {
        throw new RestoreError(`${file} holds a table this database does not have.`);
      }
      seen.add(entry.table);
      await sql`INSERT INTO ${sql.raw(quoteIdent(entry.table))}
        SELECT * FROM jsonb_populate_recordset(NULL::${sql.raw(quoteIdent(entry.table))}, ${JSON.stringify(entry.rows)}::jsonb)`.execute(
        trx,
      );
      rows += entry.rows.length;
    }
    if (!header) throw new RestoreError(`${file} is empty.`);
  });
  return { tables: seen.size, rows };
}

/** A fingerprint of every table's contents; two databases with equal digests hold the same data. */
export async function databaseDigest(db: Db): Promise<string> {
  const hash = createHash('sha256');
  for (const table of await tablesInOrder(db)) {
    hash.update(`${table}\n`);
    for (const row of await rowsOf(db, table)) hash.update(`${row}\n`);
  }
  return hash.digest('hex');
}
