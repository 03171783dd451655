// Information sharing training: a date recorded by a manager or from attending a session, overdue a year
// on, shown on the list and the person's account page; managers record it for their own staff only.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { mainText } from '../../../test/http.ts';
import { DEMO_ORGANISATIONS } from '../../demo/index.ts';
import { problemOf, signInAs, snapshot, staffId } from './test-support.ts';
import { oneYearAfter, trainingState } from './training.ts';

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

interface Status {
  staffUserId: string;
  name: string;
  lastTrainedOn: string | null;
  dueOn: string | null;
  state: string;
  from: { kind: string } | null;
}
async function statusOf(agent: Awaited<ReturnType<typeof signInAs>>, key: string): Promise<Status> {
  const res = await agent.get(`/api/v1/learning/information-sharing-training/${await staffId(t, key)}`);
  expect(res.statusCode).toBe(200);
  return JSON.parse(res.body);
}

describe('information sharing training falls due a year on', () => {
  it('a year to the day is still in date; the day after is overdue (29 February falls due on 28 February)', () => {
    expect(oneYearAfter('2025-11-25')).toBe('2026-11-25');
    expect(oneYearAfter('2028-02-29')).toBe('2029-02-28');
    expect(trainingState('2025-11-25', '2026-11-25')).toEqual({ dueOn: '2026-11-25', state: 'due_soon' });
    expect(trainingState('2025-11-25', '2026-11-26')).toEqual({ dueOn: '2026-11-25', state: 'overdue' });
    expect(trainingState('2026-01-10', '2026-11-25')).toEqual({ dueOn: '2027-01-10', state: 'up_to_date' });
    expect(trainingState(null, '2026-11-25')).toEqual({ dueOn: null, state: 'none' });
  });

  it('the list and the person’s account page show training as overdue after a year', async () => {
    const helen = await signInAs(t, 'igLead');
    // Dr Rachel Green's e-learning was on 1 October 2025: over a year before today (25 November 2026).
    const list = mainText((await helen.get('/learning/information-sharing')).body);
    expect(list).toMatch(
      /Dr Rachel Green Meadow Lane Surgery Out-of-hours GP 1 October 2025 1 October 2026 Overdue/,
    );
    expect(list).toMatch(/David Evans .* 10 December 2025 10 December 2026 Due soon/);
    expect(list).toMatch(/Alex Morgan .* None recorded Now No training recorded/);
    expect(list).toMatch(
      /Grace Lee .* 14 October 2026 \(session: Information sharing: consent and sharing safely\) 14 October 2027 Up to date/,
    );

    const rachel = await signInAs(t, 'outOfHours');
    const account = mainText((await rachel.get('/account')).body);
    expect(account).toMatch(
      /Information sharing training Status Overdue Last trained 1 October 2025 Due again by 1 October 2026/,
    );
  });

  it('training recorded a year ago today is in date today and overdue tomorrow', async () => {
    const helen = await signInAs(t, 'igLead');
    const alex = await staffId(t, 'admin');
    expect((await statusOf(helen, 'admin')).state).toBe('none');
    const res = await helen.post(`/learning/information-sharing/${alex}`, {
      'trainedOn-day': '25',
      'trainedOn-month': '11',
      'trainedOn-year': '2025',
      note: 'Council data protection refresher',
    });
    expect(res.statusCode).toBe(303);
    expect(await statusOf(helen, 'admin')).toMatchObject({
      lastTrainedOn: '2025-11-25',
      dueOn: '2026-11-25',
      state: 'due_soon',
      from: { kind: 'recorded' },
    });
    const history = mainText((await helen.get(`/learning/information-sharing/${alex}`)).body);
    expect(history).toContain(
      '25 November 2025: recorded by Helen Brooks (Council data protection refresher)',
    );
    t.clock.set('2026-11-26T09:00:00Z');
    const later = await signInAs(t, 'igLead');
    expect((await statusOf(later, 'admin')).state).toBe('overdue');
    const list = mainText((await later.get('/learning/information-sharing')).body);
    expect(list).toMatch(
      /Alex Morgan Riverside Council Adult Social Care Systems administrator 25 November 2025 25 November 2026 Overdue/,
    );
  });

  it('attending an information sharing session counts once it has been held; a booking does not', async () => {
    const helen = await signInAs(t, 'igLead');
    const alex = await staffId(t, 'admin');
    const session = (heldOn: string) => ({
      topic: 'Information sharing refresher',
      kind: 'information_sharing',
      heldOn,
      location: 'Video call',
      organisationIds: [DEMO_ORGANISATIONS.council.id],
      attendeeIds: [alex],
    });
    expect((await helen.json('POST', '/api/v1/learning/sessions', session('2026-12-03'))).statusCode).toBe(
      201,
    );
    expect((await statusOf(helen, 'admin')).state).toBe('none');
    expect((await helen.json('POST', '/api/v1/learning/sessions', session('2026-11-20'))).statusCode).toBe(
      201,
    );
    expect(await statusOf(helen, 'admin')).toMatchObject({
      lastTrainedOn: '2026-11-20',
      dueOn: '2027-11-20',
      state: 'up_to_date',
      from: { kind: 'session' },
    });
  });
});

describe('who may record training', () => {
  it('a manager records it for their own organisation’s staff, not another’s; the IG lead for anyone', async () => {
    const sarah = await signInAs(t, 'manager');
    const admin = await staffId(t, 'admin'); // council, as Sarah is
    const rachel = await staffId(t, 'outOfHours'); // the GP practice
    const fields = { 'trainedOn-day': '1', 'trainedOn-month': '11', 'trainedOn-year': '2026' };
    expect((await sarah.post(`/learning/information-sharing/${admin}`, fields)).statusCode).toBe(303);

    const before = await unchanged();
    const refused = await sarah.post(`/learning/information-sharing/${rachel}`, fields);
    expect(refused.statusCode).toBe(403);
    expect(mainText(refused.body)).toContain(
      'you keep your own organisation’s records; this is for Meadow Lane Surgery',
    );
    const api = await sarah.json('POST', `/api/v1/learning/information-sharing-training/${rachel}`, {
      trainedOn: '2026-11-01',
    });
    expect(problemOf(api)).toMatchObject({
      status: 403,
      askWhom: "a manager at Meadow Lane Surgery, or your partnership's administrator",
    });
    expect(await unchanged()).toBe(before);
    expect((await sarah.get(`/learning/information-sharing/${rachel}`)).body).not.toContain(
      'Record training</button>',
    );

    const helen = await signInAs(t, 'igLead');
    const ok = await helen.json('POST', `/api/v1/learning/information-sharing-training/${rachel}`, {
      trainedOn: '2026-11-01',
    });
    expect(ok.statusCode).toBe(201);
    expect(JSON.parse(ok.body)).toMatchObject({ state: 'up_to_date', lastTrainedOn: '2026-11-01' });
  });

  it('practitioners and volunteers see training but cannot record it or add sessions', async () => {
    for (const key of ['nurse', 'volunteer']) {
      const agent = await signInAs(t, key);
      const before = await unchanged();
      const rachel = await staffId(t, 'outOfHours');
      expect((await agent.get('/learning/information-sharing')).statusCode).toBe(200);
      const attempts = [
        await agent.post(`/learning/information-sharing/${rachel}`, {
          'trainedOn-day': '1',
          'trainedOn-month': '11',
          'trainedOn-year': '2026',
        }),
        await agent.get('/learning/sessions/new'),
        await agent.post('/learning/sessions/new', { topic: 'X' }, { formUrl: '/learning' }),
        await agent.get('/learning/shadowing/new'),
        await agent.post('/learning/shadowing/new', {}, { formUrl: '/learning' }),
        await agent.json('POST', '/api/v1/learning/sessions', {}),
      ];
      for (const res of attempts) expect(res.statusCode, key).toBe(403);
      expect(await unchanged()).toBe(before);
    }
  });
});

describe('the Partnership page', () => {
  it('shows the glossary, learning and successes, with how many people need information sharing training', async () => {
    const david = await signInAs(t, 'seniorLeader');
    const text = mainText((await david.get('/partnership')).body);
    expect(text).toMatch(/Shared language and learning Glossary \d+ agreed terms\. Check wording/);
    expect(text).toContain(
      '2 joint training sessions held, 1 coming up. 2 people need information sharing training',
    );
    expect(text).toContain('Successes 2 successes and 3 thanks in the last 90 days.');
  });
});
