// One query layer over two engines: PGlite (PostgreSQL compiled to WebAssembly, in process, a folder on
// disk) by default, or a PostgreSQL server when DATABASE_URL is set. Everything above this file sees Kysely.
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { acquireFolderLock, type FolderLock } from './folder-lock.ts';
import type { Tables } from './tables.ts';

export type Db = Kysely<Tables>;
export type Engine = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  engine: Engine;
  /** Where the data lives, for messages: a folder, or the server's address without its password. */
  location: string;
  close(): Promise<void>;
}

// DATE stays a 'YYYY-MM-DD' string (a calendar date has no time zone); int8 becomes a number because our
// counts and sequence numbers stay far below 2^53. Both engines are told the same, so rows look alike.
const INT8 = 20;
const DATE = 1082;

pg.types.setTypeParser(DATE, (v: string) => v);
pg.types.setTypeParser(INT8, (v: string) => Number(v));

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** PGlite data folder; 'memory://' for a throwaway database. */
  dataDir?: string;
  /** Pool size for the server engine. */
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openServer(options.databaseUrl, options.poolSize ?? 10);
  return openEmbedded(options.dataDir ?? 'memory://');
}

async function openServer(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => {
    // An idle client lost its server; the pool replaces it on next use. Nothing to do here.
  });
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  const safe = new URL(url);
  safe.password = '';
  return {
    db,
    engine: 'postgres',
    location: safe.toString(),
    close: () => db.destroy(),
  };
}

async function openEmbedded(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  // PGlite is single-process: a second process on the same folder would corrupt it, so take a lock first.
  const lock: FolderLock | undefined = inMemory ? undefined : await acquireFolderLock(dataDir);
  try {
    // One options object: PGlite.create(undefined, options) would drop the options.
    const client = await PGlite.create({
      ...(inMemory ? {} : { dataDir }),
      parsers: {
        [DATE]: (v: string) => v,
        [INT8]: (v: string) => Number(v),
      },
    });
    const db = new Kysely<Tables>({ dialect: new PGliteDialect(client) });
    return {
      db,
      engine: 'pglite',
      location: inMemory ? 'memory' : dataDir,
      // Kysely's destroy() closes the PGlite client too.
      close: async () => {
        await db.destroy();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

/** A fresh in-memory PGlite copy of a data folder snapshot; tests use it to avoid re-running migrations. */
export async function openEmbeddedFromDump(dump: Blob | File): Promise<Database> {
  const client = await PGlite.create({
    loadDataDir: dump,
    parsers: {
      [DATE]: (v: string) => v,
      [INT8]: (v: string) => Number(v),
    },
  });
  const db = new Kysely<Tables>({ dialect: new PGliteDialect(client) });
  return {
    db,
    engine: 'pglite',
    location: 'memory',
    close: () => db.destroy(),
  };
}
