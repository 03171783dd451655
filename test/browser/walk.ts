// What the page-by-page browser walks share: a signed-in context per user, the checks every page passes
// (its status, one h1, a title that names it, no axe-core failures, nothing the Content-Security-Policy
// blocked), and a count of what was scanned for the file's summary line.
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD, DEMO_STAFF } from '../../src/demo/index.ts';
import { codeAt } from '../../src/modules/identity/index.ts';
import {
  type AxeSummary,
  type BrowserHarness,
  expectAccessible,
  submit,
  visit,
  watchForPolicyViolations,
} from './browser.ts';

export interface Session {
  context: BrowserContext;
  page: Page;
  problems: string[];
  /** Whether scripts run: axe-core cannot be injected where they do not. */
  scripts: boolean;
}

export interface Expected {
  /** The title before " – JoinedUp" (and after "Error: "); when left out, it must at least name the h1. */
  title?: string;
  status?: number;
  /** The page shows a form's errors: "Error: " in the title and an error summary linking to each field. */
  errors?: boolean;
}

export class Walk {
  readonly scans: AxeSummary[] = [];
  private readonly sessions: Session[] = [];

  constructor(private readonly h: () => BrowserHarness) {}

  async open(options: { javaScriptEnabled?: boolean } = {}): Promise<Session> {
    const context = await this.h().newContext(options);
    const { problems } = watchForPolicyViolations(context);
    const scripts = options.javaScriptEnabled ?? true;
    const session = { context, page: await context.newPage(), problems, scripts };
    this.sessions.push(session);
    return session;
  }

  /** Opens a context and signs in through the form as the demo member of staff with this key. */
  async signIn(key: string, options: { javaScriptEnabled?: boolean } = {}): Promise<Session> {
    const s = await this.open(options);
    await signIn(this.h(), s.page, key);
    return s;
  }

  /** Checks the page the session is on: see `Expected`. */
  async check(s: Session, expected: Expected, actualStatus: number): Promise<void> {
    const { page } = s;
    const url = page.url();
    expect(actualStatus, `status of ${url}`).toBe(expected.status ?? 200);
    const h1 = page.locator('h1');
    expect(await h1.count(), `h1 elements on ${url}`).toBe(1);
    const title = await page.title();
    const match = /^(Error: )?(.+) – JoinedUp$/.exec(title);
    expect(match, `title of ${url}: ${title}`).not.toBeNull();
    expect(Boolean(match![1]), `"Error: " in the title of ${url}`).toBe(Boolean(expected.errors));
    const named = match![2]!;
    if (expected.title !== undefined) expect(named, `title of ${url}`).toBe(expected.title);
    else {
      let heading = (await h1.textContent()) ?? '';
      for (const caption of await h1.locator('[class*="govuk-caption"]').allTextContents()) {
        heading = heading.replace(caption, '');
      }
      // Every word of the heading is in the title, in any order ("Notes: John Carter" for "John Carter").
      const titleWords = new Set(words(named));
      const missing = words(heading).filter((word) => !titleWords.has(word));
      expect(words(heading).length, `h1 on ${url}`).toBeGreaterThan(0);
      expect(missing, `words of the h1 missing from the title of ${url} (${title})`).toEqual([]);
    }
    if (expected.errors) {
      const summary = page.locator('.govuk-error-summary');
      expect(await summary.count(), `error summary on ${url}`).toBe(1);
      const hrefs = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(hrefs.length, `errors listed on ${url}`).toBeGreaterThan(0);
      // Every message in the summary links to a field that exists on the page (ids may hold dots).
      for (const href of hrefs) {
        const id = decodeURIComponent(href!.replace(/^#/, ''));
        expect(await page.locator(`[id="${id}"]`).count(), `field for ${href} on ${url}`).toBe(1);
      }
    }
    // axe-core runs in the page, so only where scripts run; the same templates are scanned elsewhere.
    if (s.scripts) this.scans.push(await expectAccessible(page));
    expect(s.problems, `policy problems by ${url}`).toEqual([]);
  }

  /** Goes to the path and checks the page. */
  async page(s: Session, path: string, expected: Expected | string = {}): Promise<void> {
    const e = typeof expected === 'string' ? { title: expected } : expected;
    await this.check(s, e, await visit(s.page, path));
  }

  /**
   * Sends the form with the button as it stands (after `prepare` has emptied what it must) and checks
   * the page of errors that comes back.
   */
  async errors(s: Session, button: string, expected: Omit<Expected, 'errors'> = {}): Promise<void> {
    await this.check(s, { status: 422, ...expected, errors: true }, await submit(s.page, button));
  }

  async close(): Promise<void> {
    await Promise.all(this.sessions.map((s) => s.context.close().catch(() => undefined)));
  }

  summary(file: string): string {
    const rules = new Set(this.scans.flatMap((s) => s.applied));
    const incomplete = new Set(
      this.scans.flatMap((s) => s.incomplete.map((rule) => `${rule} (${new URL(s.url).pathname})`)),
    );
    const excepted = this.scans.filter((s) => s.excepted.length).length;
    return (
      `${file}: axe-core scanned ${this.scans.length} pages, ${rules.size} rules applied` +
      (excepted ? `; GOV.UK conditional reveals (aria-expanded on a radio) on ${excepted}` : '') +
      (incomplete.size ? `; needing a person to review: ${[...incomplete].join(', ')}` : '')
    );
  }
}

/** The words of a title or heading, case and punctuation folded, to compare one with the other. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .split(/[^\p{L}\p{N}']+/u)
    .map((word) => word.replace(/^'+|'+$/g, ''))
    .filter(Boolean);
}

export function staff(key: string): (typeof DEMO_STAFF)[number] {
  const member = DEMO_STAFF.find((s) => s.key === key);
  if (!member) throw new Error(`No demo member of staff ${key}`);
  return member;
}

/**
 * A code as the authenticator app would show it. A time step once used cannot be used again, so a
 * second sign-in within the same 30 seconds takes the next step's code, which the one-step drift allows.
 */
export async function nextCode(h: BrowserHarness, email: string): Promise<string> {
  const row = await h.database.db
    .selectFrom('staff_user')
    .select(['totp_secret', 'totp_last_step'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  const current = Math.floor(Date.now() / 30_000);
  const step = Math.max(current, (row.totp_last_step ?? -1) + 1);
  return codeAt(row.totp_secret!, new Date(step * 30_000));
}

/**
 * Signs in through the form; an administrator or information governance lead sets up the security app
 * at first sign-in (reading the key from the page, as a phone would) and gives its code afterwards.
 */
export async function signIn(h: BrowserHarness, page: Page, key: string): Promise<void> {
  const { email } = staff(key);
  await visit(page, '/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await submit(page, 'Sign in');
  const path = new URL(page.url()).pathname;
  if (path === '/sign-in/set-up-two-factor') {
    const secret = (await page.locator('#totp-secret').textContent())?.trim() ?? '';
    await page.getByLabel('Security code').fill(codeAt(secret, new Date()));
    await submit(page, 'Turn on security code');
  } else if (path === '/sign-in/two-factor') {
    await page.getByLabel('Security code').fill(await nextCode(h, email));
    await submit(page, 'Continue');
  }
  expect(new URL(page.url()).pathname, `${key} signed in`).toBe('/');
}

/** The path of the page the session is on. */
export function pathOf(s: Session): string {
  return new URL(s.page.url()).pathname;
}
