// The person's own pages in a real browser. John's lead coordinator makes an invitation link on the staff
// page; John opens it, chooses a password and is signed in; he reads his record, "about me", who has
// looked at his record and his plan, in each format. His advocate does the same with his agreement. Every
// page: no WCAG 2.2 AA failures axe-core can find, one h1, a title naming it, nothing the
// Content-Security-Policy blocked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPersonId } from '../../src/demo/index.ts';
import { type BrowserHarness, startBrowserHarness, submit, visit } from './browser.ts';
import { pathOf, type Session, Walk } from './walk.ts';

const JOHN_EMAIL = 'john.carter@example.org';
const MAYA_EMAIL = 'maya.patel@riversideadvocacy.example';
const PASSWORD = 'blue kettle allotment wednesday';

let h: BrowserHarness;
let john: string;
const walk = new Walk(() => h);
const links: Record<'john' | 'maya', string> = { john: '', maya: '' };

beforeAll(async () => {
  h = await startBrowserHarness();
  john = await demoPersonId(h.database.db);
});
afterAll(async () => {
  console.info(walk.summary('portal'));
  await walk.close();
  await h?.close();
});

/** The invitation link on the page that shows it once, as a path. */
async function linkShown(s: Session): Promise<string> {
  const text = (await s.page.locator('.app-invitation-link').textContent()) ?? '';
  const path = /\/invitation\/[A-Za-z0-9_-]{43}/.exec(text)?.[0];
  expect(path, 'invitation link').toBeDefined();
  return path!;
}

describe('the lead coordinator invites John and his advocate', () => {
  let s: Session;
  beforeAll(async () => {
    s = await walk.signIn('manager');
  });

  it('makes John’s invitation link', async () => {
    await walk.page(s, `/people/${john}/invite`, 'Give John access to their own record');
    await s.page.getByRole('radio', { name: 'John', exact: true }).check();
    await s.page.getByLabel('Their email address').fill(JOHN_EMAIL);
    const status = await submit(s.page, 'Create invitation link');
    await walk.check(s, {}, status);
    links.john = await linkShown(s);
  });

  it('asks for John’s agreement before inviting his advocate, then makes her link', async () => {
    await visit(s.page, `/people/${john}/invite`);
    await s.page.getByRole('radio', { name: /^Maya Patel/ }).check();
    await s.page.getByLabel('Their email address').fill(MAYA_EMAIL);
    await walk.errors(s, 'Create invitation link', { title: 'Give John access to their own record' });
    await s.page.getByLabel('John has agreed').check();
    const today = new Date().toISOString().slice(0, 10);
    await s.page.getByLabel('When did John agree?').fill(today);
    const status = await submit(s.page, 'Create invitation link');
    await walk.check(s, {}, status);
    links.maya = await linkShown(s);
  });

  it('sees who can sign in', async () => {
    await walk.page(s, `/people/${john}/invite`, 'Give John access to their own record');
    expect(await s.page.getByRole('button', { name: /^Turn off access for/ }).count()).toBe(2);
  });
});

describe('John, with his own record', () => {
  let s: Session;
  beforeAll(async () => {
    s = await walk.open();
  });

  it('opens the link: the password form, and sent empty', async () => {
    await walk.page(s, links.john, 'Set your password');
    await walk.errors(s, 'Set password and sign in', { title: 'Set your password' });
  });

  it('chooses a password and is signed in to his record, in easy read as he asked', async () => {
    await s.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await s.page.getByLabel('Type the password again').fill(PASSWORD);
    const status = await submit(s.page, 'Set password and sign in');
    expect(pathOf(s)).toBe('/my');
    await walk.check(s, { title: 'My record' }, status);
  });

  it.each([
    ['/my', 'the record'],
    ['/my/access', 'who has looked at it'],
    ['/my/plan', 'the plan'],
  ])('%s (%s) in each format', async (path) => {
    await walk.page(s, path);
    const formats = await s.page
      .locator('nav[aria-label^="Formats"] a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(formats.length).toBeGreaterThan(0);
    for (const href of formats) await walk.page(s, href);
  });

  it('“about me”, and the form with errors', async () => {
    await walk.page(s, '/my/about-me', '“About me” for John');
    await s.page.getByLabel('Who wrote this together').fill('');
    await walk.errors(s, 'Save');
  });

  it('the link, once used, no longer works', async () => {
    const other = await walk.open();
    await walk.page(other, links.john, { title: 'This link no longer works', status: 410 });
  });
});

describe('Maya, John’s advocate', () => {
  it('sets her password and sees John’s record and plan', async () => {
    const s = await walk.open();
    await walk.page(s, links.maya, 'Set your password');
    await s.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await s.page.getByLabel('Type the password again').fill(PASSWORD);
    const status = await submit(s.page, 'Set password and sign in');
    expect(pathOf(s)).toBe('/my');
    // Her pages say whose record it is: John's, not hers.
    await walk.check(s, { title: 'John’s record' }, status);
    await walk.page(s, '/my/plan');
    await walk.page(s, '/my/access', 'Who has looked at this record');
  });
});
