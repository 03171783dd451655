// Every page, in a real browser, as the demo manager and the demo administrator would meet it: no WCAG 2.2
// AA failures that axe-core can find, one h1, a title that names the page, and nothing the strict
// Content-Security-Policy had to block. Then the journey that must work without JavaScript.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_STAFF } from '../../src/demo/index.ts';
import { codeAt } from '../../src/modules/identity/index.ts';
import {
  type AxeSummary,
  type BrowserHarness,
  expectAccessible,
  startBrowserHarness,
  submit,
  visit,
  watchForPolicyViolations,
} from './browser.ts';

const manager = DEMO_STAFF.find((s) => s.key === 'manager')!;
const admin = DEMO_STAFF.find((s) => s.key === 'admin')!;
const council = DEMO_ORGANISATIONS.council;
const gp = DEMO_ORGANISATIONS.gp;

let h: BrowserHarness;
const scans: AxeSummary[] = [];

beforeAll(async () => {
  h = await startBrowserHarness();
});
afterAll(async () => {
  const rules = new Set(scans.flatMap((s) => s.applied));
  const incomplete = new Set(scans.flatMap((s) => s.incomplete));
  console.info(
    `axe-core: ${scans.length} pages scanned, ${rules.size} rules applied` +
      (incomplete.size ? `; needing a person to review: ${[...incomplete].join(', ')}` : ''),
  );
  await h?.close();
});

interface Session {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

async function openSession(options: { javaScriptEnabled?: boolean } = {}): Promise<Session> {
  const context = await h.newContext(options);
  const { problems } = watchForPolicyViolations(context);
  const page = await context.newPage();
  return { context, page, problems };
}

/**
 * The checks every page passes: its status, exactly one h1, a title naming it ("Error: " first when the
 * form needs correcting, as GOV.UK's error summary pattern asks), no axe violations and nothing blocked.
 */
async function expectGoodPage(
  s: Session,
  expected: { title: string; status: number; errors?: boolean },
  actualStatus: number,
): Promise<void> {
  expect(actualStatus, `status of ${s.page.url()}`).toBe(expected.status);
  expect(await s.page.title()).toBe(`${expected.errors ? 'Error: ' : ''}${expected.title} – JoinedUp`);
  expect(await s.page.locator('h1').count(), 'h1 elements').toBe(1);
  if (expected.errors) {
    const summary = s.page.locator('.govuk-error-summary');
    expect(await summary.count()).toBe(1);
    // Every message in the summary links to a field that exists on the page.
    for (const href of await summary
      .locator('a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
      expect(await s.page.locator(href!).count(), `field for ${href}`).toBe(1);
    }
  }
  scans.push(await expectAccessible(s.page));
  expect(s.problems).toEqual([]);
}

async function expectPage(s: Session, path: string, title: string, status = 200): Promise<void> {
  await expectGoodPage(s, { title, status }, await visit(s.page, path));
}

/**
 * A code as the authenticator app would show it. A time step once used cannot be used again, so a
 * second sign-in within the same 30 seconds takes the next step's code, which the one-step drift allows.
 */
async function nextCode(email: string): Promise<string> {
  const row = await h.database.db
    .selectFrom('staff_user')
    .select(['totp_secret', 'totp_last_step'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  const current = Math.floor(Date.now() / 30_000);
  const step = Math.max(current, (row.totp_last_step ?? -1) + 1);
  return codeAt(row.totp_secret!, new Date(step * 30_000));
}

async function fillSignIn(page: Page, email: string, password: string): Promise<number> {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  return submit(page, 'Sign in');
}

describe('as the demo manager', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
  });
  afterAll(async () => s?.context.close());

  it('the sign-in page, with GOV.UK Frontend enhancements running under the policy', async () => {
    await expectPage(s, '/sign-in', 'Sign in');
    // The password input's "Show" button exists only once the script has run, so it is scanned too.
    expect(await s.page.getByRole('button', { name: 'Show password' }).isVisible()).toBe(true);
    // Not a GOV.UK service: no crown, and Arial rather than GDS Transport.
    expect(await s.page.locator('.govuk-header__logotype, .govuk-logo').count()).toBe(0);
    expect(await s.page.evaluate(() => getComputedStyle(document.body).fontFamily)).not.toMatch(
      /GDS Transport/i,
    );
  });

  it('the sign-in page with errors, after sending it empty', async () => {
    await visit(s.page, '/sign-in');
    await expectGoodPage(s, { title: 'Sign in', status: 422, errors: true }, await submit(s.page, 'Sign in'));
  });

  it('signs in through the form and sees the home page', async () => {
    await visit(s.page, '/sign-in');
    const status = await fillSignIn(s.page, manager.email, DEMO_PASSWORD);
    expect(new URL(s.page.url()).pathname).toBe('/');
    await expectGoodPage(s, { title: 'Home', status: 200 }, status);
  });

  it.each([
    ['/organisations', 'Member organisations'],
    [`/organisations/${gp.id}`, gp.name],
    ['/account', 'Your account'],
    ['/account/password', 'Change your password'],
    ['/account/two-factor', 'Set up your security app'],
    ['/accessibility', 'Accessibility statement'],
    ['/privacy', 'How JoinedUp uses information'],
  ])('%s', async (path, title) => {
    await expectPage(s, path, title);
  });

  it('a page that does not exist', async () => {
    await expectPage(s, '/no-such-page', 'Page not found', 404);
  });

  it('a page the manager may not see', async () => {
    await expectPage(s, '/admin/staff', 'You cannot see or do this', 403);
  });

  it('/account/password with errors', async () => {
    await visit(s.page, '/account/password');
    const status = await submit(s.page, 'Change password');
    await expectGoodPage(s, { title: 'Change your password', status: 422, errors: true }, status);
  });

  it('/account/two-factor with errors', async () => {
    await visit(s.page, '/account/two-factor');
    const status = await submit(s.page, 'Turn on security code');
    await expectGoodPage(s, { title: 'Set up your security app', status: 422, errors: true }, status);
  });
});

describe('as the demo administrator', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
  });
  afterAll(async () => s?.context.close());

  it('must set up a security app at first sign-in', async () => {
    await visit(s.page, '/sign-in');
    const status = await fillSignIn(s.page, admin.email, DEMO_PASSWORD);
    expect(new URL(s.page.url()).pathname).toBe('/sign-in/set-up-two-factor');
    await expectGoodPage(s, { title: 'Set up your security app', status: 200 }, status);
  });

  it('the security app set-up with errors', async () => {
    const status = await submit(s.page, 'Turn on security code');
    await expectGoodPage(s, { title: 'Set up your security app', status: 422, errors: true }, status);
  });

  it('turns on the security app with the code it shows', async () => {
    const secret = (await s.page.locator('#totp-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await s.page.getByLabel('Security code').fill(codeAt(secret, new Date()));
    const status = await submit(s.page, 'Turn on security code');
    expect(new URL(s.page.url()).pathname).toBe('/');
    await expectGoodPage(s, { title: 'Home', status: 200 }, status);
  });

  it.each([
    ['/admin/staff', 'Staff'],
    ['/admin/staff/new', 'Add a member of staff'],
    ['/organisations/new', 'Add an organisation'],
    [`/organisations/${council.id}/edit`, `Change ${council.name}`],
    ['/account', 'Your account'],
  ])('%s', async (path, title) => {
    await expectPage(s, path, title);
  });

  it('/admin/staff/new with errors', async () => {
    await visit(s.page, '/admin/staff/new');
    const status = await submit(s.page, 'Save');
    await expectGoodPage(s, { title: 'Add a member of staff', status: 422, errors: true }, status);
  });

  it('/organisations/new with errors', async () => {
    await visit(s.page, '/organisations/new');
    const status = await submit(s.page, 'Save');
    await expectGoodPage(s, { title: 'Add an organisation', status: 422, errors: true }, status);
  });

  it('a member of staff, their account status form with errors, and their edit page', async () => {
    await visit(s.page, '/admin/staff');
    await s.page.getByRole('link', { name: manager.name, exact: true }).click();
    await s.page.waitForURL(/\/admin\/staff\/[0-9a-f-]{36}$/);
    await expectGoodPage(s, { title: manager.name, status: 200 }, 200);

    const refused = await submit(s.page, 'Make this change');
    await expectGoodPage(s, { title: manager.name, status: 422, errors: true }, refused);

    await s.page.getByRole('button', { name: 'Change details' }).click();
    await s.page.waitForURL(/\/edit$/);
    await expectGoodPage(s, { title: `Change ${manager.name}`, status: 200 }, 200);
  });
});

describe('signing in with a security app already set up', () => {
  const igLead = DEMO_STAFF.find((m) => m.key === 'igLead')!;
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
  });
  afterAll(async () => s?.context.close());

  it('sets the app up, signs out, and is asked for a code at the next sign-in', async () => {
    await visit(s.page, '/sign-in');
    await fillSignIn(s.page, igLead.email, DEMO_PASSWORD);
    expect(new URL(s.page.url()).pathname).toBe('/sign-in/set-up-two-factor');
    const secret = (await s.page.locator('#totp-secret').textContent())?.trim() ?? '';
    await s.page.getByLabel('Security code').fill(codeAt(secret, new Date()));
    await submit(s.page, 'Turn on security code');
    expect(new URL(s.page.url()).pathname).toBe('/');

    await submit(s.page, 'Sign out');
    expect(new URL(s.page.url()).pathname).toBe('/sign-in');
    const status = await fillSignIn(s.page, igLead.email, DEMO_PASSWORD);
    expect(new URL(s.page.url()).pathname).toBe('/sign-in/two-factor');
    await expectGoodPage(s, { title: 'Enter your security code', status: 200 }, status);
  });

  it('the security code page with errors', async () => {
    const status = await submit(s.page, 'Continue');
    await expectGoodPage(s, { title: 'Enter your security code', status: 422, errors: true }, status);
  });

  it('signs in with the code the app shows next', async () => {
    await s.page.getByLabel('Security code').fill(await nextCode(igLead.email));
    const status = await submit(s.page, 'Continue');
    expect(new URL(s.page.url()).pathname).toBe('/');
    await expectGoodPage(s, { title: 'Home', status: 200 }, status);
  });
});

// axe cannot run where scripts are off (page.evaluate waits for ever), so here the journey itself is
// the test; the same templates are scanned above.
describe('without JavaScript', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession({ javaScriptEnabled: false });
  });
  afterAll(async () => s?.context.close());

  it('signs in with a security code, adds an organisation through the form, and signs out', async () => {
    await visit(s.page, '/sign-in');
    await fillSignIn(s.page, admin.email, DEMO_PASSWORD);
    if (new URL(s.page.url()).pathname === '/sign-in/set-up-two-factor') {
      // Only when this test runs alone: the administrator has not set up the app yet.
      const secret = (await s.page.locator('#totp-secret').textContent())?.trim() ?? '';
      await s.page.getByLabel('Security code').fill(codeAt(secret, new Date()));
      await submit(s.page, 'Turn on security code');
    } else {
      expect(new URL(s.page.url()).pathname).toBe('/sign-in/two-factor');
      expect(await s.page.title()).toBe('Enter your security code – JoinedUp');
      await s.page.getByLabel('Security code').fill(await nextCode(admin.email));
      await submit(s.page, 'Continue');
    }
    expect(new URL(s.page.url()).pathname).toBe('/');
    expect(await s.page.title()).toBe('Home – JoinedUp');

    await visit(s.page, '/organisations');
    await s.page.getByRole('button', { name: 'Add an organisation' }).click();
    await s.page.waitForURL(/\/organisations\/new$/);
    await s.page.getByLabel('Name').fill('Riverside Carers Centre');
    await s.page.getByLabel('Voluntary or community group').check();
    const saved = await submit(s.page, 'Save');
    expect(saved).toBe(200);
    expect(new URL(s.page.url()).pathname).toMatch(/^\/organisations\/[0-9a-f-]{36}$/);
    expect(await s.page.locator('h1').textContent()).toBe('Riverside Carers Centre');
    expect(await s.page.title()).toBe('Riverside Carers Centre – JoinedUp');

    await submit(s.page, 'Sign out');
    expect(new URL(s.page.url()).pathname).toBe('/sign-in');
    await visit(s.page, '/');
    expect(new URL(s.page.url()).pathname).toBe('/sign-in');
    expect(s.problems).toEqual([]);
  });
});
