// Information governance in a real browser: John's sharing and consent and each form that changes it,
// the refusal a member of staff outside his care team meets and the emergency access it offers, and the
// information governance lead's pages (emergency access reviews, sharing agreements, the audit trail).
// Every page, and every form with its errors: no WCAG 2.2 AA failures axe-core can find, one h1, a title
// naming it, nothing the Content-Security-Policy blocked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORGANISATIONS, demoPersonId } from '../../src/demo/index.ts';
import { type BrowserHarness, startBrowserHarness, submit, visit } from './browser.ts';
import { pathOf, type Session, Walk } from './walk.ts';

let h: BrowserHarness;
let john: string;
const walk = new Walk(() => h);

beforeAll(async () => {
  h = await startBrowserHarness();
  john = await demoPersonId(h.database.db);
});
afterAll(async () => {
  console.info(walk.summary('ig'));
  await walk.close();
  await h?.close();
});

describe('John’s sharing and consent, as his lead coordinator', () => {
  let s: Session;
  beforeAll(async () => {
    s = await walk.signIn('manager');
  });

  it('the Sharing tab', async () => {
    await visit(s.page, `/people/${john}`);
    await s.page.getByRole('link', { name: 'Sharing and consent', exact: true }).click();
    await s.page.waitForURL(`**/people/${john}/sharing`);
    await walk.check(s, { title: 'Sharing – John Carter' }, 200);
  });

  it.each([
    ['consents/new', 'Record a consent decision', 'Save consent decision'],
    ['capacity/new', 'Record a capacity assessment', 'Save capacity assessment'],
    ['lawful-bases/new', 'Record another lawful basis for sharing', 'Save lawful basis'],
    ['sharing-decisions/new', 'Record a decision to share or not to share', 'Add to the decision log'],
  ])('%s, and sent empty', async (path, title, button) => {
    await walk.page(s, `/people/${john}/${path}`, title);
    await walk.errors(s, button, { title });
  });

  it('withdrawing consent, from the Sharing tab', async () => {
    await visit(s.page, `/people/${john}/sharing`);
    const withdraw = s.page.locator(`main a[href*="consents/new?organisationId="]`).first();
    await withdraw.click();
    await s.page.waitForURL(/\/consents\/new\?/);
    await walk.check(s, { title: 'Record a consent decision' }, 200);
  });

  it('records a safeguarding basis, then ends it early: the form and its errors', async () => {
    await visit(s.page, `/people/${john}/lawful-bases/new`);
    await s.page.getByRole('radio', { name: 'Safeguarding' }).check();
    await s.page
      .getByLabel('Organisation that will receive the information')
      .selectOption(DEMO_ORGANISATIONS.mentalHealth.id);
    await s.page.locator('input[name="categories"]').first().check();
    await s.page
      .getByLabel('Justification')
      .fill('Karen told us John was being pressured for money by a neighbour; the crisis team must know.');
    const today = new Date();
    await s.page.locator('#startsOn').fill(String(today.getUTCDate()));
    await s.page.locator('input[name="startsOn-month"]').fill(String(today.getUTCMonth() + 1));
    await s.page.locator('input[name="startsOn-year"]').fill(String(today.getUTCFullYear()));
    const saved = await submit(s.page, 'Save lawful basis');
    expect(pathOf(s)).toBe(`/people/${john}/sharing`);
    await walk.check(s, { title: 'Sharing – John Carter' }, saved);

    await s.page
      .getByRole('link', { name: /^End early/ })
      .first()
      .click();
    await s.page.waitForURL(/\/lawful-bases\/[0-9a-f-]{36}\/end$/);
    await walk.check(s, {}, 200);
    await walk.errors(s, 'End this basis');
  });
});

describe('emergency access, as an out-of-hours GP outside John’s care team', () => {
  let s: Session;
  beforeAll(async () => {
    s = await walk.signIn('outOfHours');
  });

  it('is refused John’s record, and offered emergency access', async () => {
    await walk.page(s, `/people/${john}`, { title: 'You cannot see or do this', status: 403 });
    await s.page.getByRole('link', { name: 'use emergency access' }).click();
    await s.page.waitForURL(`**/people/${john}/emergency-access`);
    await walk.check(s, { title: 'Emergency access to John Carter’s record' }, 200);
  });

  it('finds John by his NHS number', async () => {
    await walk.page(s, '/emergency-access', 'Emergency access: find the person');
    await walk.errors(s, 'Search');
  });

  it('the request sent without a reason, then with one; the record opens under emergency access', async () => {
    await walk.page(s, '/emergency-access?nhsNumber=9434765919', 'Emergency access: find the person');
    await s.page.locator(`main a[href="/people/${john}/emergency-access"]`).click();
    await s.page.waitForURL(`**/people/${john}/emergency-access`);
    await walk.errors(s, 'Open the record in an emergency', {
      title: 'Emergency access to John Carter’s record',
    });
    await s.page
      .getByLabel('Why do you need this record now?')
      .fill('John was found confused at home at 2am and cannot tell me which medicines he takes.');
    const opened = await submit(s.page, 'Open the record in an emergency');
    expect(pathOf(s)).toBe(`/people/${john}`);
    await walk.check(s, { title: 'John Carter' }, opened);
    await walk.page(s, `/people/${john}/plan`, 'Care plan: John Carter');
  });
});

describe('the information governance lead', () => {
  let s: Session;
  beforeAll(async () => {
    s = await walk.signIn('igLead');
  });

  it('the emergency access reviews, and a review sent empty', async () => {
    await walk.page(s, '/break-glass/reviews', 'Emergency access reviews');
    await s.page.locator('main a[href^="/break-glass/"][href$="/review"]').first().click();
    await s.page.waitForURL(/\/break-glass\/[0-9a-f-]{36}\/review$/);
    await walk.check(s, {}, 200);
    await walk.errors(s, 'Record the review');
  });

  it('the register of sharing agreements, and recording one sent empty', async () => {
    await walk.page(s, '/agreements', 'Information sharing agreements');
    await walk.page(s, '/agreements/new', 'Record a sharing agreement');
    await walk.errors(s, 'Save', { title: 'Record a sharing agreement' });
  });

  it('an agreement, and its edit, parties and status pages, each sent empty', async () => {
    await visit(s.page, '/agreements');
    const agreement = await s.page
      .locator('main a[href^="/agreements/"]')
      .evaluateAll((as) =>
        as.map((a) => a.getAttribute('href')!).find((href) => /^\/agreements\/[0-9a-f-]{36}$/.test(href)),
      );
    expect(agreement).toBeDefined();
    await walk.page(s, agreement!);
    const name = ((await s.page.locator('h1').textContent()) ?? '').trim();

    await walk.page(s, `${agreement}/edit`);
    await s.page.getByLabel('Title').fill('');
    await walk.errors(s, 'Save');

    await walk.page(s, `${agreement}/parties`);
    await walk.errors(s, 'Save');

    // The heading asks the question for this agreement's status; the title names the agreement.
    await walk.page(s, `${agreement}/status`, `Make active or end: ${name}`);
    await walk.errors(s, 'Confirm', { title: `Make active or end: ${name}` });
  });

  it('the audit trail, with filters, and with a date that does not exist', async () => {
    await walk.page(s, '/audit', 'Audit trail');
    await s.page.getByLabel('Person').fill('Carter');
    await s.page.getByLabel('Action').fill('break_glass');
    const searched = await submit(s.page, 'Search');
    await walk.check(s, { title: 'Audit trail' }, searched);
    expect(await s.page.locator('#results, #choose').count()).toBe(1);

    await walk.page(s, `/audit?personId=${john}&outcome=success`, 'Audit trail');
    expect(await s.page.locator('main table').count()).toBe(1);

    const wrong = await visit(s.page, '/audit?from-day=31&from-month=2&from-year=2026');
    await walk.check(s, { title: 'Audit trail', errors: true, status: 422 }, wrong);
  });
});
