// Notes on a person's record. Each carries a data category, the organisation that holds it and a sharing
// level (care team, own organisation, named people only); each is shown only where the policy allows.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { Invalid } from '../../errors.ts';
import { actorPartnership, auditPersonRead, CATEGORIES, requirePersonAccess } from '../../policy/index.ts';
import type { SharingLevel } from '../../storage/tables.ts';
import { choice, text } from '../../validation.ts';
import { openPerson, staffOnly } from './service.ts';
import * as store from './store.ts';

export const SHARING_LEVELS = [
  'care_team',
  'own_organisation',
  'restricted',
] as const satisfies readonly SharingLevel[];
export const SHARING_LEVEL_LABELS: Record<SharingLevel, string> = {
  care_team: 'Care team (everyone the sharing rules allow)',
  own_organisation: 'My organisation only',
  restricted: 'Named people only',
};

export const noteInput = z.object({
  title: text('a short title', 200),
  body: text('the note', 20_000),
  category: choice(CATEGORIES, 'Select what kind of information this is'),
  sharingLevel: choice(SHARING_LEVELS, 'Select who may see this note'),
  restrictedTo: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.uuid('Select people from the list'))),
});
export type NoteInput = z.infer<typeof noteInput>;

export async function addNote(ctx: Ctx, personId: string, input: NoteInput) {
  const actor = staffOnly(ctx);
  const { access } = await requirePersonAccess(ctx, personId, input.category, 'write', 'note');
  if (input.sharingLevel === 'restricted') {
    if (input.restrictedTo.length === 0) {
      throw new Invalid([
        { field: 'restrictedTo', message: 'Select at least one person who may see this note' },
      ]);
    }
    const team = new Set(access.facts.careTeam.map((m) => m.staffUserId).filter(Boolean));
    if (input.restrictedTo.some((id) => !team.has(id))) {
      throw new Invalid([{ field: 'restrictedTo', message: 'Select people named on the care team' }]);
    }
  }
  const id = randomUUID();
  await store.insertNote(ctx.db, {
    partnership_id: actor.partnershipId,
    id,
    person_id: personId,
    organisation_id: actor.organisationId,
    author_id: actor.userId,
    category: input.category,
    sharing_level: input.sharingLevel,
    restricted_to: input.sharingLevel === 'restricted' ? input.restrictedTo : [],
    title: input.title,
    body: input.body,
    written_at: ctx.clock.now(),
  });
  await record(ctx, {
    action: 'note.create',
    entityType: 'note',
    entityId: id,
    personId,
    detail: { category: input.category, sharingLevel: input.sharingLevel },
  });
  return { id };
}

/** The notes the actor may read. */
export async function notesFor(ctx: Ctx, personId: string) {
  const access = await openPerson(ctx, personId);
  const all = await store.notes(ctx.db, actorPartnership(ctx), personId);
  const decided = all.map((n) => ({
    note: n,
    decision: access.decide(n.category, 'read', {
      holdingOrganisationId: n.organisation_id,
      sharingLevel: n.sharing_level,
      restrictedTo: n.restricted_to,
      authorId: n.author_id,
    }),
  }));
  const visible = decided.filter((d) => d.decision.allowed).map((d) => d.note);
  await auditPersonRead(
    ctx,
    personId,
    'notes',
    decided.length
      ? decided.map((d) => ({ category: d.note.category, decision: d.decision }))
      : [{ category: 'social_care', decision: access.opens }],
  );
  // Neither the number nor the kind of withheld notes is shown: that alone can disclose something.
  return { visible, access };
}
