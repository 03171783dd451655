// Keeping John's record accurate: someone who reads an update confirms it, the organisation that wrote it
// corrects it, every earlier text stays readable, and two corrections at once lose nothing.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { signedIn, staffIds } from '../../../test/demo-staff.ts';
import { type Agent, mainText } from '../../../test/http.ts';
import { DEMO_ORGANISATIONS, demoPersonId } from '../../demo/index.ts';

let t: TestApp;
let john: string;
let health: string;
let ids: Record<string, string>;

beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.reset();
  john = await demoPersonId(t.database.db);
  ids = await staffIds(t);
  health = await entryId('Annual health check booked');
});

const as = (key: string) => signedIn(t, key);

async function entryId(title: string): Promise<string> {
  const row = await t.database.db
    .selectFrom('note')
    .select('id')
    .where('person_id', '=', john)
    .where('title', '=', title)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function stored(id: string) {
  const note = await t.database.db
    .selectFrom('note')
    .select(['title', 'body', 'revision', 'revised_by', 'revision_reason'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const earlier = await t.database.db
    .selectFrom('note_revision')
    .select(['revision', 'title', 'body', 'written_by', 'superseded_by', 'reason'])
    .where('note_id', '=', id)
    .orderBy('revision')
    .execute();
  const confirmations = await t.database.db
    .selectFrom('note_confirmation')
    .select(['revision', 'staff_user_id'])
    .where('note_id', '=', id)
    .execute();
  return { note, earlier, confirmations };
}

const url = (entry: string, action = '') => `/people/${john}/timeline/${entry}${action}`;

const correction = (revision: number, body: string, reason = 'The date was wrong.') => ({
  revision: String(revision),
  title: 'Annual health check booked',
  body,
  reason,
});

/** Puts the out-of-hours GP, a colleague of Dr Khan's at the surgery, on John's care team. */
async function addRachelToTeam() {
  const sarah = await as('manager');
  const res = await sarah.post(`/people/${john}/care-team`, {
    organisationId: DEMO_ORGANISATIONS.gp.id,
    staffUserId: ids.outOfHours!,
    roleInTeam: 'Out-of-hours GP',
  });
  expect(res.statusCode).toBe(303);
}

describe('confirming an update is accurate', () => {
  it('someone who reads it confirms it: the timeline and its history say who and when', async () => {
    const sarah = await as('manager');
    const res = await sarah.post(
      url(health, '/confirm'),
      { revision: '1', back: `/people/${john}/timeline` },
      { formUrl: `/people/${john}/timeline` },
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/people/${john}/timeline?done=confirmed#entry-${health}`);
    expect((await stored(health)).confirmations).toEqual([{ revision: 1, staff_user_id: ids.manager }]);
    const nurse = await as('nurse');
    const history = mainText((await nurse.get(url(health))).body);
    expect(history).toContain('Confirmed accurate by Sarah Mitchell (Riverside Council Adult Social Care)');
    const event = await t.database.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'detail'])
      .where('action', '=', 'note.confirm')
      .where('entity_id', '=', health)
      .executeTakeFirstOrThrow();
    expect(event.actor_user_id).toBe(ids.manager);
    // Confirming again adds nothing.
    const again = await sarah.json('POST', `/api/v1/people/${john}/timeline/${health}/confirmations`, {
      revision: 1,
    });
    expect(again.statusCode).toBe(201);
    expect((await stored(health)).confirmations).toHaveLength(1);
  });

  it('the writer of the text cannot confirm it; nor can someone who may not read it; nor a stale page', async () => {
    const gp = await as('gp');
    const own = await gp.post(
      url(health, '/confirm'),
      { revision: '1' },
      { formUrl: `/people/${john}/timeline` },
    );
    expect(own.statusCode).toBe(403);
    expect(mainText(own.body)).toContain('someone else needs to confirm it');
    const mental = await entryId('Referral accepted');
    const hidden = await gp.json('POST', `/api/v1/people/${john}/timeline/${mental}/confirmations`, {
      revision: 1,
    });
    expect(hidden.statusCode).toBe(404);
    const nurse = await as('nurse');
    const stale = await nurse.post(
      url(health, '/confirm'),
      { revision: '7' },
      { formUrl: `/people/${john}/timeline` },
    );
    expect(stale.statusCode).toBe(409);
    expect(mainText(stale.body)).toContain('was corrected after you read it');
    const missing = await nurse.json('POST', `/api/v1/people/${john}/timeline/${health}/confirmations`, {});
    expect(missing.statusCode).toBe(422);
    expect((missing.json() as { errors: Array<{ field: string }> }).errors[0]!.field).toBe('revision');
    expect((await stored(health)).confirmations).toEqual([]);
  });
});

describe('correcting an update', () => {
  it('makes a new revision with who, when and why; the earlier text stays readable, marked as corrected', async () => {
    const gp = await as('gp');
    const sarah = await as('manager');
    await sarah.post(url(health, '/confirm'), { revision: '1' }, { formUrl: `/people/${john}/timeline` });
    t.clock.advance(10 * 60_000);
    const form = await gp.get(url(health, '/correct'));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="revision" value="1"');
    const res = await gp.post(
      url(health, '/correct'),
      correction(
        1,
        'Annual health check booked for 10 December at 10am. Easy-read letter sent. Karen will come.',
      ),
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${url(health)}?done=corrected`);
    const { note, earlier, confirmations } = await stored(health);
    expect(note).toMatchObject({ revision: 2, revised_by: ids.gp, revision_reason: 'The date was wrong.' });
    expect(note.body).toContain('10 December');
    expect(earlier).toEqual([
      {
        revision: 1,
        title: 'Annual health check booked',
        body: 'Annual learning disability health check booked for 9 December at 10am. Easy-read letter sent. Karen will come with him.',
        written_by: ids.gp,
        superseded_by: ids.gp,
        reason: null,
      },
    ]);
    // Sarah confirmed the first text; the correction needs checking again.
    expect(confirmations).toEqual([{ revision: 1, staff_user_id: ids.manager }]);

    // Anyone who may read the update reads both texts in its history.
    const nurse = await as('nurse');
    const history = mainText((await nurse.get(url(health))).body);
    expect(history).toContain('Version 2 (current) Corrected by Dr Amir Khan');
    expect(history).toContain('Why: The date was wrong.');
    expect(history).toContain('Version 1 Corrected Written by Dr Amir Khan');
    expect(history).toContain('booked for 9 December');
    expect(history).toContain('Confirmed accurate by Sarah Mitchell');
    const timeline = mainText((await nurse.get(`/people/${john}/timeline`)).body);
    expect(timeline).toContain('10 December');
    expect(timeline).not.toContain('booked for 9 December');
    const api = await nurse.get(`/api/v1/people/${john}/timeline/${health}/history`);
    const body = api.json() as { entry: { corrected: boolean; revision: number }; revisions: unknown[] };
    expect(body.entry).toMatchObject({ corrected: true, revision: 2 });
    expect(body.revisions).toHaveLength(2);
    // Someone who may not read the update reads none of its versions.
    const priya = await as('volunteer');
    expect((await priya.get(url(health))).statusCode).toBe(404);
    const event = await t.database.db
      .selectFrom('audit_event')
      .select('detail')
      .where('action', '=', 'note.correct')
      .where('entity_id', '=', health)
      .executeTakeFirstOrThrow();
    expect(event.detail).toMatchObject({ revision: 2, category: 'health' });
  });

  it('only the organisation that wrote it may correct it, though anyone there who may read it can', async () => {
    const sarah = await as('manager');
    const before = await stored(health);
    const form = await sarah.get(url(health, '/correct'));
    expect(form.statusCode).toBe(403);
    expect(mainText(form.body)).toContain('Only Meadow Lane Surgery can correct this update');
    expect(mainText(form.body)).toContain('Dr Amir Khan (Meadow Lane Surgery), who wrote it');
    const page = await sarah.post(url(health, '/correct'), correction(1, 'Sarah’s version'), {
      formUrl: `/people/${john}/timeline`,
    });
    expect(page.statusCode).toBe(403);
    const api = await sarah.json('POST', `/api/v1/people/${john}/timeline/${health}/corrections`, {
      ...correction(1, 'Sarah’s version'),
      revision: 1,
    });
    expect(api.statusCode).toBe(403);
    expect(await stored(health)).toEqual(before);
    expect(mainText((await sarah.get(`/people/${john}/timeline`)).body)).not.toContain(
      'Correct “Annual health check booked”',
    );
    const refused = await t.database.db
      .selectFrom('audit_event')
      .select('outcome')
      .where('action', '=', 'person.write.note_correction')
      .execute();
    expect(refused.length).toBeGreaterThan(0);

    await addRachelToTeam();
    const rachel = await as('outOfHours');
    const res = await rachel.post(
      url(health, '/correct'),
      correction(1, 'Moved to 10 December.', 'Clinic moved it.'),
      {
        formUrl: url(health, '/correct'),
      },
    );
    expect(res.statusCode).toBe(303);
    expect((await stored(health)).note).toMatchObject({ revision: 2, revised_by: ids.outOfHours });
  });

  it('refuses a bad correction with clear errors, on the page and in the API, and changes nothing', async () => {
    const gp = await as('gp');
    const before = await stored(health);
    const empty = await gp.post(url(health, '/correct'), { revision: '1', title: '', body: '', reason: '' });
    expect(empty.statusCode).toBe(422);
    for (const field of ['title', 'body', 'reason']) expect(empty.body).toContain(`href="#${field}"`);
    expect(mainText(empty.body)).toContain('Enter why you are correcting it');
    const noRevision = await gp.post(url(health, '/correct'), {
      title: 'T',
      body: 'B',
      reason: 'R',
    });
    expect(noRevision.statusCode).toBe(422);
    expect(noRevision.body).toContain('href="#revision"');
    const unchanged = await gp.post(url(health, '/correct'), {
      revision: '1',
      title: 'Annual health check booked',
      body: 'Annual learning disability health check booked for 9 December at 10am. Easy-read letter sent. Karen will come with him.',
      reason: 'Checking',
    });
    expect(unchanged.statusCode).toBe(422);
    expect(mainText(unchanged.body)).toContain('Change the text to correct it');
    const api = await gp.json('POST', `/api/v1/people/${john}/timeline/${health}/corrections`, {
      revision: 'one',
      title: 'x'.repeat(201),
    });
    expect(api.statusCode).toBe(422);
    const problem = api.json() as { errors: Array<{ field: string; message: string }> };
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['body', 'reason', 'revision', 'title']);
    expect(problem.errors.find((e) => e.field === 'title')!.message).toBe(
      'A short title must be 200 characters or fewer',
    );
    expect(await stored(health)).toEqual(before);
  });

  it('earlier revisions cannot be changed or removed, even from inside the database', async () => {
    const gp = await as('gp');
    await gp.post(url(health, '/correct'), correction(1, 'Booked for 10 December.'));
    await expect(
      sql`UPDATE note_revision SET body = 'rewritten' WHERE note_id = ${health}`.execute(t.database.db),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql`DELETE FROM note_revision WHERE note_id = ${health}`.execute(t.database.db),
    ).rejects.toThrow(/append-only/);
  });
});

describe('two people correcting at once', () => {
  it('one wins; the other is shown both texts and keeps theirs in the form; nothing is lost', async () => {
    await addRachelToTeam();
    const [amir, rachel] = await Promise.all([as('gp'), as('outOfHours')]);
    const [a, b] = await Promise.all([
      amir.csrfFrom(url(health, '/correct')),
      rachel.csrfFrom(url(health, '/correct')),
    ]);
    const send = (agent: Agent, csrf: string | null, body: string) =>
      agent.post(url(health, '/correct'), correction(1, body, 'Clinic date changed.'), { csrf });
    const [first, second] = await Promise.all([
      send(amir, a, 'Amir: booked for 10 December at 10am.'),
      send(rachel, b, 'Rachel: booked for 11 December at 2pm.'),
    ]);
    const statuses = [first.statusCode, second.statusCode].sort();
    expect(statuses).toEqual([303, 409]);
    const loser = first.statusCode === 409 ? first : second;
    const winnerText = first.statusCode === 303 ? 'Amir: booked' : 'Rachel: booked';
    const loserText = first.statusCode === 409 ? 'Amir: booked' : 'Rachel: booked';
    const page = mainText(loser.body);
    expect(page).toContain('Someone else corrected this update while you were writing');
    expect(page).toContain(winnerText);
    expect(page).toContain(loserText);
    // The form now carries the winner's revision, so saving again is a choice made having read theirs.
    expect(loser.body).toContain('name="revision" value="2"');
    const { note, earlier } = await stored(health);
    expect(note.revision).toBe(2);
    expect(note.body).toContain(winnerText);
    expect(earlier.map((r) => r.revision)).toEqual([1]);
    expect(earlier[0]!.body).toContain('9 December');
  });

  it('in the API the second correction gets a 409 with their correction and yours', async () => {
    await addRachelToTeam();
    const [amir, rachel] = await Promise.all([as('gp'), as('outOfHours')]);
    const path = `/api/v1/people/${john}/timeline/${health}/corrections`;
    const body = (text: string) => ({
      revision: 1,
      title: 'Annual health check booked',
      body: text,
      reason: 'Moved.',
    });
    const [x, y] = await Promise.all([
      amir.json('POST', path, body('Amir’s correction.')),
      rachel.json('POST', path, body('Rachel’s correction.')),
    ]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([201, 409]);
    const conflict = (x.statusCode === 409 ? x : y).json() as {
      code: string;
      current: { body: string; revision: number };
      yours: { body: string; revision: number };
    };
    expect(conflict.code).toBe('JU_CONFLICT');
    expect(conflict.current.revision).toBe(2);
    expect([conflict.current.body, conflict.yours.body].sort()).toEqual([
      'Amir’s correction.',
      'Rachel’s correction.',
    ]);
    expect(conflict.yours.revision).toBe(1);
    // Reapplied against the revision it now knows, the second correction is saved, and the first is kept.
    const loserAgent = x.statusCode === 409 ? amir : rachel;
    const retry = await loserAgent.json('POST', path, { ...body(conflict.yours.body), revision: 2 });
    expect(retry.statusCode).toBe(201);
    const { note, earlier } = await stored(health);
    expect(note.revision).toBe(3);
    expect(earlier.map((r) => r.body)).toEqual([
      expect.stringContaining('9 December'),
      conflict.current.body,
    ]);
  });
});
