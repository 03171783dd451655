// The browser harness: the real app on a test database with the demo partnership, listening on a free
// port, and Debian's Chromium driven by playwright-core (never a downloaded browser). One server and one
// browser per test file; each test makes its own context, so cookies never leak between stories.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { AxeResults, RunOptions } from 'axe-core';
import type { FastifyInstance } from 'fastify';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { type Clock, systemClock } from '../../src/context.ts';
import { DEMO_SIGN_IN, loadDemo } from '../../src/demo/index.ts';
import { buildApp } from '../../src/server/app.ts';
import { type Database, openEmbeddedFromDump } from '../../src/storage/database.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import type { Tables } from '../../src/storage/tables.ts';
import { engine, testConfig, testDatabase } from '../harness.ts';

export interface BrowserHarness {
  app: FastifyInstance;
  database: Database;
  browser: Browser;
  baseUrl: string;
  /** A fresh context (own cookies) whose pages resolve relative URLs against the app. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  close(): Promise<void>;
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface HarnessOptions {
  /**
   * Runs the app's clock from this moment instead of now (it still moves, second by second), so that a
   * story happens on the day it is set. Second-factor codes follow the real clock, so only for files
   * whose users sign in with a password alone.
   */
  startAt?: Date;
}

/**
 * Starts the app and the browser. The app runs on the real clock unless told otherwise: second-factor
 * codes are computed from `new Date()` in the test, as a phone would.
 */
export async function startBrowserHarness(options: HarnessOptions = {}): Promise<BrowserHarness> {
  const { startAt } = options;
  const offset = startAt ? startAt.getTime() - Date.now() : 0;
  const clock: Clock = startAt ? { now: () => new Date(Date.now() + offset) } : systemClock;
  // The browser starts in its own process while the database, the demo and the stylesheet are prepared.
  const launching = chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const [served, launched] = await Promise.allSettled([serveDemo(clock), launching]);
  if (served.status === 'rejected' || launched.status === 'rejected') {
    if (launched.status === 'fulfilled') await launched.value.close();
    if (served.status === 'fulfilled') await served.value.stop();
    throw served.status === 'rejected' ? served.reason : (launched as PromiseRejectedResult).reason;
  }
  const { app, database, baseUrl, stop } = served.value;
  const browser = launched.value;
  return {
    app,
    database,
    browser,
    baseUrl,
    newContext: (options = {}) => browser.newContext({ baseURL: baseUrl, ...options }),
    close: async () => {
      await browser.close();
      await stop();
    },
  };
}

async function serveDemo(clock: Clock) {
  const database = await migratedDatabase();
  try {
    await loadDemo(database.db, clock);
    const app = await buildApp({
      config: testConfig(),
      database,
      clock,
      demoSignIn: DEMO_SIGN_IN,
    });
    const stop = async () => {
      await app.close();
      await database.close();
    };
    try {
      const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
      // The stylesheet is compiled on first request; do it now rather than inside the first test.
      await app.inject({ method: 'GET', url: '/static/app.css' });
      return { app, database, baseUrl, stop };
    } catch (error) {
      await app.close();
      throw error;
    }
  } catch (error) {
    await database.close();
    throw error;
  }
}

/**
 * An empty, migrated database. On PGlite, creating the cluster takes each test file seconds of CPU, more
 * than its migrations; so the first file to need one keeps a snapshot in the temporary folder, named by a
 * hash of the migrations and the PGlite version (a new migration makes a new snapshot), and every file
 * loads its own in-memory copy of it. On PostgreSQL (DATABASE_URL), a fresh database as the other tests.
 */
async function migratedDatabase(): Promise<Database> {
  if (engine !== 'pglite') return testDatabase();
  const snapshot = snapshotFile();
  if (!existsSync(snapshot)) await writeSnapshot(snapshot);
  return openEmbeddedFromDump(new Blob([readFileSync(snapshot)]));
}

function snapshotFile(): string {
  const require = createRequire(import.meta.url);
  const migrations = join(dirname(fileURLToPath(import.meta.url)), '../../src/storage/migrations');
  const hash = createHash('sha256');
  let pglite = dirname(require.resolve('@electric-sql/pglite'));
  while (!existsSync(join(pglite, 'package.json'))) pglite = dirname(pglite);
  hash.update(readFileSync(join(pglite, 'package.json')));
  for (const name of readdirSync(migrations).sort()) {
    hash.update(name).update(readFileSync(join(migrations, name)));
  }
  return join(tmpdir(), `joinedup-browser-tests-${hash.digest('hex').slice(0, 16)}.tar.gz`);
}

async function writeSnapshot(file: string): Promise<void> {
  const client = await PGlite.create();
  const db = new Kysely<Tables>({ dialect: new PGliteDialect(client) });
  try {
    await migrateToLatest(db);
    const dump = await client.dumpDataDir('gzip');
    // Written aside and renamed, so a file running at the same moment never reads half a snapshot.
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  } finally {
    await db.destroy();
  }
}

// WCAG 2.0, 2.1 and 2.2 at levels A and AA: what the accessibility statement promises.
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let axeSource: string | undefined;

function axeScript(): string {
  if (axeSource === undefined) {
    const require = createRequire(import.meta.url);
    const main = require.resolve('axe-core');
    axeSource = readFileSync(main.replace(/axe\.js$/, 'axe.min.js'), 'utf8');
  }
  return axeSource;
}

export interface AxeSummary {
  url: string;
  /** Rules that ran and applied to something on the page (passed or failed). */
  applied: string[];
  violations: Array<{ id: string; impact: string | null; help: string; targets: string[]; summary: string }>;
  /** Checks axe could not decide alone (for example contrast over an image): reported, not failed. */
  incomplete: string[];
  /** Failures axe reports that are GOV.UK Frontend's known, deliberate exception (see `axeScan`). */
  excepted: string[];
}

/**
 * Runs axe-core in the page. The app's Content-Security-Policy forbids inline scripts, so the source goes
 * in through the DevTools protocol (page.evaluate) rather than a <script> tag; the page's own policy stays
 * in force, so the same page can be checked for policy violations.
 *
 * One failure is excepted, and only in its exact form: GOV.UK Frontend puts `aria-expanded` on a radio
 * button that reveals a further question (a conditional reveal). ARIA 1.2 does not list the attribute
 * for radios, but screen readers announce it and the GOV.UK Design System keeps it on purpose after
 * research with their users (alphagov/govuk-frontend#979, #1280). A radio with any other attribute
 * out of place, or `aria-expanded` anywhere else, still fails. The accessibility statement says so.
 */
export async function axeScan(page: Page): Promise<AxeSummary> {
  await page.evaluate(axeScript());
  const options: RunOptions = { runOnly: { type: 'tag', values: AXE_TAGS }, resultTypes: ['violations'] };
  const results = await page.evaluate(async (runOptions) => {
    const axe = (window as unknown as { axe: { run(context: Document, o: RunOptions): Promise<AxeResults> } })
      .axe;
    const r = await axe.run(document, runOptions);
    const excepted: string[] = [];
    const isConditionalReveal = (node: AxeResults['violations'][number]['nodes'][number]): boolean => {
      const selector = node.target.length === 1 ? String(node.target[0]) : null;
      const input = selector ? document.querySelector(selector) : null;
      if (!input?.matches('input[type="radio"].govuk-radios__input[aria-controls]')) return false;
      const revealed = document.getElementById(input.getAttribute('aria-controls') ?? '');
      if (!revealed?.classList.contains('govuk-radios__conditional')) return false;
      // The check's data names each attribute out of place, as `aria-expanded="true"`.
      const attributes = [...node.all, ...node.any, ...node.none].flatMap((check) => {
        const values = (check.data as { values?: unknown } | null)?.values;
        return Array.isArray(values) ? values.map(String) : [];
      });
      return attributes.length > 0 && attributes.every((a) => a.startsWith('aria-expanded='));
    };
    const violations = r.violations
      .map((v) => {
        if (v.id !== 'aria-allowed-attr') return v;
        const nodes = v.nodes.filter((n) => {
          if (!isConditionalReveal(n)) return true;
          excepted.push(`${v.id} at ${n.target.map(String).join(' ')}`);
          return false;
        });
        return { ...v, nodes };
      })
      .filter((v) => v.nodes.length > 0);
    return {
      applied: [...r.passes, ...r.violations].map((rule) => rule.id),
      incomplete: r.incomplete.map((rule) => rule.id),
      excepted,
      violations: violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        targets: v.nodes.map((n) => n.target.map(String).join(' ')),
        summary: v.nodes.map((n) => n.failureSummary ?? '').join('\n'),
      })),
    };
  }, options);
  return { url: page.url(), ...results };
}

/** Fails with every violation: its rule id, what it asks for, and the selectors of the elements at fault. */
export async function expectAccessible(page: Page): Promise<AxeSummary> {
  const summary = await axeScan(page);
  if (summary.violations.length) {
    const lines = summary.violations.map(
      (v) => `- ${v.id} (${v.impact ?? 'no impact given'}): ${v.help}\n    at ${v.targets.join('\n    at ')}`,
    );
    throw new Error(
      `${summary.violations.length} accessibility violation(s) on ${summary.url}:\n${lines.join('\n')}`,
    );
  }
  return summary;
}

/**
 * Collects what the page's console says about Content-Security-Policy violations, and any uncaught script
 * error, from every page opened in the context.
 */
export function watchForPolicyViolations(context: BrowserContext): { problems: string[] } {
  const problems: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) {
        problems.push(`${page.url()}: ${message.type()}: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`${page.url()}: uncaught ${error.name}: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return { problems };
}

/**
 * Clicks a button that submits a form and waits for the page that results (after any redirect). Returns
 * that page's status.
 */
export async function submit(page: Page, button: string): Promise<number> {
  const response = page.waitForResponse(
    (r) =>
      r.request().isNavigationRequest() &&
      r.frame() === page.mainFrame() &&
      (r.status() < 300 || r.status() >= 400),
  );
  const loaded = page.waitForEvent('load');
  await page.getByRole('button', { name: button, exact: true }).click();
  const [final] = await Promise.all([response, loaded]);
  return final.status();
}

/** Goes to a path and returns its status. */
export async function visit(page: Page, path: string): Promise<number> {
  const response = await page.goto(path);
  if (!response) throw new Error(`No response for ${path}`);
  return response.status();
}
