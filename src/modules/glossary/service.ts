// The partnership's agreed words: what each term means, which organisations use it, and what to write
// instead. The jargon check reads the glossary (with the built-in abbreviations as its fallback).
import { randomUUID } from 'node:crypto';
import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { Invalid, NotFound } from '../../errors.ts';
import type { OrganisationKind } from '../../storage/tables.ts';
import { listOrganisations, partnershipOf, requirePermission } from '../partnerships/index.ts';
import { BUILT_IN_TERMS, type BuiltInTerm } from './built-in.ts';
import { checkJargon, type GlossaryEntry, type JargonCheck, type Segment, segmentLines } from './jargon.ts';
import { PERSON_FACING_TARGET, STAFF_TARGET } from './reading-ease.ts';
import type { Audience, GlossaryTermInput } from './schema.ts';
import * as store from './store.ts';

function actorName(ctx: Ctx): string {
  return ctx.actor.kind === 'anonymous' ? 'unknown' : ctx.actor.name;
}

async function checkOrganisations(ctx: Ctx, ids: readonly string[]) {
  if (!ids.length) return;
  const known = new Set((await listOrganisations(ctx)).map((o) => o.id));
  if (ids.some((id) => !known.has(id))) {
    throw new Invalid([{ field: 'usedBy', message: 'Select organisations from the list' }]);
  }
}

/** The glossary, searched by term, meaning or wording; and the built-in abbreviations it does not define. */
export async function listTerms(ctx: Ctx, q = '') {
  requirePermission(ctx.actor, 'partnership.view');
  const partnershipId = partnershipOf(ctx);
  const [terms, organisations, all] = await Promise.all([
    store.listTerms(ctx.db, partnershipId, q),
    listOrganisations(ctx),
    q ? store.listTerms(ctx.db, partnershipId) : null,
  ]);
  const names = new Map(organisations.map((o) => [o.id, o.name]));
  const defined = new Set((all ?? terms).map((t) => t.term.toLowerCase()));
  const needle = q.toLowerCase();
  const builtIn = BUILT_IN_TERMS.filter(
    (b) =>
      !defined.has(b.term.toLowerCase()) &&
      (!needle || [b.term, b.meaning, b.preferred].some((s) => s.toLowerCase().includes(needle))),
  );
  return {
    terms: terms.map((t) => ({
      ...t,
      usedByNames: t.used_by_organisation_ids.map((id) => names.get(id)).filter((n): n is string => !!n),
    })),
    builtIn,
  };
}

export async function getTerm(ctx: Ctx, id: string) {
  requirePermission(ctx.actor, 'partnership.view');
  const row = await store.getTerm(ctx.db, partnershipOf(ctx), id);
  if (!row) throw new NotFound('The glossary term');
  return row;
}

export async function createTerm(ctx: Ctx, input: GlossaryTermInput, id: string = randomUUID()) {
  requirePermission(ctx.actor, 'glossary.manage');
  const partnershipId = partnershipOf(ctx);
  await checkOrganisations(ctx, input.usedBy);
  if (await store.termTaken(ctx.db, partnershipId, input.term)) {
    throw new Invalid([
      { field: 'term', message: 'This term is already in the glossary: change that entry instead' },
    ]);
  }
  const now = ctx.clock.now();
  const row = {
    partnership_id: partnershipId,
    id,
    term: input.term,
    meaning: input.meaning,
    preferred: input.preferred,
    used_by_organisation_ids: input.usedBy,
    created_at: now,
    updated_at: now,
    updated_by_name: actorName(ctx),
  };
  await store.insertTerm(ctx.db, row);
  await record(ctx, {
    action: 'glossary.create',
    entityType: 'glossary_term',
    entityId: id,
    detail: { term: input.term },
  });
  return row;
}

export async function updateTerm(ctx: Ctx, id: string, input: GlossaryTermInput) {
  requirePermission(ctx.actor, 'glossary.manage');
  const partnershipId = partnershipOf(ctx);
  const before = await store.getTerm(ctx.db, partnershipId, id);
  if (!before) throw new NotFound('The glossary term');
  await checkOrganisations(ctx, input.usedBy);
  if (await store.termTaken(ctx.db, partnershipId, input.term, id)) {
    throw new Invalid([{ field: 'term', message: 'Another entry already has this term' }]);
  }
  await store.updateTerm(ctx.db, partnershipId, id, {
    term: input.term,
    meaning: input.meaning,
    preferred: input.preferred,
    used_by_organisation_ids: input.usedBy,
    updated_at: ctx.clock.now(),
    updated_by_name: actorName(ctx),
  });
  await record(ctx, {
    action: 'glossary.update',
    entityType: 'glossary_term',
    entityId: id,
    detail: {
      before: { term: before.term, preferred: before.preferred },
      after: { term: input.term, preferred: input.preferred },
    },
  });
}

export async function removeTerm(ctx: Ctx, id: string) {
  requirePermission(ctx.actor, 'glossary.manage');
  const partnershipId = partnershipOf(ctx);
  const before = await store.getTerm(ctx.db, partnershipId, id);
  if (!before) throw new NotFound('The glossary term');
  await store.deleteTerm(ctx.db, partnershipId, id);
  await record(ctx, {
    action: 'glossary.remove',
    entityType: 'glossary_term',
    entityId: id,
    detail: { term: before.term },
  });
}

/** The partnership's glossary in the shape the jargon check takes. */
export async function glossaryEntries(ctx: Ctx): Promise<GlossaryEntry[]> {
  requirePermission(ctx.actor, 'partnership.view');
  const rows = await store.listTerms(ctx.db, partnershipOf(ctx));
  return rows.map((r) => ({ term: r.term, preferred: r.preferred, meaning: r.meaning }));
}

export interface WordingCheck extends JargonCheck {
  text: string;
  audience: Audience;
  lines: Segment[][];
}

/**
 * The plain English check for some text: jargon with suggestions, and reading ease against the target for
 * its audience. It never blocks a save; it is advice the writer can take or leave.
 */
export async function wordingCheck(
  ctx: Ctx,
  text: string,
  audience: Audience = 'person',
): Promise<WordingCheck> {
  const glossary = await glossaryEntries(ctx);
  const target = audience === 'person' ? PERSON_FACING_TARGET : STAFF_TARGET;
  const result = checkJargon(text, glossary, { target });
  return { ...result, text, audience, lines: segmentLines(text, result.findings) };
}

/**
 * Starts a partnership's glossary from the built-in terms, each marked as used by the member organisations
 * of its kinds: one insert and one audit entry, as it runs whenever the demo loads.
 */
export async function seedGlossary(
  ctx: Ctx,
  organisations: ReadonlyArray<{ id: string; kind: OrganisationKind }>,
  terms: readonly BuiltInTerm[] = BUILT_IN_TERMS,
) {
  requirePermission(ctx.actor, 'glossary.manage');
  const partnershipId = partnershipOf(ctx);
  const now = ctx.clock.now();
  const rows = terms.map((t) => ({
    partnership_id: partnershipId,
    id: randomUUID(),
    term: t.term,
    meaning: t.meaning,
    preferred: t.preferred,
    used_by_organisation_ids: organisations.filter((o) => t.usedBy.includes(o.kind)).map((o) => o.id),
    created_at: now,
    updated_at: now,
    updated_by_name: actorName(ctx),
  }));
  if (!rows.length) return;
  await store.insertTerms(ctx.db, rows);
  await record(ctx, { action: 'glossary.seed', entityType: 'glossary_term', detail: { terms: rows.length } });
}

/** How many terms the partnership has agreed, for the Partnership page. */
export async function glossarySummary(ctx: Ctx) {
  requirePermission(ctx.actor, 'partnership.view');
  return { terms: await store.countTerms(ctx.db, partnershipOf(ctx)) };
}
