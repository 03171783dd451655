// The PostgreSQL server the benchmark measures against: the one BENCH_DATABASE_URL names (in a fresh
// database of its own, dropped afterwards), or else a throwaway server started as .ci/run starts one.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './server.ts';

export interface BenchPostgres {
  url: string;
  /** Where the data lives, for the printed report (no password). */
  label: string;
  stop(): Promise<void>;
  /** For a process on its way out, which can no longer wait: stops a throwaway server at once. */
  stopNow(): void;
}

/** The server to use, or a reason there is none. */
export async function benchPostgres(): Promise<BenchPostgres | string> {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) return freshDatabase(given);
  const bin = postgresBin();
  if (!bin) {
    return 'BENCH_DATABASE_URL is not set and no /usr/lib/postgresql/*/bin/postgres is installed';
  }
  const server = await throwawayServer(bin);
  try {
    const database = await freshDatabase(server.url);
    return {
      ...database,
      label: `${database.label}, ${server.label}`,
      stop: () => stopBoth(database, server),
      stopNow: server.stopNow,
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function stopBoth(database: BenchPostgres, server: BenchPostgres): Promise<void> {
  try {
    await database.stop();
  } finally {
    await server.stop();
  }
}

/** A new database on the server, so that the benchmark never writes into someone's data. */
async function freshDatabase(url: string): Promise<BenchPostgres> {
  const name = `joinedup_bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const label = new URL(target);
  label.password = '';
  return {
    url: target.toString(),
    label: `PostgreSQL ${await serverVersion(url)} (${label.toString()})`,
    stop: () => adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    // Dropping a database needs a round trip; a process that cannot wait leaves it (named joinedup_bench_*).
    stopNow: () => {},
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ server_version: string }>('SHOW server_version');
    return result.rows[0]?.server_version.split(' ')[0] ?? '?';
  } finally {
    await client.end();
  }
}

function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number.parseFloat(a) - Number.parseFloat(b));
  const newest = versions[versions.length - 1];
  return newest ? path.join(root, newest, 'bin') : undefined;
}

/** PostgreSQL refuses to run as root, so as root the server runs as the postgres user (as in .ci/run). */
function asServerUser(command: string): void {
  // From /tmp, which the postgres user can enter whatever folder the benchmark was started in.
  const options = { stdio: 'pipe', cwd: '/tmp' } as const;
  if (process.getuid?.() === 0) execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', command], options);
  else execFileSync('/bin/sh', ['-c', command], options);
}

function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

async function throwawayServer(bin: string): Promise<BenchPostgres> {
  const dataDir = mkdtempSync('/tmp/joinedup-bench-pg.');
  const port = await freePort();
  const ctl = `${quote(path.join(bin, 'pg_ctl'))} -D ${quote(dataDir)}`;
  let started = false;
  const stopNow = () => {
    if (started) {
      try {
        asServerUser(`${ctl} -m immediate stop`);
      } catch {
        // Already stopped.
      }
      started = false;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const stop = async () => stopNow();
  try {
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(dataDir, uid, gid);
    }
    asServerUser(
      `${quote(path.join(bin, 'initdb'))} -D ${quote(dataDir)} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8`,
    );
    const serverOptions = `-p ${port} -k /tmp -c listen_addresses=127.0.0.1`;
    started = true;
    asServerUser(`${ctl} -o ${quote(serverOptions)} -l ${quote(path.join(dataDir, 'log'))} -w start`);
  } catch (error) {
    await stop();
    const detail = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`Could not start a throwaway PostgreSQL server${detail ? `: ${detail}` : ''}`);
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    label: `a throwaway server on port ${port}`,
    stop,
    stopNow,
  };
}
