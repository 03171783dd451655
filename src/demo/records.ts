// John's shared timeline over the three weeks before the demo loads: updates from his GP, the volunteer
// group, the mental health service and the council, one kept within the mental health service, one shared
// with named people only, one confirmed accurate by the lead coordinator and one corrected with its reason.
import type { Ctx, StaffActor } from '../context.ts';
import { addEntry, confirmEntry, correctEntry } from '../modules/records/index.ts';
import type { DataCategory, SharingLevel } from '../storage/tables.ts';
import type { DemoStaffRef } from './people.ts';

const DAY = 86_400_000;

interface DemoUpdate {
  key: string;
  daysAgo: number;
  category: DataCategory;
  sharingLevel: SharingLevel;
  restrictedTo?: string[];
  title: string;
  body: string;
}

export async function loadDemoTimeline(
  ctx: Ctx,
  partnershipId: string,
  personId: string,
  staff: Record<string, DemoStaffRef>,
): Promise<void> {
  const now = ctx.clock.now().getTime();
  /** Acting as a member of staff, this many days (and hours) before the demo was loaded. */
  const as = (key: string, daysAgo: number): Ctx => {
    const s = staff[key]!;
    const actor: StaffActor = {
      kind: 'staff',
      userId: s.id,
      partnershipId,
      organisationId: s.organisationId,
      role: s.role,
      name: s.name,
    };
    const at = new Date(now - daysAgo * DAY);
    return { ...ctx, actor, clock: { now: () => at } };
  };
  const add = async (u: DemoUpdate) =>
    (
      await addEntry(as(u.key, u.daysAgo), personId, {
        title: u.title,
        body: u.body,
        category: u.category,
        sharingLevel: u.sharingLevel,
        restrictedTo: u.restrictedTo ?? [],
      })
    ).id;

  const medicines = await add({
    key: 'gp',
    daysAgo: 20,
    category: 'health',
    sharingLevel: 'care_team',
    title: 'Medicines review',
    body: 'Went through John’s medicines with him and Karen on the phone. No changes. His repeat prescription now comes in a weekly blister pack, which he finds easier to follow.',
  });
  // The lead coordinator checked it against what the support worker sees each morning.
  await confirmEntry(as('manager', 19), personId, medicines, { revision: 1 });

  await add({
    key: 'volunteer',
    daysAgo: 16,
    category: 'communication',
    sharingLevel: 'care_team',
    title: 'Allotment group',
    body: 'John came to the allotment group with Dave and planted garlic. He told us he likes to be shown a job first and then do it himself, so we now give him the week’s jobs as a picture list.',
  });

  await add({
    key: 'mentalHealth',
    daysAgo: 12,
    category: 'mental_health',
    sharingLevel: 'care_team',
    title: 'Referral accepted',
    body: 'Referral from Dr Khan accepted. First visit offered at John’s flat in the morning, as he prefers. An easy-read leaflet about the service was sent to him.',
  });

  const cover = await add({
    key: 'manager',
    daysAgo: 9,
    category: 'social_care',
    sharingLevel: 'care_team',
    title: 'Support worker on leave',
    body: 'Jo, John’s support worker, is on leave from 1 to 5 December. Sam from the same agency covers the morning visits at 9am. John has met Sam before.',
  });
  await correctEntry(as('manager', 8), personId, cover, {
    revision: 1,
    title: 'Support worker on leave',
    body: 'Jo, John’s support worker, is on leave from 1 to 5 December. Sam from the same agency covers the morning visits at 8am, as usual. John has met Sam before.',
    reason: 'The visit time was wrong: cover visits stay at 8am, as John asked.',
  });

  await add({
    key: 'mentalHealth',
    daysAgo: 6,
    category: 'mental_health',
    sharingLevel: 'own_organisation',
    title: 'Team discussion',
    body: 'Discussed John at our team meeting. No change to his plan; the consultant will see him in January.',
  });

  await add({
    key: 'mentalHealth',
    daysAgo: 3,
    category: 'social_care',
    sharingLevel: 'restricted',
    restrictedTo: [staff.manager!.id],
    title: 'Call from Karen',
    body: 'Karen phoned: she worries John is lonely on Sundays. She asked that we do not raise it with John until she has talked to him herself this weekend.',
  });
}
