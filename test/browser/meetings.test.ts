// Meetings in a real browser: John's lead coordinator schedules his care plan review through the form
// (first sent empty, to see its errors), finds it on his record, and opens the meeting, its change, cancel
// and attendance pages, the Meetings page, the venues and her calendar feed. Every page: no WCAG 2.2 AA
// failures axe-core can find, one h1, a title naming it, nothing the Content-Security-Policy blocked.
// Last, scheduling without JavaScript.
//
// The app's clock starts on 25 November 2026 at 10am; the review is a week later.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../src/context.ts';
import { demoPersonId } from '../../src/demo/index.ts';
import { scheduleMeeting } from '../../src/modules/meetings/index.ts';
import { scheduleInput } from '../../src/modules/meetings/schema.ts';
import { parseInput } from '../../src/validation.ts';
import { type BrowserHarness, startBrowserHarness, submit, visit } from './browser.ts';
import { pathOf, type Session, staff, Walk } from './walk.ts';

let h: BrowserHarness;
let john: string;
const walk = new Walk(() => h);

beforeAll(async () => {
  h = await startBrowserHarness({ startAt: new Date('2026-11-25T10:00:00Z') });
  john = await demoPersonId(h.database.db);
});
afterAll(async () => {
  console.info(walk.summary('meetings'));
  await walk.close();
  await h?.close();
});

/** A planning meeting about John, scheduled a week ago for yesterday, so that its attendance can be recorded. */
async function heldMeeting(): Promise<string> {
  const db = h.database.db;
  const sarah = await db
    .selectFrom('staff_user')
    .select(['id', 'organisation_id', 'partnership_id', 'name'])
    .where('email', '=', staff('manager').email)
    .executeTakeFirstOrThrow();
  return db.transaction().execute(async (trx) => {
    const ctx: Ctx = {
      db: trx,
      clock: { now: () => new Date('2026-11-17T10:00:00Z') },
      actor: {
        kind: 'staff',
        userId: sarah.id,
        partnershipId: sarah.partnership_id,
        organisationId: sarah.organisation_id,
        role: 'manager',
        name: sarah.name,
      },
    };
    const input = parseInput(scheduleInput, {
      personId: john,
      kind: 'planning',
      date: '2026-11-24',
      startTime: '10:00',
      endTime: '11:00',
      mode: 'face_to_face',
      location: 'Community room, Willow Court',
      invitePerson: true,
    });
    return (await scheduleMeeting(ctx, input, { appUrl: h.baseUrl })).id;
  });
}

async function fillReview(s: Session, options: { time: string }) {
  const { page } = s;
  await page.getByLabel('Care plan review', { exact: true }).check();
  await page.getByLabel('Day', { exact: true }).first().fill('2');
  await page.getByLabel('Month', { exact: true }).first().fill('12');
  await page.getByLabel('Year', { exact: true }).first().fill('2026');
  await page.getByLabel('Start time', { exact: true }).fill(options.time);
  await page.getByLabel('End time', { exact: true }).fill('11:30am');
  await page.getByLabel('Video call', { exact: true }).check();
  await page.getByLabel('Video call link (video or hybrid)').fill('https://meet.example.org/john-review');
  await page.getByLabel('Dr Amir Khan', { exact: true }).check();
  await page.getByLabel('Maya Patel', { exact: true }).check();
  await page.getByLabel('Agenda (optional)').fill('How the morning visits are going.\nThe allotment group.');
}

describe('scheduling John’s review', () => {
  it('the demo manager schedules it through the form and sees it on John’s record', async () => {
    const s = await walk.signIn('manager');
    await visit(s.page, `/people/${john}`);
    await s.page.getByRole('link', { name: 'Meetings', exact: true }).last().click();
    await s.page.waitForURL(`**/people/${john}/meetings`);
    await walk.check(s, { title: 'Meetings: John Carter' }, 200);
    await s.page.getByRole('button', { name: 'Schedule a meeting' }).click();
    await s.page.waitForURL(`**/meetings/new?person=${john}`);
    await walk.check(s, { title: 'Schedule a meeting about John' }, 200);

    // Sent as it comes (John is ticked, nothing else): every missing answer is listed and linked.
    await walk.errors(s, 'Schedule and send invitations', { title: 'Schedule a meeting about John' });
    expect(await s.page.locator('.govuk-error-summary').textContent()).toContain(
      'Select what kind of meeting it is',
    );

    await fillReview(s, { time: '10am' });
    await s.page.getByLabel('End time', { exact: true }).fill('9am');
    await walk.errors(s, 'Schedule and send invitations', { title: 'Schedule a meeting about John' });
    expect(await s.page.locator('.govuk-error-summary').textContent()).toContain(
      'The end time must be after the start time',
    );
    await s.page.getByLabel('End time', { exact: true }).fill('11:30am');
    const status = await submit(s.page, 'Schedule and send invitations');
    expect(pathOf(s)).toMatch(/^\/meetings\/[0-9a-f-]{36}$/);
    await walk.check(s, { title: 'Care plan review' }, status);
    const page = (await s.page.locator('main').textContent()) ?? '';
    expect(page).toContain('Wednesday 2 December 2026, 10am to 11:30am (UK time)');
    expect(page).toContain('Maya Patel');

    const meetingPath = pathOf(s);
    await walk.page(s, `/people/${john}/meetings`, 'Meetings: John Carter');
    const listed = s.page.getByRole('link', { name: 'Care plan review' });
    expect(await listed.count()).toBeGreaterThan(0);
    expect(await s.page.locator('main').textContent()).toContain(
      'Wednesday 2 December 2026, 10am to 11:30am',
    );

    await walk.page(s, `${meetingPath}/change`, 'Change or reschedule the meeting');
    await s.page.getByLabel('Start time', { exact: true }).fill('10:30am');
    const changed = await submit(s.page, 'Save and send the changes');
    await walk.check(s, { title: 'Care plan review' }, changed);
    expect(await s.page.locator('main').textContent()).toContain('10:30am to 11:30am');

    await walk.page(s, `${meetingPath}/cancel`, 'Cancel the meeting');
    await walk.errors(s, 'Cancel the meeting', { title: 'Cancel the meeting' });
    await walk.page(s, '/meetings', 'Meetings');
    await walk.page(s, '/meetings/venues', 'Meeting venues');
    await walk.page(s, '/meetings/calendar-feed', 'Your calendar feed');
    const made = await submit(s.page, 'Make a feed address');
    await walk.check(s, { title: 'Your calendar feed' }, made);
    await walk.page(s, '/', 'Home');
    expect(await s.page.locator('main').textContent()).toContain('Care plan review with John Carter');
  });

  it('the attendance page, once a meeting has been held', async () => {
    const id = await heldMeeting();
    const s = await walk.signIn('manager');
    await walk.page(s, `/meetings/${id}`);
    await walk.page(s, `/meetings/${id}/attendance`, 'Record attendance');
    await s.page.getByLabel('Present').first().check();
    const saved = await submit(s.page, 'Save attendance');
    await walk.check(s, { title: 'Planning meeting' }, saved);
    expect(await s.page.locator('main').textContent()).toContain('Who came');
  });

  it('works without JavaScript', async () => {
    const s = await walk.signIn('manager', { javaScriptEnabled: false });
    await walk.page(s, `/meetings/new?person=${john}`, 'Schedule a meeting about John');
    await fillReview(s, { time: '2pm' });
    await s.page.getByLabel('End time', { exact: true }).fill('3pm');
    const status = await submit(s.page, 'Schedule and send invitations');
    await walk.check(s, { title: 'Care plan review' }, status);
  });
});
