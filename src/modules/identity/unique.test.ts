// Two administrators adding the same thing at the same instant: both pass the "is it taken?" check, and the
// database's unique index decides. The loser gets the same field error as a plain duplicate, never a 500.
// On PostgreSQL the two transactions really overlap; on PGlite they run one after the other.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import type { SystemActor } from '../../context.ts';
import { DEMO_ORGANISATIONS, DEMO_PARTNERSHIP_ID, demoPersonId } from '../../demo/index.ts';
import { Invalid } from '../../errors.ts';
import { inTransaction } from '../../server/transaction.ts';
import { createOrganisation } from '../partnerships/index.ts';
import { createStaff } from './staff.ts';

const actor: SystemActor = { kind: 'system', partnershipId: DEMO_PARTNERSHIP_ID, name: 'test' };

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());
beforeEach(async () => t.reset());

function staff(email: string) {
  return inTransaction(t.database.db, actor, t.clock, (ctx) =>
    createStaff(
      ctx,
      {
        name: 'Jo Bloggs',
        email,
        organisationId: DEMO_ORGANISATIONS.gp.id,
        professionalRole: 'Practice nurse',
        partnershipRole: 'practitioner',
        password: 'kettle orchard lantern 42',
      },
      { passwordHash: 'not-used-to-sign-in' },
    ),
  );
}

function fieldsOf(outcome: PromiseSettledResult<unknown>) {
  if (outcome.status === 'fulfilled') return 'created';
  expect(outcome.reason).toBeInstanceOf(Invalid);
  return (outcome.reason as Invalid).fields;
}

describe('adding the same thing twice at once', () => {
  it('creates one staff account for an email address and tells the other which field to change', async () => {
    const outcomes = await Promise.allSettled([
      staff('jo.bloggs@meadowlane.example'),
      staff('Jo.Bloggs@meadowlane.example'),
    ]);
    const results = outcomes.map(fieldsOf);
    expect(results.filter((r) => r === 'created')).toHaveLength(1);
    expect(results.find((r) => r !== 'created')).toEqual([
      { field: 'email', message: 'An account with this email address already exists' },
    ]);
    const rows = await t.database.db
      .selectFrom('staff_user')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', 'jo.bloggs@meadowlane.example'))
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('creates one organisation for a name', async () => {
    const add = () =>
      inTransaction(t.database.db, actor, t.clock, (ctx) =>
        createOrganisation(ctx, { name: 'Riverside Food Bank', kind: 'voluntary' }),
      );
    const results = (await Promise.allSettled([add(), add()])).map(fieldsOf);
    expect(results.filter((r) => r === 'created')).toHaveLength(1);
    expect(results.find((r) => r !== 'created')).toEqual([
      { field: 'name', message: 'An organisation with this name is already a member' },
    ]);
  });
});

describe('one email address, one account', () => {
  it('refuses a staff account with the address of a person’s own account', async () => {
    const personId = await demoPersonId(t.database.db);
    await t.database.db
      .insertInto('person_account')
      .values({
        partnership_id: DEMO_PARTNERSHIP_ID,
        id: '6a0c1d1e-0000-4000-8000-0000000000a1',
        person_id: personId,
        representative_id: null,
        email: 'john.carter@home.example',
        password_hash: null,
        invitation_hash: null,
        invitation_expires_at: null,
        activated_at: null,
        last_failed_at: null,
        locked_until: null,
        disabled_at: null,
        created_at: t.clock.now(),
      })
      .execute();
    await expect(staff('JOHN.CARTER@home.example')).rejects.toMatchObject({
      fields: [{ field: 'email', message: 'An account with this email address already exists' }],
    });
  });
});
