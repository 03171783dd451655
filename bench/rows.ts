// What the generator's steps share: the context they fill in, and batched inserts.
import { sql } from 'kysely';
import type { Db } from '../src/storage/database.ts';
import type { Tables } from '../src/storage/tables.ts';
import type { Random } from './random.ts';

/** How many rows of each kind the partnership should hold once generation is done. */
export const DEFAULT_SIZE = {
  organisations: 30,
  staff: 2_000,
  people: 50_000,
  coordinated: 50,
};

export type Size = { [K in keyof typeof DEFAULT_SIZE]: number };

export const SIZE_HELP: Record<keyof Size, string> = {
  organisations: 'organisations in the partnership',
  staff: 'staff in the partnership',
  people: 'people in the partnership, each with a care team, consents, a care plan and notes',
  coordinated: 'people the coordinator (the demo manager) leads, whose plans the benchmark opens',
};

/** What the steps share: the partnership, earlier steps' ids, and the random source. */
export interface GenerationContext {
  db: Db;
  partnershipId: string;
  size: Size;
  random: Random;
  now: Date;
  password: string;
  organisationIds: string[];
  staffIds: string[];
  personIds: string[];
  /** The member of staff who becomes lead coordinator of size.coordinated people, if any. */
  coordinatorId: string | null;
  log: (line: string) => void;
}

export interface Step {
  name: string;
  /** Adds rows until the partnership holds what size asks for; returns how many it added. */
  run(g: GenerationContext): Promise<number>;
}

// PostgreSQL takes at most 65,535 parameters in one statement, but PGlite's protocol parser reads the count
// as a signed 16-bit number and fails past 32,767 ("Invalid array length"): stay under both.
const MAX_PARAMETERS = 30_000;
const MAX_BATCH = 5_000;

/** Inserts rows in as few statements as the parameter limit allows, in one transaction. */
export async function insertBatches<T extends keyof Tables & string>(
  db: Db,
  table: T,
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]!).length;
  const batch = Math.max(1, Math.min(MAX_BATCH, Math.floor(MAX_PARAMETERS / columns)));
  const replica = await superuser(db);
  await db.transaction().execute(async (trx) => {
    // Foreign key checks are triggers, which the replica role skips (as pg_restore --disable-triggers does):
    // the rows are consistent by construction, and checking them row by row would cost more than the
    // inserts. PGlite plans each check once for the whole run, so a check planned while a table was nearly
    // empty goes on scanning it as it grows to 50,000 rows. Only a superuser may take the role.
    if (replica) await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    for (let i = 0; i < rows.length; i += batch) {
      // The rows are built by the steps below against Tables' row types; Kysely cannot follow a generic table.
      await trx
        .insertInto(table)
        .values(rows.slice(i, i + batch) as never)
        .execute();
    }
  });
}

const superusers = new WeakMap<Db, boolean>();

async function superuser(db: Db): Promise<boolean> {
  let known = superusers.get(db);
  if (known === undefined) {
    const { rows } = await sql<{ on: string }>`SELECT current_setting('is_superuser') AS on`.execute(db);
    known = rows[0]?.on === 'on';
    superusers.set(db, known);
  }
  return known;
}
