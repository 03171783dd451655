// Small helpers the learning services share: who is acting, today's date, and the own-organisation rule.
import type { Ctx } from '../../context.ts';
import { Refused } from '../../errors.ts';
import { londonDate, roleLabel } from '../../policy/index.ts';
import { partnershipOf, requirePermission } from '../partnerships/index.ts';
import * as store from './store.ts';

export { partnershipOf };

export function actorName(ctx: Ctx): string {
  return ctx.actor.kind === 'anonymous' ? 'unknown' : ctx.actor.name;
}

export function actorId(ctx: Ctx): string | null {
  return ctx.actor.kind === 'staff' ? ctx.actor.userId : null;
}

/** Today in England, as YYYY-MM-DD: training falls due by calendar date. */
export function today(ctx: Ctx): string {
  return londonDate(ctx.clock.now());
}

/**
 * Managers, senior leaders and information governance leads keep learning records, but a manager speaks
 * for their own organisation only: its page, its staff's training dates. Administrators (and the
 * information governance lead, who runs information sharing training for everyone) may do it for any.
 */
export function mayActFor(
  ctx: Ctx,
  organisationId: string,
  anyOrganisation: readonly string[] = ['admin'],
): boolean {
  const a = ctx.actor;
  if (a.kind === 'system') return true;
  if (a.kind !== 'staff') return false;
  return anyOrganisation.includes(a.role) || a.organisationId === organisationId;
}

export function requireActFor(
  ctx: Ctx,
  organisationId: string,
  organisationName: string,
  anyOrganisation: readonly string[] = ['admin'],
): void {
  requirePermission(ctx.actor, 'learning.manage');
  if (mayActFor(ctx, organisationId, anyOrganisation)) return;
  const role = ctx.actor.kind === 'staff' ? roleLabel(ctx.actor.role).toLowerCase() : 'someone';
  throw new Refused(
    [
      `As ${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} you keep your own organisation’s records; this is for ${organisationName}.`,
    ],
    `a manager at ${organisationName}, or your partnership's administrator`,
  );
}

export type DirectoryEntry = Awaited<ReturnType<typeof store.staffDirectory>>[number];

/** Everyone on the staff list, with their organisation and professional role: for choosing people. */
export async function staffDirectory(ctx: Ctx): Promise<DirectoryEntry[]> {
  requirePermission(ctx.actor, 'partnership.view');
  return store.staffDirectory(ctx.db, partnershipOf(ctx));
}
