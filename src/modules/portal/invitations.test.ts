import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { Agent, mainText } from '../../../test/http.ts';
import { demoPersonId } from '../../demo/index.ts';
import {
  accept,
  GOOD_PASSWORD,
  invite,
  inviteJohn,
  JOHN_EMAIL,
  MAYA_EMAIL,
  representativeId,
  signedIn,
  staffEmail,
} from './test-support.ts';

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

async function johnsAccount() {
  return t.database.db
    .selectFrom('person_account')
    .selectAll()
    .where('person_id', '=', john)
    .where('representative_id', 'is', null)
    .executeTakeFirst();
}

describe('inviting John to his own record', () => {
  it('the lead coordinator invites John; the link sets his password and signs him in as himself', async () => {
    const sarah = await signedIn(t, 'manager');
    expect((await sarah.get(`/people/${john}`)).body).toContain(`href="/people/${john}/invite"`);
    const page = await sarah.get(`/people/${john}/invite`);
    expect(page.statusCode).toBe(200);
    expect(mainText(page.body)).toContain('Nobody has been invited yet');
    const { res, link } = await invite(sarah, john, { who: 'person', email: JOHN_EMAIL });
    expect(res.statusCode).toBe(200);
    const sent = mainText(res.body);
    expect(sent).toContain('Give this link to John in person or send it from your own email');
    expect(sent).toContain('shown only this once');
    const account = await johnsAccount();
    expect(account?.password_hash).toBeNull();
    // Only the token's SHA-256 is kept, never the token itself.
    expect(account?.invitation_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(account?.invitation_hash).not.toBe(link!.split('/').at(-1));
    expect(mainText((await sarah.get(`/people/${john}/invite`)).body)).not.toContain(link!);

    const form = await new Agent(t.app).get(link!);
    expect(form.statusCode).toBe(200);
    expect(mainText(form.body)).toContain(JOHN_EMAIL);
    const johnAgent = await accept(t, link!);
    const my = await johnAgent.get('/my');
    expect(my.statusCode).toBe(200);
    expect(mainText(my.body)).toContain('allotment group');
    const sessions = await t.database.db
      .selectFrom('session')
      .selectAll()
      .where('user_id', '=', account!.id)
      .execute();
    expect(sessions.map((s) => s.account_kind)).toEqual(['person']);

    const events = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'partnership_id', 'actor_user_id', 'detail'])
      .where('person_id', '=', john)
      .where('action', 'in', ['portal.invite', 'portal.account.activate'])
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['portal.invite', 'portal.account.activate']);
    expect(events[1]!.detail).toMatchObject({ personAccountId: account!.id, representativeId: null });
  });

  it('John signs out and back in through the same sign-in form, and lands on his record', async () => {
    const johnAgent = await accept(t, await inviteJohn(t, john));
    expect((await johnAgent.post('/sign-out', {}, { formUrl: '/my' })).statusCode).toBe(303);
    expect((await johnAgent.get('/my')).headers.location).toBe('/sign-in?next=%2Fmy');
    const again = new Agent(t.app);
    const wrong = await again.signIn(JOHN_EMAIL, 'not his password at all');
    expect(wrong.statusCode).toBe(422);
    expect(mainText(wrong.body)).toContain('The email address or password is not right');
    const right = await again.signIn(JOHN_EMAIL, GOOD_PASSWORD);
    expect(right.statusCode).toBe(303);
    expect(right.headers.location).toBe('/my');
    expect((await again.get('/my')).statusCode).toBe(200);
  });

  it('a person’s account slows down and locks after failed attempts, like a member of staff’s', async () => {
    await accept(t, await inviteJohn(t, john));
    const agent = new Agent(t.app);
    for (let i = 0; i < 3; i++) await agent.signIn(JOHN_EMAIL, 'wrong password here');
    expect((await agent.signIn(JOHN_EMAIL, GOOD_PASSWORD)).statusCode).toBe(429);
    for (let i = 3; i < 10; i++) {
      t.clock.advance(61_000);
      await agent.signIn(JOHN_EMAIL, 'wrong password here');
    }
    t.clock.advance(61_000);
    const locked = await agent.signIn(JOHN_EMAIL, GOOD_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(mainText(locked.body)).toContain('ask your care team');
  });

  it('an expired link, a used link and an unknown link are refused with a clear page', async () => {
    const link = await inviteJohn(t, john);
    t.clock.advance(7 * 24 * 3600_000 + 60_000);
    const expired = await new Agent(t.app).get(link);
    expect(expired.statusCode).toBe(410);
    expect(mainText(expired.body)).toContain('Ask your care team');
    const late = await new Agent(t.app).post(
      link,
      { newPassword: GOOD_PASSWORD, confirmPassword: GOOD_PASSWORD },
      { formUrl: '/sign-in' },
    );
    expect(late.statusCode).toBe(410);
    expect((await johnsAccount())?.password_hash).toBeNull();

    t.clock.set('2026-11-25T10:00:00Z');
    const fresh = await inviteJohn(t, john);
    expect((await new Agent(t.app).get(link)).statusCode).toBe(404); // replaced by the new one
    await accept(t, fresh);
    const reused = await new Agent(t.app).get(fresh);
    expect(reused.statusCode).toBe(410);
    expect(mainText(reused.body)).toContain('already been used');
    const again = await new Agent(t.app).post(
      fresh,
      { newPassword: 'someone else’s password', confirmPassword: 'someone else’s password' },
      { formUrl: '/sign-in' },
    );
    expect(again.statusCode).toBe(410);
    expect((await new Agent(t.app).signIn(JOHN_EMAIL, GOOD_PASSWORD)).statusCode).toBe(303);

    for (const url of ['/invitation/not-a-token', `/invitation/${'A'.repeat(43)}`]) {
      const unknown = await new Agent(t.app).get(url);
      expect(unknown.statusCode).toBe(404);
      expect(mainText(unknown.body)).toContain('Ask your care team');
    }
  });

  it('a weak, mismatched or missing password gets field errors and changes nothing', async () => {
    const link = await inviteJohn(t, john);
    const agent = new Agent(t.app);
    const cases: Array<[Record<string, string>, string[]]> = [
      [{ newPassword: 'short', confirmPassword: 'short' }, ['newPassword']],
      [
        { newPassword: GOOD_PASSWORD, confirmPassword: 'blue kettle allotment thursday' },
        ['confirmPassword'],
      ],
      [{}, ['newPassword', 'confirmPassword']],
      [
        { newPassword: 'aaaaaaaaaaaaaaaa', confirmPassword: 'bbbbbbbbbbbbbbbb' },
        ['newPassword', 'confirmPassword'],
      ],
    ];
    for (const [fields, errors] of cases) {
      const res = await agent.post(link, fields);
      expect(res.statusCode).toBe(422);
      for (const field of errors) expect(res.body).toContain(`href="#${field}"`);
      expect(res.body).not.toContain(GOOD_PASSWORD);
    }
    const account = await johnsAccount();
    expect(account?.password_hash).toBeNull();
    expect(account?.activated_at).toBeNull();
    expect((await agent.get('/my')).statusCode).toBe(303);
    expect((await new Agent(t.app).get(link)).statusCode).toBe(200);
  });

  it('bad invitation input gets field errors and creates nothing', async () => {
    const sarah = await signedIn(t, 'manager');
    const maya = await representativeId(t, john, 'Maya Patel');
    const bad = await invite(sarah, john, { who: 'nobody', email: 'not an email' });
    expect(bad.res.statusCode).toBe(422);
    expect(bad.res.body).toContain('href="#who"');
    expect(bad.res.body).toContain('href="#email"');
    const unauthorised = await invite(sarah, john, { who: maya, email: MAYA_EMAIL });
    expect(unauthorised.res.statusCode).toBe(422);
    expect(unauthorised.res.body).toContain('href="#authorised"');
    expect(unauthorised.res.body).toContain('href="#authorisedOn"');
    const staffEmailTaken = await invite(sarah, john, { who: 'person', email: staffEmail('gp') });
    expect(staffEmailTaken.res.statusCode).toBe(422);
    expect(mainText(staffEmailTaken.res.body)).toContain('already used to sign in');
    const future = await invite(sarah, john, {
      who: maya,
      email: MAYA_EMAIL,
      authorised: 'yes',
      authorisedOn: '2027-01-01',
    });
    expect(future.res.statusCode).toBe(422);
    expect(future.res.body).toContain('href="#authorisedOn"');
    expect(await t.database.db.selectFrom('person_account').selectAll().execute()).toHaveLength(0);
    const rep = await t.database.db
      .selectFrom('representative')
      .select('may_sign_in')
      .where('id', '=', maya)
      .executeTakeFirstOrThrow();
    expect(rep.may_sign_in).toBe(false);
  });

  it('only someone on the care team who may change the record can invite', async () => {
    for (const key of ['volunteer', 'outOfHours']) {
      const agent = await signedIn(t, key);
      expect((await agent.get(`/people/${john}/invite`)).statusCode).toBe(403);
      const { res, link } = await invite(agent, john, { who: 'person', email: JOHN_EMAIL });
      expect(res.statusCode).toBe(403);
      expect(link).toBeNull();
    }
    expect(await johnsAccount()).toBeUndefined();
  });

  it('turning off access ends John’s session at once and he cannot sign in again', async () => {
    const johnAgent = await accept(t, await inviteJohn(t, john));
    expect((await johnAgent.get('/my')).statusCode).toBe(200);
    const account = await johnsAccount();
    const sarah = await signedIn(t, 'manager');
    const off = await sarah.post(
      `/people/${john}/portal-accounts/${account!.id}/disable`,
      {},
      {
        formUrl: `/people/${john}/invite`,
      },
    );
    expect(off.statusCode).toBe(303);
    expect(mainText((await sarah.get(`/people/${john}/invite`)).body)).toContain('Access turned off');
    expect((await johnAgent.get('/my')).statusCode).toBe(303);
    const again = await new Agent(t.app).signIn(JOHN_EMAIL, GOOD_PASSWORD);
    expect(again.statusCode).toBe(422);
    expect(mainText(again.body)).toContain('The email address or password is not right');
    const disabled = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'actor_user_id'])
      .where('action', '=', 'portal.account.disable')
      .executeTakeFirstOrThrow();
    expect(disabled.actor_user_id).not.toBeNull();
  });
});

describe('an advocate John authorises', () => {
  it('is invited with John’s agreement recorded, signs in, reads his record and writes “about me” with him', async () => {
    const sarah = await signedIn(t, 'manager');
    const maya = await representativeId(t, john, 'Maya Patel');
    const { res, link } = await invite(sarah, john, {
      who: maya,
      email: MAYA_EMAIL,
      authorised: 'yes',
      authorisedOn: '2026-11-20',
    });
    expect(res.statusCode).toBe(200);
    expect(mainText(res.body)).toContain('Give this link to Maya Patel in person');
    const rep = await t.database.db
      .selectFrom('representative')
      .select('may_sign_in')
      .where('id', '=', maya)
      .executeTakeFirstOrThrow();
    expect(rep.may_sign_in).toBe(true);
    const authorised = await t.database.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'at', 'detail', 'entity_id'])
      .where('action', '=', 'portal.representative.authorise')
      .executeTakeFirstOrThrow();
    expect(authorised.entity_id).toBe(maya);
    expect(authorised.actor_user_id).not.toBeNull();
    expect(authorised.detail).toMatchObject({ authorisedBy: 'person', authorisedOn: '2026-11-20' });

    const mayaAgent = await accept(t, link!);
    const my = mainText((await mayaAgent.get('/my?format=standard')).body);
    expect(my).toContain('John’s record');
    expect(my).toContain('You are signed in as Maya Patel');
    expect(my).toContain('Daily living support reviewed');

    const form = await mayaAgent.get('/my/about-me');
    expect(form.statusCode).toBe(200);
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1];
    const saved = await mayaAgent.post('/my/about-me', {
      whatMatters: 'Going to the allotment group every Wednesday. Seeing my sister Karen at Christmas.',
      wishes: 'I want to keep living in my own flat.',
      preferences: 'Talk to me, not to the person with me.',
      lifeHistory: 'I grew up in Riverside.',
      writtenWith: 'John, with Maya Patel (advocate)',
      version: version ?? '1',
    });
    expect(saved.statusCode).toBe(303);
    const aboutMe = await t.database.db
      .selectFrom('person_about_me')
      .select(['updated_by_kind', 'updated_by_name', 'what_matters'])
      .where('person_id', '=', john)
      .executeTakeFirstOrThrow();
    expect(aboutMe).toMatchObject({ updated_by_kind: 'representative', updated_by_name: 'Maya Patel' });
    expect(aboutMe.what_matters).toContain('sister Karen at Christmas');
  });

  it('loses access when the representative is no longer authorised', async () => {
    const sarah = await signedIn(t, 'manager');
    const maya = await representativeId(t, john, 'Maya Patel');
    const { link } = await invite(sarah, john, {
      who: maya,
      email: MAYA_EMAIL,
      authorised: 'yes',
      authorisedOn: '2026-11-20',
    });
    const mayaAgent = await accept(t, link!);
    await t.database.db
      .updateTable('representative')
      .set({ may_sign_in: false })
      .where('id', '=', maya)
      .execute();
    expect((await mayaAgent.get('/my')).statusCode).toBe(303);
    expect((await new Agent(t.app).signIn(MAYA_EMAIL, GOOD_PASSWORD)).statusCode).toBe(422);
  });
});
