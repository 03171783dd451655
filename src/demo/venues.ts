// Where each member of the Riverside partnership hosts meetings, so that a repeating meeting can take turns
// across them and nobody always travels (the guide's point about geography).
import type { Ctx } from '../context.ts';
import { setVenue } from '../modules/meetings/index.ts';
import type { DemoStaffRef } from './people.ts';

type Orgs = Record<'council' | 'gp' | 'nursing' | 'mentalHealth' | 'volunteers', { id: string }>;

const VENUES: Record<keyof Orgs, { address: string; accessNotes: string }> = {
  council: {
    address: 'Committee Room 2, Riverside Town Hall, Market Square, Riverside RV1 1AA',
    accessNotes:
      'Step-free entrance on Church Street. Hearing loop in the room. Accessible toilet on the ground floor.',
  },
  gp: {
    address: 'Upstairs meeting room, Meadow Lane Surgery, 22 Meadow Lane, Riverside RV2 3BD',
    accessNotes: 'Lift to the first floor. Blue Badge parking at the front.',
  },
  nursing: {
    address: 'Room 4, Riverside Health Centre, 5 Station Road, Riverside RV1 3CE',
    accessNotes: 'Step-free. Hearing loop at reception.',
  },
  mentalHealth: {
    address: 'Quiet room, The Willows, 9 Park Road, Riverside RV3 1DF',
    accessNotes: 'Step-free. A quiet place to wait.',
  },
  volunteers: {
    address: 'Garden room, Riverside Community Centre, 1 Mill Lane, Riverside RV1 2AB',
    accessNotes: 'Step-free through the garden gate.',
  },
};

export async function loadDemoVenues(
  ctx: Ctx,
  partnershipId: string,
  orgs: Orgs,
  staff: Record<string, DemoStaffRef>,
): Promise<void> {
  const admin = staff.admin!;
  const asAdmin: Ctx = {
    ...ctx,
    actor: {
      kind: 'staff',
      userId: admin.id,
      partnershipId,
      organisationId: admin.organisationId,
      role: admin.role,
      name: admin.name,
    },
  };
  for (const [key, venue] of Object.entries(VENUES) as Array<[keyof Orgs, (typeof VENUES)[keyof Orgs]]>) {
    await setVenue(asAdmin, orgs[key].id, venue);
  }
}
