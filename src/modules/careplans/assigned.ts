// Telling a member of staff that an action is now theirs to lead: when an action is added with a lead, or
// its lead changes, to someone other than whoever made the change. The notify module sends it only if the
// policy lets them read the action (they lead it, so a relationship to the person is what it asks).
import type { Ctx } from '../../context.ts';
import type { PersonAccess } from '../../policy/access.ts';
import type { DataCategory } from '../../storage/tables.ts';
import { notify } from '../notify/index.ts';
import type { PersonHeader } from '../people/index.ts';
import { actionEntry } from './service.ts';

export async function tellNewLead(
  ctx: Ctx,
  person: PersonHeader,
  access: PersonAccess,
  action: { id: string; what: string; category: DataCategory; leadStaffId: string | null; revision: number },
  previousLead: string | null,
): Promise<void> {
  const lead = action.leadStaffId;
  if (!lead || lead === previousLead) return;
  const by = ctx.actor.kind === 'staff' ? ctx.actor.name : 'JoinedUp';
  const what = action.what.length > 120 ? `${action.what.slice(0, 119)}…` : action.what;
  await notify(ctx, {
    kind: 'action_assigned',
    recipients: [lead],
    about: {
      personId: person.id,
      category: action.category,
      entry: actionEntry({ leadStaffId: lead }, access.facts.holdingOrganisationId),
    },
    title: `${by} asked you to lead “${what}” for ${person.givenName} ${person.familyName}`,
    link: `/people/${person.id}/plan`,
    // The revision: someone given an action, then relieved of it and given it again, is told again.
    dedupeKey: `action_assigned:${action.id}:${lead}:${action.revision}`,
  });
}
