// A person's record in a real browser, as John's lead coordinator meets it: the list of people, John's
// overview, notes, care team, and every form that changes his record, each also with its errors. Every
// page: no WCAG 2.2 AA failures axe-core can find, one h1, a title naming it, nothing the
// Content-Security-Policy blocked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPersonId } from '../../src/demo/index.ts';
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
  console.info(walk.summary('people'));
  await walk.close();
  await h?.close();
});

describe('as John’s lead coordinator', () => {
  let s: Session;
  beforeAll(async () => {
    s = await walk.signIn('manager');
  });

  it('finds John in the list of people and opens his record', async () => {
    await walk.page(s, '/people', 'People you support');
    await s.page.getByRole('link', { name: 'John Carter', exact: true }).click();
    await s.page.waitForURL(`**/people/${john}`);
    await walk.check(s, { title: 'John Carter' }, 200);
  });

  it('searches the list', async () => {
    await walk.page(s, '/people?q=Carter', 'People you support');
    expect(await s.page.getByRole('link', { name: 'John Carter', exact: true }).count()).toBe(1);
  });

  it('records a new person: the form and its errors', async () => {
    await walk.page(s, '/people/new', 'Record a new person');
    await walk.errors(s, 'Save', { title: 'Record a new person' });
  });

  it('the timeline, the update form and its errors', async () => {
    await walk.page(s, `/people/${john}/timeline`, 'Timeline: John Carter');
    await walk.page(s, `/people/${john}/timeline/new`, 'Add an update to John’s timeline');
    await walk.errors(s, 'Save update', { title: 'Add an update to John’s timeline' });
  });

  it('the care team, and adding to it with nothing chosen', async () => {
    await walk.page(s, `/people/${john}/care-team`, 'John’s care team');
    await walk.errors(s, 'Add', { title: 'John’s care team' });
  });

  it('his details, and the form with errors', async () => {
    await walk.page(s, `/people/${john}/details/edit`, 'Change John’s details');
    await s.page.getByLabel('First name').fill('');
    await walk.errors(s, 'Save');
  });

  it('“about me”, and the form with errors', async () => {
    await walk.page(s, `/people/${john}/about-me/edit`, '“About me” for John');
    await s.page.getByLabel('Who wrote this together').fill('');
    await walk.errors(s, 'Save');
  });

  it('his communication needs, and the form with errors', async () => {
    await walk.page(s, `/people/${john}/communication/edit`, 'John’s communication needs');
    // A radio once chosen cannot be unchosen by hand: as if the page had been sent without a choice.
    await s.page.evaluate(() => {
      for (const input of document.querySelectorAll<HTMLInputElement>('input[name="preferredFormat"]')) {
        input.checked = false;
      }
    });
    await walk.errors(s, 'Save');
  });

  it('adding an advocate or representative, and the form with errors', async () => {
    await walk.page(s, `/people/${john}/representatives/new`, 'Add an advocate or representative for John');
    await walk.errors(s, 'Save');
  });

  it('giving John access to his own record, and the form with errors', async () => {
    await walk.page(s, `/people/${john}/invite`, 'Give John access to their own record');
    await walk.errors(s, 'Create invitation link', { title: 'Give John access to their own record' });
  });

  it('changes his details and comes back to his record', async () => {
    await visit(s.page, `/people/${john}/details/edit`);
    await s.page.getByLabel('Preferred name (optional)').fill('Johnny');
    const status = await submit(s.page, 'Save');
    expect(pathOf(s)).toBe(`/people/${john}`);
    await walk.check(s, { title: 'John Carter' }, status);
  });
});
