// Logical backups: every table's rows as PostgreSQL's own JSON (to_jsonb), restored with
// jsonb_populate_recordset. The format depends on neither engine, so a backup taken from PGlite restores
// into a PostgreSQL server and back, and the digest of the restored database equals the original's.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import readline from 'node:readline';
import { pipeline } from 'node:stream';
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

/** The last line: a file without it was cut short. */
interface Trailer {
  end: true;
  tables: number;
  rows: number;
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
  // Ordering by the row's own JSON makes the output independent of physical order on either engine; the
  // C collation makes it independent of the database's locale (an en-GB server sorts text differently).
  const result = await sql<{ row: string }>`
    SELECT to_jsonb(t)::text AS row FROM ${sql.raw(quoteIdent(table))} t
    ORDER BY to_jsonb(t)::text COLLATE "C"`.execute(db);
  return result.rows.map((r) => r.row);
}

/**
 * Runs fn on one snapshot of the database with times written in UTC: to_jsonb writes a timestamptz in the
 * session's time zone, so a server on Europe/London time would otherwise write +01:00 all summer.
 */
function inSnapshot<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await sql`SET LOCAL TIME ZONE 'UTC'`.execute(trx);
      return fn(trx);
    });
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
  // Every table is read as of the same moment.
  await inSnapshot(db, async (trx) => {
    for (const table of tables) {
      const rows = await rowsOf(trx, table);
      for (let i = 0; i < rows.length; i += CHUNK) {
        await write({ table, rows: rows.slice(i, i + CHUNK).map((r) => JSON.parse(r)) });
      }
      total += rows.length;
    }
  });
  const trailer: Trailer = { end: true, tables: tables.length, rows: total };
  await write(trailer);
  gzip.end();
  await new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  fs.renameSync(`${file}.partial`, file);
  return { tables: tables.length, rows: total };
}

export class RestoreError extends Error {}

interface TableEntry {
  table: string;
  rows: unknown[];
}

type Entry = Header | TableEntry | Trailer;

export async function restoreFrom(db: Db, file: string): Promise<{ tables: number; rows: number }> {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new RestoreError(`There is no backup file at ${file}.`);
  if (stat.isDirectory()) throw new RestoreError(`${file} is a folder, not a backup file.`);
  if (stat.size === 0) throw new RestoreError(`${file} is empty.`);
  const tables = await tablesInOrder(db);
  return db.transaction().execute(async (trx) => {
    for (const table of tables) {
      const any = await sql`SELECT 1 FROM ${sql.raw(quoteIdent(table))} LIMIT 1`.execute(trx);
      if (any.rows.length) {
        throw new RestoreError(
          `The database already holds data (table ${table}). Restore into a new, empty database: point DATA_DIR or DATABASE_URL at one.`,
        );
      }
    }
    return restoreLines(trx, file, tables);
  });
}

async function restoreLines(
  db: Db,
  file: string,
  tables: string[],
): Promise<{ tables: number; rows: number }> {
  // pipeline() passes a read error (a file that cannot be read) on to the lines, where a bare pipe() would hang.
  const input = pipeline(fs.createReadStream(file), createGunzip(), () => {});
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  try {
    return await readLines(db, file, tables, lines);
  } finally {
    lines.close();
    input.destroy();
  }
}

async function readLines(
  db: Db,
  file: string,
  tables: string[],
  lines: readline.Interface,
): Promise<{ tables: number; rows: number }> {
  let header: Header | undefined;
  let trailer: Trailer | undefined;
  let lineNo = 0;
  let rows = 0;
  const seen = new Set<string>();
  try {
    for await (const line of lines) {
      lineNo++;
      if (!line.trim()) continue;
      if (trailer) throw new RestoreError(`${file} is damaged: it goes on after its last line.`);
      const entry = parseLine(file, line, lineNo);
      if (!header) {
        header = checkHeader(file, entry);
      } else if ('end' in entry) {
        trailer = entry;
      } else {
        const table = tableOf(file, entry, lineNo, tables);
        seen.add(table.table);
        await sql`INSERT INTO ${sql.raw(quoteIdent(table.table))}
          SELECT * FROM jsonb_populate_recordset(NULL::${sql.raw(quoteIdent(table.table))}, ${JSON.stringify(table.rows)}::jsonb)`.execute(
          db,
        );
        rows += table.rows.length;
      }
    }
  } catch (error) {
    throw readError(file, error, header !== undefined);
  }
  if (!header) throw new RestoreError(`${file} is empty.`);
  // Without the last line, the file was cut short somewhere: restoring part of a database is worse than none.
  if (!trailer)
    throw new RestoreError(`${file} is incomplete: it ends before its last line. Was the copy cut short?`);
  if (trailer.rows !== rows)
    throw new RestoreError(`${file} is damaged: it should hold ${trailer.rows} rows but holds ${rows}.`);
  return { tables: seen.size, rows };
}

function parseLine(file: string, line: string, lineNo: number): Entry {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    entry = undefined;
  }
  if (entry === null || typeof entry !== 'object') {
    if (lineNo === 1) throw new RestoreError(`${file} is not a JoinedUp backup.`);
    throw new RestoreError(`${file} is damaged at line ${lineNo}.`);
  }
  return entry as Entry;
}

function tableOf(file: string, entry: Entry, lineNo: number, tables: string[]): TableEntry {
  if (!('table' in entry) || typeof entry.table !== 'string' || !Array.isArray(entry.rows))
    throw new RestoreError(`${file} is damaged at line ${lineNo}.`);
  if (!tables.includes(entry.table))
    throw new RestoreError(`${file} holds a table this database does not have (${entry.table}).`);
  return entry;
}

function checkHeader(file: string, entry: Entry): Header {
  if (!('format' in entry) || entry.format !== FORMAT || !Array.isArray(entry.migrations))
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
  return entry;
}

/** Turns what reading a file can throw into a message that says what is wrong with the file. */
function readError(file: string, error: unknown, sawHeader: boolean): Error {
  if (error instanceof RestoreError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'Z_BUF_ERROR')
    return new RestoreError(`${file} is incomplete: it ends part-way through. Was the copy cut short?`);
  if (code?.startsWith('Z_')) {
    return new RestoreError(
      sawHeader ? `${file} is damaged: it cannot be decompressed.` : `${file} is not a JoinedUp backup.`,
    );
  }
  if (code === 'EACCES') return new RestoreError(`${file} cannot be read: permission denied.`);
  return error instanceof Error ? error : new Error(String(error));
}

/** A fingerprint of every table's contents; two databases with equal digests hold the same data. */
export async function databaseDigest(db: Db): Promise<string> {
  const hash = createHash('sha256');
  const tables = await tablesInOrder(db);
  await inSnapshot(db, async (trx) => {
    for (const table of tables) {
      hash.update(`${table}\n`);
      for (const row of await rowsOf(trx, table)) hash.update(`${row}\n`);
    }
  });
  return hash.digest('hex');
}
