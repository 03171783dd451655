// The outbox and the scheduler in the real server process. Emails queued by a server that is then killed
// (kill -9, before it could send them) are each sent exactly once by the next; and two servers on one
// PostgreSQL database run each day's reminder job once between them and send each email once.
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../src/context.ts';
import { loadDemo } from '../src/demo/index.ts';
import { type CliTarget, cliTarget, freePort, SLOW, startJoinedup } from './process.ts';
import { startSmtp, type TestSmtp } from './smtp.ts';

interface Server {
  child: ChildProcess;
  output: () => string;
}

const children: ChildProcess[] = [];
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function startServer(env: Record<string, string>): Promise<Server> {
  const child = startJoinedup(['serve'], { PORT: String(await freePort()), ...env });
  children.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString('utf8');
      if (output.includes('JoinedUp is running at')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) =>
      reject(new Error(`The server stopped (exit ${code}) before it started:\n${output}`)),
    );
  });
  return { child, output: () => output };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Waits (not a timed assertion: the test's own timeout is the only limit) until the check holds. */
async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 200));
}

async function outbox(target: CliTarget) {
  return target.use((database) =>
    database.db.selectFrom('email_outbox').select(['id', 'status', 'to_address']).execute(),
  );
}

describe('the outbox across a kill', { timeout: SLOW * 2 }, () => {
  it('sends each email queued before the kill exactly once after the restart', async () => {
    const target = await cliTarget({ migrated: true });
    cleanups.push(() => target.close());
    const smtp: TestSmtp = await startSmtp();
    cleanups.push(() => smtp.close());

    // The first server loads the demo, which assigns care plan actions and so queues their emails; it
    // has no SMTP server, so they wait. Then it is killed without warning.
    const first = await startServer({ ...target.env, LOAD_DEMO: 'true' });
    first.child.kill('SIGKILL');
    await exited(first.child);
    expect(first.child.signalCode).toBe('SIGKILL');
    const queued = await outbox(target);
    expect(queued.length).toBeGreaterThan(0);
    expect(queued.every((r) => r.status === 'queued')).toBe(true);

    // The second has the SMTP server: everything goes, once.
    const second = await startServer({
      ...target.env,
      LOAD_DEMO: 'true',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'JoinedUp <no-reply@riverside.example>',
      OUTBOX_INTERVAL_SECONDS: '1',
    });
    // Only what was queued before the kill is counted: the new server's own daily reminders may add more.
    const before = new Set(queued.map((q) => q.id));
    const arrived = () =>
      smtp.messages
        .map((m) => /^<([0-9a-f-]{36})@riverside\.example>$/.exec(m.messageId ?? '')?.[1] ?? '')
        .filter((id) => before.has(id));
    await until(() => new Set(arrived()).size === before.size);
    second.child.kill('SIGTERM');
    await exited(second.child);
    expect(second.child.exitCode).toBe(0);

    const after = (await outbox(target)).filter((r) => before.has(r.id));
    expect(after.every((r) => r.status === 'sent')).toBe(true);
    // Each exactly once: as many arrivals as rows, and no Message-ID twice.
    expect(arrived().sort()).toEqual([...before].sort());
  });
});

describe.skipIf(!process.env.DATABASE_URL)(
  'two servers on one PostgreSQL database (skipped on PGlite: an embedded database belongs to one process)',
  { timeout: SLOW * 2 },
  () => {
    it('runs the reminder job once between them, and sends each email once', async () => {
      const target = await cliTarget({ migrated: true });
      cleanups.push(() => target.close());
      await target.use((database) => loadDemo(database.db, systemClock));
      const smtp = await startSmtp();
      cleanups.push(() => smtp.close());
      const env = {
        ...target.env,
        LOAD_DEMO: 'false',
        LOG_LEVEL: 'info',
        SMTP_URL: smtp.url,
        MAIL_FROM: 'JoinedUp <no-reply@riverside.example>',
        OUTBOX_INTERVAL_SECONDS: '1',
        // Due at once, whatever the time of day the test runs.
        REMINDERS_AT: '00:00',
        DIGEST_AT: '00:00',
      };
      const servers = await Promise.all([startServer(env), startServer(env)]);
      const said = (s: Server, msg: string) => s.output().includes(`"msg":"${msg}"`);
      const aboutReminders = (s: Server) =>
        said(s, 'reminders ran') || said(s, 'reminders already run by another instance');
      await until(() => servers.every(aboutReminders));
      expect(servers.filter((s) => said(s, 'reminders ran'))).toHaveLength(1);
      expect(servers.filter((s) => said(s, 'reminders already run by another instance'))).toHaveLength(1);
      const runs = await target.use((database) =>
        database.db
          .selectFrom('job_run')
          .select(['job', 'instance'])
          .where('job', '=', 'reminders')
          .execute(),
      );
      expect(runs).toHaveLength(1);

      // Both instances send: each email still goes once.
      await until(async () => (await outbox(target)).every((r) => r.status !== 'queued'));
      for (const s of servers) s.child.kill('SIGTERM');
      await Promise.all(servers.map((s) => exited(s.child)));
      const rows = await outbox(target);
      expect(rows.length).toBeGreaterThan(0);
      expect(smtp.messages).toHaveLength(rows.length);
      expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(rows.length);
    });
  },
);
