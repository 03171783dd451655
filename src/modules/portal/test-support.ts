// Steps the portal's tests share: a member of staff signs in, invites someone, and the invitation is used.
import { expect } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { signedIn } from '../../../test/demo-staff.ts';
import { Agent } from '../../../test/http.ts';

export { signedIn, staffEmail } from '../../../test/demo-staff.ts';

export const JOHN_EMAIL = 'john.carter@example.org';
export const MAYA_EMAIL = 'maya.patel@riversideadvocacy.example';
export const GOOD_PASSWORD = 'blue kettle allotment wednesday';

/** Posts the invitation form; returns the response and the link's path when one was made. */
export async function invite(staff: Agent, personId: string, fields: Record<string, string>) {
  const res = await staff.post(`/people/${personId}/invite`, fields);
  const link = /https?:\/\/[^\s<"]+(\/invitation\/[A-Za-z0-9_-]{43})/.exec(res.body)?.[1] ?? null;
  return { res, link };
}

export async function inviteJohn(t: TestApp, personId: string): Promise<string> {
  const sarah = await signedIn(t, 'manager');
  const { res, link } = await invite(sarah, personId, { who: 'person', email: JOHN_EMAIL });
  expect(res.statusCode).toBe(200);
  expect(link).not.toBeNull();
  return link!;
}

/** Opens the link in a new browser and sets the password; the browser is then signed in. */
export async function accept(t: TestApp, link: string, password = GOOD_PASSWORD): Promise<Agent> {
  const agent = new Agent(t.app);
  const res = await agent.post(link, { newPassword: password, confirmPassword: password });
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe('/my');
  return agent;
}

export async function representativeId(t: TestApp, personId: string, name: string): Promise<string> {
  const row = await t.database.db
    .selectFrom('representative')
    .select('id')
    .where('person_id', '=', personId)
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.id;
}
