// The real server under test, as a child process (`joinedup serve`), and a browser-like sign-in to it.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface RunningServer {
  url: string;
  pid: number;
  /** The process's peak resident memory so far (VmHWM), in bytes. */
  peakMemory(): number;
  /** CPU time the process has used so far (user and system), in milliseconds. */
  cpuTime(): number;
  stop(): Promise<void>;
  /** SIGKILL, for a process on its way out that can no longer wait. */
  stopNow(): void;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts `joinedup serve` with these settings. Node runs src/main.ts itself (`--import tsx`) rather than
 * through npx or the tsx command, so the pid is the server's own and its memory figures are the server's.
 */
export async function startServer(settings: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Settings from the caller's shell must not leak in: the engine is chosen here, not by DATABASE_URL.
  for (const key of ['DATABASE_URL', 'DATA_DIR', 'NODE_ENV', 'PUBLIC_URL', 'COOKIE_SECURE', 'TRUST_PROXY']) {
    delete env[key];
  }
  Object.assign(
    env,
    { HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', LOAD_DEMO: 'true' },
    settings,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The server's own words, kept to explain a failure: its start-up lines, then the latest few.
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 50) output.splice(1, output.length - 50);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error('the server did not start within 120 s')), 120_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${output.join('')}`.trim()));
    };
    const onExit = (code: number | null) =>
      fail(new Error(`the server exited (code ${code}) before it was ready`));
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('JoinedUp is running at')) {
        clearTimeout(timer);
        child.off('exit', onExit);
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.once('exit', onExit);
    child.stdout?.on('data', onData);
  });
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`The server (pid ${child.pid}) stopped by itself: code ${code}, signal ${signal}.`);
      console.error(output.join('').trim());
    }
  });
  const pid = child.pid!;
  checkIsNode(pid);
  return {
    url: `http://127.0.0.1:${port}`,
    pid,
    peakMemory: () => peakMemoryOf(pid),
    cpuTime: () => cpuTimeOf(pid),
    stop: () => {
      stopping = true;
      return stopChild(child);
    },
    stopNow: () => {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

function checkIsNode(pid: number): void {
  const exe = realpathSync(`/proc/${pid}/exe`);
  if (exe !== realpathSync(process.execPath)) {
    throw new Error(`process ${pid} is ${exe}, not node: its memory would not be the server's`);
  }
}

function peakMemoryOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kib) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(kib) * 1024;
}

// Clock ticks per second for /proc/<pid>/stat: 100 on every Linux this runs on (getconf CLK_TCK).
const TICKS_PER_SECOND = 100;

function cpuTimeOf(pid: number): number {
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** SIGTERM lets serve close its database cleanly (PGlite flushes its folder); SIGKILL if it will not. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Signs in through the real form, as a browser does: fetch the page, keep its CSRF cookie, post the form
 * with the hidden _csrf field, keep the session cookie. Returns the Cookie header a signed-in browser sends.
 */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const cookies = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (at > 0) cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  };
  const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');

  const page = await fetch(`${baseUrl}/sign-in`);
  keep(page);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!token) throw new Error('the sign-in page has no _csrf field');
  const posted = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password }).toString(),
  });
  keep(posted);
  if (posted.status !== 303 || posted.headers.get('location') !== '/') {
    throw new Error(`signing in as ${email} answered ${posted.status}, not a redirect home`);
  }
  const home = await fetch(`${baseUrl}/`, { redirect: 'manual', headers: { cookie: header() } });
  const html = await home.text();
  if (home.status !== 200 || !html.includes('Welcome,')) {
    throw new Error(`the home page answered ${home.status} after signing in as ${email}`);
  }
  return header();
}
