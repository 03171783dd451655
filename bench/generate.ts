// The benchmark's data generator: fills one partnership with realistic volumes (organisations, staff,
// people) so that pages are measured against the data they will meet in service, not the demo's handful.
// Rows go straight into the tables in large batches, bypassing the services and the audit trail: this is
// load, not history. Add a table by adding a size to DEFAULT_SIZE and a step to STEPS.
//
//   tsx bench/generate.ts [--people 50000] [--staff 2000] [--organisations 30] [--seed 1] [--new]
//
// uses DATABASE_URL or DATA_DIR as `joinedup serve` does; by default it fills the demo partnership.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../src/config.ts';
import { systemClock } from '../src/context.ts';
import { DEMO_PARTNERSHIP_ID, DEMO_PASSWORD, loadDemo } from '../src/demo/index.ts';
import { hashPassword } from '../src/modules/identity/index.ts';
import { type Db, openDatabase } from '../src/storage/database.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';
import type { Tables } from '../src/storage/tables.ts';
import { Random, testNhsNumber } from './random.ts';
import {
  FAMILY_NAMES,
  GIVEN_NAMES,
  ORGANISATION_NAMES,
  ORGANISATION_PLAN,
  PLACES,
  PROFESSIONAL_ROLES,
  ROLE_WEIGHTS,
} from './vocabulary.ts';

/** How many rows of each kind the partnership should hold once generation is done. */
export const DEFAULT_SIZE = {
  organisations: 30,
  staff: 2_000,
  people: 50_000,
};

export type Size = { [K in keyof typeof DEFAULT_SIZE]: number };

export interface GenerateOptions {
  /** Fill this partnership (it must exist); without it a new partnership is created. */
  partnershipId?: string;
  size?: Partial<Size>;
  /** Seeds names, dates and roles so that two runs produce alike data. Ids are always random. */
  seed?: number;
  /** Every generated member of staff signs in with this password (hashed once). */
  password?: string;
  /** Progress lines; silent by default. */
  log?: (line: string) => void;
}

export interface GenerateReport {
  partnershipId: string;
  /** Rows added per step (a partnership that already holds enough of something gets none). */
  added: Record<string, number>;
  ms: number;
}

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
}

export interface Step {
  name: string;
  /** Adds rows until the partnership holds what size asks for; returns how many it added. */
  run(g: GenerationContext): Promise<number>;
}

/** Tops the partnership up to the requested size, table by table, in the order data depends on. */
export async function generate(db: Db, options: GenerateOptions = {}): Promise<GenerateReport> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const now = systemClock.now();
  const partnershipId = options.partnershipId ?? (await newPartnership(db, now));
  const g: GenerationContext = {
    db,
    partnershipId,
    size: { ...DEFAULT_SIZE, ...options.size },
    random: new Random(options.seed ?? 1),
    now,
    // One argon2id hash for everyone: hashing 2,000 passwords would take minutes and measure nothing.
    password: await hashPassword(options.password ?? DEMO_PASSWORD),
    organisationIds: [],
    staffIds: [],
    personIds: [],
  };
  const added: Record<string, number> = {};
  for (const step of STEPS) {
    const t = performance.now();
    added[step.name] = await step.run(g);
    log(`  ${step.name}: ${added[step.name]} added in ${Math.round(performance.now() - t)} ms`);
  }
  return { partnershipId, added, ms: Math.round(performance.now() - started) };
}

async function newPartnership(db: Db, now: Date): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('partnership')
    .values({ id, name: `Generated partnership ${id.slice(0, 8)}`, created_at: now })
    .execute();
  return id;
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
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += batch) {
      // The rows are built by the steps below against Tables' row types; Kysely cannot follow a generic table.
      await trx
        .insertInto(table)
        .values(rows.slice(i, i + batch) as never)
        .execute();
    }
  });
}

async function idsOf(
  g: GenerationContext,
  table: 'organisation' | 'staff_user' | 'person',
): Promise<string[]> {
  const rows = await g.db
    .selectFrom(table)
    .select('id')
    .where('partnership_id', '=', g.partnershipId)
    .execute();
  return rows.map((r) => r.id);
}

const organisations: Step = {
  name: 'organisations',
  async run(g) {
    const existing = await g.db
      .selectFrom('organisation')
      .select(['id', 'name'])
      .where('partnership_id', '=', g.partnershipId)
      .execute();
    const taken = new Set(existing.map((o) => o.name.toLowerCase()));
    const rows = [];
    for (let i = existing.length; i < g.size.organisations; i++) {
      const kind = ORGANISATION_PLAN[i % ORGANISATION_PLAN.length]!;
      const name = uniqueName(`${g.random.pick(PLACES)} ${ORGANISATION_NAMES[kind]}`, taken);
      rows.push({ partnership_id: g.partnershipId, id: randomUUID(), name, kind, created_at: g.now });
    }
    await insertBatches(g.db, 'organisation', rows);
    g.organisationIds = await idsOf(g, 'organisation');
    return rows.length;
  },
};

const staff: Step = {
  name: 'staff',
  async run(g) {
    const existing = await idsOf(g, 'staff_user');
    const rows = [];
    for (let i = existing.length; i < g.size.staff; i++) {
      const role = g.random.weighted(ROLE_WEIGHTS);
      const given = g.random.pick(GIVEN_NAMES);
      const family = g.random.pick(FAMILY_NAMES);
      const id = randomUUID();
      rows.push({
        partnership_id: g.partnershipId,
        id,
        organisation_id: g.random.pick(g.organisationIds),
        // The id keeps the address unique across the platform, as sign-in requires.
        email: `${given}.${family}.${id.slice(0, 8)}@generated.example`.toLowerCase(),
        name: `${given} ${family}`,
        professional_role: g.random.pick(PROFESSIONAL_ROLES[role]),
        partnership_role: role,
        password_hash: g.password,
        password_changed_at: g.now,
        created_at: g.now,
      });
    }
    await insertBatches(g.db, 'staff_user', rows);
    g.staffIds = [...existing, ...rows.map((r) => r.id)];
    return rows.length;
  },
};

const people: Step = {
  name: 'people',
  async run(g) {
    const existing = await idsOf(g, 'person');
    const rows = [];
    for (let i = existing.length; i < g.size.people; i++) {
      const given = g.random.pick(GIVEN_NAMES);
      rows.push({
        partnership_id: g.partnershipId,
        id: randomUUID(),
        given_name: given,
        family_name: g.random.pick(FAMILY_NAMES),
        preferred_name: g.random.chance(0.1) ? given.slice(0, 3) : null,
        date_of_birth: g.random.chance(0.97) ? g.random.date('1925-01-01', '2007-12-31') : null,
        nhs_number: g.random.chance(0.9) ? testNhsNumber(g.random) : null,
        created_at: new Date(g.now.getTime() - g.random.int(0, 3 * 365) * 86_400_000),
      });
    }
    await insertBatches(g.db, 'person', rows);
    g.personIds = [...existing, ...rows.map((r) => r.id)];
    return rows.length;
  },
};

export const STEPS: Step[] = [organisations, staff, people];

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/** Reads --organisations, --staff, --people (one flag per size) into a partial Size. */
export function sizeOptions(program: Command): Command {
  for (const key of Object.keys(DEFAULT_SIZE) as Array<keyof Size>) {
    program.option(`--${key} <n>`, `${key} in the partnership (default ${DEFAULT_SIZE[key]})`, count);
  }
  return program;
}

export function sizeFrom(options: Record<string, unknown>): Partial<Size> {
  const size: Partial<Size> = {};
  for (const key of Object.keys(DEFAULT_SIZE) as Array<keyof Size>) {
    const value = options[key];
    if (typeof value === 'number') size[key] = value;
  }
  return size;
}

export function count(value: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('Enter a whole number.');
  return n;
}

async function cli(argv: string[]): Promise<void> {
  const program = sizeOptions(new Command().name('generate'))
    .description('fill a JoinedUp database with a large partnership for benchmarks')
    .option('--seed <n>', 'seed for names, dates and roles', count, 1)
    .option('--new', 'create a new partnership instead of filling the demo one')
    .parse(argv);
  const options = program.opts<Record<string, unknown> & { seed: number; new?: boolean }>();
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    if (!options.new) await loadDemo(database.db, systemClock);
    console.log(`Generating into ${database.engine} (${database.location})`);
    const report = await generate(database.db, {
      ...(options.new ? {} : { partnershipId: DEMO_PARTNERSHIP_ID }),
      size: sizeFrom(options),
      seed: options.seed,
      log: console.log,
    });
    console.log(`Partnership ${report.partnershipId} ready in ${report.ms} ms.`);
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  cli(process.argv).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
