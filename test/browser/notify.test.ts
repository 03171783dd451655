// Notifications in a real browser: the count in the header is the number of unread notifications the list
// shows; marking one read and then all takes the count down to none, with and without JavaScript; the
// email preference is chosen (and refused empty); the outbox page shows the administrator and the IG lead
// whether email is going out. Each page: no WCAG 2.2 AA failures axe-core can find, one h1, a title naming
// it, nothing the Content-Security-Policy blocked.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, startBrowserHarness, submit, visit } from './browser.ts';
import { pathOf, type Session, Walk } from './walk.ts';

let h: BrowserHarness;
const walk = new Walk(() => h);

beforeAll(async () => {
  h = await startBrowserHarness();
});
afterAll(async () => {
  console.info(walk.summary('notify'));
  await walk.close();
  await h?.close();
});

/** The number in the header's Notifications link; 0 when it shows none. */
async function headerCount(page: Page): Promise<number> {
  const link = page.locator('.govuk-service-navigation').getByRole('link', { name: /^Notifications/ });
  expect(await link.count()).toBe(1);
  const text = ((await link.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  const m = /^Notifications (\d+) unread$/.exec(text);
  if (!m) expect(text).toBe('Notifications');
  return m ? Number(m[1]) : 0;
}

async function unreadRows(s: Session): Promise<number> {
  return s.page.locator('main tbody tr').filter({ hasText: 'Unread' }).count();
}

describe('the header count and the list', () => {
  it('the header count is the list’s unread notifications, and goes down as they are read', async () => {
    const s = await walk.signIn('manager');
    const count = await headerCount(s.page);
    expect(count).toBeGreaterThan(0);
    await s.page
      .locator('.govuk-service-navigation')
      .getByRole('link', { name: /^Notifications/ })
      .click();
    await s.page.waitForURL('**/notifications');
    await walk.check(s, { title: 'Notifications' }, 200);
    expect(await unreadRows(s)).toBe(count);
    expect(await s.page.locator('main').textContent()).toContain(`You have ${count} unread notification`);

    // Read the first.
    const first = s.page.locator('main tbody tr').first();
    const loaded = s.page.waitForEvent('load');
    await first.getByRole('button', { name: /^Mark as read/ }).click();
    await loaded;
    await walk.check(s, { title: 'Notifications' }, 200);
    expect(await s.page.locator('.govuk-notification-banner').textContent()).toContain(
      'The notification is marked as read.',
    );
    expect(await headerCount(s.page)).toBe(count - 1);
    expect(await unreadRows(s)).toBe(count - 1);

    // Only the unread ones.
    await s.page.getByRole('link', { name: 'unread only' }).click();
    await s.page.waitForURL('**/notifications?unread=true');
    await walk.check(s, { title: 'Notifications' }, 200);
    expect(await s.page.locator('main tbody tr').count()).toBe(count - 1);

    // And all of them.
    const status = await submit(s.page, 'Mark all as read');
    expect(pathOf(s)).toBe('/notifications');
    await walk.check(s, { title: 'Notifications' }, status);
    expect(await headerCount(s.page)).toBe(0);
    expect(await unreadRows(s)).toBe(0);
    expect(await s.page.getByRole('button', { name: 'Mark all as read' }).count()).toBe(0);
  });

  it('works without JavaScript', async () => {
    const s = await walk.signIn('nurse', { javaScriptEnabled: false });
    const count = await headerCount(s.page);
    expect(count).toBeGreaterThan(0);
    await walk.page(s, '/notifications', 'Notifications');
    const loaded = s.page.waitForEvent('load');
    await s.page
      .locator('main tbody tr')
      .first()
      .getByRole('button', { name: /^Mark as read/ })
      .click();
    await loaded;
    expect(await headerCount(s.page)).toBe(count - 1);
  });
});

describe('email preferences', () => {
  it('refuses an empty choice, then saves a daily summary', async () => {
    const s = await walk.signIn('gp');
    await walk.page(s, '/notifications/preferences', 'How you get notification emails');
    expect(await s.page.getByLabel('Straight away').isChecked()).toBe(true);
    // A browser sends no choice when neither is selected: clear the one selected to send it so.
    await s.page.locator('input[name="emailMode"]').evaluateAll((inputs) => {
      for (const i of inputs as HTMLInputElement[]) i.checked = false;
    });
    await walk.errors(s, 'Save', { title: 'How you get notification emails' });
    await s.page.getByLabel('In a daily summary').check();
    const status = await submit(s.page, 'Save');
    expect(pathOf(s)).toBe('/notifications/preferences');
    await walk.check(s, { title: 'How you get notification emails' }, status);
    expect(await s.page.getByLabel('In a daily summary').isChecked()).toBe(true);
    expect(await s.page.locator('.govuk-notification-banner').textContent()).toContain(
      'Your email preference is saved.',
    );
  });
});

describe('the outbox', () => {
  it('shows the IG lead that email waits while no SMTP server is set; others may not see it', async () => {
    const s = await walk.signIn('igLead');
    await visit(s.page, '/notifications');
    await s.page.getByRole('link', { name: 'Email outbox' }).click();
    await s.page.waitForURL('**/notifications/outbox');
    await walk.check(s, { title: 'Email outbox' }, 200);
    expect(await s.page.locator('main').textContent()).toContain('No email server is set (SMTP_URL)');
    const volunteer = await walk.signIn('volunteer');
    await walk.page(volunteer, '/notifications/outbox', { status: 403 });
  });
});
