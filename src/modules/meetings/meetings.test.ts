// Meetings: scheduled for a person or the partnership, face to face, by video or both, one-off or a series
// with venues taking turns; changed with a revision so that a stale form is refused; cancelled with a
// reason; attendance recorded with flags for the person and a senior leader; a person's meetings seen only by
// those who may open their record; bad input refused with clear errors on the page and in the API.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { signedIn, staffEmail, staffId } from '../../../test/demo-staff.ts';
import { type Agent, csrfIn, mainText } from '../../../test/http.ts';
import { DEMO_ORGANISATIONS, demoPersonId } from '../../demo/index.ts';

const orgs = DEMO_ORGANISATIONS;

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

async function representatives() {
  return t.database.db
    .selectFrom('representative')
    .select(['id', 'name'])
    .where('person_id', '=', john)
    .execute();
}

async function meetingCount(): Promise<number> {
  return (await t.database.db.selectFrom('meeting').select('id').execute()).length;
}

/** Venues of organisations with no manager in the demo to record them. */
async function setVenues(list: Array<[string, string]>) {
  const { partnership_id } = await t.database.db
    .selectFrom('organisation')
    .select('partnership_id')
    .executeTakeFirstOrThrow();
  await t.database.db
    .insertInto('meeting_venue')
    .values(
      list.map(([organisation_id, address]) => ({
        partnership_id,
        organisation_id,
        address,
        updated_at: new Date(),
        updated_by_name: 'test',
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['partnership_id', 'organisation_id'])
        .doUpdateSet((eb) => ({ address: eb.ref('excluded.address') })),
    )
    .execute();
}

/** Posts a form with repeated fields (several staff ticked), as a browser does. */
async function postForm(agent: Agent, url: string, fields: Array<[string, string]>, formUrl = url) {
  const token = csrfIn((await agent.get(formUrl)).body) ?? '';
  const body = new URLSearchParams([['_csrf', token], ...fields]).toString();
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: agent.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: body,
  });
}

function reviewForm(extra: Array<[string, string]> = []): Array<[string, string]> {
  const replaced = new Set(extra.map(([k]) => k).filter((k) => !k.endsWith('Ids')));
  const base: Array<[string, string]> = [
    ['personId', john],
    ['kind', 'review'],
    ['title', ''],
    ['date-day', '2'],
    ['date-month', '12'],
    ['date-year', '2026'],
    ['startTime', '10am'],
    ['endTime', '11:30am'],
    ['mode', 'hybrid'],
    ['venueOrganisationId', ''],
    ['location', 'Riverside Community Centre, Room 2, 1 Mill Lane, Riverside RV1 2AB'],
    ['videoLink', 'https://meet.example.org/john-review'],
    ['agenda', 'How the morning support is going. The allotment group.'],
    ['repeat', 'none'],
  ];
  return [...base.filter(([k]) => !replaced.has(k)), ...extra];
}

async function scheduleReview(agent: Agent, extra: Array<[string, string]> = []): Promise<string> {
  const [gp, nurse] = await Promise.all([staffId(t, 'gp'), staffId(t, 'nurse')]);
  const maya = (await representatives()).find((r) => r.name === 'Maya Patel')!;
  const res = await postForm(
    agent,
    '/meetings/new',
    reviewForm([
      ['staffIds', gp],
      ['staffIds', nurse],
      ['invitePerson', 'yes'],
      ['representativeIds', maya.id],
      ...extra,
    ]),
    `/meetings/new?person=${john}`,
  );
  expect(res.statusCode, mainText(res.body)).toBe(303);
  const id = /^\/meetings\/([0-9a-f-]{36})\?done=scheduled$/.exec(String(res.headers.location))?.[1];
  expect(id).toBeDefined();
  return id!;
}

describe('scheduling a meeting about a person', () => {
  it('the lead coordinator schedules John’s review through the form; it shows on the meeting, his record and her home page', async () => {
    const sarah = await as('manager');
    const form = await sarah.get(`/meetings/new?person=${john}`);
    expect(form.statusCode).toBe(200);
    expect(mainText(form.body)).toContain('easy read papers');
    const id = await scheduleReview(sarah);
    const page = mainText((await sarah.get(`/meetings/${id}?done=scheduled`)).body);
    expect(page).toContain('Care plan review');
    expect(page).toContain('Wednesday 2 December 2026, 10am to 11:30am (UK time)');
    expect(page).toContain('Riverside Community Centre');
    expect(page).toContain('Dr Amir Khan');
    expect(page).toContain('Maya Patel');
    expect(page).toContain('Sarah Mitchell (organiser)');
    const record = mainText((await sarah.get(`/people/${john}/meetings`)).body);
    expect(record).toContain('Care plan review');
    expect(record).toContain('Wednesday 2 December 2026');
    expect(mainText((await sarah.get('/')).body)).toContain('Care plan review with John Carter');
    const stored = await t.database.db
      .selectFrom('meeting')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(new Date(stored.starts_at).toISOString()).toBe('2026-12-02T10:00:00.000Z');
    expect(stored.ical_sequence).toBe(0);
    expect(stored.revision).toBe(1);
  });

  it('sends each invitee an invitation: staff through notifications, the advocate by email, none naming John', async () => {
    const sarah = await as('manager');
    const id = await scheduleReview(sarah);
    const outbox = await t.database.db
      .selectFrom('email_outbox')
      .select(['to_address', 'subject', 'body', 'ics_method', 'ics_content'])
      .where('ics_content', 'like', `%${id}@joinedup%`)
      .execute();
    const to = outbox.map((o) => o.to_address).sort();
    expect(to).toEqual(
      [staffEmail('gp'), 'maya.patel@riversideadvocacy.example', staffEmail('nurse')].sort(),
    );
    for (const o of outbox) {
      expect(o.ics_method).toBe('REQUEST');
      expect(o.subject).toBe('Invitation: Care plan review (J C)');
      expect(`${o.subject}${o.body}${o.ics_content}`).not.toMatch(/John|Carter/);
    }
    const notes = await t.database.db
      .selectFrom('notification')
      .select(['recipient_id', 'title'])
      .where('link', '=', `/meetings/${id}`)
      .execute();
    expect(notes.map((n) => n.recipient_id).sort()).toEqual(
      [await staffId(t, 'gp'), await staffId(t, 'nurse')].sort(),
    );
    expect(notes[0]!.title).toContain('with John Carter');
  });

  it('refuses a title with John’s name in it', async () => {
    const sarah = await as('manager');
    const res = await postForm(
      sarah,
      '/meetings/new',
      reviewForm([['title', 'John’s review']]),
      `/meetings/new?person=${john}`,
    );
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Leave John’s name out of the title');
  });
});

describe('bad input is refused with clear errors', () => {
  it('on the page: end before start, a video call without a link, more meetings than the cap', async () => {
    const sarah = await as('manager');
    const before = await meetingCount();
    const formUrl = `/meetings/new?person=${john}`;
    const endFirst = await postForm(sarah, '/meetings/new', reviewForm([['endTime', '9am']]), formUrl);
    expect(endFirst.statusCode).toBe(422);
    expect(endFirst.body).toContain('href="#endTime"');
    expect(mainText(endFirst.body)).toContain('The end time must be after the start time');
    const noLink = await postForm(
      sarah,
      '/meetings/new',
      reviewForm([
        ['mode', 'virtual'],
        ['videoLink', ''],
      ]),
      formUrl,
    );
    expect(noLink.statusCode).toBe(422);
    expect(noLink.body).toContain('href="#videoLink"');
    expect(mainText(noLink.body)).toContain(
      'Enter the video call link: a video call or hybrid meeting needs one',
    );
    const tooMany = await postForm(
      sarah,
      '/meetings/new',
      reviewForm([
        ['repeat', 'weekly'],
        ['repeatEnd', 'count'],
        ['count', '27'],
      ]),
      formUrl,
    );
    expect(tooMany.statusCode).toBe(422);
    expect(mainText(tooMany.body)).toContain('A series can have at most 26 meetings');
    const tooLate = await postForm(
      sarah,
      '/meetings/new',
      reviewForm([
        ['repeat', 'weekly'],
        ['repeatEnd', 'until'],
        ['until-day', '1'],
        ['until-month', '12'],
        ['until-year', '2027'],
      ]),
      formUrl,
    );
    expect(tooLate.statusCode).toBe(422);
    expect(tooLate.body).toContain('href="#until"');
    expect(mainText(tooLate.body)).toContain('That end date gives more than 26 meetings');
    const badTime = await postForm(sarah, '/meetings/new', reviewForm([['startTime', '25:00']]), formUrl);
    expect(mainText(badTime.body)).toContain('Enter the start time like 10am, 2:30pm or 14:30');
    const past = await postForm(sarah, '/meetings/new', reviewForm([['date-year', '2025']]), formUrl);
    expect(mainText(past.body)).toContain('The meeting must start in the future');
    expect(await meetingCount()).toBe(before);
  });

  it('in the API, as problem+json with each field', async () => {
    const sarah = await as('manager');
    const base = {
      personId: john,
      kind: 'review',
      date: '2026-12-02',
      startTime: '14:00',
      endTime: '13:00',
      mode: 'virtual',
    };
    const res = await sarah.json('POST', '/api/v1/meetings', base);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['endTime', 'videoLink']));
    const cap = await sarah.json('POST', '/api/v1/meetings', {
      ...base,
      endTime: '15:00',
      videoLink: 'https://meet.example.org/x',
      repeat: 'weekly',
      count: 40,
    });
    expect(cap.json().errors).toEqual([
      { field: 'count', message: 'A series can have at most 26 meetings: schedule more later' },
    ]);
    const kind = await sarah.json('POST', '/api/v1/meetings', {
      ...base,
      kind: 'partnership_board',
      endTime: '15:00',
      videoLink: 'https://meet.example.org/x',
    });
    expect(kind.json().errors[0].field).toBe('kind');
    const notHttps = await sarah.json('POST', '/api/v1/meetings', {
      ...base,
      endTime: '15:00',
      videoLink: 'javascript:alert(1)',
    });
    expect(notHttps.json().errors[0].field).toBe('videoLink');
  });

  it('refuses a time the clocks skip', async () => {
    t.clock.set('2026-03-01T10:00:00Z');
    const sarah = await as('manager');
    const res = await sarah.json('POST', '/api/v1/meetings', {
      personId: john,
      kind: 'phone_check_in',
      date: '2026-03-29',
      startTime: '01:30',
      endTime: '02:30',
      mode: 'virtual',
      videoLink: 'https://meet.example.org/x',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('startTime');
  });
});

describe('who sees a person’s meetings', () => {
  it('a GP not on John’s care team is refused his meeting, its calendar file and his meetings, and sees none of it listed', async () => {
    const sarah = await as('manager');
    const id = await scheduleReview(sarah);
    const rachel = await as('outOfHours');
    for (const url of [`/meetings/${id}`, `/meetings/${id}/invite.ics`, `/people/${john}/meetings`]) {
      const res = await rachel.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.body).not.toContain('Care plan review');
      expect(res.body).not.toContain('Riverside Community Centre');
    }
    for (const url of [`/api/v1/meetings/${id}`, `/api/v1/people/${john}/meetings`]) {
      const res = await rachel.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().code).toBe('JU_REFUSED');
    }
    expect(mainText((await rachel.get('/meetings')).body)).not.toContain('Care plan review');
    expect((await rachel.get('/api/v1/meetings')).body).not.toContain(id);
    const refused = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('person_id', '=', john)
      .where('outcome', '=', 'refused')
      .where('actor_user_id', '=', await staffId(t, 'outOfHours'))
      .execute();
    expect(refused.length).toBeGreaterThanOrEqual(4);
  });

  it('every view of a person’s meeting is audited with its basis', async () => {
    const sarah = await as('manager');
    const id = await scheduleReview(sarah);
    const amir = await as('gp');
    expect((await amir.get(`/meetings/${id}`)).statusCode).toBe(200);
    const reads = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'basis'])
      .where('person_id', '=', john)
      .where('action', '=', 'person.read.meeting')
      .where('actor_user_id', '=', await staffId(t, 'gp'))
      .execute();
    expect(reads).toEqual([{ action: 'person.read.meeting', basis: 'care_team' }]);
  });

  it('a volunteer on the team may see the meeting but not schedule one', async () => {
    const sarah = await as('manager');
    const id = await scheduleReview(sarah, [['staffIds', await staffId(t, 'volunteer')]]);
    const priya = await as('volunteer');
    expect((await priya.get(`/meetings/${id}`)).statusCode).toBe(200);
    expect((await priya.get(`/meetings/new?person=${john}`)).statusCode).toBe(403);
  });
});

describe('partnership meetings', () => {
  it('a manager schedules the partnership board for any staff; every member of staff sees it; a practitioner cannot schedule one', async () => {
    const sarah = await as('manager');
    const david = await staffId(t, 'seniorLeader');
    const res = await sarah.json('POST', '/api/v1/meetings', {
      kind: 'partnership_board',
      date: '2026-12-09',
      startTime: '14:00',
      endTime: '16:00',
      mode: 'virtual',
      videoLink: 'https://meet.example.org/board',
      staffIds: [david, await staffId(t, 'igLead')],
      agenda: 'Health check results. Joint training plan.',
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().meeting.id;
    expect(
      res
        .json()
        .meeting.invitees.map((i: { name: string }) => i.name)
        .sort(),
    ).toEqual(['David Evans', 'Helen Brooks', 'Sarah Mitchell'].sort());
    const tom = await as('mentalHealth');
    expect(mainText((await tom.get('/meetings')).body)).toContain('Partnership board');
    expect((await tom.get(`/meetings/${id}`)).statusCode).toBe(200);
    const refused = await tom.json('POST', '/api/v1/meetings', {
      kind: 'joint_briefing',
      date: '2026-12-10',
      startTime: '14:00',
      endTime: '15:00',
      mode: 'virtual',
      videoLink: 'https://meet.example.org/b',
    });
    expect(refused.statusCode).toBe(403);
    expect((await tom.get('/meetings/new')).statusCode).toBe(403);
  });
});

describe('changing and cancelling', () => {
  it('a change bumps the sequence and the revision; a stale form gets a clear conflict on the page and in the API', async () => {
    const sarah = await as('manager');
    const id = await scheduleReview(sarah);
    const form = await sarah.get(`/meetings/${id}/change`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="revision" value="1"');
    const moved = await postForm(sarah, `/meetings/${id}/change`, [
      ...reviewForm([
        ['startTime', '2pm'],
        ['endTime', '3pm'],
        ['revision', '1'],
      ]).filter(([k]) => k !== 'personId' && k !== 'repeat'),
      ['staffIds', await staffId(t, 'gp')],
      ['invitePerson', 'yes'],
    ]);
    expect(moved.statusCode, mainText(moved.body)).toBe(303);
    const row = await t.database.db
      .selectFrom('meeting')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect([row.ical_sequence, row.revision]).toEqual([1, 2]);
    expect(new Date(row.starts_at).toISOString()).toBe('2026-12-02T14:00:00.000Z');
    // Grace was taken off: she gets a cancellation of her copy; Amir gets the change.
    const grace = await t.database.db
      .selectFrom('email_outbox')
      .select(['ics_method', 'subject'])
      .where('to_address', '=', staffEmail('nurse'))
      .where('ics_method', '=', 'CANCEL')
      .execute();
    expect(grace).toEqual([{ ics_method: 'CANCEL', subject: 'Cancelled for you: Care plan review (J C)' }]);
    const stale = await postForm(sarah, `/meetings/${id}/change`, [
      ...reviewForm([
        ['startTime', '3pm'],
        ['endTime', '4pm'],
        ['revision', '1'],
      ]).filter(([k]) => k !== 'personId' && k !== 'repeat'),
    ]);
    expect(stale.statusCode).toBe(409);
    expect(mainText(stale.body)).toContain('Sarah Mitchell changed this meeting while you were editing it');
    expect(stale.body).toContain('name="revision" value="2"');
    const api = await sarah.json('PUT', `/api/v1/meetings/${id}`, {
      kind: 'review',
      date: '2026-12-03',
      startTime: '10:00',
      endTime: '11:00',
      mode: 'virtual',
      videoLink: 'https://meet.example.org/x',
      revision: 1,
    });
    expect(api.statusCode).toBe(409);
    expect(api.json().code).toBe('JU_CONFLICT');
  });

  it('another member of the care team may change it: the organiser stays invited and the editor is not added', async () => {
    const sarah = await as('manager');
    const id = await scheduleReview(sarah);
    const amir = await as('gp');
    const form = await amir.get(`/meetings/${id}/change`);
    expect(mainText(form.body)).toContain('Sarah Mitchell is invited as the organiser');
    const res = await amir.json('PUT', `/api/v1/meetings/${id}`, {
      kind: 'review',
      date: '2026-12-03',
      startTime: '10:00',
      endTime: '11:00',
      mode: 'virtual',
      videoLink: 'https://meet.example.org/x',
      staffIds: [await staffId(t, 'nurse')],
      revision: 1,
    });
    expect(res.statusCode, res.body).toBe(200);
    const names = res
      .json()
      .meeting.invitees.map((i: { name: string }) => i.name)
      .sort();
    expect(names).toEqual(['Grace Lee', 'Sarah Mitchell']);
    expect(res.json().meeting.updatedByName).toBe('Dr Amir Khan');
  });

  it('cancelling asks for a reason, keeps it in JoinedUp and leaves the meeting unchangeable', async () => {
    const sarah = await as('manager');
    const id = await scheduleReview(sarah);
    const empty = await sarah.post(`/meetings/${id}/cancel`, { reason: '', revision: '1' });
    expect(empty.statusCode).toBe(422);
    expect(mainText(empty.body)).toContain('Enter why the meeting is cancelled');
    const done = await sarah.post(`/meetings/${id}/cancel`, {
      reason: 'John is unwell this week.',
      revision: '1',
    });
    expect(done.statusCode).toBe(303);
    const page = mainText((await sarah.get(`/meetings/${id}`)).body);
    expect(page).toContain('This meeting is cancelled: John is unwell this week.');
    expect(page).not.toContain('Change or reschedule');
    const emails = await t.database.db
      .selectFrom('email_outbox')
      .select(['body', 'ics_content'])
      .where('ics_method', '=', 'CANCEL')
      .execute();
    expect(emails.length).toBe(3);
    for (const e of emails) expect(`${e.body}${e.ics_content}`).not.toContain('unwell');
  });
});

describe('repeating meetings and venues taking turns', () => {
  it('a monthly series takes its venues in turn, in the order of the member organisations listed', async () => {
    const sarah = await as('manager');
    const saved = await sarah.json('PUT', `/api/v1/meeting-venues/${orgs.council.id}`, {
      address: 'Riverside Town Hall, Committee Room 1',
      accessNotes: 'Step-free',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    await setVenues([
      [orgs.gp.id, 'Meadow Lane Surgery, Meeting Room'],
      [orgs.nursing.id, 'Riverside Health Centre, Room 4'],
    ]);
    const res = await sarah.json('POST', '/api/v1/meetings', {
      personId: john,
      kind: 'case_review',
      date: '2026-12-10',
      startTime: '10:00',
      endTime: '11:00',
      mode: 'face_to_face',
      repeat: 'monthly',
      count: 5,
      rotationOrganisationIds: [orgs.council.id, orgs.gp.id, orgs.nursing.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    const rows = await t.database.db
      .selectFrom('meeting')
      .select(['starts_at', 'location', 'venue_organisation_id', 'series_id'])
      .where('series_id', '=', res.json().seriesId)
      .orderBy('starts_at')
      .execute();
    expect(rows.map((r) => r.location)).toEqual([
      'Riverside Town Hall, Committee Room 1',
      'Meadow Lane Surgery, Meeting Room',
      'Riverside Health Centre, Room 4',
      'Riverside Town Hall, Committee Room 1',
      'Meadow Lane Surgery, Meeting Room',
    ]);
    expect(new Set(rows.map((r) => r.series_id)).size).toBe(1);
    expect(rows.map((r) => new Date(r.starts_at).toISOString().slice(0, 10))).toEqual([
      '2026-12-10',
      '2027-01-10',
      '2027-02-10',
      '2027-03-10',
      '2027-04-10',
    ]);
  });

  it('a host without a venue, or only one host, is refused', async () => {
    const sarah = await as('manager');
    await t.database.db.deleteFrom('meeting_venue').where('organisation_id', '=', orgs.gp.id).execute();
    const base = {
      personId: john,
      kind: 'case_review',
      date: '2026-12-10',
      startTime: '10:00',
      endTime: '11:00',
      mode: 'face_to_face',
      repeat: 'weekly',
      count: 3,
    };
    const none = await sarah.json('POST', '/api/v1/meetings', {
      ...base,
      rotationOrganisationIds: [orgs.council.id, orgs.gp.id],
    });
    expect(none.json().errors[0].field).toBe('rotationOrganisationIds');
    const one = await sarah.json('POST', '/api/v1/meetings', {
      ...base,
      rotationOrganisationIds: [orgs.council.id],
    });
    expect(one.json().errors[0].message).toBe('Select at least 2 organisations to take turns, or none');
  });

  it('only a manager of the organisation (or an administrator) keeps its venue', async () => {
    const amir = await as('gp');
    const res = await amir.json('PUT', `/api/v1/meeting-venues/${orgs.gp.id}`, { address: 'Surgery' });
    expect(res.statusCode).toBe(403);
    const sarah = await as('manager');
    expect(
      (await sarah.json('PUT', `/api/v1/meeting-venues/${orgs.gp.id}`, { address: 'Surgery' })).statusCode,
    ).toBe(403);
    const own = await sarah.post(`/meetings/venues/${orgs.council.id}`, { address: '', accessNotes: '' });
    expect(own.statusCode).toBe(422);
    expect(mainText(own.body)).toContain('Enter the venue’s address');
    const saved = await sarah.post(`/meetings/venues/${orgs.council.id}`, {
      address: 'Riverside Town Hall',
      accessNotes: 'Hearing loop',
    });
    expect(saved.statusCode).toBe(303);
    expect(mainText((await sarah.get('/meetings/venues')).body)).toContain(
      'Riverside Town Hall Hearing loop',
    );
  });
});

describe('attendance', () => {
  it('is recorded after the meeting, flagging whether John (or his advocate) and a senior leader attended', async () => {
    const sarah = await as('manager');
    const david = await staffId(t, 'seniorLeader');
    const res = await sarah.json('POST', '/api/v1/meetings', {
      personId: john,
      kind: 'planning',
      date: '2026-12-02',
      startTime: '10:00',
      endTime: '11:00',
      mode: 'face_to_face',
      location: 'John’s flat',
      staffIds: [await staffId(t, 'gp')],
      invitePerson: true,
      representativeIds: (await representatives()).map((r) => r.id),
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().meeting.id;
    const early = await sarah.json('PUT', `/api/v1/meetings/${id}/attendance`, { attendance: [] });
    expect(early.statusCode).toBe(422);
    t.clock.set('2026-12-02T11:30:00Z');
    const again = await as('manager');
    const page = await again.get(`/meetings/${id}/attendance`);
    expect(page.statusCode).toBe(200);
    const invitees = res.json().meeting.invitees as Array<{ id: string; name: string; kind: string }>;
    const who = (name: string) => invitees.find((i) => i.name === name)!.id;
    const saved = await postForm(again, `/meetings/${id}/attendance`, [
      [`attendance-${who('John Carter')}`, 'present'],
      [`attendance-${who('Maya Patel')}`, 'present'],
      [`attendance-${who('Karen Carter')}`, 'apologies'],
      [`attendance-${who('Dr Amir Khan')}`, 'absent'],
      [`attendance-${who('Sarah Mitchell')}`, 'present'],
    ]);
    expect(saved.statusCode, mainText(saved.body)).toBe(303);
    const shown = mainText((await again.get(`/meetings/${id}`)).body);
    expect(shown).toContain('John took part. Their advocate or representative came too.');
    expect(shown).toContain('No senior leader attended (none was invited).');
    const api = (await again.get(`/api/v1/meetings/${id}`)).json();
    expect(api.meeting.status).toBe('held');
    expect(api.meeting.flags).toMatchObject({
      personAttended: true,
      representativeAttended: true,
      seniorLeaderAttended: false,
    });
    expect(david).toBeTruthy();
  });

  it('flags a meeting without John or anyone speaking for him, and one a senior leader attended', async () => {
    const sarah = await as('manager');
    const res = await sarah.json('POST', '/api/v1/meetings', {
      personId: john,
      kind: 'case_review',
      date: '2026-12-02',
      startTime: '10:00',
      endTime: '11:00',
      mode: 'virtual',
      videoLink: 'https://meet.example.org/x',
      invitePerson: true,
    });
    const id = res.json().meeting.id;
    const board = await sarah.json('POST', '/api/v1/meetings', {
      kind: 'partnership_board',
      date: '2026-12-02',
      startTime: '14:00',
      endTime: '15:00',
      mode: 'virtual',
      videoLink: 'https://meet.example.org/b',
      staffIds: [await staffId(t, 'seniorLeader')],
    });
    t.clock.set('2026-12-02T16:00:00Z');
    const again = await as('manager');
    const invitees = res.json().meeting.invitees as Array<{ id: string; kind: string }>;
    await again.json('PUT', `/api/v1/meetings/${id}/attendance`, {
      attendance: invitees.map((i) => ({
        inviteeId: i.id,
        attendance: i.kind === 'person' ? 'apologies' : 'present',
      })),
    });
    expect(mainText((await again.get(`/meetings/${id}`)).body)).toContain(
      'Neither John nor an advocate or representative was at this meeting.',
    );
    const boardInvitees = board.json().meeting.invitees as Array<{ id: string }>;
    const flags = (
      await again.json('PUT', `/api/v1/meetings/${board.json().meeting.id}/attendance`, {
        attendance: boardInvitees.map((i) => ({ inviteeId: i.id, attendance: 'present' })),
      })
    ).json().meeting.flags;
    expect(flags.seniorLeaderAttended).toBe(true);
    const none = await again.post(
      `/meetings/${id}/attendance`,
      {},
      { formUrl: `/meetings/${id}/attendance` },
    );
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('href="#attendance"');
  });
});
