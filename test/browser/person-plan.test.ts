// The person's own copy of their plan in a real browser, in each format: for the care team and for John
// signed in. Each page: no WCAG 2.2 AA failures axe-core can find, one h1, a title naming it, nothing the
// Content-Security-Policy blocked; easy read keeps a box for a picture beside every line.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_STAFF, demoPersonId } from '../../src/demo/index.ts';
import { GOOD_PASSWORD, JOHN_EMAIL } from '../../src/modules/portal/test-support.ts';
import { Agent } from '../http.ts';
import {
  type BrowserHarness,
  expectAccessible,
  startBrowserHarness,
  visit,
  watchForPolicyViolations,
} from './browser.ts';

const manager = DEMO_STAFF.find((s) => s.key === 'manager')!;

let h: BrowserHarness;
let john: string;

beforeAll(async () => {
  h = await startBrowserHarness();
  john = await demoPersonId(h.database.db);
});
afterAll(async () => h?.close());

/** A browser context carrying the session an Agent signed in with. */
async function contextFor(
  agent: Agent,
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await h.newContext();
  const { problems } = watchForPolicyViolations(context);
  const url = new URL(h.baseUrl);
  await context.addCookies(
    agent
      .cookieHeader()
      .split('; ')
      .filter(Boolean)
      .map((pair) => {
        const [name, ...rest] = pair.split('=');
        return { name: name!, value: rest.join('='), domain: url.hostname, path: '/' };
      }),
  );
  return { context, page: await context.newPage(), problems };
}

async function expectGoodPage(s: { page: Page; problems: string[] }, path: string, title: string) {
  expect(await visit(s.page, path), path).toBe(200);
  expect(await s.page.title()).toBe(`${title} – JoinedUp`);
  expect(await s.page.locator('h1').count()).toBe(1);
  await expectAccessible(s.page);
  expect(s.problems).toEqual([]);
}

describe('the person’s own copy of the plan', () => {
  it('for the care team, in each format', async () => {
    const sarah = new Agent(h.app);
    expect((await sarah.signIn(manager.email, DEMO_PASSWORD)).statusCode).toBe(303);
    const s = await contextFor(sarah);
    const base = `/people/${john}/plan/for-person`;
    await expectGoodPage(s, `${base}?format=easy_read`, 'John’s copy of the plan: easy read');
    const rows = s.page.locator('.app-easy-read-plan__row');
    expect(await rows.count()).toBeGreaterThan(30);
    // The picture box sits beside the words, not above them.
    const box = await rows.first().locator('.app-easy-read-plan__picture').boundingBox();
    const words = await rows.first().locator('.app-easy-read-plan__words').boundingBox();
    expect(box!.width).toBeGreaterThan(40);
    expect(words!.x).toBeGreaterThan(box!.x + box!.width);
    await expectGoodPage(s, `${base}?format=plain`, 'John’s copy of the plan: plain words');
    await expectGoodPage(s, `${base}?format=large_print`, 'John’s copy of the plan: large print');
    const size = await s.page
      .locator('.app-large-print-plan .govuk-summary-list')
      .first()
      .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(24);
    await s.context.close();
  });

  it('for John, signed in', async () => {
    const sarah = new Agent(h.app);
    expect((await sarah.signIn(manager.email, DEMO_PASSWORD)).statusCode).toBe(303);
    const sent = await sarah.post(`/people/${john}/invite`, { who: 'person', email: JOHN_EMAIL });
    const link = /(\/invitation\/[A-Za-z0-9_-]{43})/.exec(sent.body)?.[1];
    expect(link).toBeTruthy();
    const me = new Agent(h.app);
    expect(
      (await me.post(link!, { newPassword: GOOD_PASSWORD, confirmPassword: GOOD_PASSWORD })).statusCode,
    ).toBe(303);
    const s = await contextFor(me);
    await expectGoodPage(s, '/my/plan?format=easy_read', 'My plan');
    await expectGoodPage(s, '/my/plan?format=plain', 'My care plan');
    await s.context.close();
  });
});
