// The record of John's planning meeting in a real browser: Sarah, the lead coordinator, opens it, adds the
// waiting action point to John's care plan with one click and finds it in the plan; John, signed in to his
// own record, reads the meeting's notes in easy read. Each page: no WCAG 2.2 AA failures axe-core can find,
// one h1, a title naming it, nothing the Content-Security-Policy blocked.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_STAFF, demoPersonId } from '../../src/demo/index.ts';
import { GOOD_PASSWORD, JOHN_EMAIL } from '../../src/modules/portal/test-support.ts';
import { Agent } from '../http.ts';
import {
  type BrowserHarness,
  expectAccessible,
  startBrowserHarness,
  submit,
  visit,
  watchForPolicyViolations,
} from './browser.ts';
import { signIn, Walk } from './walk.ts';

const manager = DEMO_STAFF.find((s) => s.key === 'manager')!;

let h: BrowserHarness;
let john: string;
let planning: string;

beforeAll(async () => {
  h = await startBrowserHarness();
  john = await demoPersonId(h.database.db);
  const row = await h.database.db
    .selectFrom('meeting')
    .select('id')
    .where('person_id', '=', john)
    .where('kind', '=', 'planning')
    .executeTakeFirstOrThrow();
  planning = row.id;
});
const walk = new Walk(() => h);
afterAll(async () => {
  await walk.close();
  console.log(walk.summary('meeting-record'));
  await h?.close();
});

interface Session {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

async function open(): Promise<Session> {
  const context = await h.newContext();
  const { problems } = watchForPolicyViolations(context);
  return { context, page: await context.newPage(), problems };
}

/** A browser context carrying the session an Agent signed in with. */
async function contextFor(agent: Agent): Promise<Session> {
  const s = await open();
  const url = new URL(h.baseUrl);
  await s.context.addCookies(
    agent
      .cookieHeader()
      .split('; ')
      .filter(Boolean)
      .map((pair) => {
        const [name, ...rest] = pair.split('=');
        return { name: name!, value: rest.join('='), domain: url.hostname, path: '/' };
      }),
  );
  return s;
}

async function expectGoodPage(s: Session, title: string) {
  expect(await s.page.title()).toBe(`${title} – JoinedUp`);
  expect(await s.page.locator('h1').count()).toBe(1);
  await expectAccessible(s.page);
  expect(s.problems).toEqual([]);
}

describe('the record of John’s planning meeting', () => {
  it('lets Sarah add an action point to the care plan in one step, and it is in the plan', async () => {
    const s = await open();
    await signIn(h, s.page, 'manager');

    expect(await visit(s.page, `/meetings/${planning}/record`)).toBe(200);
    await expectGoodPage(s, 'Meeting record: Planning meeting');
    const card = s.page.locator('.govuk-summary-card', { hasText: 'Find an evening group near John’s flat' });
    expect(await card.getByText('Not in the plan yet').count()).toBe(1);
    await Promise.all([
      s.page.waitForURL(/done=added/),
      card.getByRole('button', { name: /Add to the care plan/ }).click(),
    ]);
    expect(await s.page.locator('.govuk-notification-banner').textContent()).toContain(
      'The action point is now an action in the care plan, led by its owner.',
    );
    expect(await card.getByText('In the care plan').count()).toBe(1);
    await expectGoodPage(s, 'Meeting record: Planning meeting');

    await Promise.all([
      s.page.waitForURL((u) => u.pathname === `/people/${john}/plan`),
      card.getByRole('link', { name: /See it in the plan/ }).click(),
    ]);
    const action = s.page.locator('.govuk-summary-card', {
      hasText: 'Find an evening group near John’s flat. Bring two ideas to his review.',
    });
    expect(await action.count()).toBe(1);
    expect(await action.textContent()).toContain('Sarah Mitchell');
    await s.context.close();
  });

  it('lets John read the meeting’s notes in easy read, signed in to his own record', async () => {
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
    expect(await visit(s.page, '/my/meetings')).toBe(200);
    await expectGoodPage(s, 'My meetings');
    await Promise.all([
      s.page.waitForURL((u) => u.pathname === `/my/meetings/${planning}`),
      s.page.getByRole('link', { name: /Planning my support/ }).click(),
    ]);
    // John prefers easy read, so that is how his notes open.
    await expectGoodPage(s, 'My meeting');
    await Promise.all([
      s.page.waitForURL(/format=plain/),
      s.page.getByRole('link', { name: 'Plain words' }).click(),
    ]);
    await expectGoodPage(s, 'Notes from my meeting');
    await Promise.all([
      s.page.waitForURL(/format=easy_read/),
      s.page.getByRole('link', { name: 'Easy read' }).click(),
    ]);
    await expectGoodPage(s, 'My meeting');
    const rows = s.page.locator('.app-easy-read-plan__row');
    expect(await rows.count()).toBeGreaterThan(15);
    const words = await s.page.locator('.app-easy-read-plan__words').allTextContents();
    expect(words).toContain('Tom will see you every week until the end of March.');
    expect(words).toContain('Maya Patel is my advocate.');
    // The picture box sits beside the words, not above them.
    const box = await rows.first().locator('.app-easy-read-plan__picture').boundingBox();
    const line = await rows.first().locator('.app-easy-read-plan__words').boundingBox();
    expect(line!.x).toBeGreaterThan(box!.x + box!.width);
    await s.context.close();
  });

  it('passes every form of the record, and each sent empty names what is missing', async () => {
    const s = await walk.signIn('manager');
    const base = `/meetings/${planning}/record`;
    const firstItem = await h.database.db
      .selectFrom('meeting_agenda_item')
      .select(['id', 'title'])
      .where('meeting_id', '=', planning)
      .where('position', '=', 1)
      .executeTakeFirstOrThrow();
    await walk.page(s, `${base}/agenda/new`, 'Add an agenda item');
    await walk.errors(s, 'Add to the agenda');
    await walk.page(s, `${base}/agenda/${firstItem.id}/minutes`, `Minutes of item 1: ${firstItem.title}`);
    await s.page.locator('#minutes').fill('Talked through at the MDT.');
    await walk.check(
      s,
      { title: `Minutes of item 1: ${firstItem.title}` },
      await submit(s.page, 'Check wording'),
    );
    expect(await s.page.locator('#wording-check mark').count()).toBe(1);
    await walk.page(s, `${base}/contributions/new`, 'Add an agency’s contribution');
    await walk.errors(s, 'Add the contribution');
    await walk.page(s, `${base}/decisions/new`, 'Record a decision');
    await s.page
      .getByRole('group', { name: /^Grace Lee/ })
      .getByLabel('Disagreed')
      .check();
    await walk.errors(s, 'Record the decision');
    await walk.page(s, `${base}/action-points/new`, 'Add an action point');
    await walk.errors(s, 'Add the action point');
    await walk.page(s, `${base}/summary`, 'Summary for John');
    await s.page.locator('#words').fill('');
    await walk.errors(s, 'Save as a draft');
    for (const [format, label] of [
      ['easy_read', 'easy read'],
      ['plain', 'plain words'],
      ['large_print', 'large print'],
    ]) {
      await walk.page(
        s,
        `${base}/summary/for-person?format=${format}`,
        `John’s copy of the meeting summary: ${label}`,
      );
    }
  });
});
