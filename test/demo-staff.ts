// The demo partnership's members of staff, by their key in DEMO_STAFF ('manager', 'gp', 'volunteer', ...),
// as the tests meet them: signed in through the pages, or acting directly in a transaction of their own.
import { expect } from 'vitest';
import type { Ctx, StaffActor } from '../src/context.ts';
import { DEMO_PARTNERSHIP_ID, DEMO_PASSWORD, DEMO_STAFF } from '../src/demo/index.ts';
import { inTransaction } from '../src/server/transaction.ts';
import type { TestApp } from './app.ts';
import { Agent } from './http.ts';

export type DemoStaff = (typeof DEMO_STAFF)[number];

export function demoStaff(key: string): DemoStaff {
  const found = DEMO_STAFF.find((s) => s.key === key);
  if (!found) throw new Error(`No demo member of staff with the key ${key}`);
  return found;
}

export function staffEmail(key: string): string {
  return demoStaff(key).email;
}

/** A browser signed in as the member of staff with the demo password. */
export async function signedIn(t: TestApp, key: string): Promise<Agent> {
  const agent = new Agent(t.app);
  const res = await agent.signIn(staffEmail(key), DEMO_PASSWORD);
  expect(res.statusCode).toBe(303);
  return agent;
}

export async function staffId(t: TestApp, key: string): Promise<string> {
  const row = await t.database.db
    .selectFrom('staff_user')
    .select('id')
    .where('email', '=', staffEmail(key))
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Every demo member of staff's id, by key. */
export async function staffIds(t: TestApp): Promise<Record<string, string>> {
  const rows = await t.database.db.selectFrom('staff_user').select(['id', 'email']).execute();
  const ids: Record<string, string> = {};
  for (const s of DEMO_STAFF) ids[s.key] = rows.find((u) => u.email === s.email)!.id;
  return ids;
}

/** The member of staff as the services see them once signed in. */
export async function staffActor(t: TestApp, key: string): Promise<StaffActor> {
  const s = demoStaff(key);
  const row = await t.database.db
    .selectFrom('staff_user')
    .select(['id', 'organisation_id'])
    .where('email', '=', s.email)
    .executeTakeFirstOrThrow();
  return {
    kind: 'staff',
    userId: row.id,
    partnershipId: DEMO_PARTNERSHIP_ID,
    organisationId: row.organisation_id,
    role: s.role,
    name: s.name,
  };
}

/** Runs fn as the member of staff in one transaction, as a request would. */
export async function asStaff<T>(t: TestApp, key: string, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  return inTransaction(t.database.db, await staffActor(t, key), t.clock, fn);
}
