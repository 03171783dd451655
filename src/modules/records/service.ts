// Reading the shared timeline: every entry the viewer may read, newest first, filtered and paged; one
// entry's history; and the entries the person sees of their own record. Each entry is decided by the
// policy before anything of it leaves the store, and every read is audited with its basis.
import type { Ctx } from '../../context.ts';
import { NotFound } from '../../errors.ts';
import {
  actorPartnership,
  auditPersonRead,
  CATEGORIES,
  type Decision,
  type PersonAccess,
} from '../../policy/index.ts';
import type { DataCategory } from '../../storage/tables.ts';
import { namedCareTeam, openPerson, personHeader } from '../people/index.ts';
import { entryFactsOf, toEntry } from './entries.ts';
import { PAGE_SIZE, type TimelineQuery } from './schema.ts';
import * as store from './store.ts';

type Decided = { row: store.EntryFactsRow; decision: Decision };

async function decideEntries(ctx: Ctx, access: PersonAccess, personId: string): Promise<Decided[]> {
  const rows = await store.entryFacts(ctx.db, actorPartnership(ctx), personId);
  return rows.map((row) => ({ row, decision: access.decide(row.category, 'read', entryFactsOf(row)) }));
}

/** The categories the actor may add an update in (none for someone who may only read). */
export function categoriesToAdd(access: PersonAccess): DataCategory[] {
  return CATEGORIES.filter((c) => access.decide(c, 'add_update').allowed);
}

/**
 * Audits what a page showed: the categories of the entries on it, and those withheld. Neither the number
 * nor the kind of withheld entries reaches the viewer: that alone can disclose something.
 */
async function auditShown(
  ctx: Ctx,
  access: PersonAccess,
  personId: string,
  what: string,
  shown: readonly Decided[],
  withheld: readonly Decided[],
) {
  // In the categories' own order, so that the person's access report reads the same way every time.
  const all = [...shown, ...withheld]
    .map((d) => ({ category: d.row.category, decision: d.decision }))
    .sort((a, b) => CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category));
  await auditPersonRead(
    ctx,
    personId,
    what,
    all.length ? all : [{ category: 'social_care', decision: access.opens }],
  );
}

export async function timeline(ctx: Ctx, personId: string, query: TimelineQuery) {
  const { person, access } = await personHeader(ctx, personId);
  const decided = await decideEntries(ctx, access, personId);
  const readable = decided.filter((d) => d.decision.allowed);
  const withheld = decided.filter((d) => !d.decision.allowed);
  // The organisations offered as a filter are those of entries the viewer may read, and no others.
  const organisations = [
    ...new Map(readable.map((d) => [d.row.organisation_id, d.row.organisation_name])).entries(),
  ]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const matching = readable.filter(
    (d) =>
      (!query.organisationId || d.row.organisation_id === query.organisationId) &&
      (!query.category || d.row.category === query.category),
  );
  const total = matching.length;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const onPage = matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const rows = await store.entries(
    ctx.db,
    actorPartnership(ctx),
    personId,
    onPage.map((d) => d.row.id),
  );
  await auditShown(ctx, access, personId, 'timeline', onPage, withheld);
  const canAdd = categoriesToAdd(access);
  return {
    person,
    entries: rows.map((row) => toEntry(row, ctx.actor, access)),
    total,
    page,
    pages,
    pageSize: PAGE_SIZE,
    organisations,
    canAdd: canAdd.length > 0,
  };
}

export type Timeline = Awaited<ReturnType<typeof timeline>>;

/**
 * One entry the viewer may read, decided and audited; an entry they may not read is "not found", so that
 * asking for it by id tells them nothing about it (the refusal is in the audit trail).
 */
export async function readableEntry(
  ctx: Ctx,
  access: PersonAccess,
  personId: string,
  entryId: string,
  what: string,
) {
  const [row] = await store.entries(ctx.db, actorPartnership(ctx), personId, [entryId]);
  if (!row) throw new NotFound('The update');
  const decision = access.decide(row.category, 'read', entryFactsOf(row));
  await auditPersonRead(ctx, personId, what, [{ category: row.category, decision }]);
  if (!decision.allowed) throw new NotFound('The update').keepingRecord();
  return row;
}

export interface Revision {
  revision: number;
  title: string;
  body: string;
  writtenByName: string;
  writtenAt: Date;
  /** Why this revision was written (a correction's reason); null for the entry as first written. */
  reason: string | null;
  current: boolean;
  supersededAt: Date | null;
  supersededByName: string | null;
  confirmations: Array<{ name: string; organisationName: string; at: Date }>;
}

/** An entry with every revision, newest first: earlier texts stay readable, marked as corrected. */
export async function entryHistory(ctx: Ctx, personId: string, entryId: string) {
  const { person, access } = await personHeader(ctx, personId);
  const row = await readableEntry(ctx, access, personId, entryId, 'timeline_entry');
  const earlier = await store.revisions(ctx.db, actorPartnership(ctx), entryId);
  const confirmationsOf = (revision: number) =>
    row.confirmations
      .filter((c) => c.revision === revision)
      .map((c) => ({ name: c.staff_name, organisationName: c.organisation_name, at: c.confirmed_at }));
  const revisions: Revision[] = [
    {
      revision: row.revision,
      title: row.title,
      body: row.body,
      writtenByName: row.revised_by_name ?? row.author_name,
      writtenAt: new Date(row.revised_at ?? row.written_at),
      reason: row.revision_reason,
      current: true,
      supersededAt: null,
      supersededByName: null,
      confirmations: confirmationsOf(row.revision),
    },
    ...earlier.map((v) => ({
      revision: v.revision,
      title: v.title,
      body: v.body,
      writtenByName: v.written_by_name,
      writtenAt: new Date(v.written_at),
      reason: v.reason,
      current: false,
      supersededAt: new Date(v.superseded_at),
      supersededByName: v.superseded_by_name,
      confirmations: confirmationsOf(v.revision),
    })),
  ];
  return { person, entry: toEntry(row, ctx.actor, access), revisions };
}

/** What the add form offers: the categories the actor may add in, and the named care team. */
export async function addForm(ctx: Ctx, personId: string) {
  const { person, access } = await personHeader(ctx, personId);
  // The form shows who the person is and who is on their care team: a look at the record, so audited.
  await auditPersonRead(ctx, personId, 'timeline_form', [{ category: 'contact', decision: access.opens }]);
  return {
    person,
    categories: categoriesToAdd(access),
    namedTeam: await namedCareTeam(ctx, personId),
  };
}

/**
 * The entries the actor may read, newest first, in full: the person's own view of their record, and the
 * older /notes API. For the person, the policy lets through entries shared with the whole care team, in
 * every category but safeguarding (src/policy/person.ts says why).
 */
export async function notesFor(
  ctx: Ctx,
  personId: string,
): Promise<{ visible: store.EntryRow[]; access: PersonAccess }> {
  const access = await openPerson(ctx, personId);
  const decided = await decideEntries(ctx, access, personId);
  const readable = decided.filter((d) => d.decision.allowed);
  const rows = await store.entries(
    ctx.db,
    actorPartnership(ctx),
    personId,
    readable.map((d) => d.row.id),
  );
  await auditShown(
    ctx,
    access,
    personId,
    'notes',
    readable,
    decided.filter((d) => !d.decision.allowed),
  );
  return { visible: rows, access };
}
