// Reviews of John's plan (Care Act 2014 s.27: at least yearly, and on request): arranging one, recording
// progress per outcome, the next yearly date moving on, and a review showing as overdue once its date passes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { Agent, mainText } from '../../../test/http.ts';
import { DEMO_PASSWORD, DEMO_STAFF, demoPersonId } from '../../demo/index.ts';
import { aYearAfter } from './reviews.ts';

const email = (key: string) => DEMO_STAFF.find((s) => s.key === key)!.email;

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

async function as(key: string): Promise<Agent> {
  const agent = new Agent(t.app);
  expect((await agent.signIn(email(key), DEMO_PASSWORD)).statusCode).toBe(303);
  return agent;
}

const db = () => t.database.db;
const nextReviewOn = async () =>
  (await db().selectFrom('care_plan').select('next_review_on').executeTakeFirstOrThrow()).next_review_on;
const reviewCount = async () => (await db().selectFrom('care_plan_review').select('id').execute()).length;
const outcomes = async () =>
  db().selectFrom('care_plan_outcome').select(['id', 'words']).where('removed_at', 'is', null).execute();

async function arrange(agent: Agent, fields: Record<string, string>) {
  return agent.post(`/people/${john}/plan/reviews/new`, fields);
}

async function openReviewId(dueOn: string): Promise<string> {
  const row = await db()
    .selectFrom('care_plan_review')
    .select('id')
    .where('due_on', '=', dueOn)
    .where('held_on', 'is', null)
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('reviews of the plan', () => {
  it('the demo has John’s September review with progress per outcome, and the next one arranged', async () => {
    expect(await nextReviewOn()).toBe('2027-09-15');
    const sarah = await as('manager');
    const list = mainText((await sarah.get(`/people/${john}/plan/reviews`)).body);
    expect(list).toContain('Next yearly review by 15 September 2027');
    expect(list).toContain('15 September 2026');
    const held = await db()
      .selectFrom('care_plan_review')
      .select('id')
      .where('held_on', 'is not', null)
      .executeTakeFirstOrThrow();
    const page = mainText((await sarah.get(`/people/${john}/plan/reviews/${held.id}`)).body);
    expect(page).toContain('Achieved (5 of 5)');
    expect(page).toContain('Every Wednesday with Dave and Priya.');
    expect(page).toContain('Not started (1 of 5)');
    expect(page).toContain('Change the plan');
    const plan = mainText((await sarah.get(`/people/${john}/plan`)).body);
    expect(plan).toContain('Reviews');
    expect(plan).toContain('Who does what');
  });

  it('a review on request, then recorded: progress on every outcome, and the next yearly review a year on', async () => {
    const sarah = await as('manager');
    const asked = await arrange(sarah, {
      reason: 'requested',
      dueOn: '2027-01-10',
      note: 'John asked, through Maya, to talk about his evenings',
    });
    expect(asked.statusCode).toBe(303);
    const id = await openReviewId('2027-01-10');

    t.clock.set('2027-01-12T10:00:00Z');
    const later = await as('manager');
    const form = await later.get(`/people/${john}/plan/reviews/${id}`);
    expect(form.statusCode).toBe(200);
    expect(mainText(form.body)).toContain('Nearly there');
    const fields: Record<string, string> = { heldOn: '2027-01-11', summary: 'Evenings: a befriending call.' };
    for (const [i, o] of (await outcomes()).entries()) {
      fields[`progress.${o.id}.score`] = String((i % 5) + 1);
      fields[`progress.${o.id}.working`] = 'Going well';
    }
    const recorded = await later.post(`/people/${john}/plan/reviews/${id}`, fields);
    expect(recorded.statusCode).toBe(303);
    const row = await db()
      .selectFrom('care_plan_review')
      .select(['held_on', 'summary', 'recorded_by_name'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      held_on: '2027-01-11',
      summary: 'Evenings: a befriending call.',
      recorded_by_name: 'Sarah Mitchell',
    });
    const progress = await db()
      .selectFrom('care_plan_review_progress')
      .select('score')
      .where('review_id', '=', id)
      .execute();
    expect(progress).toHaveLength(4);
    expect(await nextReviewOn()).toBe('2028-01-11');

    // Recording it again is refused: nobody overwrites a review.
    const again = await later.post(`/people/${john}/plan/reviews/${id}`, fields);
    expect(again.statusCode).toBe(409);
  });

  it('scheduling and recording through the API', async () => {
    const sarah = await as('manager');
    const created = await sarah.json('POST', `/api/v1/people/${john}/plan/reviews`, {
      reason: 'scheduled',
      dueOn: '2026-12-01',
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json() as { id: string };
    const progress = Object.fromEntries((await outcomes()).map((o) => [o.id, { score: 3, working: 'Yes' }]));
    const recorded = await sarah.json('POST', `/api/v1/people/${john}/plan/reviews/${id}`, {
      heldOn: '2026-08-01',
      summary: 'An earlier meeting, recorded late.',
      progress,
    });
    expect(recorded.statusCode).toBe(200);
    // A review held before the last one recorded does not pull the yearly date back.
    expect(recorded.json()).toEqual({ nextReviewOn: '2027-09-15' });
    const list = (await sarah.get(`/api/v1/people/${john}/plan/reviews`)).json() as {
      nextReviewOn: string;
      open: Array<{ dueOn: string }>;
      held: Array<{ heldOn: string }>;
    };
    expect(list.nextReviewOn).toBe('2027-09-15');
    expect(list.open.map((r) => r.dueOn)).toEqual(['2027-09-15']);
    expect(list.held.map((r) => r.heldOn)).toEqual(['2026-09-15', '2026-08-01']);
    const one = (await sarah.get(`/api/v1/people/${john}/plan/reviews/${id}`)).json() as {
      progress: Array<{ score: number }>;
    };
    expect(one.progress.map((p) => p.score)).toEqual([3, 3, 3, 3]);
  });

  it('a review is overdue once its date passes: on the plan, the reviews page and “my work”', async () => {
    const sarah = await as('manager');
    expect(
      (await arrange(sarah, { reason: 'requested', dueOn: '2026-12-01', note: 'Karen asked' })).statusCode,
    ).toBe(303);
    expect(mainText((await sarah.get(`/people/${john}/plan`)).body)).not.toContain('review was due');
    const before = (await sarah.get('/api/v1/my-work')).json() as { reviews: Array<{ overdue: boolean }> };
    expect(before.reviews).toEqual([expect.objectContaining({ dueOn: '2026-12-01', overdue: false })]);

    t.clock.set('2026-12-05T10:00:00Z');
    const later = await as('manager');
    expect(mainText((await later.get(`/people/${john}/plan`)).body)).toContain(
      'The plan’s review was due on 1 December 2026',
    );
    expect(mainText((await later.get(`/people/${john}/plan/reviews`)).body)).toContain('Overdue');
    const work = mainText((await later.get('/my-work')).body);
    expect(work).toContain('Review on request');
    expect(work).toContain('1 December 2026');
    const api = (await later.get('/api/v1/my-work')).json() as { overdueReviews: number };
    expect(api.overdueReviews).toBe(1);
    // The GP is on John's care team and sees it too; the volunteer, who does not see the plan, does not.
    const gp = (await (await as('gp')).get('/api/v1/my-work')).json() as { overdueReviews: number };
    expect(gp.overdueReviews).toBe(1);
    const priya = (await (await as('volunteer')).get('/api/v1/my-work')).json() as { reviews: unknown[] };
    expect(priya.reviews).toEqual([]);
  });

  it('refuses bad input with field errors and changes nothing', async () => {
    const sarah = await as('manager');
    const before = await reviewCount();
    const nothing = await arrange(sarah, { reason: '', dueOn: '2027-02-30' });
    expect(nothing.statusCode).toBe(422);
    for (const f of ['reason', 'dueOn']) expect(nothing.body).toContain(`href="#${f}"`);
    const noNote = await arrange(sarah, { reason: 'requested', dueOn: '2027-01-10' });
    expect(noNote.statusCode).toBe(422);
    expect(noNote.body).toContain('href="#note"');
    const late = await arrange(sarah, { reason: 'scheduled', dueOn: '2027-10-01' });
    expect(late.statusCode).toBe(422);
    expect(mainText(late.body)).toContain('must be reviewed by 15 September 2027');
    const tooFar = await arrange(sarah, { reason: 'requested', dueOn: '2028-06-01', note: 'x' });
    expect(tooFar.statusCode).toBe(422);
    expect(await reviewCount()).toBe(before);

    const id = await openReviewId('2027-09-15');
    const empty = await sarah.post(`/people/${john}/plan/reviews/${id}`, {});
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('href="#heldOn"');
    expect(empty.body).toContain('href="#summary"');
    for (const o of await outcomes()) {
      expect(empty.body).toContain(`href="#progress.${o.id}.score"`);
      expect(mainText(empty.body)).toContain(`Select how much progress has been made towards “${o.words}”`);
    }
    const fields: Record<string, string> = { heldOn: '2027-01-01', summary: 'Too soon', note: 'kept' };
    for (const o of await outcomes()) fields[`progress.${o.id}.score`] = '4';
    const future = await sarah.post(`/people/${john}/plan/reviews/${id}`, fields);
    expect(future.statusCode).toBe(422);
    expect(future.body).toContain('href="#heldOn"');
    // The form comes back with what was typed.
    expect(future.body).toContain('Too soon');
    const api = await sarah.json('POST', `/api/v1/people/${john}/plan/reviews/${id}`, {
      heldOn: '2026-11-20',
      summary: 'No scores',
    });
    expect(api.statusCode).toBe(422);
    expect(api.headers['content-type']).toContain('problem+json');
    expect((api.json() as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toHaveLength(4);

    const review = await db()
      .selectFrom('care_plan_review')
      .select('held_on')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(review.held_on).toBeNull();
    expect(await nextReviewOn()).toBe('2027-09-15');
    expect(
      (
        await db()
          .selectFrom('care_plan_review_progress')
          .select('score')
          .where('review_id', '=', id)
          .execute()
      ).length,
    ).toBe(0);
  });

  it('someone off the care team is refused; the volunteer may not arrange or see reviews', async () => {
    const outsider = await as('outOfHours');
    const before = await reviewCount();
    const page = await outsider.get(`/people/${john}/plan/reviews`);
    expect(page.statusCode).toBe(403);
    expect(page.body).not.toContain('allotment');
    const post = await outsider.post(
      `/people/${john}/plan/reviews/new`,
      { reason: 'requested', dueOn: '2027-01-10', note: 'x' },
      { formUrl: '/account' },
    );
    expect(post.statusCode).toBe(403);
    const api = await outsider.json('POST', `/api/v1/people/${john}/plan/reviews`, {
      reason: 'scheduled',
      dueOn: '2027-01-10',
    });
    expect(api.statusCode).toBe(403);
    const id = await openReviewId('2027-09-15');
    expect((await outsider.get(`/people/${john}/plan/reviews/${id}`)).statusCode).toBe(403);

    const priya = await as('volunteer');
    expect((await priya.get(`/people/${john}/plan/reviews`)).statusCode).toBe(403);
    const hers = await priya.post(
      `/people/${john}/plan/reviews/new`,
      { reason: 'scheduled', dueOn: '2027-01-10' },
      { formUrl: '/account' },
    );
    expect(hers.statusCode).toBe(403);
    expect(await reviewCount()).toBe(before);
    const refusals = await db()
      .selectFrom('audit_event')
      .select('outcome')
      .where('action', 'in', ['person.read.care_plan_reviews', 'person.read.record'])
      .where('outcome', '=', 'refused')
      .execute();
    expect(refusals.length).toBeGreaterThan(0);
  });

  it('a year after a date follows the yearly rule, 29 February included', () => {
    expect(aYearAfter('2026-09-15')).toBe('2027-09-15');
    expect(aYearAfter('2028-02-29')).toBe('2029-02-28');
    expect(aYearAfter('2026-12-31')).toBe('2027-12-31');
  });
});
