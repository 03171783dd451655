// Notifications reach only the people the sharing rules let read what they are about, once per key, and
// each comes with an email in the outbox or a place in tomorrow's digest, as the recipient chose.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import type { Ctx } from '../../context.ts';
import { DEMO_ORGANISATIONS, DEMO_PARTNERSHIP_ID, DEMO_STAFF, demoPersonId } from '../../demo/index.ts';
import { Invalid } from '../../errors.ts';
import { inTransaction } from '../../server/transaction.ts';
import { type NotifyInput, notify, queueEmail } from './index.ts';

let t: TestApp;
let john: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.reset();
  john = await demoPersonId(t.database.db);
  const staff = await t.database.db.selectFrom('staff_user').select(['id', 'email']).execute();
  for (const s of DEMO_STAFF) ids[s.key] = staff.find((u) => u.email === s.email)!.id;
});

function as<T>(key: string, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  const s = DEMO_STAFF.find((x) => x.key === key)!;
  return inTransaction(
    t.database.db,
    {
      kind: 'staff',
      userId: ids[key]!,
      partnershipId: DEMO_PARTNERSHIP_ID,
      organisationId: DEMO_ORGANISATIONS[s.org].id,
      role: s.role,
      name: s.name,
    },
    t.clock,
    fn,
  );
}

const everyone = () => DEMO_STAFF.map((s) => ids[s.key]!);

function update(over: Partial<NotifyInput> = {}): NotifyInput {
  return {
    kind: 'timeline_update',
    recipients: everyone(),
    about: { personId: john, category: 'health' },
    title: 'New health update for John Carter',
    link: `/people/${john}`,
    ...over,
  };
}

const keysOf = (notified: string[]) =>
  DEMO_STAFF.filter((s) => notified.includes(ids[s.key]!))
    .map((s) => s.key)
    .sort();

describe('who is notified', () => {
  it('only care team members whose organisation may read the category; never the actor', async () => {
    const { notified } = await as('manager', (ctx) => notify(ctx, update()));
    // The volunteer reads only communication needs; the out-of-hours GP is not on John's care team.
    expect(keysOf(notified)).not.toContain('volunteer');
    expect(keysOf(notified)).not.toContain('outOfHours');
    expect(keysOf(notified)).not.toContain('manager');
    expect(keysOf(notified)).toContain('gp');
  });

  it('a restricted entry only to the people it names', async () => {
    const entry = {
      holdingOrganisationId: DEMO_ORGANISATIONS.council.id,
      sharingLevel: 'restricted' as const,
      restrictedTo: [ids.gp!],
      authorId: ids.manager!,
    };
    const { notified } = await as('manager', (ctx) =>
      notify(ctx, update({ about: { personId: john, category: 'social_care', entry } })),
    );
    expect(keysOf(notified)).toEqual(['gp']);
  });

  it('the same key for the same recipient is notified once', async () => {
    const first = await as('manager', (ctx) => notify(ctx, update({ dedupeKey: 'k1' })));
    const second = await as('manager', (ctx) => notify(ctx, update({ dedupeKey: 'k1' })));
    expect(first.notified.length).toBeGreaterThan(0);
    expect(second.notified).toEqual([]);
  });

  it('refuses bad input with clear errors', async () => {
    const err = await as('manager', (ctx) =>
      notify(ctx, update({ link: 'https://evil.example', recipients: ['nope'], title: ' ' })),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Invalid);
    expect((err as Invalid).fields.map((f) => f.field).sort()).toEqual(['link', 'recipients.0', 'title']);
    const unknown = await as('manager', (ctx) =>
      notify(ctx, update({ recipients: ['6a0c1d1e-0000-4000-8000-00000000dead'] })),
    ).catch((e: unknown) => e);
    expect((unknown as Invalid).fields[0]?.message).toMatch(/No member of staff/);
  });

  it('queues an email for someone who is not a staff user', async () => {
    await as('manager', (ctx) =>
      queueEmail(ctx, { to: 'john@example.org', subject: 'Your meeting', text: 'See you on Tuesday.' }),
    );
    const rows = await t.database.db.selectFrom('email_outbox').selectAll().execute();
    expect(rows.map((r) => r.to_address)).toContain('john@example.org');
  });
});
