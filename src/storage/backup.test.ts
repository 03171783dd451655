import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock, testDatabase } from '../../test/harness.ts';
import { cliTarget, joinedup, SLOW, scratchDatabase, tempFolder } from '../../test/process.ts';
import { record, verifyTrail } from '../audit/index.ts';
import { DEMO_PARTNERSHIP_ID, loadDemo } from '../demo/index.ts';
import { inTransaction } from '../server/transaction.ts';
import { backupTo, databaseDigest, RestoreError, restoreFrom } from './backup.ts';
import { type Database, type Db, openDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';

const serverUrl = process.env.DATABASE_URL;
const folder = tempFolder('backup');
// Summer time, so that a server on Europe/London time would write these instants as +01:00.
// The demo's story happens in the autumn of 2026 (reviews held in September), so the clock starts after it.
const clock = new TestClock(new Date('2026-11-25T09:30:00Z'));

let source: Database;
let sourceDigest: string;
const backupFile = path.join(folder, 'source.jsonl.gz');
const opened: Array<() => Promise<void>> = [];

async function fill(db: Db): Promise<void> {
  await loadDemo(db, clock);
  for (let i = 0; i < 3; i++) {
    clock.advance(60_000);
    await inTransaction(
      db,
      { kind: 'system', partnershipId: DEMO_PARTNERSHIP_ID, name: 'backup test' },
      clock,
      (ctx) => record(ctx, { action: 'test.event', detail: { i, note: 'Zoë’s "quoted" text' } }),
    );
  }
}

async function freshDatabase(): Promise<Database> {
  const database = await scratchDatabase();
  opened.push(() => database.close());
  return database;
}

/** A PGlite database in memory, whichever engine the tests run on. */
async function freshEmbedded(): Promise<Database> {
  const database = await openDatabase({ dataDir: 'memory://' });
  await migrateToLatest(database.db);
  opened.push(() => database.close());
  return database;
}

/**
 * An empty database whose sessions use Europe/London time and, on the server, an en-GB collation, as a
 * PostgreSQL server installed in England might.
 */
async function englishDatabase(): Promise<Database> {
  if (!serverUrl) {
    const database = await freshDatabase();
    await sql`SET TIME ZONE 'Europe/London'`.execute(database.db);
    return database;
  }
  const name = `jd_test_gb_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-GB'`);
  await adminQuery(`ALTER DATABASE ${name} SET timezone TO 'Europe/London'`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
  await migrateToLatest(database.db);
  opened.push(async () => {
    await database.close();
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  return database;
}

async function adminQuery(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(statement);
  await admin.end();
}

/** A backup's rows without its header, which says when it was taken. */
function bodyOf(file: string): string {
  return gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n').slice(1).join('\n');
}

beforeAll(async () => {
  source = await testDatabase();
  await fill(source.db);
  sourceDigest = await databaseDigest(source.db);
  await backupTo(source.db, backupFile, clock.now());
});
afterAll(async () => {
  for (const close of opened) await close();
  await source.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('backup and restore', { timeout: SLOW }, () => {
  it('restores into a new database with the same digest and an intact, continuing audit trail', async () => {
    const target = await freshDatabase();
    const restored = await restoreFrom(target.db, backupFile);
    expect(restored.rows).toBeGreaterThan(20);
    expect(await databaseDigest(target.db)).toBe(sourceDigest);
    expect((await verifyTrail(target.db)).broken).toBeNull();
    // The chain's head came across too, so the next row links on rather than starting a second chain.
    await inTransaction(
      target.db,
      { kind: 'system', partnershipId: DEMO_PARTNERSHIP_ID, name: 'after' },
      clock,
      (ctx) => record(ctx, { action: 'test.after_restore' }),
    );
    expect(await verifyTrail(target.db)).toMatchObject({ chains: 1, broken: null });
  });

  it('gives the same digest and backup whatever the session time zone and collation', async () => {
    const english = await englishDatabase();
    await restoreFrom(english.db, backupFile);
    expect(await databaseDigest(english.db)).toBe(sourceDigest);
    const again = path.join(folder, 'english.jsonl.gz');
    await backupTo(english.db, again, clock.now());
    expect(bodyOf(again)).toBe(bodyOf(backupFile));
  });

  it.skipIf(!serverUrl)(
    'moves a database from PGlite to a PostgreSQL server and back unchanged',
    async () => {
      const embedded = await freshEmbedded();
      await fill(embedded.db);
      const digest = await databaseDigest(embedded.db);
      const fromEmbedded = path.join(folder, 'embedded.jsonl.gz');
      await backupTo(embedded.db, fromEmbedded, clock.now());

      const server = await englishDatabase();
      await restoreFrom(server.db, fromEmbedded);
      expect(await databaseDigest(server.db)).toBe(digest);
      const fromServer = path.join(folder, 'server.jsonl.gz');
      await backupTo(server.db, fromServer, clock.now());

      const back = await freshEmbedded();
      await restoreFrom(back.db, fromServer);
      expect(await databaseDigest(back.db)).toBe(digest);
      expect(bodyOf(fromServer)).toBe(bodyOf(fromEmbedded));
      expect((await verifyTrail(back.db)).broken).toBeNull();
    },
  );

  it('refuses to restore into a database that holds data, and changes nothing', async () => {
    await expect(restoreFrom(source.db, backupFile)).rejects.toThrow(
      /^The database already holds data \(table \w+\)\. Restore into a new, empty database/,
    );
    expect(await databaseDigest(source.db)).toBe(sourceDigest);
  });

  it('says clearly when a file is cut short, damaged or not a backup, and changes nothing', async () => {
    const target = await freshDatabase();
    const emptyDigest = await databaseDigest(target.db);
    const whole = fs.readFileSync(backupFile);
    const lines = gunzipSync(whole).toString('utf8').trimEnd().split('\n');
    const file = (name: string, content: Buffer | string) => {
      const at = path.join(folder, name);
      fs.writeFileSync(at, content);
      return at;
    };
    const cases: Array<[string, RegExp]> = [
      [file('half.gz', whole.subarray(0, Math.floor(whole.length / 2))), /is incomplete/],
      [file('lines.gz', gzipSync(`${lines.slice(0, -2).join('\n')}\n`)), /is incomplete/],
      [
        file('damaged.gz', gzipSync(`${lines.slice(0, 2).join('\n')}\n{"table": "organ`)),
        /is damaged at line 3/,
      ],
      [file('text.txt', 'name,email\nSarah,sarah@example.org\n'), /is not a JoinedUp backup/],
      [file('other.gz', gzipSync('{"hello": "world"}\n')), /is not a JoinedUp backup/],
      [file('words.gz', gzipSync('not json at all\n')), /is not a JoinedUp backup/],
      [file('empty.gz', ''), /is empty/],
      [folder, /is a folder, not a backup file/],
      [path.join(folder, 'missing.gz'), /There is no backup file at/],
    ];
    for (const [at, message] of cases) {
      const attempt = restoreFrom(target.db, at);
      await expect(attempt, at).rejects.toThrow(RestoreError);
      await expect(attempt, at).rejects.toThrow(message);
      expect(await databaseDigest(target.db)).toBe(emptyDigest);
    }
  });
});

describe('joinedup backup and joinedup restore', { timeout: SLOW }, () => {
  it('backs up one database and restores it into another with the same digest', async () => {
    const from = await cliTarget({ migrated: true });
    const to = await cliTarget({ migrated: false });
    try {
      await from.use((d) => fill(d.db));
      const file = path.join(folder, 'cli.jsonl.gz');
      const backup = await joinedup(['backup', file], from.env);
      expect(backup.stderr).toBe('');
      expect(backup.code).toBe(0);
      expect(backup.stdout).toMatch(/^Backed up \d+ rows from \d+ tables to /);
      const digest = /Digest: ([0-9a-f]{64})/.exec(backup.stdout)?.[1];
      expect(digest).toBeDefined();

      const restore = await joinedup(['restore', file], to.env);
      expect(restore.stderr).toBe('');
      expect(restore.code).toBe(0);
      expect(restore.stdout).toContain(`Digest: ${digest}`);
      expect(await to.use((d) => databaseDigest(d.db))).toBe(digest);

      const twice = await joinedup(['restore', file], to.env);
      expect(twice.code).toBe(1);
      expect(twice.stderr).toContain('The database already holds data');
    } finally {
      await from.close();
      await to.close();
    }
  });
});
