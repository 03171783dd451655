// npm run bench: for each engine, a migrated database filled by the generator, the real server started as
// `joinedup serve`, one sign-in through the form, then autocannon against the floor (/healthz: no session,
// one trivial query), the signed-in home page, and the care plan pages of the people the demo manager
// coordinates (John and the generated ones, in turn). Prints figures only; judging them is for the reader.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { sql } from 'kysely';
import { systemClock } from '../src/context.ts';
import { DEMO_PARTNERSHIP_ID, DEMO_SIGN_IN, loadDemo } from '../src/demo/index.ts';
import { type Db, type OpenOptions, openDatabase } from '../src/storage/database.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';
import { count, generate, type Size, sizeFrom, sizeOptions } from './generate.ts';
import { type LoadSettings, measure, mebibytes, type RouteFigures, table } from './load.ts';
import { benchPostgres } from './postgres.ts';
import { signIn, startServer } from './server.ts';

const ENGINES = ['pglite', 'postgres'] as const;
type EngineName = (typeof ENGINES)[number];

/** Where an engine's data lives: how to open it here, and how to point the server at it. */
interface Storage {
  label: string;
  open: OpenOptions;
  serverSettings: Record<string, string>;
}

interface EngineFigures {
  engine: EngineName;
  label: string;
  floor: RouteFigures;
  pages: RouteFigures[];
  peakMemory: number;
}

const PLAN_ROUTE = '/people/:id/plan';

interface Started {
  stop(): Promise<void>;
  stopNow(): void;
}

// Everything started is stopped on the way out, newest first, however the way out is reached: normally,
// on an error, on Ctrl+C or SIGTERM, or (without waiting, as 'exit' cannot) on any other exit.
const started: Started[] = [];
async function cleanUp(): Promise<void> {
  for (let s = started.pop(); s; s = started.pop()) {
    try {
      await s.stop();
    } catch (error) {
      console.error(`Cleaning up: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
// Node exits quietly, with code 0, when nothing is left to wait for; here that would mean a load run or a
// request that can never finish, so say so rather than print a partial report as if all were well.
process.on('beforeExit', () => {
  console.error('The benchmark stopped early: it was waiting on something that can no longer happen.');
  process.exitCode = 1;
});
process.on('exit', (code) => {
  if (started.length)
    console.error(`Exiting (code ${code}) with the server or database still running: stopping them.`);
  for (let s = started.pop(); s; s = started.pop()) {
    try {
      s.stopNow();
    } catch {
      // Nothing more can be done on the way out.
    }
  }
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the server and the database`);
    void cleanUp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

async function storageFor(engine: EngineName): Promise<Storage | string> {
  if (engine === 'pglite') {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'joinedup-bench-pglite.'));
    const remove = () => rmSync(dataDir, { recursive: true, force: true });
    started.push({ stop: async () => remove(), stopNow: remove });
    return { label: `PGlite (${dataDir})`, open: { dataDir }, serverSettings: { DATA_DIR: dataDir } };
  }
  let server: Awaited<ReturnType<typeof benchPostgres>>;
  try {
    server = await benchPostgres();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (typeof server === 'string') return server;
  started.push(server);
  return {
    label: server.label,
    open: { databaseUrl: server.url },
    serverSettings: { DATABASE_URL: server.url },
  };
}

/**
 * Migrates, loads the demo, and fills the demo partnership so that its manager meets the volumes; returns
 * the plan pages of the people she coordinates.
 */
async function fill(storage: Storage, size: Partial<Size>): Promise<string[]> {
  const database = await openDatabase(storage.open);
  try {
    await migrateToLatest(database.db);
    await loadDemo(database.db, systemClock);
    const report = await generate(database.db, {
      partnershipId: DEMO_PARTNERSHIP_ID,
      coordinator: DEMO_SIGN_IN.email,
      size,
      log: console.log,
    });
    console.log(`  generated in ${(report.ms / 1000).toFixed(1)} s; ${await dataSize(database.db)}`);
    return await coordinatedPlans(database.db);
  } finally {
    // PGlite's folder is single-process: it must be closed before the server opens it.
    await database.close();
  }
}

async function coordinatedPlans(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('care_team_member as m')
    .innerJoin('staff_user as u', (j) =>
      j.onRef('u.partnership_id', '=', 'm.partnership_id').onRef('u.id', '=', 'm.staff_user_id'),
    )
    .select('m.person_id')
    .where('m.partnership_id', '=', DEMO_PARTNERSHIP_ID)
    .where('u.email', '=', DEMO_SIGN_IN.email)
    .where('m.is_lead', '=', true)
    .orderBy('m.person_id')
    .execute();
  return rows.map((r) => `/people/${r.person_id}/plan`);
}

/** How much data the database holds, for the report: the size on disk and the main tables' rows. */
async function dataSize(db: Db): Promise<string> {
  const { rows } = await sql<{ bytes: string }>`SELECT pg_database_size(current_database()) AS bytes`.execute(
    db,
  );
  const count = async (table: 'person' | 'care_plan_action' | 'note' | 'audit_event') => {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n).toLocaleString('en-GB');
  };
  return `database ${mebibytes(Number(rows[0]?.bytes ?? 0))}: ${await count('person')} people, ${await count('care_plan_action')} actions, ${await count('note')} notes`;
}

/** Every plan page must answer 200 before it is measured: a refusal is fast, and would flatter the figures. */
async function checkPages(baseUrl: string, cookie: string, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    const response = await fetch(`${baseUrl}${path}`, { redirect: 'manual', headers: { cookie } });
    const html = await response.text();
    if (response.status !== 200 || !html.includes('Care plan')) {
      throw new Error(`${path} answered ${response.status}, not the plan page`);
    }
  }
}

async function bench(
  engine: EngineName,
  size: Partial<Size>,
  load: LoadSettings,
): Promise<EngineFigures | null> {
  console.log(`\n== ${engine}`);
  const storage = await storageFor(engine);
  if (typeof storage === 'string') {
    console.log(`  skipped: ${storage}`);
    return null;
  }
  console.log(`  ${storage.label}`);
  const plans = await fill(storage, size);
  const server = await startServer(storage.serverSettings);
  started.push(server);
  console.log(`  server pid ${server.pid} at ${server.url}`);
  // One sign-in per engine: failed attempts are what the app throttles, and this one succeeds.
  const cookie = await signIn(server.url, DEMO_SIGN_IN.email, DEMO_SIGN_IN.password);
  await checkPages(server.url, cookie, plans);
  console.log(
    `  signed in as ${DEMO_SIGN_IN.email}; measuring /healthz, /, then ${PLAN_ROUTE} for ${plans.length} people in turn`,
  );
  const cpu = () => server.cpuTime();
  const floor = await measure(server.url, '/healthz', {}, load, ['/healthz'], cpu);
  const home = await measure(server.url, '/', { cookie }, load, ['/'], cpu);
  const plan = await measure(server.url, PLAN_ROUTE, { cookie }, load, plans, cpu);
  const peakMemory = server.peakMemory();
  await cleanUp();
  const figures: EngineFigures = { engine, label: storage.label, floor, pages: [home, plan], peakMemory };
  print(figures);
  return figures;
}

const LABELS: Record<string, string> = {
  '/': '/ (home, signed in)',
  '/healthz': '/healthz (floor)',
  [PLAN_ROUTE]: `${PLAN_ROUTE} (care plan)`,
};
const SHORT: Record<string, string> = { '/': 'home', [PLAN_ROUTE]: 'plan' };

function ratio(f: EngineFigures, page: RouteFigures): string {
  return (page.requestsPerSecond / f.floor.requestsPerSecond).toFixed(2);
}

function cpuText(r: RouteFigures): string {
  return r.cpuPerRequest === null ? '' : r.cpuPerRequest.toFixed(1);
}

function print(f: EngineFigures): void {
  console.log('');
  console.log(
    table(
      ['route', 'requests/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'page/floor', 'server CPU ms/request'],
      [...f.pages, f.floor].map((r) => [
        LABELS[r.route] ?? r.route,
        r.requestsPerSecond.toFixed(0),
        String(r.p50),
        String(r.p99),
        String(r.non2xx),
        String(r.errors),
        r === f.floor ? '' : ratio(f, r),
        cpuText(r),
      ]),
    ),
  );
  console.log(
    `server peak memory (VmHWM): ${mebibytes(f.peakMemory)}; CPU is the node server's own (not PostgreSQL's)`,
  );
}

function summary(all: EngineFigures[], load: LoadSettings): void {
  if (!all.length) return;
  console.log(`\n== summary (${load.connections} connections, ${load.duration} s per route)`);
  const pages = all[0]!.pages.map((p) => SHORT[p.route] ?? p.route);
  console.log(
    table(
      [
        'engine',
        'floor rps',
        'floor p50/p99 ms',
        ...pages.flatMap((p) => [`${p} rps`, `${p} p50/p99 ms`, `${p}/floor`]),
        `CPU ms/req floor, ${pages.join(', ')}`,
        'peak memory',
      ],
      all.map((f) => [
        f.engine,
        f.floor.requestsPerSecond.toFixed(0),
        `${f.floor.p50} / ${f.floor.p99}`,
        ...f.pages.flatMap((p) => [p.requestsPerSecond.toFixed(0), `${p.p50} / ${p.p99}`, ratio(f, p)]),
        [f.floor, ...f.pages].map(cpuText).join(', '),
        mebibytes(f.peakMemory),
      ]),
    ),
  );
}

async function main(): Promise<void> {
  const program = sizeOptions(new Command().name('bench'))
    .description('load-test the home and care plan pages against the floor on each database engine')
    .option('--engine <name...>', `engines to measure (${ENGINES.join(', ')})`, [...ENGINES])
    .option('--connections <n>', 'concurrent connections', count, 32)
    .option('--duration <s>', 'seconds measured per route', count, 10)
    .option('--warmup <s>', 'seconds of warm-up per route, not measured', count, 2)
    .parse(process.argv);
  const options = program.opts<
    Record<string, unknown> & { engine: string[]; connections: number; duration: number; warmup: number }
  >();
  const engines = options.engine.flatMap((e) => e.split(','));
  const unknown = engines.filter((e) => !(ENGINES as readonly string[]).includes(e));
  if (unknown.length)
    throw new Error(`Unknown engine ${unknown.join(', ')}: choose from ${ENGINES.join(', ')}`);
  const load: LoadSettings = {
    connections: options.connections,
    duration: options.duration,
    warmup: options.warmup,
  };
  console.log(
    `JoinedUp benchmark: node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model}`,
  );
  // Other work on the machine takes cores from the server and from autocannon alike: say how busy it was.
  console.log(`load average at start: ${loadAverage()}`);
  const all: EngineFigures[] = [];
  for (const engine of engines as EngineName[]) {
    try {
      const figures = await bench(engine, sizeFrom(options), load);
      if (figures) all.push(figures);
    } finally {
      await cleanUp();
    }
  }
  summary(all, load);
  console.log(`load average at end: ${loadAverage()}`);
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    await cleanUp();
    process.exit(1);
  },
);
