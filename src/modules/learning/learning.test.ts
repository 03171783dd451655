// Learning together through the pages and the API: the case example's sessions, sessions and shadowing
// across organisations, and what each organisation and role does.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { mainText } from '../../../test/http.ts';
import { DEMO_ORGANISATIONS } from '../../demo/index.ts';
import { expectFieldErrors, fieldsOf, signInAs, snapshot, staffId } from './test-support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());
beforeEach(async () => t.reset());

const LEARNING_TABLES = [
  'training_session',
  'training_attendance',
  'shadowing_placement',
  'information_sharing_training',
  'organisation_guide',
  'role_guide',
] as const;
const unchanged = () => snapshot(t, LEARNING_TABLES);

describe('the case example’s training', () => {
  it('shows the roles session and the information sharing session led by the NHS information governance lead', async () => {
    const amir = await signInAs(t, 'gp');
    const overview = mainText((await amir.get('/learning')).body);
    expect(overview).toContain('Health and social care: each other’s roles');
    expect(overview).toContain('Information sharing: consent and sharing safely');
    expect(overview).toMatch(/Coming up .* The Mental Capacity Act in everyday practice/);
    expect(overview).toContain('Home visits with the community nursing team');

    const sessions = JSON.parse((await amir.get('/api/v1/learning/sessions')).body) as {
      past: Array<{ id: string; kind: string }>;
    };
    const infoSharing = sessions.past.find((s) => s.kind === 'information_sharing')!;
    const page = mainText((await amir.get(`/learning/sessions/${infoSharing.id}`)).body);
    expect(page).toContain('Led by Helen Brooks, NHS information governance lead');
    expect(page).toContain(
      'Everyone who attended has their information sharing training dated 14 October 2026',
    );
    expect(page).toMatch(/Who attended .*Dr Amir Khan GP Meadow Lane Surgery/);
  });
});

describe('sessions and shadowing', () => {
  it('a manager adds a session with attendees from the staff list, and changes it', async () => {
    const sarah = await signInAs(t, 'manager');
    const grace = await staffId(t, 'nurse');
    const tom = await staffId(t, 'mentalHealth');
    const res = await sarah.post('/learning/sessions/new', {
      topic: 'New falls pathway',
      kind: 'policies',
      'heldOn-day': '9',
      'heldOn-month': '2',
      'heldOn-year': '2027',
      location: 'Riverside Community Hospital',
      organisationIds: DEMO_ORGANISATIONS.nursing.id,
      attendeeIds: grace,
    });
    expect(res.statusCode).toBe(303);
    const url = String(res.headers.location);
    expect(mainText((await sarah.get(url)).body)).toMatch(/Who is coming Name Role Organisation Grace Lee/);
    const edit = await sarah.get(`${url}/edit`);
    expect(edit.body).toContain('name="heldOn-day" type="text" value="9"');
    const id = url.split('/').at(-1)!;
    const changed = await sarah.json('PUT', `/api/v1/learning/sessions/${id}`, {
      topic: 'New falls pathway',
      kind: 'policies',
      heldOn: '2027-02-09',
      location: 'Riverside Community Hospital',
      organisationIds: [DEMO_ORGANISATIONS.nursing.id, DEMO_ORGANISATIONS.mentalHealth.id],
      attendeeIds: [grace, tom],
    });
    expect(changed.statusCode).toBe(200);
    expect(JSON.parse(changed.body).attendeeIds.sort()).toEqual([grace, tom].sort());
  });

  const badSessions: Array<[string, Record<string, string>, string[]]> = [
    ['nothing at all', {}, ['heldOn', 'kind', 'location', 'organisationIds', 'topic']],
    [
      'a date that is not real and an unknown kind',
      {
        topic: 'X',
        kind: 'party',
        'heldOn-day': '31',
        'heldOn-month': '2',
        'heldOn-year': '2027',
        location: 'Here',
        organisationIds: DEMO_ORGANISATIONS.gp.id,
      },
      ['heldOn', 'kind'],
    ],
    [
      'an attendee who is not on the staff list',
      {
        topic: 'X',
        kind: 'roles',
        'heldOn-day': '1',
        'heldOn-month': '2',
        'heldOn-year': '2027',
        location: 'Here',
        organisationIds: DEMO_ORGANISATIONS.gp.id,
        attendeeIds: '6a0c1d1e-0000-4000-8000-00000000dead',
      },
      ['attendeeIds'],
    ],
  ];
  it.each(badSessions)(
    'the session form refuses %s with field errors and changes nothing',
    async (_w, fields, errors) => {
      const sarah = await signInAs(t, 'manager');
      const before = await unchanged();
      const res = await sarah.post('/learning/sessions/new', fields);
      expect(res.statusCode).toBe(422);
      expectFieldErrors(res.body, errors);
      if (fields.topic) expect(res.body).toContain(`value="${fields.topic}"`);
      expect(await unchanged()).toBe(before);
    },
  );

  it('shadowing is across organisations: the same person or a colleague at the same organisation is refused', async () => {
    const sarah = await signInAs(t, 'manager');
    const [me, david, grace] = [
      await staffId(t, 'manager'),
      await staffId(t, 'seniorLeader'),
      await staffId(t, 'nurse'),
    ];
    const base = { place: 'Home visits', startsOn: '2027-01-06' };
    const before = await unchanged();
    expect(
      fieldsOf(
        await sarah.json('POST', '/api/v1/learning/shadowing', {
          ...base,
          shadowStaffId: me,
          hostStaffId: me,
        }),
      ),
    ).toEqual(['hostStaffId']);
    const same = await sarah.post('/learning/shadowing/new', {
      shadowStaffId: me,
      hostStaffId: david,
      place: 'Directors’ meeting',
      'startsOn-day': '6',
      'startsOn-month': '1',
      'startsOn-year': '2027',
    });
    expect(same.statusCode).toBe(422);
    expectFieldErrors(same.body, ['hostStaffId']);
    expect(mainText(same.body)).toContain('both work at Riverside Council Adult Social Care');
    expect(
      fieldsOf(
        await sarah.json('POST', '/api/v1/learning/shadowing', {
          ...base,
          shadowStaffId: me,
          hostStaffId: grace,
          endsOn: '2027-01-05',
        }),
      ),
    ).toEqual(['endsOn']);
    expect(await unchanged()).toBe(before);

    const ok = await sarah.json('POST', '/api/v1/learning/shadowing', {
      ...base,
      shadowStaffId: me,
      hostStaffId: grace,
    });
    expect(ok.statusCode).toBe(201);
    expect(JSON.parse(ok.body)).toMatchObject({ endsOn: '2027-01-06' });
  });
});

describe('who does what', () => {
  it('has a page for every organisation and role, like “What a community nurse does”', async () => {
    const priya = await signInAs(t, 'volunteer');
    const index = mainText((await priya.get('/learning/who-does-what')).body);
    expect(index).toContain('What Riverside Community Nursing does');
    expect(index).toContain('Community nurse');
    expect(index).toMatch(/Systems administrator \(not written yet\)/);
    const nurse = mainText((await priya.get('/learning/roles/community-nurse')).body);
    expect(nurse).toContain('What a community nurse does');
    expect(nurse).toContain('A registered nurse who works in people’s homes');
    expect(nurse).toContain('Grace Lee, Community nurse');
    expect(mainText((await priya.get('/learning/roles/nhs-information-governance-lead')).body)).toContain(
      'What an NHS information governance lead does',
    );
    expect((await priya.get('/learning/roles/no-such-role')).statusCode).toBe(404);
    expect((await priya.get('/learning/roles/Bad%20Key')).statusCode).toBe(404);
  });

  it('each organisation writes its own page: nursing’s IG lead may, the council’s manager may not', async () => {
    const nursing = DEMO_ORGANISATIONS.nursing.id;
    const sarah = await signInAs(t, 'manager');
    const before = await unchanged();
    expect((await sarah.get(`/learning/organisations/${nursing}/edit`)).statusCode).toBe(403);
    const refused = await sarah.post(
      `/learning/organisations/${nursing}/edit`,
      { whatTheyDo: 'Nursing.' },
      { formUrl: '/learning' },
    );
    expect(refused.statusCode).toBe(403);
    expect(await unchanged()).toBe(before);
    expect(mainText((await sarah.get(`/learning/organisations/${nursing}`)).body)).not.toContain(
      'Change this page',
    );

    const helen = await signInAs(t, 'igLead');
    const blank = await helen.post(`/learning/organisations/${nursing}/edit`, { whatTheyDo: '  ' });
    expect(blank.statusCode).toBe(422);
    expectFieldErrors(blank.body, ['whatTheyDo']);
    const ok = await helen.post(`/learning/organisations/${nursing}/edit`, {
      whatTheyDo: 'We visit people at home.\nWe also run a leg ulcer clinic.',
      whenToInvolve: '',
      workingTogether: '',
    });
    expect(ok.statusCode).toBe(303);
    const page = await helen.get(`/learning/organisations/${nursing}`);
    expect(page.body).toContain('<p class="govuk-body">We also run a leg ulcer clinic.</p>');
    expect(mainText(page.body)).toContain('Last changed 25 November 2026 by Helen Brooks');
  });

  it('a manager explains a role nobody on JoinedUp holds yet, once', async () => {
    const sarah = await signInAs(t, 'manager');
    const res = await sarah.post('/learning/roles/new', {
      roleName: 'Occupational therapist',
      whatTheyDo: 'Helps people do everyday tasks safely, often with equipment or changes to the home.',
    });
    expect(res.headers.location).toBe('/learning/roles/occupational-therapist');
    expect(mainText((await sarah.get('/learning/roles/occupational-therapist')).body)).toContain(
      'What an occupational therapist does',
    );
    const again = await sarah.post('/learning/roles/new', {
      roleName: 'occupational  therapist',
      whatTheyDo: 'x',
    });
    expect(again.statusCode).toBe(422);
    expectFieldErrors(again.body, ['roleName']);
  });
});
