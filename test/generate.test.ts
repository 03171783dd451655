// The benchmark's data generator (bench/generate.ts): what it makes must be data the app could have made,
// since its inserts skip the foreign key checks and the services' rules.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../bench/generate.ts';
import type { Actor } from '../src/context.ts';
import { DEMO_PARTNERSHIP_ID, DEMO_SIGN_IN, loadDemo } from '../src/demo/index.ts';
import { agreementState, planView } from '../src/modules/careplans/index.ts';
import { nextDue } from '../src/modules/careplans/recurrence.ts';
import type { Database } from '../src/storage/database.ts';
import { TestClock, testDatabase } from './harness.ts';

const size = { organisations: 12, staff: 150, people: 300, coordinated: 8 };

describe('the benchmark data generator', () => {
  let database: Database;
  const clock = new TestClock();

  beforeAll(async () => {
    database = await testDatabase();
    await loadDemo(database.db, clock);
    await generate(database.db, {
      partnershipId: DEMO_PARTNERSHIP_ID,
      coordinator: DEMO_SIGN_IN.email,
      size,
    });
  }, 120_000);
  afterAll(() => database.close());

  const count = async (query: string) =>
    Number((await sql<{ n: number }>`${sql.raw(query)}`.execute(database.db)).rows[0]!.n);

  it('breaks no foreign key', async () => {
    const keys = await sql<{ child: string; parent: string; columns: string[]; references: string[] }>`
      SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
        array(SELECT attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
          JOIN pg_attribute ON attrelid = c.conrelid AND attnum = k.n ORDER BY k.i)::text[] AS columns,
        array(SELECT attname FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
          JOIN pg_attribute ON attrelid = c.confrelid AND attnum = k.n ORDER BY k.i)::text[] AS references
      FROM pg_constraint c WHERE c.contype = 'f'`.execute(database.db);
    expect(keys.rows.length).toBeGreaterThan(10);
    for (const k of keys.rows) {
      const matches = k.columns.map((c, i) => `p."${k.references[i]}" = t."${c}"`).join(' AND ');
      const present = k.columns.map((c) => `t."${c}" IS NOT NULL`).join(' AND ');
      const orphans = await count(
        `SELECT count(*) AS n FROM ${k.child} t WHERE ${present} AND NOT EXISTS (SELECT 1 FROM ${k.parent} p WHERE ${matches})`,
      );
      expect(orphans, `${k.child}(${k.columns}) -> ${k.parent}`).toBe(0);
    }
  });

  it('gives everyone a care team of 2 to 5 organisations with one lead, whose organisation holds the record', async () => {
    expect(await count('SELECT count(*) AS n FROM person')).toBe(size.people);
    const teams = await sql<{ members: number; organisations: number; leads: number; holder_leads: number }>`
      SELECT count(*)::int AS members, count(DISTINCT m.organisation_id)::int AS organisations,
        count(*) FILTER (WHERE m.is_lead)::int AS leads,
        count(*) FILTER (WHERE m.is_lead AND m.organisation_id = p.holding_organisation_id)::int AS holder_leads
      FROM person p JOIN care_team_member m ON m.partnership_id = p.partnership_id AND m.person_id = p.id
      GROUP BY p.id`.execute(database.db);
    expect(teams.rows).toHaveLength(size.people);
    for (const t of teams.rows) {
      expect(t.organisations).toBeGreaterThanOrEqual(2);
      expect(t.organisations).toBeLessThanOrEqual(5);
      expect(t.leads).toBe(1);
      expect(t.holder_leads).toBe(1);
    }
    expect(
      await count(`SELECT count(*) AS n FROM care_team_member m JOIN staff_user u ON u.id = m.staff_user_id
        WHERE m.is_lead AND u.email = '${DEMO_SIGN_IN.email}'`),
    ).toBe(size.coordinated);
  });

  it('gives everyone consent for each other organisation on their team, and a plan with 2–4 outcomes and 3–8 actions', async () => {
    expect(
      await count(`SELECT count(*) AS n FROM care_team_member m
        JOIN person p ON p.partnership_id = m.partnership_id AND p.id = m.person_id
        WHERE m.organisation_id <> p.holding_organisation_id AND NOT EXISTS (SELECT 1 FROM consent c
          WHERE c.person_id = m.person_id AND c.organisation_id = m.organisation_id)`),
    ).toBe(0);
    const plans = await sql<{ outcomes: number; actions: number }>`
      SELECT (SELECT count(*)::int FROM care_plan_outcome o WHERE o.plan_id = c.id) AS outcomes,
        (SELECT count(*)::int FROM care_plan_action a WHERE a.plan_id = c.id) AS actions
      FROM care_plan c`.execute(database.db);
    expect(plans.rows).toHaveLength(size.people);
    for (const p of plans.rows) {
      expect(p.outcomes).toBeGreaterThanOrEqual(2);
      expect(p.outcomes).toBeLessThanOrEqual(4);
      expect(p.actions).toBeGreaterThanOrEqual(3);
      expect(p.actions).toBeLessThanOrEqual(8);
    }
    const actions = await database.db
      .selectFrom('care_plan_action')
      .select(['due_on', 'recurrence', 'last_done_on', 'starts_on'])
      .execute();
    const repeating = actions.filter((a) => a.recurrence);
    expect(repeating.length).toBeGreaterThan(actions.length / 3);
    expect(repeating.length).toBeLessThan(actions.length);
    for (const a of repeating) expect(nextDue(a, '2026-11-25')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await count('SELECT count(DISTINCT kind) AS n FROM care_plan_action')).toBeGreaterThan(5);
    expect(await count('SELECT count(*) AS n FROM note')).toBeGreaterThan(size.people);
  });

  it('makes plans the coordinator can open, with what changed since the last agreed version', async () => {
    const sarah = await database.db
      .selectFrom('staff_user')
      .selectAll()
      .where('email', '=', DEMO_SIGN_IN.email)
      .executeTakeFirstOrThrow();
    const actor: Actor = {
      kind: 'staff',
      userId: sarah.id,
      partnershipId: DEMO_PARTNERSHIP_ID,
      organisationId: sarah.organisation_id,
      role: sarah.partnership_role,
      name: sarah.name,
    };
    const led = await database.db
      .selectFrom('care_team_member')
      .select('person_id')
      .where('staff_user_id', '=', sarah.id)
      .where('is_lead', '=', true)
      .execute();
    let changed = 0;
    for (const { person_id } of led) {
      const page = await database.db.transaction().execute(async (db) => {
        const ctx = { actor, db, clock };
        return { view: await planView(ctx, person_id), agreement: await agreementState(ctx, person_id) };
      });
      expect(page.view.outcomesDecision.allowed).toBe(true);
      expect(page.view.outcomes.length).toBeGreaterThanOrEqual(2);
      expect(page.agreement.parties.length).toBeGreaterThanOrEqual(3);
      if (page.agreement.changes.length) changed += 1;
    }
    expect(changed).toBeGreaterThan(0);
  });

  it('adds nothing when run again', async () => {
    const again = await generate(database.db, {
      partnershipId: DEMO_PARTNERSHIP_ID,
      coordinator: DEMO_SIGN_IN.email,
      size,
    });
    expect(Object.values(again.added).every((n) => n === 0)).toBe(true);
  });
});
