// A server killed without warning (a power cut, the OOM killer, kill -9) must keep every write it told a
// browser had succeeded. Only the embedded engine is tried here: a PostgreSQL server's durability is its own.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_STAFF } from '../src/demo/index.ts';
import { codeAt } from '../src/modules/identity/totp.ts';
import { openDatabase } from '../src/storage/database.ts';
import { csrfIn } from './http.ts';
import { freePort, joinedup, pgliteFolder, SLOW, startJoinedup } from './process.ts';

const manager = DEMO_STAFF.find((s) => s.key === 'manager')!;
const admin = DEMO_STAFF.find((s) => s.key === 'admin')!;
const CONCURRENCY = 8;
const KILL_AFTER = 60;

/** A browser's worth of cookies over fetch, following no redirects so that each response can be checked. */
class Browser {
  private cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  async request(method: string, url: string, body?: string, headers: Record<string, string> = {}) {
    const response = await fetch(this.base + url, {
      method,
      redirect: 'manual',
      headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...headers },
      ...(body === undefined ? {} : { body }),
    });
    for (const c of response.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const at = pair.indexOf('=');
      const value = pair.slice(at + 1);
      if (value === '' || /max-age=0/i.test(c)) this.cookies.delete(pair.slice(0, at));
      else this.cookies.set(pair.slice(0, at), value);
    }
    return {
      status: response.status,
      location: response.headers.get('location'),
      text: await response.text(),
    };
  }

  get(url: string) {
    return this.request('GET', url);
  }

  /** Posts a form with the CSRF token from the page at formUrl, as a browser would. */
  async post(url: string, fields: Record<string, string>, formUrl = url) {
    const token = csrfIn((await this.get(formUrl)).text) ?? '';
    const body = new URLSearchParams({ _csrf: token, ...fields }).toString();
    return this.request('POST', url, body, { 'content-type': 'application/x-www-form-urlencoded' });
  }

  async signIn(email: string) {
    return this.post('/sign-in', { email, password: DEMO_PASSWORD });
  }
}

interface Server {
  child: ChildProcess;
  base: string;
  output: () => string;
}

async function startServer(dataDir: string, port: number): Promise<Server> {
  const child = startJoinedup(['serve'], {
    DATA_DIR: dataDir,
    PORT: String(port),
    LOAD_DEMO: 'true',
    LOG_LEVEL: 'warn',
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
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
  await ready;
  return { child, base: `http://127.0.0.1:${port}`, output: () => output };
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Signs the demo administrator in, setting up their security app on the way, as the first sign-in asks. */
async function adminSignedIn(base: string): Promise<Browser> {
  const browser = new Browser(base);
  const signIn = await browser.signIn(admin.email);
  expect(signIn.location).toBe('/sign-in/set-up-two-factor');
  const setup = await browser.get('/sign-in/set-up-two-factor');
  const secret = /id="totp-secret">([A-Z2-7]+)</.exec(setup.text)?.[1];
  expect(secret).toBeDefined();
  const confirmed = await browser.request(
    'POST',
    '/sign-in/set-up-two-factor',
    new URLSearchParams({ _csrf: csrfIn(setup.text) ?? '', code: codeAt(secret!, new Date()) }).toString(),
    { 'content-type': 'application/x-www-form-urlencoded' },
  );
  expect(confirmed.location).toBe('/');
  return browser;
}

let folder = '';
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (folder) fs.rmSync(path.dirname(folder), { recursive: true, force: true });
});

describe.skipIf(Boolean(process.env.DATABASE_URL))(
  'a server killed in the middle of writing',
  { timeout: SLOW },
  () => {
    it('keeps every write it acknowledged, and its audit trail stays intact', async () => {
      folder = await pgliteFolder({ migrated: true });
      const port = await freePort();
      const first = await startServer(folder, port);
      children.push(first.child);

      const sarah = new Browser(first.base);
      const signedIn = await sarah.signIn(manager.email);
      expect(signedIn).toMatchObject({ status: 303, location: '/' });
      expect((await sarah.get('/')).text).toContain(manager.name);

      const alex = await adminSignedIn(first.base);
      const token = csrfIn((await alex.get('/account')).text) ?? '';
      const acknowledged: Array<{ id: string; name: string }> = [];
      let sent = 0;
      let killed = false;
      const createOrganisations = async (worker: number) => {
        for (let i = 0; !killed; i++) {
          const name = `Crash test ${worker}-${i}`;
          sent++;
          try {
            const res = await alex.request(
              'POST',
              '/api/v1/organisations',
              JSON.stringify({ name, kind: 'voluntary' }),
              {
                'content-type': 'application/json',
                'x-csrf-token': token,
              },
            );
            if (res.status !== 201) throw new Error(`POST /api/v1/organisations: ${res.status} ${res.text}`);
            acknowledged.push({ id: (JSON.parse(res.text) as { id: string }).id, name });
          } catch (error) {
            if (killed) return;
            throw error;
          }
          if (acknowledged.length >= KILL_AFTER && !killed) {
            // Kill with the other workers' requests still in flight.
            killed = true;
            first.child.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => createOrganisations(w)));
      await exited(first.child);
      expect(first.child.signalCode).toBe('SIGKILL');
      // The dead server's lock is still there; the next server must take it over.
      const stale = JSON.parse(fs.readFileSync(`${folder}.lock`, 'utf8')) as { pid: number };
      expect(stale.pid).toBe(first.child.pid);

      // Restarted on the same address, so the browsers carry on as people's would.
      const second = await startServer(folder, port);
      children.push(second.child);
      const after = await alex.get('/api/v1/organisations');
      expect(after.status).toBe(200);
      const names = new Set(
        (JSON.parse(after.text) as { items: Array<{ name: string }> }).items.map((o) => o.name),
      );
      const lost = acknowledged.filter((o) => !names.has(o.name));
      const found = acknowledged.length - lost.length;
      console.info(
        `crash test: ${sent} writes sent, ${acknowledged.length} acknowledged, ${found} found after restart, ` +
          `${[...names].filter((n) => n.startsWith('Crash test')).length} present in all`,
      );
      expect(lost).toEqual([]);
      // Sarah's session was written before the crash too.
      expect((await sarah.get('/')).status).toBe(200);

      second.child.kill('SIGTERM');
      expect(await exited(second.child)).toBe(0);
      const verify = await joinedup(['audit', 'verify'], { DATA_DIR: folder });
      expect(verify.stderr).toBe('');
      expect(verify.code).toBe(0);

      const database = await openDatabase({ dataDir: folder });
      try {
        const created = await database.db
          .selectFrom('audit_event')
          .select('entity_id')
          .where('action', '=', 'organisation.create')
          .execute();
        const audited = new Set(created.map((r) => r.entity_id));
        expect(acknowledged.filter((o) => !audited.has(o.id))).toEqual([]);
      } finally {
        await database.close();
      }
    });
  },
);
