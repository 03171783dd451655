// Where each member organisation hosts meetings: an address and how to get in (step-free access, a hearing
// loop, parking). A rotating series takes its venues from here.
import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { NotFound, Refused } from '../../errors.ts';
import { listOrganisations } from '../partnerships/index.ts';
import type { VenueInput } from './schema.ts';
import { staffOnly } from './service.ts';
import * as store from './store.ts';

/** An administrator keeps any organisation's venue; a manager or senior leader keeps their own's. */
export function mayKeepVenue(
  actor: { role: string; organisationId: string },
  organisationId: string,
): boolean {
  if (actor.role === 'admin') return true;
  return (
    (actor.role === 'manager' || actor.role === 'senior_leader') && actor.organisationId === organisationId
  );
}

export async function setVenue(ctx: Ctx, organisationId: string, input: VenueInput) {
  const actor = staffOnly(ctx);
  const organisation = (await listOrganisations(ctx)).find((o) => o.id === organisationId);
  if (!organisation) throw new NotFound('The organisation');
  if (!mayKeepVenue(actor, organisationId)) {
    throw new Refused(
      [
        `Only a manager or senior leader of ${organisation.name}, or an administrator, can change its meeting venue.`,
      ],
      `a manager at ${organisation.name}`,
    );
  }
  await store.saveVenue(ctx.db, {
    partnership_id: actor.partnershipId,
    organisation_id: organisationId,
    address: input.address,
    access_notes: input.accessNotes,
    updated_at: ctx.clock.now(),
    updated_by_name: actor.name,
  });
  await record(ctx, { action: 'meeting_venue.save', entityType: 'organisation', entityId: organisationId });
}
