// A timeline entry as the viewer meets it: its text and facts, whether it was corrected, who confirmed the
// current text, when it was last checked, and what the viewer may do with it. Pure: rows in, entries out.
import type { Actor } from '../../context.ts';
import type { EntryFacts, PersonAccess } from '../../policy/index.ts';
import type { DataCategory, SharingLevel } from '../../storage/tables.ts';
import type { EntryFactsRow, EntryRow } from './store.ts';

export interface Confirmation {
  staffUserId: string;
  name: string;
  organisationName: string;
  at: Date;
}

export interface TimelineEntry {
  id: string;
  title: string;
  body: string;
  category: DataCategory;
  sharingLevel: SharingLevel;
  restrictedTo: string[];
  restrictedNames: string[];
  organisation: { id: string; name: string };
  author: { id: string; name: string; role: string };
  writtenAt: Date;
  revision: number;
  corrected: boolean;
  /** The latest correction: who, when, why. */
  correction: { byName: string; at: Date; reason: string } | null;
  /** Confirmations of the current text; those of earlier revisions are on the entry's history. */
  confirmations: Confirmation[];
  /** The latest accuracy check: a confirmation of any revision, or a correction. */
  lastReviewedAt: Date | null;
  mayCorrect: boolean;
  mayConfirm: boolean;
  confirmedByYou: boolean;
}

export function entryFactsOf(
  row: Pick<EntryFactsRow, 'organisation_id' | 'sharing_level' | 'restricted_to' | 'author_id'>,
): EntryFacts {
  return {
    holdingOrganisationId: row.organisation_id,
    sharingLevel: row.sharing_level,
    restrictedTo: row.restricted_to,
    authorId: row.author_id,
  };
}

/** Who wrote the entry's current text: its author, or whoever last corrected it. */
export function currentWriter(row: Pick<EntryRow, 'author_id' | 'revised_by'>): string {
  return row.revised_by ?? row.author_id;
}

/**
 * Only the organisation that wrote an entry corrects it: it holds the entry and answers for it (the data
 * controller under UK GDPR Art. 16, and professional record keeping: agencies do not rewrite each other's
 * records). Within it, anyone who may add updates in that category and may read the entry, so a correction
 * does not wait for the author's return. Another agency that disagrees adds its own update.
 */
export function mayCorrect(actor: Actor, access: PersonAccess, row: EntryRow): boolean {
  return (
    actor.kind === 'staff' &&
    actor.organisationId === row.organisation_id &&
    access.decide(row.category, 'add_update').allowed &&
    access.decide(row.category, 'read', entryFactsOf(row)).allowed
  );
}

export function toEntry(row: EntryRow, actor: Actor, access: PersonAccess): TimelineEntry {
  const current = row.confirmations.filter((c) => c.revision === row.revision);
  const me = actor.kind === 'staff' ? actor.userId : null;
  const confirmedByYou = me !== null && current.some((c) => c.staff_user_id === me);
  const checks = [
    ...row.confirmations.map((c) => c.confirmed_at.getTime()),
    ...(row.revised_at ? [new Date(row.revised_at).getTime()] : []),
  ];
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    category: row.category,
    sharingLevel: row.sharing_level,
    restrictedTo: row.restricted_to,
    restrictedNames: row.restricted_names,
    organisation: { id: row.organisation_id, name: row.organisation_name },
    author: { id: row.author_id, name: row.author_name, role: row.author_role },
    writtenAt: new Date(row.written_at),
    revision: row.revision,
    corrected: row.revision > 1,
    correction:
      row.revised_at && row.revision_reason
        ? {
            byName: row.revised_by_name ?? 'Someone no longer on JoinedUp',
            at: new Date(row.revised_at),
            reason: row.revision_reason,
          }
        : null,
    confirmations: current.map((c) => ({
      staffUserId: c.staff_user_id,
      name: c.staff_name,
      organisationName: c.organisation_name,
      at: c.confirmed_at,
    })),
    lastReviewedAt: checks.length ? new Date(Math.max(...checks)) : null,
    mayCorrect: mayCorrect(actor, access, row),
    // The writer of the text cannot be the one who checks it.
    mayConfirm: me !== null && currentWriter(row) !== me && !confirmedByYou,
    confirmedByYou,
  };
}

/** The entry as the API gives it. */
export function entryJson(e: TimelineEntry) {
  return {
    id: e.id,
    title: e.title,
    body: e.body,
    category: e.category,
    sharingLevel: e.sharingLevel,
    restrictedTo: e.restrictedTo,
    organisation: e.organisation,
    author: e.author,
    writtenAt: e.writtenAt.toISOString(),
    revision: e.revision,
    corrected: e.corrected,
    correction: e.correction
      ? { byName: e.correction.byName, at: e.correction.at.toISOString(), reason: e.correction.reason }
      : null,
    confirmations: e.confirmations.map((c) => ({
      staffUserId: c.staffUserId,
      name: c.name,
      organisationName: c.organisationName,
      at: c.at.toISOString(),
    })),
    lastReviewedAt: e.lastReviewedAt?.toISOString() ?? null,
    youMay: { correct: e.mayCorrect, confirm: e.mayConfirm },
  };
}
