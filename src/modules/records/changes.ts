// Changing the shared timeline: adding an update, confirming an entry is accurate, and correcting one.
// Nothing is overwritten: a correction is a new revision and the text it replaces is kept.
import { randomUUID } from 'node:crypto';
import { record } from '../../audit/index.ts';
import type { Ctx, StaffActor } from '../../context.ts';
import { Conflict, Invalid, NotFound, Refused } from '../../errors.ts';
import { actorPartnership, type PersonAccess } from '../../policy/index.ts';
import type { DataCategory } from '../../storage/tables.ts';
import { notify } from '../notify/index.ts';
import { personHeader } from '../people/index.ts';
import { currentWriter, mayCorrect, type TimelineEntry, toEntry } from './entries.ts';
import type { ConfirmationInput, CorrectionInput, EntryInput } from './schema.ts';
import { readableEntry } from './service.ts';
import type { EntryRow } from './store.ts';
import * as store from './store.ts';

function staffOnly(ctx: Ctx): StaffActor {
  if (ctx.actor.kind !== 'staff') throw new Refused(['Only staff can change the timeline.']);
  return ctx.actor;
}

/** Adds an update to the person's timeline, in the actor's organisation's name. */
export async function addEntry(ctx: Ctx, personId: string, input: EntryInput) {
  const actor = staffOnly(ctx);
  const { person, access } = await personHeader(ctx, personId);
  await requireToAdd(ctx, access, personId, input.category);
  if (input.sharingLevel === 'restricted') {
    if (input.restrictedTo.length === 0) {
      throw new Invalid([
        { field: 'restrictedTo', message: 'Select at least one person who may see this update' },
      ]);
    }
    const team = new Set(access.facts.careTeam.map((m) => m.staffUserId).filter(Boolean));
    if (input.restrictedTo.some((id) => !team.has(id))) {
      throw new Invalid([{ field: 'restrictedTo', message: 'Select people named on the care team' }]);
    }
  }
  const id = randomUUID();
  const restrictedTo = input.sharingLevel === 'restricted' ? [...new Set(input.restrictedTo)] : [];
  await store.insertEntry(ctx.db, {
    partnership_id: actor.partnershipId,
    id,
    person_id: personId,
    organisation_id: actor.organisationId,
    author_id: actor.userId,
    category: input.category,
    sharing_level: input.sharingLevel,
    restricted_to: restrictedTo,
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
  // The care team hears of it promptly; notify() passes it only to those the policy lets read this entry.
  const team = access.facts.careTeam.flatMap((m) => (m.staffUserId ? [m.staffUserId] : []));
  const name = `${person.givenName} ${person.familyName}`;
  await notify(ctx, {
    kind: 'timeline_update',
    recipients: [...new Set(team)],
    about: {
      personId,
      category: input.category,
      entry: {
        holdingOrganisationId: actor.organisationId,
        sharingLevel: input.sharingLevel,
        restrictedTo,
        authorId: actor.userId,
      },
    },
    title: `New update about ${name}: ${input.title}`.slice(0, 300),
    link: `/people/${personId}/timeline/${id}`,
  });
  return { id };
}

/** May the actor add an update in this category? A refusal is recorded before it is explained. */
async function requireToAdd(ctx: Ctx, access: PersonAccess, personId: string, category: DataCategory) {
  const decision = access.decide(category, 'add_update');
  if (decision.allowed) return;
  await record(ctx, {
    action: 'person.write.note',
    outcome: 'refused',
    entityType: 'person',
    entityId: personId,
    personId,
    detail: { category, reasons: decision.reasons },
  });
  throw new Refused(decision.reasons, decision.askWhom).keepingRecord();
}

/** Confirms that the revision the actor read is accurate. */
export async function confirmEntry(
  ctx: Ctx,
  personId: string,
  entryId: string,
  input: ConfirmationInput,
): Promise<TimelineEntry> {
  const actor = staffOnly(ctx);
  const { access } = await personHeader(ctx, personId);
  const row = await readableEntry(ctx, access, personId, entryId, 'timeline_entry');
  if (row.revision !== input.revision) {
    throw new Conflict(
      'This update was corrected after you read it, so your confirmation was not saved. Read the corrected text, then confirm it if it is accurate.',
      toEntry(row, actor, access),
    );
  }
  if (currentWriter(row) === actor.userId) {
    throw new Refused([
      'You wrote this text, so someone else needs to confirm it is accurate: an accuracy check is a second pair of eyes.',
    ]);
  }
  const added = await store.insertConfirmation(ctx.db, {
    partnership_id: actor.partnershipId,
    note_id: entryId,
    revision: row.revision,
    staff_user_id: actor.userId,
    organisation_id: actor.organisationId,
    confirmed_at: ctx.clock.now(),
  });
  if (added) {
    await record(ctx, {
      action: 'note.confirm',
      entityType: 'note',
      entityId: entryId,
      personId,
      detail: { revision: row.revision, category: row.category },
    });
  }
  const [after] = await store.entries(ctx.db, actor.partnershipId, personId, [entryId]);
  return toEntry(after ?? row, actor, access);
}

async function requireCorrector(ctx: Ctx, access: PersonAccess, personId: string, row: EntryRow) {
  if (mayCorrect(ctx.actor, access, row)) return;
  await record(ctx, {
    action: 'person.write.note_correction',
    outcome: 'refused',
    entityType: 'note',
    entityId: row.id,
    personId,
    detail: { category: row.category },
  });
  throw new Refused(
    [
      `Only ${row.organisation_name} can correct this update: it is their record, and they answer for it. If you think it is wrong, tell them, or add an update of your own.`,
    ],
    `${row.author_name} (${row.organisation_name}), who wrote it`,
  ).keepingRecord();
}

/** The entry as it stands, for the correction form: only someone who may correct it gets the form. */
export async function entryToCorrect(ctx: Ctx, personId: string, entryId: string) {
  staffOnly(ctx);
  const { person, access } = await personHeader(ctx, personId);
  const row = await readableEntry(ctx, access, personId, entryId, 'timeline_entry');
  await requireCorrector(ctx, access, personId, row);
  return { person, entry: toEntry(row, ctx.actor, access) };
}

/** What a conflicting correction shows: the entry as someone else left it, and the text that was not saved. */
export interface CorrectionConflict {
  current: TimelineEntry;
  yours: { title: string; body: string; reason: string; revision: number };
}

/**
 * Corrects an entry: a new revision with who, when and why; the replaced text is kept in the history.
 * The entry is locked while it is read and replaced, so of two people correcting from the same revision one
 * succeeds and the other is shown both texts (a Conflict), never losing either.
 */
export async function correctEntry(
  ctx: Ctx,
  personId: string,
  entryId: string,
  input: CorrectionInput,
): Promise<TimelineEntry> {
  const actor = staffOnly(ctx);
  const { access } = await personHeader(ctx, personId);
  const partnershipId = actorPartnership(ctx);
  const locked = await store.lockEntry(ctx.db, partnershipId, personId, entryId);
  if (!locked) throw new NotFound('The update');
  const row = await readableEntry(ctx, access, personId, entryId, 'timeline_entry');
  await requireCorrector(ctx, access, personId, row);
  if (row.revision !== input.revision) {
    const conflict: CorrectionConflict = {
      current: toEntry(row, actor, access),
      yours: { title: input.title, body: input.body, reason: input.reason, revision: input.revision },
    };
    throw new Conflict(
      'Someone else corrected this update while you were writing your correction, so yours was not saved. Their correction is shown with yours: check both, then save again if yours is still needed.',
      conflict,
    );
  }
  if (row.title === input.title && row.body === input.body) {
    throw new Invalid([
      { field: 'body', message: 'Change the text to correct it, or go back to leave it as it is' },
    ]);
  }
  const now = ctx.clock.now();
  await store.insertRevision(ctx.db, {
    partnership_id: partnershipId,
    note_id: entryId,
    revision: row.revision,
    title: row.title,
    body: row.body,
    written_by: currentWriter(row),
    written_at: row.revised_at ?? row.written_at,
    reason: row.revision_reason,
    superseded_by: actor.userId,
    superseded_at: now,
  });
  const replaced = await store.replaceText(ctx.db, partnershipId, entryId, row.revision, {
    title: input.title,
    body: input.body,
    revisedBy: actor.userId,
    revisedAt: now,
    reason: input.reason,
  });
  // The row is locked, so this cannot happen; if it ever did, the transaction must not commit half a change.
  if (!replaced) throw new Error('records: the locked entry changed during its correction');
  await record(ctx, {
    action: 'note.correct',
    entityType: 'note',
    entityId: entryId,
    personId,
    detail: { revision: row.revision + 1, category: row.category },
  });
  const [after] = await store.entries(ctx.db, partnershipId, personId, [entryId]);
  if (!after) throw new NotFound('The update');
  return toEntry(after, actor, access);
}
