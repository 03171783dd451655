// Email goes out through a real SMTP server (started here) and is read back as a mail program would: the
// subject says what kind of thing happened, nothing names the person, an invitation carries its calendar
// file with its method, each message keeps one Message-ID, and a server that refuses is tried again later.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { asStaff, staffId } from '../../../test/demo-staff.ts';
import { startSmtp, type TestSmtp } from '../../../test/smtp.ts';
import type { Ctx } from '../../context.ts';
import { DEMO_PARTNERSHIP_ID, demoPersonId } from '../../demo/index.ts';
import { notify, queueEmail, sendDueEmails } from './index.ts';
import { type Mailer, smtpMailer } from './mailer.ts';

let t: TestApp;
let smtp: TestSmtp;
let mailer: Mailer;
let john: string;

beforeAll(async () => {
  t = await testApp();
  smtp = await startSmtp();
  mailer = smtpMailer(smtp.url);
});
afterAll(async () => {
  mailer.close();
  await smtp.close();
  await t.close();
});
beforeEach(async () => {
  await t.reset();
  john = await demoPersonId(t.database.db);
  await t.database.db.deleteFrom('email_outbox').execute();
  await t.database.db.deleteFrom('notification').execute();
  smtp.messages.length = 0;
  smtp.refuse = null;
});

const asSarah = <T>(fn: (ctx: Ctx) => Promise<T>) => asStaff(t, 'manager', fn);

const send = () =>
  sendDueEmails({
    db: t.database.db,
    clock: t.clock,
    mailer,
    from: 'JoinedUp <no-reply@riverside.example>',
    publicUrl: 'https://joinedup.riverside.example',
  });

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//JoinedUp//Meetings//EN',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  'UID:review-1@joinedup',
  'SEQUENCE:0',
  'DTSTAMP:20261125T100000Z',
  'DTSTART:20261202T100000Z',
  'DTEND:20261202T110000Z',
  'SUMMARY:Care plan review',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe('email through SMTP', () => {
  it('a notification arrives with its kind in the subject and no one named, and keeps its Message-ID', async () => {
    const gp = await staffId(t, 'gp');
    await asSarah((ctx) =>
      notify(ctx, {
        kind: 'timeline_update',
        recipients: [gp],
        about: { personId: john, category: 'health' },
        title: 'Blood test results for John Carter',
        link: `/people/${john}`,
      }),
    );
    expect(await send()).toEqual({ sent: 1, retrying: 0, failed: 0, withheld: 0 });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.subject).toBe('JoinedUp: New update for someone you support');
    expect(mail!.to && !Array.isArray(mail!.to) ? mail!.to.value[0]?.address : '').toBe(
      'amir.khan@meadowlane.example',
    );
    expect(mail!.from?.value[0]?.address).toBe('no-reply@riverside.example');
    expect(mail!.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail!.text).toContain(`https://joinedup.riverside.example/people/${john}`);
    const row = await t.database.db
      .selectFrom('email_outbox')
      .select(['id', 'status'])
      .executeTakeFirstOrThrow();
    expect(mail!.messageId).toBe(`<${row.id}@riverside.example>`);
    expect(row.status).toBe('sent');
    // Nothing that identifies John: his name, NHS number or date of birth.
    const whole = `${mail!.subject}\n${mail!.text}\n${mail!.html || ''}\n${[...mail!.headers.values()].join('\n')}`;
    expect(whole).not.toMatch(/John|Carter|9434765919|943 476 5919/);
  });

  it('an invitation carries its calendar file with METHOD:REQUEST, and goes at once for a digest reader', async () => {
    const gp = await staffId(t, 'gp');
    await t.database.db
      .insertInto('notification_preference')
      .values({
        partnership_id: DEMO_PARTNERSHIP_ID,
        staff_user_id: gp,
        email_mode: 'digest',
        updated_at: t.clock.now(),
      })
      .execute();
    await asSarah((ctx) =>
      notify(ctx, {
        kind: 'meeting_invitation',
        recipients: [gp],
        about: { personId: john, category: 'social_care' },
        title: 'Care plan review for John Carter on 2 December',
        link: '/meetings',
        email: {
          subject: 'JoinedUp: Meeting invitation',
          text: 'You are invited to a care plan review. The calendar file is attached.',
          ics: { method: 'REQUEST', content: ICS },
        },
      }),
    );
    await send();
    const [mail] = await smtp.waitFor(1);
    expect(mail!.subject).toBe('JoinedUp: Meeting invitation');
    const calendar = mail!.attachments.find((a) => a.contentType === 'text/calendar');
    expect(calendar).toBeDefined();
    expect(calendar!.content.toString('utf8')).toContain('METHOD:REQUEST');
    expect(calendar!.content.toString('utf8')).toContain('UID:review-1@joinedup');
    const type = (calendar!.headers.get('content-type') as { params?: Record<string, string> }).params;
    expect(type?.method?.toUpperCase()).toBe('REQUEST');
  });

  it('an email to someone who is not staff (the person, an advocate) goes as queued, with a cancellation', async () => {
    await asSarah((ctx) =>
      queueEmail(ctx, {
        to: 'maya.patel@riversideadvocacy.example',
        toName: 'Maya Patel',
        subject: 'Meeting cancelled',
        text: 'The meeting on 2 December is cancelled.',
        ics: { method: 'CANCEL', content: ICS.replace('METHOD:REQUEST', 'METHOD:CANCEL') },
      }),
    );
    await send();
    const [mail] = await smtp.waitFor(1);
    expect(mail!.subject).toBe('Meeting cancelled');
    const calendar = mail!.attachments.find((a) => a.contentType === 'text/calendar');
    const type = (calendar!.headers.get('content-type') as { params?: Record<string, string> }).params;
    expect(type?.method?.toUpperCase()).toBe('CANCEL');
  });

  it('a server that refuses is tried again later with the error kept, and the message then arrives once', async () => {
    await asSarah((ctx) => queueEmail(ctx, { to: 'karen@example.org', subject: 'Hello', text: 'x' }));
    smtp.refuse = { code: 451, message: 'Try again later' };
    expect(await send()).toEqual({ sent: 0, retrying: 1, failed: 0, withheld: 0 });
    const row = await t.database.db
      .selectFrom('email_outbox')
      .select(['status', 'attempts', 'last_error', 'next_attempt_at'])
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('queued');
    expect(row.last_error).toContain('Try again later');
    smtp.refuse = null;
    t.clock.set(row.next_attempt_at);
    expect(await send()).toEqual({ sent: 1, retrying: 0, failed: 0, withheld: 0 });
    expect(await send()).toEqual({ sent: 0, retrying: 0, failed: 0, withheld: 0 });
    expect(smtp.messages).toHaveLength(1);
  });
});
