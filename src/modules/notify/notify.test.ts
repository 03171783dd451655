// Notifications reach only the people the sharing rules let read what they are about, once per key; they
// disappear from the header count and the list together when those rules change; each comes with an email
// in the outbox or a place in tomorrow's digest, as the recipient chose; and the daily reminders run once
// per partnership and day however many instances ask.
import { Validator } from '@seriousme/openapi-schema-validator';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { asStaff, signedIn, staffIds } from '../../../test/demo-staff.ts';
import { testConfig } from '../../../test/harness.ts';
import { mainText } from '../../../test/http.ts';
import type { Ctx } from '../../context.ts';
import { DEMO_ORGANISATIONS, DEMO_PARTNERSHIP_ID, DEMO_STAFF, demoPersonId } from '../../demo/index.ts';
import { Invalid } from '../../errors.ts';
import { signInIgLead } from '../sharing/break-glass-testing.ts';
import { type NotifyInput, notify, queueEmail, runDailyJobs, sendDueEmails } from './index.ts';
import type { Mailer, OutgoingEmail } from './mailer.ts';
import { backoffMs, MAX_ATTEMPTS } from './outbox.ts';

let t: TestApp;
let john: string;
let ids: Record<string, string>;
const silent = { info: () => {}, error: () => {} };

beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.reset();
  john = await demoPersonId(t.database.db);
  ids = await staffIds(t);
  // The demo's own notifications (actions assigned as it loads) are cleared so each test counts its own.
  await t.database.db.deleteFrom('email_outbox').execute();
  await t.database.db.deleteFrom('notification').execute();
});

const as = <T>(key: string, fn: (ctx: Ctx) => Promise<T>) => asStaff(t, key, fn);
const signIn = (key: string) => signedIn(t, key);

const everyone = () => DEMO_STAFF.map((s) => ids[s.key]!);

function update(over: Partial<NotifyInput> = {}): NotifyInput {
  return {
    kind: 'timeline_update',
    recipients: everyone(),
    about: { personId: john, category: 'health' },
    title: 'New health update for John Carter',
    link: `/people/${john}`,
    ...over,
  };
}

const keysOf = (notified: string[]) =>
  DEMO_STAFF.filter((s) => notified.includes(ids[s.key]!))
    .map((s) => s.key)
    .sort();

/** The number in the header's Notifications link, or 0 when it shows none. */
function headerCount(html: string): number {
  const m = /<span class="app-notification-count">(\d+)<span class="govuk-visually-hidden"> unread/.exec(
    html,
  );
  return m ? Number(m[1]) : 0;
}

function jobs(at?: string) {
  if (at) t.clock.set(at);
  return runDailyJobs({ db: t.database.db, clock: t.clock, config: testConfig(), log: silent });
}

async function notificationsOf(key: string, kind?: string) {
  let q = t.database.db
    .selectFrom('notification')
    .select(['kind', 'title', 'dedupe_key', 'digest_pending', 'read_at'])
    .where('recipient_id', '=', ids[key]!);
  if (kind) q = q.where('kind', '=', kind as never);
  return q.orderBy('created_at').execute();
}

describe('who is notified', () => {
  it('only care team members whose organisation may read the category; never the actor', async () => {
    const { notified } = await as('manager', (ctx) => notify(ctx, update()));
    // Priya (volunteer) sees only communication needs; Dr Green (out-of-hours GP) is not on John's care team;
    // Helen (IG lead) and David (senior leader) have no relationship with John; Sarah made the change.
    expect(keysOf(notified)).toEqual(['gp', 'mentalHealth', 'nurse']);
  });

  it('a volunteer is told of what they may read: communication needs', async () => {
    const { notified } = await as('manager', (ctx) =>
      notify(ctx, update({ about: { personId: john, category: 'communication' } })),
    );
    expect(keysOf(notified)).toContain('volunteer');
    expect(keysOf(notified)).not.toContain('outOfHours');
  });

  it('a restricted entry only to the people it names', async () => {
    const entry = {
      holdingOrganisationId: DEMO_ORGANISATIONS.council.id,
      sharingLevel: 'restricted' as const,
      restrictedTo: [ids.gp!],
      authorId: ids.manager!,
    };
    const { notified } = await as('manager', (ctx) =>
      notify(ctx, update({ about: { personId: john, category: 'social_care', entry } })),
    );
    expect(keysOf(notified)).toEqual(['gp']);
  });

  it('an entry kept within its organisation only to that organisation', async () => {
    const entry = {
      holdingOrganisationId: DEMO_ORGANISATIONS.nursing.id,
      sharingLevel: 'own_organisation' as const,
      restrictedTo: [],
      authorId: ids.nurse!,
    };
    const { notified } = await as('gp', (ctx) =>
      notify(ctx, update({ about: { personId: john, category: 'health', entry } })),
    );
    expect(keysOf(notified)).toEqual(['nurse']);
  });

  it('the same key for the same recipient is notified once', async () => {
    const first = await as('manager', (ctx) => notify(ctx, update({ dedupeKey: 'k1' })));
    const second = await as('manager', (ctx) => notify(ctx, update({ dedupeKey: 'k1' })));
    expect(first.notified.length).toBe(3);
    expect(second.notified).toEqual([]);
    const rows = await t.database.db.selectFrom('notification').select('id').execute();
    expect(rows).toHaveLength(3);
    expect(await t.database.db.selectFrom('email_outbox').select('id').execute()).toHaveLength(3);
  });

  it('refuses bad input with clear errors, and writes nothing', async () => {
    const err = await as('manager', (ctx) =>
      notify(ctx, update({ link: 'https://elsewhere.example', recipients: ['nope'], title: ' ' })),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Invalid);
    expect((err as Invalid).fields.map((f) => f.field).sort()).toEqual(['link', 'recipients.0', 'title']);
    const unknown = await as('manager', (ctx) =>
      notify(ctx, update({ recipients: ['6a0c1d1e-0000-4000-8000-00000000dead'] })),
    ).catch((e: unknown) => e);
    expect((unknown as Invalid).fields[0]?.message).toMatch(/No member of staff in this partnership/);
    const noPerson = await as('manager', (ctx) =>
      notify(
        ctx,
        update({ about: { personId: '6a0c1d1e-0000-4000-8000-00000000dead', category: 'health' } }),
      ),
    ).catch((e: unknown) => e);
    expect((noPerson as Invalid).fields[0]).toEqual({
      field: 'about.personId',
      message: 'No person in this partnership has that id',
    });
    const badIcs = await as('manager', (ctx) =>
      notify(
        ctx,
        update({
          kind: 'meeting_invitation',
          email: { subject: 'Line\r\nBcc: x@y', text: 'x', ics: { method: 'REQUEST', content: 'hello' } },
        }),
      ),
    ).catch((e: unknown) => e);
    expect((badIcs as Invalid).fields.map((f) => f.field).sort()).toEqual([
      'email.ics.content',
      'email.subject',
    ]);
    const badEmail = await as('manager', (ctx) =>
      queueEmail(ctx, { to: 'not an address', subject: '', text: '' }),
    ).catch((e: unknown) => e);
    expect((badEmail as Invalid).fields.map((f) => f.field).sort()).toEqual(['subject', 'text', 'to']);
    expect(await t.database.db.selectFrom('notification').select('id').execute()).toEqual([]);
    expect(await t.database.db.selectFrom('email_outbox').select('id').execute()).toEqual([]);
  });

  it('queues an email for someone who is not a staff user, once per key', async () => {
    const email = {
      to: 'karen@example.org',
      subject: 'Your meeting',
      text: 'See you on Tuesday.',
      dedupeKey: 'm1',
    };
    await as('manager', (ctx) => queueEmail(ctx, email));
    await as('manager', (ctx) => queueEmail(ctx, email));
    const rows = await t.database.db.selectFrom('email_outbox').select(['to_address', 'status']).execute();
    expect(rows).toEqual([{ to_address: 'karen@example.org', status: 'queued' }]);
  });
});

describe('the header count and the list', () => {
  it('agree, and drop a notification when consent is withdrawn or its recipient leaves the care team', async () => {
    await as('manager', (ctx) => notify(ctx, update({ title: 'Blood test results for John Carter' })));
    await as('manager', (ctx) =>
      notify(
        ctx,
        update({ about: { personId: john, category: 'social_care' }, title: 'Support visit for John' }),
      ),
    );
    const amir = await signIn('gp');
    let page = await amir.get('/notifications');
    expect(headerCount(page.body)).toBe(2);
    expect(mainText(page.body)).toContain('Blood test results for John Carter');
    expect(headerCount((await amir.get('/')).body)).toBe(2);

    // John withdraws consent for his GP practice to see health information.
    const sarah = await signIn('manager');
    const withdrawn = await sarah.post(
      `/people/${john}/consents/new`,
      {
        organisationId: DEMO_ORGANISATIONS.gp.id,
        status: 'withdrawn',
        purposes: 'direct_care',
        categories: 'health',
        obtainedHow: 'by_phone',
        obtainedByName: 'Sarah Mitchell',
        'decidedOn-day': '25',
        'decidedOn-month': '11',
        'decidedOn-year': '2026',
      },
      { formUrl: `/people/${john}/consents/new` },
    );
    expect(withdrawn.statusCode).toBe(303);
    expect(headerCount((await amir.get('/')).body)).toBe(1);
    page = await amir.get('/notifications');
    expect(headerCount(page.body)).toBe(1);
    expect(mainText(page.body)).not.toContain('Blood test results');
    expect(mainText(page.body)).toContain('Support visit for John');
    const api = JSON.parse((await amir.get('/api/v1/notifications')).body) as {
      items: Array<{ title: string }>;
      unreadCount: number;
    };
    expect(api.unreadCount).toBe(1);
    expect(api.items.map((i) => i.title)).toEqual(['Support visit for John']);

    // Dr Khan leaves John's care team.
    await t.database.db.deleteFrom('care_team_member').where('staff_user_id', '=', ids.gp!).execute();
    page = await amir.get('/notifications');
    expect(headerCount(page.body)).toBe(0);
    expect(mainText(page.body)).toContain('You have no notifications yet');
  });

  it('marks one read, then all, on the page and in the API; someone else’s is not found', async () => {
    for (const title of ['First update', 'Second update', 'Third update']) {
      await as('manager', (ctx) => notify(ctx, update({ title })));
    }
    const amir = await signIn('gp');
    const [first] = await t.database.db
      .selectFrom('notification')
      .select('id')
      .where('recipient_id', '=', ids.gp!)
      .where('title', '=', 'First update')
      .execute();
    const read = await amir.post(
      `/notifications/${first!.id}/read`,
      { returnTo: '/notifications?unread=true' },
      { formUrl: '/notifications' },
    );
    expect(read.statusCode).toBe(303);
    expect(read.headers.location).toBe('/notifications?unread=true&done=read');
    const unread = await amir.get(String(read.headers.location));
    expect(headerCount(unread.body)).toBe(2);
    expect(mainText(unread.body)).not.toContain('First update');
    expect(mainText(unread.body)).toContain('The notification is marked as read.');

    const grace = await signIn('nurse');
    const others = await grace.json('POST', `/api/v1/notifications/${first!.id}/read`, {});
    expect(others.statusCode).toBe(404);
    const bad = await grace.json('POST', '/api/v1/notifications/not-an-id/read', {});
    expect(bad.statusCode).toBe(404);

    const all = await amir.post('/notifications/read-all', {}, { formUrl: '/notifications' });
    expect(all.headers.location).toBe('/notifications?done=all');
    expect(headerCount((await amir.get('/notifications')).body)).toBe(0);
    const graceAll = await grace.json('POST', '/api/v1/notifications/read-all', {});
    expect(JSON.parse(graceAll.body)).toEqual({ marked: 3 });
    const badPage = await grace.get('/api/v1/notifications?page=0');
    expect(badPage.statusCode).toBe(422);
    expect(JSON.parse(badPage.body).errors[0].field).toBe('page');
  });

  it('showing a notification that names a person is audited as a read of their record', async () => {
    await as('manager', (ctx) => notify(ctx, update()));
    const amir = await signIn('gp');
    await amir.get('/notifications');
    const events = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'person_id', 'basis'])
      .where('action', '=', 'person.read.notifications')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.person_id).toBe(john);
    expect(events[0]!.basis).toContain('care_team');
  });

  it('pages after twenty', async () => {
    for (let i = 1; i <= 23; i++) {
      t.clock.advance(1000);
      await as('manager', (ctx) => notify(ctx, update({ title: `Update ${i}` })));
    }
    const amir = await signIn('gp');
    const first = await amir.get('/notifications');
    expect(headerCount(first.body)).toBe(23);
    expect(first.body).toContain('href="/notifications?page=2"');
    const second = mainText((await amir.get('/notifications?page=2')).body);
    expect(second).toContain('Update 3');
    expect(second).not.toContain('Update 4 ');
  });
});

describe('email preferences and the daily digest', () => {
  it('refuses an empty choice with an error linked to the field', async () => {
    const amir = await signIn('gp');
    const page = await amir.get('/notifications/preferences');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="immediate" checked');
    const bad = await amir.post('/notifications/preferences', {});
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('href="#emailMode"');
    const api = await amir.json('PUT', '/api/v1/notifications/preferences', { emailMode: 'hourly' });
    expect(api.statusCode).toBe(422);
    expect(api.headers['content-type']).toContain('problem+json');
    expect(JSON.parse(api.body).errors).toEqual([
      { field: 'emailMode', message: 'Choose when to get emails: straight away or in a daily digest' },
    ]);
  });

  it('a digest reader gets one email in the morning listing kinds, never names; invitations still come at once', async () => {
    const amir = await signIn('gp');
    const saved = await amir.post('/notifications/preferences', { emailMode: 'digest' });
    expect(saved.headers.location).toBe('/notifications/preferences?done=preferences');
    expect(JSON.parse((await amir.get('/api/v1/notifications/preferences')).body)).toEqual({
      emailMode: 'digest',
    });

    t.clock.set('2026-11-25T18:00:00Z');
    await as('manager', (ctx) => notify(ctx, update({ recipients: [ids.gp!] })));
    await as('manager', (ctx) =>
      notify(ctx, update({ recipients: [ids.gp!], title: 'Another one for John Carter' })),
    );
    await as('manager', (ctx) =>
      notify(
        ctx,
        update({
          kind: 'meeting_invitation',
          recipients: [ids.gp!],
          title: 'Review meeting for John Carter',
          email: {
            subject: 'JoinedUp: Meeting invitation',
            text: 'You are invited to a meeting.',
            ics: { method: 'REQUEST', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' },
          },
        }),
      ),
    );
    const outbox = () =>
      t.database.db
        .selectFrom('email_outbox')
        .select(['subject', 'body', 'ics_method', 'link'])
        .where('to_address', '=', 'amir.khan@meadowlane.example')
        .execute();
    // Only the invitation is queued straight away.
    expect((await outbox()).map((o) => o.ics_method)).toEqual(['REQUEST']);

    // The next morning at 07:00 London time the digest goes: one email, kinds not names.
    await jobs('2026-11-26T07:00:00Z');
    const emails = await outbox();
    expect(emails).toHaveLength(2);
    const digest = emails.find((e) => e.ics_method === null)!;
    expect(digest.subject).toBe('JoinedUp: your daily summary, 2 new notifications');
    expect(digest.body).toContain('- New update for someone you support (2)');
    expect(digest.body).not.toContain('John');
    expect(digest.link).toBe('/notifications');
    expect((await notificationsOf('gp')).every((n) => !n.digest_pending)).toBe(true);
    // Later that day nothing more is sent.
    await jobs('2026-11-26T15:00:00Z');
    expect(await outbox()).toHaveLength(2);
  });

  it('the digest leaves out what the recipient may no longer read', async () => {
    const amir = await signIn('gp');
    await amir.post('/notifications/preferences', { emailMode: 'digest' });
    t.clock.set('2026-11-25T18:00:00Z');
    await as('manager', (ctx) => notify(ctx, update({ recipients: [ids.gp!] })));
    await t.database.db.deleteFrom('care_team_member').where('staff_user_id', '=', ids.gp!).execute();
    await jobs('2026-11-26T07:30:00Z');
    const toAmir = await t.database.db
      .selectFrom('email_outbox')
      .select('id')
      .where('to_address', '=', 'amir.khan@meadowlane.example')
      .execute();
    expect(toAmir).toEqual([]);
    expect((await notificationsOf('gp'))[0]!.digest_pending).toBe(false);
  });
});

describe('action assigned', () => {
  async function healthOutcome() {
    return t.database.db
      .selectFrom('care_plan_outcome')
      .select('id')
      .where('words', 'like', 'I want to stay well%')
      .executeTakeFirstOrThrow();
  }

  it('tells the new lead when an action is added or its lead changes, never the person who did it', async () => {
    const sarah = await signIn('manager');
    const outcome = await healthOutcome();
    const form = {
      outcomeId: outcome.id,
      what: 'Book a health check at the mental health clinic',
      kind: 'health_check',
      leadStaffId: ids.mentalHealth!,
      timing: 'once',
      dueOn: '2027-01-15',
    };
    const added = await sarah.post(`/people/${john}/plan/actions/new`, form, {
      formUrl: `/people/${john}/plan/actions/new`,
    });
    expect(added.statusCode).toBe(303);
    const tom = await notificationsOf('mentalHealth', 'action_assigned');
    expect(tom.map((n) => n.title)).toEqual([
      'Sarah Mitchell asked you to lead “Book a health check at the mental health clinic” for John Carter',
    ]);
    const action = await t.database.db
      .selectFrom('care_plan_action')
      .select(['id', 'revision'])
      .where('what', '=', form.what)
      .executeTakeFirstOrThrow();
    const edit = (fields: Record<string, string>) =>
      sarah.post(`/people/${john}/plan/actions/${action.id}/edit`, fields, {
        formUrl: `/people/${john}/plan/actions/${action.id}/edit`,
      });
    // The same lead again: nobody new to tell.
    expect((await edit({ ...form, what: `${form.what}.`, revision: '1' })).statusCode).toBe(303);
    expect(await notificationsOf('mentalHealth', 'action_assigned')).toHaveLength(1);
    // Now Dr Khan leads it.
    expect((await edit({ ...form, leadStaffId: ids.gp!, revision: '2' })).statusCode).toBe(303);
    expect(await notificationsOf('gp', 'action_assigned')).toHaveLength(1);
    // Sarah takes it herself: she is not told of her own act.
    expect((await edit({ ...form, leadStaffId: ids.manager!, revision: '3' })).statusCode).toBe(303);
    expect(await notificationsOf('manager', 'action_assigned')).toHaveLength(0);
  });
});

describe('daily reminders', () => {
  it('remind each lead of actions due and overdue, reviews, consent and agreement reviews and late dispute stages', async () => {
    const db = t.database.db;
    const plan = await db.selectFrom('care_plan').select('id').executeTakeFirstOrThrow();
    const outcome = await db.selectFrom('care_plan_outcome').select('id').executeTakeFirstOrThrow();
    const sarah = await signIn('manager');
    for (const [what, dueOn, lead] of [
      ['Ring John about his new glasses', '2026-11-26', ids.gp!],
      ['Collect the repeat prescription', '2026-11-20', ids.nurse!],
    ] as const) {
      const res = await sarah.post(
        `/people/${john}/plan/actions/new`,
        { outcomeId: outcome.id, what, kind: 'health_check', leadStaffId: lead, timing: 'once', dueOn },
        { formUrl: `/people/${john}/plan/actions/new` },
      );
      expect(res.statusCode).toBe(303);
    }
    await db
      .updateTable('care_plan')
      .set({ next_review_on: '2026-12-01' })
      .where('id', '=', plan.id)
      .execute();
    await db
      .updateTable('consent')
      .set({ review_on: '2026-12-05' })
      .where('organisation_id', '=', DEMO_ORGANISATIONS.nursing.id)
      .execute();
    await db
      .updateTable('sharing_agreement')
      .set({ review_on: '2026-12-20' })
      .where('title', 'like', 'Riverside voluntary%')
      .execute();
    // Grace raises a disagreement with the council about John's care; its first stage runs late.
    const grace = await signIn('nurse');
    const raised = await grace.post('/disputes/new', {
      personId: john,
      title: 'Who books John’s transport to the leg clinic',
      details: 'John missed the leg clinic because nobody booked his taxi.',
      partyOrganisationIds: DEMO_ORGANISATIONS.council.id,
      view: 'Booking transport is part of arranging his support.',
    });
    expect(raised.statusCode).toBe(303);
    await db.deleteFrom('email_outbox').execute();
    await db.deleteFrom('notification').execute();

    // Ten days on, at 06:00 London time.
    const runs = await jobs('2026-12-05T06:00:00Z');
    expect(runs.filter((r) => r.job === 'reminders' && r.ran)).toHaveLength(1);

    expect((await notificationsOf('gp', 'action_due')).map((n) => n.title)).toEqual([]);
    const nurseOverdue = await notificationsOf('nurse', 'action_overdue');
    expect(nurseOverdue.map((n) => n.title)).toContain(
      'Collect the repeat prescription for John Carter was due 20 November 2026',
    );
    // The glasses call came due on the 26th and was not done: overdue now.
    expect((await notificationsOf('gp', 'action_overdue')).map((n) => n.title)).toContain(
      'Ring John about his new glasses for John Carter was due 26 November 2026',
    );
    expect((await notificationsOf('manager', 'review_due')).map((n) => n.title)).toEqual([
      'The care plan review for John Carter was due 1 December 2026',
    ]);
    expect((await notificationsOf('manager', 'consent_review_due')).map((n) => n.title)).toEqual([
      'John Carter’s consent decision is due for review on 5 December 2026',
    ]);
    const agreement = (await notificationsOf('igLead', 'agreement_review_due')).map((n) => n.title);
    expect(agreement).toEqual([
      'The sharing agreement “Riverside voluntary sector information sharing agreement” is due for review on 20 December 2026',
    ]);
    // Sarah manages a party to the agreement (the council) and is told too; Priya's organisation is a party but she is not its manager.
    expect(await notificationsOf('manager', 'agreement_review_due')).toHaveLength(1);
    expect(await notificationsOf('volunteer', 'agreement_review_due')).toHaveLength(0);
    const late = await notificationsOf('nurse', 'dispute_stage_overdue');
    expect(late.map((n) => n.title)).toEqual([
      'A disagreement you are part of is 2 working days past the target for stage 1 (Practitioners talk it through)',
    ]);
    expect(late[0]!.title).not.toContain('John');
    expect(await notificationsOf('manager', 'dispute_stage_overdue')).toHaveLength(1);

    // Again the same day: the job has run; the next day: nothing new is due, and nothing is repeated.
    const count = async () => (await db.selectFrom('notification').select('id').execute()).length;
    const before = await count();
    const later = await jobs('2026-12-05T09:00:00Z');
    expect(later.filter((r) => r.ran).map((r) => r.job)).toEqual(['digest']);
    await jobs('2026-12-06T06:30:00Z');
    expect(await count()).toBe(before);
  });

  it('runs once however many instances ask at the same moment', async () => {
    t.clock.set('2026-11-25T08:00:00Z');
    const config = testConfig();
    const runs = await Promise.all(
      ['instance-a', 'instance-b', 'instance-c'].map((instance) =>
        runDailyJobs({ db: t.database.db, clock: t.clock, config, log: silent, instance }),
      ),
    );
    const ran = runs.flat().filter((r) => r.ran);
    expect(ran.map((r) => r.job).sort()).toEqual(['digest', 'reminders']);
    const rows = await t.database.db.selectFrom('job_run').select(['job', 'slot']).execute();
    expect(rows.sort((a, b) => a.job.localeCompare(b.job))).toEqual([
      { job: 'digest', slot: '2026-11-25' },
      { job: 'reminders', slot: '2026-11-25' },
    ]);
  });

  it('before its London time a job waits, whatever the UTC clock says', async () => {
    // 05:30 UTC in summer is 06:30 in London: reminders are due, the digest is not.
    const runs = await jobs('2027-07-01T05:30:00Z');
    expect(runs.map((r) => r.job)).toEqual(['reminders']);
  });
});

describe('the outbox sender', () => {
  class FakeMailer implements Mailer {
    sent: OutgoingEmail[] = [];
    failWith: string | null = null;
    async send(email: OutgoingEmail) {
      if (this.failWith) throw new Error(this.failWith);
      // Yield, so that concurrent senders interleave.
      await new Promise((r) => setTimeout(r, 1));
      this.sent.push(email);
    }
    close() {}
  }
  const sender = (mailer: Mailer) => ({
    db: t.database.db,
    clock: t.clock,
    mailer,
    from: 'JoinedUp <no-reply@riverside.example>',
    publicUrl: 'https://joinedup.riverside.example',
  });

  it('sends each email once with two senders at work, with a stable Message-ID', async () => {
    for (let i = 0; i < 30; i++) {
      await as('manager', (ctx) => queueEmail(ctx, { to: `p${i}@example.org`, subject: `S${i}`, text: 'x' }));
    }
    const mailer = new FakeMailer();
    await Promise.all([sendDueEmails(sender(mailer)), sendDueEmails(sender(mailer))]);
    await sendDueEmails(sender(mailer));
    expect(mailer.sent).toHaveLength(30);
    expect(new Set(mailer.sent.map((m) => m.to.address)).size).toBe(30);
    const rows = await t.database.db.selectFrom('email_outbox').select(['id', 'status', 'sent_at']).execute();
    expect(rows.every((r) => r.status === 'sent' && r.sent_at)).toBe(true);
    for (const m of mailer.sent) expect(m.messageId).toMatch(/^<[0-9a-f-]{36}@riverside\.example>$/);
  });

  it('tries again later with a longer wait each time, keeps the error, and gives up after ten tries', async () => {
    await as('manager', (ctx) => queueEmail(ctx, { to: 'karen@example.org', subject: 'S', text: 'x' }));
    const mailer = new FakeMailer();
    mailer.failWith = '421 Service not available';
    const row = () =>
      t.database.db
        .selectFrom('email_outbox')
        .select(['status', 'attempts', 'last_error', 'next_attempt_at'])
        .executeTakeFirstOrThrow();
    expect(await sendDueEmails(sender(mailer))).toEqual({ sent: 0, retrying: 1, failed: 0, withheld: 0 });
    let r = await row();
    expect(r).toMatchObject({ status: 'queued', attempts: 1, last_error: '421 Service not available' });
    expect(r.next_attempt_at.getTime() - t.clock.now().getTime()).toBe(backoffMs(1));
    // Not yet due: nothing is tried.
    expect((await sendDueEmails(sender(mailer))).retrying).toBe(0);
    for (let i = 2; i <= MAX_ATTEMPTS; i++) {
      t.clock.set((await row()).next_attempt_at);
      await sendDueEmails(sender(mailer));
    }
    r = await row();
    expect(r).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect([backoffMs(1), backoffMs(2), backoffMs(9)]).toEqual([30_000, 60_000, 3_600_000]);
    // The administrator sees it on the outbox page.
    const helen = await signInIgLead(t);
    const page = await helen.get('/notifications/outbox');
    expect(page.statusCode).toBe(200);
    expect(mainText(page.body)).toContain('Given up after 10 tries 1');
    expect(mainText(page.body)).toContain('421 Service not available');
    const amir = await signIn('gp');
    expect((await amir.get('/notifications/outbox')).statusCode).toBe(403);
  });

  it('withholds a notification’s email when its recipient may no longer read what it is about', async () => {
    await as('manager', (ctx) => notify(ctx, update({ recipients: [ids.gp!] })));
    await t.database.db.deleteFrom('care_team_member').where('staff_user_id', '=', ids.gp!).execute();
    const mailer = new FakeMailer();
    expect(await sendDueEmails(sender(mailer))).toEqual({ sent: 0, retrying: 0, failed: 0, withheld: 1 });
    expect(mailer.sent).toEqual([]);
  });

  it('a notification’s email names no one and links to sign in', async () => {
    await as('manager', (ctx) => notify(ctx, update({ recipients: [ids.gp!] })));
    const mailer = new FakeMailer();
    await sendDueEmails(sender(mailer));
    const [email] = mailer.sent;
    expect(email!.subject).toBe('JoinedUp: New update for someone you support');
    expect(email!.to).toEqual({ address: 'amir.khan@meadowlane.example', name: 'Dr Amir Khan' });
    expect(email!.text).toContain(`https://joinedup.riverside.example/people/${john}`);
    expect(email!.text).toContain('https://joinedup.riverside.example/notifications/preferences');
    expect(email!.text).not.toMatch(/John|Carter|9434765919/);
  });
});

describe('the unread count query', () => {
  it('can be answered from the partial index of unread notifications', async () => {
    // On a near-empty table the planner rightly prefers a sequential scan; with that ruled out, the
    // index must be the one it uses.
    const plan = await t.database.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      const p = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (COSTS OFF) SELECT count(*) FILTER (WHERE visible)
        FROM notification WHERE partnership_id = ${DEMO_PARTNERSHIP_ID} AND recipient_id = ${ids.gp!}
        AND read_at IS NULL`.execute(trx);
      return p.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('notification_unread');
  });
});

describe('the API description', () => {
  it('documents every notifications route, in a valid OpenAPI document', async () => {
    const doc = JSON.parse((await t.app.inject({ url: '/api/v1/openapi.json' })).body) as {
      paths: Record<string, Record<string, { summary?: string }>>;
    };
    for (const [path, method] of [
      ['/api/v1/notifications', 'get'],
      ['/api/v1/notifications/{id}/read', 'post'],
      ['/api/v1/notifications/read-all', 'post'],
      ['/api/v1/notifications/preferences', 'get'],
      ['/api/v1/notifications/preferences', 'put'],
      ['/api/v1/notifications/outbox', 'get'],
    ] as const) {
      expect(doc.paths[path]?.[method]?.summary, `${method} ${path}`).toBeTruthy();
    }
    const result = await new Validator().validate(doc as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
  });
});
