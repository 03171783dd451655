// Invitations and feeds read back by an independent iCalendar parser (ical.js): the stable UID, METHOD,
// SEQUENCE raised on change, CANCEL with STATUS:CANCELLED, ORGANIZER and ATTENDEEs with names, and times in
// Europe/London that keep their wall-clock hour across the clock changes of 29 March and 25 October 2026.
import ICAL from 'ical.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { signedIn, staffEmail, staffId } from '../../../test/demo-staff.ts';
import { type Agent, mainText } from '../../../test/http.ts';
import { demoPersonId } from '../../demo/index.ts';

let t: TestApp;
let john: string;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.reset();
  john = await demoPersonId(t.database.db);
});

const as = (key: string) => signedIn(t, key);

/** Parses a calendar, registering its time zones so that local times convert to instants. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const events = calendar.getAllSubcomponents('vevent').map((vevent) => {
    const start = vevent.getFirstProperty('dtstart')!;
    const time = vevent.getFirstPropertyValue('dtstart') as ICAL.Time;
    const organiser = vevent.getFirstProperty('organizer')!;
    return {
      uid: vevent.getFirstPropertyValue('uid'),
      sequence: vevent.getFirstPropertyValue('sequence'),
      status: vevent.getFirstPropertyValue('status'),
      summary: String(vevent.getFirstPropertyValue('summary')),
      description: String(vevent.getFirstPropertyValue('description') ?? ''),
      location: vevent.getFirstPropertyValue('location'),
      url: vevent.getFirstPropertyValue('url'),
      tzid: start.getParameter('tzid'),
      localTime: `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`,
      startsAt: time.toJSDate().toISOString(),
      endsAt: (vevent.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().toISOString(),
      organiser: { cn: organiser.getParameter('cn'), value: String(organiser.getFirstValue()) },
      attendees: vevent
        .getAllProperties('attendee')
        .map((a) => ({ cn: a.getParameter('cn'), value: String(a.getFirstValue()).toLowerCase() })),
    };
  });
  return {
    method: calendar.getFirstPropertyValue('method'),
    timezones: calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid')),
    events,
  };
}

async function schedule(agent: Agent, body: Record<string, unknown>) {
  const res = await agent.json('POST', '/api/v1/meetings', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { meeting: { id: string; revision: number }; occurrenceIds: string[] };
}

const review = (extra: Record<string, unknown> = {}) => ({
  personId: john,
  kind: 'review',
  date: '2026-12-02',
  startTime: '10:00',
  endTime: '11:30',
  mode: 'hybrid',
  location: 'Riverside Community Centre, Room 2',
  videoLink: 'https://meet.example.org/john-review',
  invitePerson: true,
  ...extra,
});

describe('a meeting’s invitation', () => {
  it('has a stable UID, METHOD:REQUEST, the organiser and attendees by name, London times, and John’s arrangements but not his name', async () => {
    const sarah = await as('manager');
    const { meeting } = await schedule(
      sarah,
      review({ staffIds: [await staffId(t, 'gp'), await staffId(t, 'nurse')] }),
    );
    const res = await sarah.get(`/meetings/${meeting.id}/invite.ics`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/calendar');
    expect(res.headers['content-disposition']).toBe('attachment; filename="meeting-2026-12-02.ics"');
    const ics = parse(res.body);
    expect(ics.method).toBe('REQUEST');
    expect(ics.timezones).toEqual(['Europe/London']);
    const [event] = ics.events;
    expect(event).toMatchObject({
      uid: `${meeting.id}@joinedup`,
      sequence: 0,
      status: 'CONFIRMED',
      summary: 'Care plan review (J C)',
      location: 'Riverside Community Centre, Room 2',
      url: 'https://meet.example.org/john-review',
      tzid: 'Europe/London',
      localTime: '10:00',
      startsAt: '2026-12-02T10:00:00.000Z',
      endsAt: '2026-12-02T11:30:00.000Z',
      organiser: { cn: 'Sarah Mitchell', value: `mailto:${staffEmail('manager')}` },
    });
    expect(event!.attendees).toEqual(
      expect.arrayContaining([
        { cn: 'Dr Amir Khan', value: `mailto:${staffEmail('gp')}` },
        { cn: 'Grace Lee', value: `mailto:${staffEmail('nurse')}` },
        { cn: 'Sarah Mitchell', value: `mailto:${staffEmail('manager')}` },
      ]),
    );
    expect(event!.description).toContain('So that J C can take part: easy read papers; give J C extra time');
    expect(event!.description).toContain(`/meetings/${meeting.id}`);
    expect(res.body).not.toMatch(/John|Carter|allotment/);
  });

  it('keeps its UID and raises SEQUENCE on each change; a cancellation is METHOD:CANCEL with STATUS:CANCELLED', async () => {
    const sarah = await as('manager');
    const gp = await staffId(t, 'gp');
    const { meeting } = await schedule(sarah, review({ staffIds: [gp] }));
    const changed = await sarah.json('PUT', `/api/v1/meetings/${meeting.id}`, {
      ...review({ startTime: '14:00', endTime: '15:00', staffIds: [gp] }),
      revision: meeting.revision,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const second = parse((await sarah.get(`/meetings/${meeting.id}/invite.ics`)).body);
    expect(second.events[0]).toMatchObject({
      uid: `${meeting.id}@joinedup`,
      sequence: 1,
      localTime: '14:00',
    });
    const cancelled = await sarah.json('POST', `/api/v1/meetings/${meeting.id}/cancellation`, {
      reason: 'John is unwell',
      revision: changed.json().meeting.revision,
    });
    expect(cancelled.statusCode, cancelled.body).toBe(201);
    const third = parse((await sarah.get(`/meetings/${meeting.id}/invite.ics`)).body);
    expect(third.method).toBe('CANCEL');
    expect(third.events[0]).toMatchObject({
      uid: `${meeting.id}@joinedup`,
      sequence: 2,
      status: 'CANCELLED',
    });
    // What Amir was emailed says the same: the invitation, the change and the cancellation, by sequence.
    const sent = await t.database.db
      .selectFrom('email_outbox')
      .select(['ics_method', 'ics_content'])
      .where('ics_content', 'like', `%${meeting.id}@joinedup%`)
      .where('to_address', '=', staffEmail('gp'))
      .orderBy('created_at')
      .execute();
    // The test clock stands still, so the three rows share one created_at: order them by SEQUENCE instead.
    const bySequence = sent
      .map((e) => [parse(e.ics_content!).events[0]!.sequence, e.ics_method] as const)
      .sort(([a], [b]) => Number(a) - Number(b));
    expect(bySequence).toEqual([
      [0, 'REQUEST'],
      [1, 'REQUEST'],
      [2, 'CANCEL'],
    ]);
  });

  it('is emailed to the advocate with her own copy: her as an attendee, the arrangements, and whom to contact', async () => {
    const sarah = await as('manager');
    const maya = await t.database.db
      .selectFrom('representative')
      .select('id')
      .where('name', '=', 'Maya Patel')
      .executeTakeFirstOrThrow();
    const { meeting } = await schedule(sarah, review({ representativeIds: [maya.id] }));
    await sarah.json('POST', `/api/v1/meetings/${meeting.id}/cancellation`, { reason: 'Clash', revision: 1 });
    const copies = await t.database.db
      .selectFrom('email_outbox')
      .select(['ics_method', 'ics_content', 'body'])
      .where('to_address', '=', 'maya.patel@riversideadvocacy.example')
      .where('ics_content', 'like', `%${meeting.id}@joinedup%`)
      .execute();
    // Both rows share one created_at (the test clock stands still): the invitation first, by its method.
    copies.sort((a, b) => (a.ics_method === b.ics_method ? 0 : a.ics_method === 'REQUEST' ? -1 : 1));
    expect(copies.map((c) => c.ics_method)).toEqual(['REQUEST', 'CANCEL']);
    const [invite, cancel] = copies.map((c) => parse(c.ics_content!));
    expect(invite!.method).toBe('REQUEST');
    expect(invite!.events[0]!.attendees).toContainEqual({
      cn: 'Maya Patel',
      value: 'mailto:maya.patel@riversideadvocacy.example',
    });
    expect(invite!.events[0]!.description).toContain('contact Sarah Mitchell');
    expect(invite!.events[0]!.description).toContain('easy read papers');
    expect(cancel!.method).toBe('CANCEL');
    expect(cancel!.events[0]).toMatchObject({ sequence: 1, status: 'CANCELLED' });
    expect(copies[1]!.body).not.toContain('Clash');
  });
});

describe('a weekly series across the clock changes', () => {
  it('keeps 10am London time when the clocks go forward on 29 March 2026', async () => {
    t.clock.set('2026-03-01T10:00:00Z');
    const sarah = await as('manager');
    const { occurrenceIds } = await schedule(
      sarah,
      review({ date: '2026-03-18', startTime: '10:00', endTime: '11:00', repeat: 'weekly', count: 4 }),
    );
    const events = [];
    for (const id of occurrenceIds)
      events.push(parse((await sarah.get(`/meetings/${id}/invite.ics`)).body).events[0]!);
    expect(events.map((e) => [e.tzid, e.localTime, e.startsAt])).toEqual([
      ['Europe/London', '10:00', '2026-03-18T10:00:00.000Z'],
      ['Europe/London', '10:00', '2026-03-25T10:00:00.000Z'],
      ['Europe/London', '10:00', '2026-04-01T09:00:00.000Z'],
      ['Europe/London', '10:00', '2026-04-08T09:00:00.000Z'],
    ]);
    expect(new Set(events.map((e) => e.uid)).size).toBe(4);
  });

  it('keeps 10am London time when the clocks go back on 25 October 2026', async () => {
    t.clock.set('2026-10-01T10:00:00Z');
    const sarah = await as('manager');
    await schedule(
      sarah,
      review({
        date: '2026-10-14',
        startTime: '10:00',
        endTime: '11:00',
        repeat: 'weekly',
        until: '2026-11-04',
      }),
    );
    const feed = await sarah.post('/meetings/calendar-feed', {});
    const url = /\/calendar\/[A-Za-z0-9_-]+\.ics/.exec(feed.body)![0];
    const ics = parse((await t.app.inject({ method: 'GET', url })).body);
    const series = ics.events.filter(
      (e) => e.summary === 'Care plan review (J C)' && e.startsAt >= '2026-10' && e.startsAt < '2026-11-05',
    );
    expect(series.map((e) => [e.tzid, e.localTime, e.startsAt])).toEqual([
      ['Europe/London', '10:00', '2026-10-14T09:00:00.000Z'],
      ['Europe/London', '10:00', '2026-10-21T09:00:00.000Z'],
      ['Europe/London', '10:00', '2026-10-28T10:00:00.000Z'],
      ['Europe/London', '10:00', '2026-11-04T10:00:00.000Z'],
    ]);
  });
});

describe('the personal calendar feed', () => {
  it('works without signing in while its token is current; a revoked, replaced or unknown token is not found', async () => {
    const sarah = await as('manager');
    const { meeting } = await schedule(sarah, review());
    const made = await sarah.post('/meetings/calendar-feed', {});
    expect(made.statusCode).toBe(200);
    expect(made.headers['cache-control']).toBe('no-store');
    const url = /\/calendar\/[A-Za-z0-9_-]+\.ics/.exec(made.body)![0];
    const token = url.slice('/calendar/'.length, -'.ics'.length);
    // Only the hash is kept.
    const stored = await t.database.db.selectFrom('calendar_feed').select('token_hash').execute();
    expect(JSON.stringify(stored)).not.toContain(token);
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    const ics = parse(res.body);
    expect(ics.method).toBe('PUBLISH');
    expect(ics.events.map((e) => e.uid)).toContain(`${meeting.id}@joinedup`);
    expect(res.body).not.toMatch(/John|Carter/);
    const audited = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'person.read.meetings_feed')
      .where('person_id', '=', john)
      .execute();
    expect(audited.length).toBe(1);
    // The page says a feed exists but never shows its address again.
    const page = await sarah.get('/meetings/calendar-feed');
    expect(mainText(page.body)).toContain('You have a feed');
    expect(page.body).not.toContain(token);
    const replaced = await sarah.post('/meetings/calendar-feed', {});
    const newUrl = /\/calendar\/[A-Za-z0-9_-]+\.ics/.exec(replaced.body)![0];
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: newUrl })).statusCode).toBe(200);
    expect((await sarah.post('/meetings/calendar-feed/revoke', {})).statusCode).toBe(303);
    expect((await t.app.inject({ method: 'GET', url: newUrl })).statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: '/calendar/not-a-real-token-at-all-xx.ics' })).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/calendar/abc' })).statusCode).toBe(404);
  });

  it('drops a person’s meetings once its owner is taken off their care team', async () => {
    const sarah = await as('manager');
    const { meeting } = await schedule(sarah, review({ staffIds: [await staffId(t, 'nurse')] }));
    const grace = await as('nurse');
    const made = await grace.json('POST', '/api/v1/calendar-feed', null);
    expect(made.statusCode).toBe(201);
    const url = new URL(made.json().url).pathname;
    expect((await t.app.inject({ method: 'GET', url })).body).toContain(`${meeting.id}@joinedup`);
    await t.database.db
      .deleteFrom('care_team_member')
      .where('person_id', '=', john)
      .where('staff_user_id', '=', await staffId(t, 'nurse'))
      .execute();
    const after = await t.app.inject({ method: 'GET', url });
    expect(after.statusCode).toBe(200);
    expect(after.body).not.toContain(`${meeting.id}@joinedup`);
  });
});
