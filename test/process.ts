// Runs the real `joinedup` command as a child process, for tests of the command line, the folder lock and
// crashes, and gives it a database of its own to work on: a PGlite folder, or a database on the server.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type Database, openDatabase } from '../src/storage/database.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = path.join(ROOT, 'src/main.ts');

/**
 * The time allowed a test that starts processes: each loads the app and the database engine afresh, which
 * takes a few seconds on a quiet machine and many more on one busy with other tests.
 */
export const SLOW = 120_000;

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment a child gets: ours without any database setting, then the given one; '' unsets a variable. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, DATA_DIR: _dir, JOINEDUP_PASSWORD: _pw, ...rest } = process.env;
  const merged: NodeJS.ProcessEnv = { ...rest, LOG_LEVEL: 'warn', LOAD_DEMO: 'false', ...env };
  for (const [name, value] of Object.entries(env)) if (value === '') delete merged[name];
  return merged;
}

/** Starts `joinedup <args>`; the caller waits for it or kills it. */
export function startJoinedup(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs `joinedup <args>` to the end and returns its exit code and output. */
export function joinedup(args: string[], env: Record<string, string>, input = ''): Promise<Run> {
  const child = startJoinedup(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  child.stdin?.end(input);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('No port');
  return address.port;
}

export function tempFolder(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `joinedup-${prefix}-`));
}

/**
 * A database the command line can reach: a PGlite folder, or a new database on the PostgreSQL server when
 * DATABASE_URL is set. use() hands the test the same database; on PGlite it opens the folder only for
 * the call, since a folder has one user at a time.
 */
export interface CliTarget {
  env: Record<string, string>;
  use<T>(fn: (database: Database) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function cliTarget(options: { migrated: boolean }): Promise<CliTarget> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const folder = await pgliteFolder(options);
    const use = async <T>(fn: (database: Database) => Promise<T>): Promise<T> => {
      const database = await openDatabase({ dataDir: folder });
      try {
        return await fn(database);
      } finally {
        await database.close();
      }
    };
    return {
      env: { DATA_DIR: folder },
      use,
      close: async () => fs.rmSync(path.dirname(folder), { recursive: true, force: true }),
    };
  }
  const { database, url: targetUrl, drop } = await serverDatabase(url);
  if (options.migrated) await migrateToLatest(database.db);
  return {
    env: { DATABASE_URL: targetUrl },
    use: (fn) => fn(database),
    close: async () => {
      await database.close();
      await drop();
    },
  };
}

/** A new empty, migrated database this test holds open: a PGlite folder, or a database on the server. */
export async function scratchDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const { database, drop } = await serverDatabase(url);
    await migrateToLatest(database.db);
    return {
      ...database,
      close: async () => {
        await database.close();
        await drop();
      },
    };
  }
  const folder = await pgliteFolder({ migrated: true });
  const database = await openDatabase({ dataDir: folder });
  return {
    ...database,
    close: async () => {
      await database.close();
      fs.rmSync(path.dirname(folder), { recursive: true, force: true });
    },
  };
}

async function serverDatabase(url: string) {
  const name = `jd_cli_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: target.toString(), poolSize: 2 });
  return {
    database,
    url: target.toString(),
    drop: () => adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

// Creating a PGlite folder runs initdb, which takes seconds; copying a closed one takes a fraction of one.
let templates: Promise<{ empty: string; migrated: string }> | undefined;

/** A new PGlite data folder, whichever engine the tests run on; the caller removes its parent. */
export async function pgliteFolder({ migrated = false } = {}): Promise<string> {
  templates ??= makeTemplates();
  const { empty, migrated: withSchema } = await templates;
  const folder = path.join(tempFolder('db'), 'data');
  fs.cpSync(migrated ? withSchema : empty, folder, { recursive: true });
  return folder;
}

async function makeTemplates(): Promise<{ empty: string; migrated: string }> {
  const root = tempFolder('template');
  process.once('exit', () => fs.rmSync(root, { recursive: true, force: true }));
  const empty = path.join(root, 'empty');
  await (await openDatabase({ dataDir: empty })).close();
  const migrated = path.join(root, 'migrated');
  fs.cpSync(empty, migrated, { recursive: true });
  const database = await openDatabase({ dataDir: migrated });
  await migrateToLatest(database.db);
  await database.close();
  return { empty, migrated };
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}
