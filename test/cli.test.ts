// The `joinedup` command, run as a real process against a database of its own.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyTrail } from '../src/audit/index.ts';
import { loadConfig } from '../src/config.ts';
import { DEMO_SIGN_IN, DEMO_STAFF } from '../src/demo/index.ts';
import { verifyPassword } from '../src/modules/identity/passwords.ts';
import { openDatabase } from '../src/storage/database.ts';
import { type CliTarget, cliTarget, joinedup, pgliteFolder, SLOW, startJoinedup } from './process.ts';

let target: CliTarget;
beforeAll(async () => {
  target = await cliTarget({ migrated: false });
});
afterAll(async () => target.close());

const run = (args: string[], env: Record<string, string> = {}) => joinedup(args, { ...target.env, ...env });

/** How many partnerships, staff and audit rows there are, read in one visit (opening PGlite takes a while). */
async function counts(): Promise<{ partnerships: number; staff: number; auditRows: number }> {
  return target.use(async (d) => {
    const n = async (table: 'partnership' | 'staff_user' | 'audit_event') => {
      const row = await d.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    return {
      partnerships: await n('partnership'),
      staff: await n('staff_user'),
      auditRows: await n('audit_event'),
    };
  });
}

describe('joinedup migrate', { timeout: SLOW }, () => {
  it('applies every migration to a new database, then says it is up to date', async () => {
    const first = await run(['migrate']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Applied: 2026-11-25-01-foundation/);
    const second = await run(['migrate']);
    expect(second.code).toBe(0);
    expect(second.stdout.trim()).toBe('The database is up to date.');
  });
});

describe('joinedup demo', { timeout: SLOW }, () => {
  it('loads the demo partnership once, and leaves it alone the second time', async () => {
    const first = await run(['demo']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Loaded the demo partnership.');
    for (const s of DEMO_STAFF) expect(first.stdout).toContain(s.email);
    const loaded = await counts();
    expect(loaded).toMatchObject({ partnerships: 1, staff: DEMO_STAFF.length });

    const second = await run(['demo']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('The demo partnership is already loaded.');
    expect(await counts()).toEqual(loaded);
  });
});

describe('joinedup user create', { timeout: SLOW }, () => {
  const newcomer = [
    'user',
    'create',
    '--partnership',
    'Northfield Care Partnership',
    '--organisation',
    'Northfield Council',
    '--email',
    'jo.admin@northfield.example',
    '--name',
    'Jo Admin',
  ];

  it('bootstraps a new partnership, its first organisation and an administrator', async () => {
    const created = await run(newcomer, { JOINEDUP_PASSWORD: 'first password for jo' });
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(
      'Created jo.admin@northfield.example (admin) in Northfield Council, Northfield Care Partnership.',
    );
    const [user, trail] = await target.use(
      async (d) =>
        [
          await d.db
            .selectFrom('staff_user')
            .innerJoin('partnership', 'partnership.id', 'staff_user.partnership_id')
            .innerJoin('organisation', (j) =>
              j
                .onRef('organisation.partnership_id', '=', 'staff_user.partnership_id')
                .onRef('organisation.id', '=', 'staff_user.organisation_id'),
            )
            .select([
              'partnership.name as partnership',
              'organisation.name as organisation',
              'organisation.kind',
              'staff_user.partnership_role',
              'staff_user.password_hash',
            ])
            .where('staff_user.email', '=', 'jo.admin@northfield.example')
            .executeTakeFirstOrThrow(),
          await verifyTrail(d.db),
        ] as const,
    );
    expect(user).toMatchObject({
      partnership: 'Northfield Care Partnership',
      organisation: 'Northfield Council',
      kind: 'council',
      partnership_role: 'admin',
    });
    expect(await verifyPassword(user.password_hash, 'first password for jo')).toBe(true);
    expect(trail.broken).toBeNull();
  });

  it('names the flag when the email address or role is not right, and creates nothing', async () => {
    const before = await counts();
    const env = { JOINEDUP_PASSWORD: 'a good long password' };
    const fresh = ['user', 'create', '--partnership', 'Southfield', '--organisation', 'Southfield Council'];
    const badEmail = await run([...fresh, '--email', 'not-an-email', '--name', 'Al'], env);
    expect(badEmail.code).toBe(1);
    expect(badEmail.stderr).toContain('--email: Enter an email address in the correct format');
    const badRole = await run(
      [...fresh, '--email', 'al@southfield.example', '--name', 'Al', '--role', 'boss'],
      env,
    );
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('--role: Use one of practitioner, manager, senior_leader, ig_lead');
    const weak = await run([...fresh, '--email', 'al@southfield.example', '--name', 'Al'], {
      JOINEDUP_PASSWORD: 'short',
    });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('JOINEDUP_PASSWORD: Enter a password of at least 12 characters');
    expect(await counts()).toEqual(before);
  });
});

describe('the demo partnership stays out of real databases', { timeout: SLOW * 2 }, () => {
  const northfield = [
    'user',
    'create',
    '--partnership',
    'Northfield Care Partnership',
    '--organisation',
    'Northfield Council',
    '--email',
    'jo.admin@northfield.example',
    '--name',
    'Jo Admin',
  ];
  const partnerships = (t: CliTarget) =>
    t.use(async (d) =>
      (await d.db.selectFrom('partnership').select('name').orderBy('name').execute()).map((p) => p.name),
    );

  /** Runs `serve` until it says it is running, asks for its health, and stops it with SIGTERM. */
  async function serveOnce(env: Record<string, string>) {
    const child = startJoinedup(['serve'], { PORT: '0', SCHEDULER: 'false', ...env });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = await Promise.race([
      new Promise<string>((resolve) => {
        const check = setInterval(() => {
          const found = /JoinedUp is running at (\S+)/.exec(stdout)?.[1];
          if (found) {
            clearInterval(check);
            resolve(found);
          }
        }, 100);
        void exited.then(() => clearInterval(check));
      }),
      exited.then((code) => {
        throw new Error(`serve stopped (exit ${code}) before it started:\n${stdout}${stderr}`);
      }),
    ]);
    const health = (await fetch(`${url}/healthz`)).status;
    child.kill('SIGTERM');
    return { health, code: await exited, stdout, stderr };
  }

  it('by default loads the demo only on the embedded database; LOAD_DEMO=true loads it anywhere', () => {
    const server = 'postgres://joinedup@db.internal:5432/joinedup';
    expect(loadConfig({}).loadDemo).toBe(true);
    expect(loadConfig({ DATABASE_URL: server }).loadDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: server, LOAD_DEMO: 'true' }).loadDemo).toBe(true);
    expect(loadConfig({ LOAD_DEMO: 'false' }).loadDemo).toBe(false);
  });

  it('serve, with no LOAD_DEMO, loads the demo into a new embedded database but not a new PostgreSQL one', async () => {
    const fresh = await cliTarget({ migrated: false });
    try {
      const served = await serveOnce({ ...fresh.env, LOAD_DEMO: '' });
      expect(served.health).toBe(200);
      expect(served.code).toBe(0);
      if (process.env.DATABASE_URL) {
        expect(served.stdout).not.toContain(DEMO_SIGN_IN.email);
        expect(await partnerships(fresh)).toEqual([]);
      } else {
        expect(served.stdout).toContain(`Sign in as the demo care coordinator: ${DEMO_SIGN_IN.email}`);
        expect(await partnerships(fresh)).toEqual(['Riverside Care Partnership']);
      }
    } finally {
      await fresh.close();
    }
  });

  it('never adds the demo beside another partnership: demo refuses, serve says so and carries on', async () => {
    const real = await cliTarget({ migrated: false });
    try {
      const created = await run(northfield, { ...real.env, JOINEDUP_PASSWORD: 'first password for jo' });
      expect(created.code).toBe(0);

      const demo = await joinedup(['demo'], real.env);
      expect(demo.code).toBe(1);
      expect(demo.stderr).toContain(
        'The demo partnership was not loaded: this database already holds Northfield Care Partnership.',
      );
      expect(demo.stdout).not.toContain(DEMO_SIGN_IN.email);

      const served = await serveOnce({ ...real.env, LOAD_DEMO: 'true' });
      expect(served.health).toBe(200);
      expect(served.code).toBe(0);
      expect(served.stderr).toContain(
        'The demo partnership was not loaded: this database already holds Northfield Care Partnership.',
      );
      expect(served.stdout).toContain('JoinedUp is running at');
      expect(served.stdout).not.toContain(DEMO_SIGN_IN.email);
      expect(await partnerships(real)).toEqual(['Northfield Care Partnership']);
    } finally {
      await real.close();
    }
  });
});

describe('the folder lock', { timeout: SLOW }, () => {
  let folder: string;
  let lockFile: string;
  beforeAll(async () => {
    folder = await pgliteFolder();
    lockFile = `${folder}.lock`;
  });
  afterAll(() => fs.rmSync(path.dirname(folder), { recursive: true, force: true }));

  it('stops a second process on a folder in use, naming the process that holds it', async () => {
    const holder = await openDatabase({ dataDir: folder });
    try {
      const second = await joinedup(['migrate'], { DATA_DIR: folder });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`The database folder ${folder} is in use by process ${process.pid}`);
      expect(second.stderr).toContain('Stop that process, or set DATA_DIR to another folder.');
    } finally {
      await holder.close();
    }
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it('takes over a lock left by a process that died', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    fs.writeFileSync(
      lockFile,
      JSON.stringify({
        pid: dead,
        host: os.hostname(),
        startedAt: new Date().toISOString(),
        command: 'killed',
      }),
    );
    const migrate = await joinedup(['migrate'], { DATA_DIR: folder });
    expect(migrate.stderr).toBe('');
    expect(migrate.code).toBe(0);
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it('takes over a lock file that was damaged', async () => {
    fs.writeFileSync(lockFile, '');
    const database = await openDatabase({ dataDir: folder });
    expect(JSON.parse(fs.readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid });
    await database.close();
    expect(fs.existsSync(lockFile)).toBe(false);
  });
});
