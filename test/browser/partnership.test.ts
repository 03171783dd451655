// Partnership working in a real browser, as the demo's director of adult social services and John's lead
// coordinator meet it: the partnership page, the written agreement and its versions, priorities, who to
// contact, resources and joint funding, disagreements through their stages, the glossary and wording
// check, learning together and the successes feed. Every page, and every form sent empty: no WCAG 2.2 AA
// failures axe-core can find, one h1, a title naming it, nothing the Content-Security-Policy blocked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORGANISATIONS } from '../../src/demo/index.ts';
import { type BrowserHarness, startBrowserHarness, submit, visit } from './browser.ts';
import { pathOf, type Session, Walk } from './walk.ts';

let h: BrowserHarness;
const walk = new Walk(() => h);

beforeAll(async () => {
  h = await startBrowserHarness();
});
afterAll(async () => {
  console.info(walk.summary('partnership'));
  await walk.close();
  await h?.close();
});

/** The first link in the page's main content whose address matches. */
async function firstLink(s: Session, pattern: RegExp): Promise<string> {
  const hrefs = await s.page
    .locator('main a[href]')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  const href = hrefs.find((candidate) => pattern.test(candidate));
  expect(href, `a link like ${pattern} on ${s.page.url()}`).toBeDefined();
  return href!;
}

describe('as the director of adult social services', () => {
  let s: Session;
  beforeAll(async () => {
    s = await walk.signIn('seniorLeader');
  });

  it('the partnership page', async () => {
    await walk.page(s, '/partnership', 'Partnership');
  });

  it('the written agreement, its versions, changing it and recording a signature', async () => {
    await walk.page(s, '/partnership/agreement', 'Written agreement');
    for (const version of ['/partnership/agreement/versions/1', '/partnership/agreement/versions/2']) {
      await walk.page(s, version, `Written agreement, version ${version.slice(-1)}`);
    }
    await walk.page(s, '/partnership/agreement/edit', 'Change the written agreement');
    await walk.page(s, '/partnership/agreement/sign', 'Record a signature');
    await walk.errors(s, 'Record the signature', { title: 'Record a signature' });
  });

  it('priorities: the list, adding one sent empty, and changing one', async () => {
    await walk.page(s, '/partnership/priorities', 'Priorities and shared aims');
    const edit = await firstLink(s, /^\/partnership\/priorities\/[0-9a-f-]{36}\/edit$/);
    await walk.page(s, '/partnership/priorities/new', 'Add a priority');
    await walk.errors(s, 'Save', { title: 'Add a priority' });
    await walk.page(s, edit);
  });

  it('resources and joint funding: commitments and bids, added empty and changed', async () => {
    await walk.page(s, '/partnership/resources', 'Resources and joint funding');
    const commitment = await firstLink(s, /^\/partnership\/resources\/[0-9a-f-]{36}\/edit$/);
    const bid = await firstLink(s, /^\/partnership\/funding-bids\/[0-9a-f-]{36}\/edit$/);
    await walk.page(s, '/partnership/resources/new', 'Add a commitment');
    await walk.errors(s, 'Save', { title: 'Add a commitment' });
    await walk.page(s, '/partnership/funding-bids/new', 'Add a joint funding bid');
    await walk.errors(s, 'Save', { title: 'Add a joint funding bid' });
    await walk.page(s, commitment);
    await walk.page(s, bid);
  });

  it('who to contact: the directory, one organisation, adding a contact sent empty, and changing one', async () => {
    await walk.page(s, '/contacts', 'Who to contact');
    const edit = await firstLink(s, /^\/contacts\/[0-9a-f-]{36}\/edit$/);
    const status = await submit(s.page, 'Show');
    await walk.check(s, { title: 'Who to contact' }, status);
    await walk.page(s, '/contacts/new', 'Add a contact');
    await walk.errors(s, 'Save', { title: 'Add a contact' });
    await walk.page(s, edit);
  });

  it('how disagreements are resolved, with target times sent empty', async () => {
    await walk.page(s, '/disputes/procedure', 'How disagreements are resolved');
    for (const input of await s.page
      .locator('main form input[type="text"], main form input:not([type])')
      .all()) {
      await input.fill('');
    }
    await walk.errors(s, 'Save target times', { title: 'How disagreements are resolved' });
  });

  it('the glossary: searching it, adding a term sent empty, changing and removing one', async () => {
    await walk.page(s, '/glossary', 'Glossary');
    const edit = await firstLink(s, /^\/glossary\/[0-9a-f-]{36}\/edit$/);
    await walk.page(s, '/glossary?q=MDT', 'Glossary');
    await walk.page(s, '/glossary/new', 'Add a term');
    await walk.errors(s, 'Save', { title: 'Add a term' });
    await walk.page(s, edit);
    await walk.page(s, edit.replace(/\/edit$/, '/remove'));
  });

  it('the jargon check: the form, sent empty, and a check of some wording', async () => {
    await walk.page(s, '/glossary/check', 'Check wording');
    await walk.errors(s, 'Check wording', { title: 'Check wording' });
    await s.page
      .locator('main textarea')
      .first()
      .fill(
        'The MDT agreed John’s ADLs are met. The CPA review is in the new year, with the LD team and his GP.',
      );
    const checked = await submit(s.page, 'Check wording');
    await walk.check(s, { title: 'Check wording' }, checked);
    expect(await s.page.locator('main mark').count()).toBeGreaterThan(0);
  });

  it('learning together: sessions, shadowing, sent empty, and a session', async () => {
    await walk.page(s, '/learning', 'Learning together');
    const session = await firstLink(s, /^\/learning\/sessions\/[0-9a-f-]{36}$/);
    await walk.page(s, '/learning/sessions/new', 'Add a training session');
    await walk.errors(s, 'Save session', { title: 'Add a training session' });
    await walk.page(s, '/learning/shadowing/new', 'Arrange shadowing');
    await walk.errors(s, 'Save', { title: 'Arrange shadowing' });
    await walk.page(s, session);
    await walk.page(s, `${session}/edit`);
  });

  it('who does what: an organisation and a role, and their edit pages; explaining a role sent empty', async () => {
    await walk.page(s, '/learning/who-does-what', 'Who does what');
    // Each organisation explains itself: the director changes the council's page.
    const organisation = await firstLink(
      s,
      new RegExp(`^/learning/organisations/${DEMO_ORGANISATIONS.council.id}$`),
    );
    const role = await firstLink(s, /^\/learning\/roles\/(?!new$)[a-z-]+$/);
    await walk.page(s, organisation);
    await walk.page(s, `${organisation}/edit`);
    await walk.page(s, role);
    await walk.page(s, `${role}/edit`);
    await walk.page(s, '/learning/roles/new', 'Explain a role');
    await walk.errors(s, 'Save', { title: 'Explain a role' });
  });

  it('information sharing training: everyone’s, and one person’s record of it', async () => {
    await walk.page(s, '/learning/information-sharing', 'Information sharing training');
    const record = await firstLink(s, /^\/learning\/information-sharing\/[0-9a-f-]{36}$/);
    await walk.page(s, record);
  });

  it('successes: the feed, sharing one and thanking someone sent empty, and removing each', async () => {
    await walk.page(s, '/successes', 'Successes');
    const success = await firstLink(s, /^\/successes\/[0-9a-f-]{36}\/remove$/);
    const thanks = await firstLink(s, /^\/successes\/thanks\/[0-9a-f-]{36}\/remove$/);
    await walk.page(s, '/successes/new', 'Share a success');
    await walk.errors(s, 'Post to the feed', { title: 'Share a success' });
    await walk.page(s, '/successes/thanks/new', 'Thank someone');
    await walk.errors(s, 'Send thanks', { title: 'Thank someone' });
    await walk.page(s, success);
    await walk.page(s, thanks);
  });
});

describe('disagreements, as John’s lead coordinator', () => {
  let s: Session;
  let raised: string;
  beforeAll(async () => {
    s = await walk.signIn('manager');
  });

  it('the list and the demo’s resolved disagreement', async () => {
    await walk.page(s, '/disputes', 'Disagreements');
    await walk.page(s, await firstLink(s, /^\/disputes\/[0-9a-f-]{36}$/));
  });

  it('raises one about John: the question, the form sent empty, then filled in', async () => {
    await walk.page(s, '/disputes/new', 'What is the disagreement about?');
    await s.page.getByRole('radio', { name: 'John Carter', exact: true }).check();
    const about = await submit(s.page, 'Continue');
    await walk.check(s, {}, about);
    await walk.errors(s, 'Raise the disagreement');
    await s.page.getByLabel('What is it about, in a few words?').fill('Who books John’s dentist');
    await s.page
      .getByLabel('What has happened?')
      .fill('John has not seen a dentist for two years. Each team thought another had booked it.');
    await s.page.locator('input[name="partyOrganisationIds"]').first().check();
    await s.page
      .getByLabel('Your view, in your own words')
      .fill('The GP surgery should refer John to the community dental service, as part of his health check.');
    const status = await submit(s.page, 'Raise the disagreement');
    expect(pathOf(s)).toMatch(/^\/disputes\/[0-9a-f-]{36}$/);
    await walk.check(s, {}, status);
    raised = pathOf(s);
  });

  it('each step of it, sent empty', async () => {
    const steps = await s.page
      .locator('main a[href^="/disputes/"]')
      .evaluateAll(
        (as, base) => as.map((a) => a.getAttribute('href')!).filter((h) => h.startsWith(`${base}/`)),
        raised,
      );
    expect(steps.map((step) => step.split('/').pop()).sort()).toEqual([
      'escalate',
      'outcome',
      'person-view',
      'view',
    ]);
    for (const step of steps) {
      await walk.page(s, step);
      await walk.errors(
        s,
        (await s.page
          .locator('main form button[type="submit"], main form button:not([type])')
          .first()
          .textContent())!.trim(),
      );
    }
  });

  it('moves it on to mediation, and naming the mediator sent empty', async () => {
    for (const reason of [
      'The practitioners could not agree who books it.',
      'Our managers could not agree either; we need someone independent.',
    ]) {
      await visit(s.page, `${raised}/escalate`);
      await s.page.getByLabel('Why does it need to go to the next stage?').fill(reason);
      const mediator = s.page.getByLabel('Mediator’s name');
      if (await mediator.count()) {
        await mediator.fill('Ann Hughes');
        await s.page
          .getByLabel('Mediator’s role and organisation')
          .fill('Independent chair, Riverside Safeguarding Board');
      }
      await submit(s.page, 'Save');
      expect(pathOf(s)).toBe(raised);
    }
    await walk.check(s, {}, 200);
    await walk.page(s, `${raised}/mediator`);
    await s.page.getByLabel('Mediator’s name').fill('');
    await walk.errors(s, 'Save');
  });
});
