// The benchmark's data generator: fills one partnership with realistic volumes (organisations, staff,
// people) so that pages are measured against the data they will meet in service, not the demo's handful.
// Rows go straight into the tables in large batches, bypassing the services and the audit trail: this is
// load, not history. Each person gets a care team, consents, a care plan and notes (bench/generate-care.ts);
// a new kind of row is one more step in STEPS, and a size in DEFAULT_SIZE if it is not per person.
//
//   tsx bench/generate.ts [--people 50000] [--staff 2000] [--organisations 30] [--coordinated 50]
//                         [--seed 1] [--new]
//
// uses DATABASE_URL or DATA_DIR as `joinedup serve` does; by default it fills the demo partnership.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { systemClock } from '../src/context.ts';
import { DEMO_PARTNERSHIP_ID, DEMO_PASSWORD, DEMO_SIGN_IN, loadDemo } from '../src/demo/index.ts';
import { hashPassword } from '../src/modules/identity/index.ts';
import { type Db, openDatabase } from '../src/storage/database.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';
import { CARE_STEPS } from './generate-care.ts';
import { Random, testNhsNumber } from './random.ts';
import {
  DEFAULT_SIZE,
  type GenerationContext,
  insertBatches,
  SIZE_HELP,
  type Size,
  type Step,
} from './rows.ts';
import {
  FAMILY_NAMES,
  GIVEN_NAMES,
  ORGANISATION_NAMES,
  ORGANISATION_PLAN,
  PLACES,
  PROFESSIONAL_ROLES,
  ROLE_WEIGHTS,
} from './vocabulary.ts';

export interface GenerateOptions {
  /** Fill this partnership (it must exist); without it a new partnership is created. */
  partnershipId?: string;
  size?: Partial<Size>;
  /** Seeds names, dates and roles so that two runs produce alike data. Ids are always random. */
  seed?: number;
  /** Every generated member of staff signs in with this password (hashed once). */
  password?: string;
  /** The email of a member of staff to make lead coordinator of size.coordinated people. */
  coordinator?: string;
  /** Progress lines; silent by default. */
  log?: (line: string) => void;
}

export interface GenerateReport {
  partnershipId: string;
  /** Rows added per step (a partnership that already holds enough of something gets none). */
  added: Record<string, number>;
  ms: number;
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
    coordinatorId: options.coordinator ? await staffIdOf(db, partnershipId, options.coordinator) : null,
    log,
  };
  const added: Record<string, number> = {};
  for (const step of STEPS) {
    const t = performance.now();
    added[step.name] = await step.run(g);
    log(`  ${step.name}: ${added[step.name]} added in ${Math.round(performance.now() - t)} ms`);
  }
  // Fresh statistics, so that the server plans its queries for 50,000 people rather than for the empty
  // tables the migrations made (PostgreSQL's autovacuum would get there in time; PGlite has none).
  const t = performance.now();
  await sql`ANALYZE`.execute(db);
  log(`  analyze: ${Math.round(performance.now() - t)} ms`);
  return { partnershipId, added, ms: Math.round(performance.now() - started) };
}

async function staffIdOf(db: Db, partnershipId: string, email: string): Promise<string> {
  const row = await db
    .selectFrom('staff_user')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
  if (!row) throw new Error(`No member of staff ${email} in partnership ${partnershipId}`);
  return row.id;
}

async function newPartnership(db: Db, now: Date): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('partnership')
    .values({ id, name: `Generated partnership ${id.slice(0, 8)}`, created_at: now })
    .execute();
  return id;
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

export const STEPS: Step[] = [organisations, staff, people, ...CARE_STEPS];
export { DEFAULT_SIZE, type Size };

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/** Reads --organisations, --staff, --people, --coordinated (one flag per size) into a partial Size. */
export function sizeOptions(program: Command): Command {
  for (const key of Object.keys(DEFAULT_SIZE) as Array<keyof Size>) {
    program.option(`--${key} <n>`, `${SIZE_HELP[key]} (default ${DEFAULT_SIZE[key]})`, count);
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
      ...(options.new ? {} : { partnershipId: DEMO_PARTNERSHIP_ID, coordinator: DEMO_SIGN_IN.email }),
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
