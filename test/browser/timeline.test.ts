// John's shared timeline in a real browser, as his lead coordinator meets it: every agency's updates with the
// filters, adding an update, correcting it and reading its history, confirming another agency's update, and
// two corrections at once. Every page: no WCAG 2.2 AA failures axe-core can find, one h1, a title naming
// it, nothing the Content-Security-Policy blocked.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORGANISATIONS, demoPersonId } from '../../src/demo/index.ts';
import { type BrowserHarness, startBrowserHarness, submit, visit } from './browser.ts';
import { pathOf, type Session, Walk } from './walk.ts';

let h: BrowserHarness;
let john: string;
const walk = new Walk(() => h);
const TIMELINE = 'Timeline: John Carter';

beforeAll(async () => {
  h = await startBrowserHarness();
  john = await demoPersonId(h.database.db);
});
afterAll(async () => {
  console.info(walk.summary('timeline'));
  await walk.close();
  await h?.close();
});

/** Like submit(), for a button found by a locator: clicks it and returns the status of the page it leads to. */
async function press(page: Page, button: Locator): Promise<number> {
  const response = page.waitForResponse(
    (r) =>
      r.request().isNavigationRequest() &&
      r.frame() === page.mainFrame() &&
      (r.status() < 300 || r.status() >= 400),
  );
  const loaded = page.waitForEvent('load');
  await button.click();
  const [final] = await Promise.all([response, loaded]);
  return final.status();
}

describe('John’s timeline, as his lead coordinator', () => {
  let s: Session;
  beforeAll(async () => {
    s = await walk.signIn('manager');
  });

  it('shows every agency’s updates, and filters them by organisation', async () => {
    await visit(s.page, `/people/${john}`);
    await s.page.getByRole('link', { name: 'Timeline', exact: true }).click();
    await s.page.waitForURL(`**/people/${john}/timeline`);
    await walk.check(s, { title: TIMELINE }, 200);
    const cards = s.page.locator('article.app-timeline-entry');
    expect(await cards.count()).toBeGreaterThan(5);
    const main = (await s.page.locator('main').textContent()) ?? '';
    for (const agency of Object.values(DEMO_ORGANISATIONS)) expect(main).toContain(agency.name);
    expect(await s.page.getByText('Corrected', { exact: true }).count()).toBeGreaterThan(0);
    expect(await s.page.getByText('Confirmed accurate', { exact: true }).count()).toBeGreaterThan(0);

    await s.page.getByLabel('Organisation').selectOption({ label: DEMO_ORGANISATIONS.gp.name });
    await walk.check(s, { title: TIMELINE }, await submit(s.page, 'Apply filters'));
    expect(s.page.url()).toContain(`organisationId=${DEMO_ORGANISATIONS.gp.id}`);
    const filtered = await cards.allTextContents();
    expect(filtered.length).toBe(2);
    for (const card of filtered) expect(card).toContain(DEMO_ORGANISATIONS.gp.name);
    await s.page.getByRole('link', { name: 'Clear filters' }).click();
    await s.page.waitForURL(`**/people/${john}/timeline`);
  });

  it('adds an update, corrects it and reads its history', async () => {
    await visit(s.page, `/people/${john}/timeline`);
    await s.page.getByRole('button', { name: 'Add an update' }).click();
    await s.page.waitForURL(`**/people/${john}/timeline/new`);
    const form = 'Add an update to John’s timeline';
    await walk.check(s, { title: form }, 200);
    await walk.errors(s, 'Save update', { title: form });

    await s.page.getByLabel('Title').fill('Pharmacy delivery');
    await s.page.getByLabel('Update', { exact: true }).fill('Blister packs now come on Mondays.');
    await s.page.getByLabel('Social care', { exact: true }).check();
    await s.page.getByLabel('Care team (everyone the sharing rules allow)').check();
    const saved = await submit(s.page, 'Save update');
    expect(pathOf(s)).toBe(`/people/${john}/timeline`);
    await walk.check(s, { title: TIMELINE }, saved);
    expect(await s.page.getByText('Your update is on the timeline.').count()).toBe(1);

    await s.page.getByRole('link', { name: 'Correct “Pharmacy delivery”' }).click();
    await s.page.waitForURL(/\/timeline\/[0-9a-f-]{36}\/correct$/);
    const correct = 'Correct “Pharmacy delivery”: John Carter';
    await walk.check(s, { title: correct }, 200);
    await s.page.getByLabel('Update', { exact: true }).fill('Blister packs now come on Tuesdays.');
    await walk.errors(s, 'Save correction', { title: correct });
    await s.page.getByLabel('Why are you correcting it?').fill('The pharmacy delivers on Tuesdays.');
    const corrected = await submit(s.page, 'Save correction');
    await walk.check(s, { title: 'History of “Pharmacy delivery”: John Carter' }, corrected);
    const history = (await s.page.locator('main').textContent()) ?? '';
    expect(history).toContain('Your correction is saved');
    expect(history).toContain('Version 2');
    expect(history).toContain('Why: The pharmacy delivers on Tuesdays.');
    expect(history).toContain('Blister packs now come on Tuesdays.');
    expect(history).toContain('Blister packs now come on Mondays.');
    await s.page.getByRole('link', { name: 'Back to the timeline' }).click();
    await s.page.waitForURL(`**/people/${john}/timeline`);
  });

  it('confirms another agency’s update is accurate', async () => {
    await walk.page(s, `/people/${john}/timeline`, TIMELINE);
    const card = s.page.locator('article', { hasText: 'Dressing changed on the left leg' });
    // Each card's button names its update for a screen reader: “Confirm it is accurate: Leg dressing”.
    const button = card.getByRole('button', { name: /^Confirm it is accurate\W+“Leg dressing”$/ });
    await walk.check(s, { title: TIMELINE }, await press(s.page, button));
    expect(await s.page.getByText('You confirmed the update is accurate.').count()).toBe(1);
    expect(await card.textContent()).toContain('Sarah Mitchell (Riverside Council Adult Social Care)');
    expect(await card.textContent()).toContain('You confirmed this text is accurate.');
  });

  it('a correction saved while another was being written: the second is shown both', async () => {
    const other = await walk.signIn('manager');
    await walk.page(s, `/people/${john}/timeline`, TIMELINE);
    await s.page.getByRole('link', { name: 'Correct “Daily living support reviewed”' }).click();
    await s.page.waitForURL(/\/correct$/);
    const correctUrl = new URL(s.page.url()).pathname;
    const title = 'Correct “Daily living support reviewed”: John Carter';
    await walk.page(other, correctUrl, title);

    await other.page
      .getByLabel('Update', { exact: true })
      .fill('Morning visits at 8am, 45 minutes. Lunch made himself.');
    await other.page.getByLabel('Why are you correcting it?').fill('Shorter.');
    await submit(other.page, 'Save correction');

    await s.page.getByLabel('Update', { exact: true }).fill('Morning visits at 8am are working well.');
    await s.page.getByLabel('Why are you correcting it?').fill('Clearer.');
    await walk.check(s, { title, status: 409, errors: true }, await submit(s.page, 'Save correction'));
    const page = (await s.page.locator('main').textContent()) ?? '';
    expect(page).toContain('Lunch made himself.');
    expect(await s.page.getByLabel('Update', { exact: true }).inputValue()).toBe(
      'Morning visits at 8am are working well.',
    );
  });
});
