// Asking the policy about a person's record, with the answer written to the audit trail: every allowed read
// with its basis, every refusal with its reason.
import { record } from '../audit/index.ts';
import type { Ctx } from '../context.ts';
import { NotFound, Refused } from '../errors.ts';
import type { DataCategory } from '../storage/tables.ts';
import { loadPersonFacts } from './facts.ts';
import type { Decision } from './index.ts';
import {
  decideForPerson,
  type EntryFacts,
  type PersonAction,
  type PersonFacts,
  relationshipOf,
} from './person.ts';

export interface PersonAccess {
  facts: PersonFacts;
  /** May the actor open this person's record at all (see who they are)? A relationship is enough. */
  opens: Decision;
  decide(category: DataCategory, action: PersonAction, entry?: EntryFacts): Decision;
}

export function actorPartnership(ctx: Ctx): string {
  const a = ctx.actor;
  if (a.kind === 'staff' || a.kind === 'person') return a.partnershipId;
  if (a.kind === 'system' && a.partnershipId) return a.partnershipId;
  throw new Refused(['You are not signed in.']);
}

/** Loads what the policy needs about one person; NotFound if there is no such person in the partnership. */
export async function personAccess(ctx: Ctx, personId: string): Promise<PersonAccess> {
  const facts = await loadPersonFacts(ctx.db, actorPartnership(ctx), personId);
  if (!facts) throw new NotFound('The person');
  const now = ctx.clock.now();
  return {
    facts,
    opens: opensRecord(ctx, facts, now),
    decide: (category, action, entry) => decideForPerson(ctx.actor, facts, category, action, now, entry),
  };
}

function opensRecord(ctx: Ctx, facts: PersonFacts, now: Date): Decision {
  const a = ctx.actor;
  if (a.kind === 'system') return { allowed: true, reasons: ['system'], basis: 'system' };
  if (a.kind === 'person') {
    return a.personId === facts.personId
      ? {
          allowed: true,
          reasons: ['This is your own record.'],
          basis: a.representativeId ? 'representative' : 'self',
        }
      : { allowed: false, reasons: ['You can only see your own record.'], basis: null };
  }
  if (a.kind !== 'staff') return { allowed: false, reasons: ['You are not signed in.'], basis: null };
  const relationship = relationshipOf(a, facts, now);
  if (relationship) return { allowed: true, reasons: [relationship], basis: relationship };
  const refusal: Decision = {
    allowed: false,
    reasons: [
      'You are not on this person’s care team, so you cannot open their record. Ask to be added to the care team, or, in an emergency, use emergency access and give your reason.',
    ],
    basis: null,
  };
  if (facts.lead)
    refusal.askWhom = `${facts.lead.name} (${facts.lead.organisationName}), the lead coordinator`;
  return refusal;
}

/** Records that a page or response showed these categories of a person's data, and on which basis. */
export async function auditPersonRead(
  ctx: Ctx,
  personId: string,
  what: string,
  shown: ReadonlyArray<{ category: DataCategory; decision: Decision }>,
): Promise<void> {
  const allowed = shown.filter((s) => s.decision.allowed);
  const refused = shown.filter((s) => !s.decision.allowed);
  const bases = [...new Set(allowed.map((s) => s.decision.basis ?? ''))].filter(Boolean);
  await record(ctx, {
    action: `person.read.${what}`,
    outcome: allowed.length ? 'success' : 'refused',
    entityType: 'person',
    entityId: personId,
    personId,
    basis: bases.join(' | ') || 'none',
    detail: {
      shown: [...new Set(allowed.map((s) => s.category))],
      withheld: [...new Set(refused.map((s) => s.category))],
    },
  });
}

/** For a single category: refuses (and records the refusal) unless allowed; records the allowed read. */
export async function requirePersonAccess(
  ctx: Ctx,
  personId: string,
  category: DataCategory,
  action: PersonAction,
  what: string,
  entry?: EntryFacts,
): Promise<{ access: PersonAccess; decision: Decision }> {
  const access = await personAccess(ctx, personId);
  const decision = access.decide(category, action, entry);
  if (action === 'read') await auditPersonRead(ctx, personId, what, [{ category, decision }]);
  else if (!decision.allowed) {
    await record(ctx, {
      action: `person.write.${what}`,
      outcome: 'refused',
      entityType: 'person',
      entityId: personId,
      personId,
      detail: { category, reasons: decision.reasons },
    });
  }
  if (!decision.allowed) throw new Refused(decision.reasons, decision.askWhom).keepingRecord();
  return { access, decision };
}
