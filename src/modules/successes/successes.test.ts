// Celebrating success: anyone posts to the partnership's feed and thanks partners in other organisations;
// thanks reach the thanked person's home page; nothing on the feed may point at or identify a person.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { mainText } from '../../../test/http.ts';
import { DEMO_ORGANISATIONS, demoPersonId } from '../../demo/index.ts';
import {
  expectFieldErrors,
  fieldsOf,
  problemOf,
  signInAs,
  snapshot,
  staffId,
} from '../learning/test-support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());
beforeEach(async () => t.reset());

const unchanged = () => snapshot(t, ['success', 'thanks']);

describe('the feed', () => {
  it('shows the demo’s successes with their thanks, and thanks on their own, newest first', async () => {
    const amir = await signInAs(t, 'gp');
    const text = mainText((await amir.get('/successes')).body);
    const order = [
      'Tom Reid (Riverside Mental Health Service) thanked Sarah Mitchell',
      'Sarah Mitchell (Riverside Council Adult Social Care) thanked Helen Brooks',
      'One home visit instead of two trips',
      'Back at the allotment group every week',
      'Grace Lee (Riverside Community Nursing) thanked Priya Shah (Friends Together Volunteer Group): “Thank you for sorting the lifts every week',
    ];
    const at = order.map((s) => text.indexOf(s));
    expect(
      at.every((i) => i >= 0),
      JSON.stringify(at),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).not.toContain('John');
  });

  it('a volunteer posts a success, which is audited and appears on the feed', async () => {
    const priya = await signInAs(t, 'volunteer');
    const res = await priya.post('/successes/new', {
      title: 'Café regulars doubled',
      story: 'Eight people now come to the Friday café, three of them referred by the community nurses.',
      kind: 'joint_work',
      organisationIds: DEMO_ORGANISATIONS.nursing.id,
    });
    expect(res.statusCode).toBe(303);
    const text = mainText((await priya.get('/successes')).body);
    expect(text).toContain('Café regulars doubled');
    expect(text).toContain('Posted by Priya Shah (Friends Together Volunteer Group), 25 November 2026');
    expect(text).toContain('With Riverside Community Nursing');
    const audit = await t.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'success.post')
      .execute();
    expect(audit.at(-1)).toMatchObject({ actor_user_id: await staffId(t, 'volunteer'), outcome: 'success' });
    const api = JSON.parse((await priya.get('/api/v1/successes')).body) as {
      items: Array<{ title?: string }>;
    };
    expect(api.items[0]?.title).toBe('Café regulars doubled');
  });
});

describe('thanks', () => {
  it('go to someone in another organisation, and appear on the feed and on their home page', async () => {
    const amir = await signInAs(t, 'gp');
    const form = await amir.get('/successes/thanks/new');
    expect(form.body).toContain('Grace Lee, Community nurse (Riverside Community Nursing)');
    expect(form.body).not.toContain('Dr Rachel Green'); // the same practice
    const grace = await staffId(t, 'nurse');
    const res = await amir.post('/successes/thanks/new', {
      toStaffId: grace,
      message: 'Thanks for the joint home visit: it saved two trips.',
    });
    expect(res.statusCode).toBe(303);
    expect(mainText((await amir.get('/successes')).body)).toContain(
      'Dr Amir Khan (Meadow Lane Surgery) thanked Grace Lee (Riverside Community Nursing)',
    );
    const graceAgent = await signInAs(t, 'nurse');
    const home = mainText((await graceAgent.get('/')).body);
    expect(home).toContain(
      'Thanks you have received Dr Amir Khan (Meadow Lane Surgery), 25 November 2026: “Thanks for the joint home visit: it saved two trips.”',
    );
    const mine = JSON.parse((await graceAgent.get('/api/v1/thanks/received')).body) as {
      items: Array<{ message: string }>;
    };
    expect(mine.items[0]?.message).toBe('Thanks for the joint home visit: it saved two trips.');
    // Someone who has been thanked by nobody sees no thanks section.
    expect(mainText((await amir.get('/')).body)).not.toContain('Thanks you have received');
  });

  it('can be for a success on the feed, and then sit under it', async () => {
    const tom = await signInAs(t, 'mentalHealth');
    const success = JSON.parse((await tom.get('/api/v1/successes')).body).items.find(
      (i: { title?: string }) => i.title === 'One home visit instead of two trips',
    );
    const form = await tom.get(`/successes/thanks/new?success=${success.id}`);
    expect(mainText(form.body)).toContain('For: One home visit instead of two trips');
    const res = await tom.json('POST', '/api/v1/thanks', {
      toStaffId: await staffId(t, 'nurse'),
      message: 'Great idea, we will try it too.',
      successId: success.id,
    });
    expect(res.statusCode).toBe(201);
    const after = JSON.parse((await tom.get('/api/v1/successes')).body).items.find(
      (i: { id: string }) => i.id === success.id,
    );
    expect(after.thanks.map((x: { message: string }) => x.message)).toEqual([
      'Great idea, we will try it too.',
    ]);
  });

  it('are refused for a colleague in the same organisation, for oneself, or for nobody, and nothing is stored', async () => {
    const sarah = await signInAs(t, 'manager');
    const before = await unchanged();
    const david = await staffId(t, 'seniorLeader');
    const same = await sarah.post('/successes/thanks/new', { toStaffId: david, message: 'Thanks!' });
    expect(same.statusCode).toBe(422);
    expectFieldErrors(same.body, ['toStaffId']);
    expect(mainText(same.body)).toContain(
      'David Evans works at Riverside Council Adult Social Care, as you do',
    );
    expect(
      fieldsOf(
        await sarah.json('POST', '/api/v1/thanks', {
          toStaffId: await staffId(t, 'manager'),
          message: 'Me!',
        }),
      ),
    ).toEqual(['toStaffId']);
    expect(fieldsOf(await sarah.json('POST', '/api/v1/thanks', {}))).toEqual(['message', 'toStaffId']);
    expect(
      fieldsOf(
        await sarah.json('POST', '/api/v1/thanks', {
          toStaffId: await staffId(t, 'nurse'),
          message: 'x',
          successId: '6a0c1d1e-0000-4000-8000-00000000dead',
        }),
      ),
    ).toEqual(['successId']);
    expect(await unchanged()).toBe(before);
  });
});

describe('a success never discloses a person’s data', () => {
  it('refuses a link to a person’s record, an NHS number or a postcode, and stores nothing', async () => {
    const grace = await signInAs(t, 'nurse');
    const john = await demoPersonId(t.database.db);
    const before = await unchanged();
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [
        { story: `See http://localhost/people/${john}/plan for how it went.` },
        'story',
        /Remove the link to a person’s record/,
      ],
      [{ title: 'Well done for 943 476 5919' }, 'title', /Remove the NHS number/],
      [{ story: 'He is settled at Willow Court, RV1 4QT.' }, 'story', /Remove the postcode/],
    ];
    for (const [change, field, message] of cases) {
      const fields = {
        title: 'A good week',
        story: 'Things went well.',
        kind: 'outcome_achieved',
        ...change,
      };
      const page = await grace.post('/successes/new', fields);
      expect(page.statusCode).toBe(422);
      expectFieldErrors(page.body, [field]);
      expect(mainText(page.body)).toMatch(message);
      expect(fieldsOf(await grace.json('POST', '/api/v1/successes', fields))).toEqual([field]);
    }
    const thanks = await grace.json('POST', '/api/v1/thanks', {
      toStaffId: await staffId(t, 'volunteer'),
      message: `Thanks for visiting /people/${john}`,
    });
    expect(fieldsOf(thanks)).toEqual(['message']);
    expect(await unchanged()).toBe(before);
  });

  it('warns the writer on the form, which has no field for a person', async () => {
    const grace = await signInAs(t, 'nurse');
    const form = await grace.get('/successes/new');
    expect(mainText(form.body)).toContain('Do not name the person or give details that identify them');
    expect(form.body).not.toMatch(/name="person/i);
  });

  it('bad input is refused with field errors', async () => {
    const grace = await signInAs(t, 'nurse');
    const before = await unchanged();
    const res = await grace.post('/successes/new', {
      title: '',
      story: '',
      kind: 'party',
      organisationIds: 'nope',
    });
    expect(res.statusCode).toBe(422);
    expectFieldErrors(res.body, ['title', 'story', 'kind', 'organisationIds']);
    expect(
      fieldsOf(
        await grace.json('POST', '/api/v1/successes', { title: 'x'.repeat(121), story: 's', kind: 'other' }),
      ),
    ).toEqual(['title']);
    expect(await unchanged()).toBe(before);
  });
});

describe('taking down', () => {
  it('the poster or a manager may take a success down; another practitioner may not', async () => {
    const grace = await signInAs(t, 'nurse');
    const { id } = JSON.parse(
      (await grace.json('POST', '/api/v1/successes', { title: 'Quick win', story: 'Done.', kind: 'other' }))
        .body,
    );
    const tom = await signInAs(t, 'mentalHealth');
    const before = await unchanged();
    expect(mainText((await tom.get('/successes')).body)).toContain('Quick win');
    const refused = await tom.post(`/successes/${id}/remove`, {}, { formUrl: '/successes' });
    expect(refused.statusCode).toBe(403);
    expect(mainText(refused.body)).toContain(
      'Only the person who posted it, or a manager, may take it down.',
    );
    expect(problemOf(await tom.json('DELETE', `/api/v1/successes/${id}`, {})).status).toBe(403);
    expect(await unchanged()).toBe(before);

    const sarah = await signInAs(t, 'manager');
    expect(mainText((await sarah.get(`/successes/${id}/remove`)).body)).toContain(
      'Take down this success Quick win',
    );
    expect((await sarah.post(`/successes/${id}/remove`, {})).statusCode).toBe(303);
    expect(mainText((await sarah.get('/successes')).body)).not.toContain('Quick win');
    expect((await sarah.get(`/successes/${id}/remove`)).statusCode).toBe(404);
  });

  it('whoever gave thanks may take them down, and they leave the thanked person’s home page', async () => {
    const tom = await signInAs(t, 'mentalHealth');
    const thanks = (
      await t.database.db
        .selectFrom('thanks')
        .select('id')
        .where('from_staff_id', '=', await staffId(t, 'mentalHealth'))
        .executeTakeFirstOrThrow()
    ).id;
    expect(
      (
        await tom.post(
          `/successes/thanks/${thanks}/remove`,
          {},
          { formUrl: `/successes/thanks/${thanks}/remove` },
        )
      ).statusCode,
    ).toBe(303);
    const sarah = await signInAs(t, 'manager');
    expect(mainText((await sarah.get('/')).body)).not.toContain('Thanks for moving the plan meeting');
  });
});
