// Celebrating success: anyone on the staff list posts a success to the partnership's feed, and thanks
// colleagues in other organisations. Successes stay at partnership level: see privacy.ts.
import { randomUUID } from 'node:crypto';
import { record } from '../../audit/index.ts';
import type { Ctx, StaffActor } from '../../context.ts';
import { type FieldError, Invalid, NotFound, Refused } from '../../errors.ts';
import { authorise } from '../../policy/index.ts';
import { staffDirectory } from '../learning/index.ts';
import { listOrganisations, partnershipOf, requirePermission } from '../partnerships/index.ts';
import { personalDataProblems } from './privacy.ts';
import type { SuccessInput, ThanksInput } from './schema.ts';
import * as store from './store.ts';

export const FEED_SIZE = 50;

function staff(ctx: Ctx): StaffActor {
  if (ctx.actor.kind !== 'staff') throw new Refused(['Successes and thanks are posted by staff.']);
  return ctx.actor;
}

type ThanksRow = Awaited<ReturnType<typeof store.recentThanks>>[number];

export type FeedItem =
  | {
      kind: 'success';
      at: Date;
      success: Awaited<ReturnType<typeof store.recentSuccesses>>[number] & {
        organisationNames: string[];
        thanks: ThanksRow[];
        mayRemove: boolean;
      };
    }
  | { kind: 'thanks'; at: Date; thanks: ThanksRow & { mayRemove: boolean } };

function mayRemove(ctx: Ctx, authorId: string): boolean {
  return (
    (ctx.actor.kind === 'staff' && ctx.actor.userId === authorId) ||
    authorise(ctx.actor, 'success.moderate').allowed
  );
}

/** The newest successes and thanks, newest first; thanks for a success on the feed sit under it. */
export async function feed(ctx: Ctx, size = FEED_SIZE): Promise<FeedItem[]> {
  requirePermission(ctx.actor, 'partnership.view');
  const partnershipId = partnershipOf(ctx);
  const [successes, thanks, organisations] = await Promise.all([
    store.recentSuccesses(ctx.db, partnershipId, size),
    store.recentThanks(ctx.db, partnershipId, size),
    listOrganisations(ctx),
  ]);
  const attached = await store.thanksForSuccesses(
    ctx.db,
    partnershipId,
    successes.map((s) => s.id),
  );
  const names = new Map(organisations.map((o) => [o.id, o.name]));
  const shown = new Set(successes.map((s) => s.id));
  const items: FeedItem[] = [
    ...successes.map((s) => ({
      kind: 'success' as const,
      at: new Date(s.posted_at),
      success: {
        ...s,
        organisationNames: s.organisation_ids.map((id) => names.get(id)).filter((n): n is string => !!n),
        thanks: attached.filter((t) => t.success_id === s.id),
        mayRemove: mayRemove(ctx, s.posted_by),
      },
    })),
    ...thanks
      .filter((t) => !t.success_id || !shown.has(t.success_id))
      .map((t) => ({
        kind: 'thanks' as const,
        at: new Date(t.given_at),
        thanks: { ...t, mayRemove: mayRemove(ctx, t.from_staff_id) },
      })),
  ];
  return items.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, size);
}

/** Thanks the signed-in member of staff has received, newest first, for their home page. */
export async function thanksReceived(ctx: Ctx, limit = 5) {
  if (ctx.actor.kind !== 'staff') return [];
  return store.thanksTo(ctx.db, ctx.actor.partnershipId, ctx.actor.userId, limit);
}

export async function getSuccess(ctx: Ctx, id: string) {
  requirePermission(ctx.actor, 'partnership.view');
  const row = await store.getSuccess(ctx.db, partnershipOf(ctx), id);
  if (!row) throw new NotFound('The success');
  return row;
}

export async function postSuccess(ctx: Ctx, input: SuccessInput, id: string = randomUUID()) {
  const actor = staff(ctx);
  requirePermission(actor, 'partnership.view');
  const errors: FieldError[] = personalDataProblems({ title: input.title, story: input.story });
  const known = new Set((await listOrganisations(ctx)).map((o) => o.id));
  if (input.organisationIds.some((o) => !known.has(o))) {
    errors.push({ field: 'organisationIds', message: 'Select organisations from the list' });
  }
  if (errors.length) throw new Invalid(errors);
  await store.insertSuccess(ctx.db, {
    partnership_id: actor.partnershipId,
    id,
    title: input.title,
    story: input.story,
    kind: input.kind,
    organisation_ids: input.organisationIds,
    posted_by: actor.userId,
    posted_at: ctx.clock.now(),
    removed_at: null,
    removed_by: null,
  });
  await record(ctx, {
    action: 'success.post',
    entityType: 'success',
    entityId: id,
    detail: { kind: input.kind },
  });
  return { id };
}

/** Thanks go across organisations: the feed is for recognising partners' work, not one's own team's. */
export async function giveThanks(ctx: Ctx, input: ThanksInput, id: string = randomUUID()) {
  const actor = staff(ctx);
  requirePermission(actor, 'partnership.view');
  const errors: FieldError[] = personalDataProblems({ message: input.message });
  const to = (await staffDirectory(ctx)).find((s) => s.id === input.toStaffId);
  if (!to) errors.push({ field: 'toStaffId', message: 'Select whom you are thanking from the list' });
  else if (to.organisation_id === actor.organisationId) {
    errors.push({
      field: 'toStaffId',
      message: `Select someone from another organisation: thanks here are for partners. ${to.name} works at ${to.organisation_name}, as you do`,
    });
  }
  if (input.successId && !(await store.getSuccess(ctx.db, actor.partnershipId, input.successId))) {
    errors.push({ field: 'successId', message: 'The success was not found: it may have been taken down' });
  }
  if (errors.length) throw new Invalid(errors);
  await store.insertThanks(ctx.db, {
    partnership_id: actor.partnershipId,
    id,
    from_staff_id: actor.userId,
    to_staff_id: input.toStaffId,
    message: input.message,
    success_id: input.successId,
    given_at: ctx.clock.now(),
    removed_at: null,
    removed_by: null,
  });
  await record(ctx, {
    action: 'thanks.give',
    entityType: 'thanks',
    entityId: id,
    detail: { to: input.toStaffId, successId: input.successId },
  });
  return { id };
}

function requireMayRemove(ctx: Ctx, authorId: string) {
  if (mayRemove(ctx, authorId)) return;
  throw new Refused(
    ['Only the person who posted it, or a manager, may take it down.'],
    'a manager in your organisation',
  );
}

export async function removeSuccess(ctx: Ctx, id: string) {
  const partnershipId = partnershipOf(ctx);
  const row = await store.getSuccess(ctx.db, partnershipId, id);
  if (!row) throw new NotFound('The success');
  requireMayRemove(ctx, row.posted_by);
  await store.removeSuccess(
    ctx.db,
    partnershipId,
    id,
    ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
    ctx.clock.now(),
  );
  await record(ctx, { action: 'success.remove', entityType: 'success', entityId: id });
}

export async function getThanks(ctx: Ctx, id: string) {
  requirePermission(ctx.actor, 'partnership.view');
  const row = await store.getThanks(ctx.db, partnershipOf(ctx), id);
  if (!row) throw new NotFound('The thanks');
  return row;
}

export async function removeThanks(ctx: Ctx, id: string) {
  const partnershipId = partnershipOf(ctx);
  const row = await store.getThanks(ctx.db, partnershipId, id);
  if (!row) throw new NotFound('The thanks');
  requireMayRemove(ctx, row.from_staff_id);
  await store.removeThanks(
    ctx.db,
    partnershipId,
    id,
    ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
    ctx.clock.now(),
  );
  await record(ctx, { action: 'thanks.remove', entityType: 'thanks', entityId: id });
}

/** Successes and thanks in the last `days` days, for the Partnership page: a quiet feed is a warning sign. */
export async function successSummary(ctx: Ctx, days = 90) {
  requirePermission(ctx.actor, 'partnership.view');
  const since = new Date(ctx.clock.now().getTime() - days * 86_400_000);
  return { days, ...(await store.countSince(ctx.db, partnershipOf(ctx), since)) };
}
