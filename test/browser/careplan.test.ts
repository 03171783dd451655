// John's joint care plan in a real browser. First the acceptance walk of issue 4: his lead coordinator
// finds the plan, his GP marks the annual health check done and sees it move to next year, and the
// volunteer sees only the weekly social engagement. Then every page of the plan, each also with its
// errors: no WCAG 2.2 AA failures axe-core can find, one h1, a title naming it, nothing the
// Content-Security-Policy blocked. Last, the same work without JavaScript.
//
// The app's clock starts on 9 December 2026 at 11am, an hour after John's annual health check at Meadow
// Lane Surgery (the GP's note in the demo), so the GP records it on the day it was done.
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPersonId } from '../../src/demo/index.ts';
import { type BrowserHarness, startBrowserHarness, submit, visit } from './browser.ts';
import { pathOf, type Session, Walk } from './walk.ts';

const HEALTH_CHECK = 'Annual health check at Meadow Lane Surgery, with an easy-read letter beforehand';
const DAILY_LIVING =
  'Daily living support: a morning visit to help with breakfast, medicines and planning the day';
const SOCIAL = 'Weekly social engagement: a volunteer goes with John to the allotment group';

let h: BrowserHarness;
let john: string;
const walk = new Walk(() => h);

beforeAll(async () => {
  h = await startBrowserHarness({ startAt: new Date('2026-12-09T11:00:00Z') });
  john = await demoPersonId(h.database.db);
});
afterAll(async () => {
  console.info(walk.summary('careplan'));
  await walk.close();
  await h?.close();
});

/** The summary card of the action with these words. */
function card(s: Session, what: string): Locator {
  return s.page.locator('.govuk-summary-card').filter({
    has: s.page.locator('.govuk-summary-card__title', { hasText: what }),
  });
}

/** What the card's summary list says against a key, such as "When". */
async function rowOf(action: Locator, key: string): Promise<string> {
  const row = action.locator('.govuk-summary-list__row').filter({
    has: action.page().locator('.govuk-summary-list__key', { hasText: key }),
  });
  return ((await row.locator('.govuk-summary-list__value').textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

describe('issue 4: the care plan across organisations', () => {
  it('the lead coordinator opens John from the list of people and sees his plan', async () => {
    const s = await walk.signIn('manager');
    await visit(s.page, '/people');
    await s.page.getByRole('link', { name: 'John Carter', exact: true }).click();
    await s.page.waitForURL(`**/people/${john}`);
    await s.page.getByRole('link', { name: 'Care plan', exact: true }).click();
    await s.page.waitForURL(`**/people/${john}/plan`);
    await walk.check(s, { title: 'Care plan: John Carter' }, 200);
    for (const what of [HEALTH_CHECK, DAILY_LIVING, SOCIAL]) {
      expect(await card(s, what).count(), what).toBe(1);
    }
    expect(await rowOf(card(s, HEALTH_CHECK), 'When')).toBe('Every year, next due 9 December 2026');
  });

  it('the GP marks the annual health check done, and it moves to next year', async () => {
    const s = await walk.signIn('gp');
    await visit(s.page, '/people');
    await s.page.getByRole('link', { name: 'John Carter', exact: true }).click();
    await s.page.getByRole('link', { name: 'Care plan', exact: true }).click();
    await s.page.waitForURL(`**/people/${john}/plan`);
    await walk.check(s, { title: 'Care plan: John Carter' }, 200);

    await card(s, HEALTH_CHECK)
      .getByRole('link', { name: /^Update progress/ })
      .click();
    await s.page.waitForURL(/\/status$/);
    await walk.check(s, {}, 200);
    await s.page.getByLabel('Done', { exact: true }).check();
    const status = await submit(s.page, 'Save');
    expect(pathOf(s)).toBe(`/people/${john}/plan`);
    await walk.check(s, { title: 'Care plan: John Carter' }, status);
    const check = card(s, HEALTH_CHECK);
    expect(await rowOf(check, 'When')).toBe('Every year, next due 9 December 2027');
    expect(await rowOf(check, 'Last done')).toBe('9 December 2026');
    expect(await rowOf(check, 'Status')).toBe('Planned');
  });

  it('the volunteer sees only the weekly social engagement, and no outcomes', async () => {
    const s = await walk.signIn('volunteer');
    await walk.page(s, `/people/${john}/plan`, 'Care plan: John Carter');
    const cards = s.page.locator('main .govuk-summary-card__title');
    expect(await cards.allTextContents()).toEqual([SOCIAL]);
    expect(await s.page.locator('main .app-person-words').count()).toBe(0);
    for (const words of ['I want to keep living in my own flat.', 'I want to feel less low on Sundays.']) {
      expect(await s.page.getByText(words).count(), words).toBe(0);
    }
  });
});

describe('every page of the plan, as the lead coordinator', () => {
  let s: Session;
  beforeAll(async () => {
    s = await walk.signIn('manager');
  });

  it('adding an outcome: the form, its errors, and a check of its wording', async () => {
    await walk.page(s, `/people/${john}/plan/outcomes/new`);
    await walk.errors(s, 'Save outcome');
    await s.page.getByLabel('What does John want?').fill('I want my MDT to facilitate my ADLs.');
    const checked = await submit(s.page, 'Check wording');
    await walk.check(s, {}, checked);
  });

  it('changing an outcome', async () => {
    await visit(s.page, `/people/${john}/plan`);
    await s.page.getByRole('link', { name: 'Change this outcome' }).first().click();
    await s.page.waitForURL(/\/outcomes\/[0-9a-f-]{36}\/edit$/);
    await walk.check(s, {}, 200);
  });

  it('adding an action: the form and its errors', async () => {
    await walk.page(s, `/people/${john}/plan/actions/new`);
    await walk.errors(s, 'Save action');
  });

  it('changing an action', async () => {
    await visit(s.page, `/people/${john}/plan`);
    await card(s, DAILY_LIVING)
      .getByRole('link', { name: /^Change/ })
      .click();
    await s.page.waitForURL(/\/actions\/[0-9a-f-]{36}\/edit$/);
    await walk.check(s, {}, 200);
  });

  it('updating progress: the form, and stopping without saying why', async () => {
    await visit(s.page, `/people/${john}/plan`);
    await card(s, DAILY_LIVING)
      .getByRole('link', { name: /^Update progress/ })
      .click();
    await s.page.waitForURL(/\/status$/);
    await walk.check(s, {}, 200);
    await s.page.getByLabel('Stopped', { exact: true }).check();
    await walk.errors(s, 'Save');
  });

  it('who does what, and naming an organisation’s contact', async () => {
    await walk.page(s, `/people/${john}/plan/who-does-what`, 'Who does what: John Carter');
    await s.page.getByRole('link', { name: /for Meadow Lane Surgery$/ }).click();
    await s.page.waitForURL(/\/who-does-what\/contacts\/[0-9a-f-]{36}$/);
    // The question is the page's heading; the title says whose contact it is.
    await walk.check(s, { title: 'Contact for Meadow Lane Surgery' }, 200);
  });

  it('reviews, arranging one and its errors, the review held and the one to come', async () => {
    await walk.page(s, `/people/${john}/plan/reviews`, 'Reviews: John Carter');
    const reviews = await s.page
      .locator(`main a[href^="/people/${john}/plan/reviews/"]`)
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')!).filter((href) => !href.endsWith('/new')));
    expect(reviews.length).toBe(2);
    await walk.page(s, `/people/${john}/plan/reviews/new`, 'Arrange a review');
    await s.page.getByLabel('When is it due?').fill('');
    await walk.errors(s, 'Arrange review', { title: 'Arrange a review' });
    // The review still to come can be recorded: sent empty, it asks for the day and the summary.
    let recordable = 0;
    for (const review of reviews) {
      await walk.page(s, review);
      if (await s.page.getByRole('button', { name: 'Record review' }).count()) {
        recordable += 1;
        await walk.errors(s, 'Record review');
      }
    }
    expect(recordable).toBe(1);
  });

  it.each([
    ['easy_read', 'John’s copy of the plan: easy read'],
    ['plain', 'John’s copy of the plan: plain words'],
    ['large_print', 'John’s copy of the plan: large print'],
  ])('John’s copy of the plan in %s', async (format, title) => {
    await walk.page(s, `/people/${john}/plan/for-person?format=${format}`, title);
  });

  it('my work', async () => {
    await walk.page(s, '/my-work', 'My work');
  });
});

describe('the plan as the other organisations see it', () => {
  it('the GP: my work and who does what', async () => {
    const s = await walk.signIn('gp');
    await walk.page(s, '/my-work', 'My work');
    await walk.page(s, `/people/${john}/plan/who-does-what`, 'Who does what: John Carter');
  });

  it('the volunteer: my work and who does what', async () => {
    const s = await walk.signIn('volunteer');
    await walk.page(s, '/my-work', 'My work');
    await walk.page(s, `/people/${john}/plan/who-does-what`, 'Who does what: John Carter');
    expect(await s.page.getByText(HEALTH_CHECK).count()).toBe(0);
  });
});

// axe cannot run where scripts are off, so here the journey itself is the test; the same templates are
// scanned above.
describe('without JavaScript', () => {
  it('the lead coordinator adds an update to John’s timeline and an outcome to his plan', async () => {
    const s = await walk.signIn('manager', { javaScriptEnabled: false });

    await visit(s.page, `/people/${john}/timeline`);
    await s.page.getByRole('button', { name: 'Add an update' }).click();
    await s.page.waitForURL(`**/people/${john}/timeline/new`);
    await s.page.getByLabel('Title').fill('Allotment open day');
    await s.page
      .getByLabel('Update', { exact: true })
      .fill('John showed me his leeks. He wants to enter them in the show next year.');
    await s.page.getByLabel('Social care', { exact: true }).check();
    await s.page.getByLabel('Care team (everyone the sharing rules allow)').check();
    const saved = await submit(s.page, 'Save update');
    expect(pathOf(s)).toBe(`/people/${john}/timeline`);
    await walk.check(s, { title: 'Timeline: John Carter' }, saved);
    expect(await s.page.getByText('Allotment open day').count()).toBeGreaterThan(0);

    await visit(s.page, `/people/${john}/plan`);
    await s.page.getByRole('button', { name: 'Add an outcome' }).click();
    await s.page.waitForURL(`**/people/${john}/plan/outcomes/new`);
    await s.page.getByLabel('What does John want?').fill('I want to enter my leeks in the village show.');
    await s.page.locator('input[name="priority"]').first().check();
    const added = await submit(s.page, 'Save outcome');
    expect(pathOf(s)).toBe(`/people/${john}/plan`);
    await walk.check(s, { title: 'Care plan: John Carter' }, added);
    expect(
      await s.page.getByRole('heading', { name: '“I want to enter my leeks in the village show.”' }).count(),
    ).toBe(1);
    expect(s.problems).toEqual([]);
  });
});
