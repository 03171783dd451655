import { randomUUID } from 'node:crypto';
import type { Ctx } from '../context.ts';
import type { Db } from '../storage/database.ts';
import type { AuditOutcome } from '../storage/tables.ts';
import { GENESIS_HASH, hashRow, PLATFORM_CHAIN } from './chain.ts';

export interface AuditEntry {
  action: string;
  outcome?: AuditOutcome;
  entityType?: string;
  entityId?: string;
  personId?: string;
  /** Why this access was allowed (care team and consent, break-glass, ...). Required for reads of person data. */
  basis?: string;
  /** Facts about the event. Never passwords, secrets or free text about a person. */
  detail?: Record<string, unknown>;
  /** Overrides the actor's partnership, for events whose actor is not yet known (a failed sign-in). */
  partnershipId?: string;
  actorUserId?: string;
  actorOrganisationId?: string;
}

/**
 * Appends one row to the partnership's audit chain. Call it with the same transaction as the change it
 * records, so that the change and its record stand or fall together.
 */
export async function record(ctx: Ctx, entry: AuditEntry): Promise<void> {
  const actor = ctx.actor;
  const partnershipId =
    entry.partnershipId ??
    (actor.kind === 'staff' || actor.kind === 'person' || actor.kind === 'system'
      ? actor.partnershipId
      : null) ??
    PLATFORM_CHAIN;
  await append(ctx.db, {
    partnership_id: partnershipId,
    id: randomUUID(),
    at: ctx.clock.now(),
    actor_user_id: entry.actorUserId ?? (actor.kind === 'staff' ? actor.userId : null),
    actor_organisation_id:
      entry.actorOrganisationId ?? (actor.kind === 'staff' ? actor.organisationId : null),
    action: entry.action,
    outcome: entry.outcome ?? 'success',
    entity_type: entry.entityType ?? null,
    entity_id: entry.entityId ?? null,
    person_id: entry.personId ?? null,
    basis: entry.basis ?? null,
    detail: { ...actorDetail(actor), ...(entry.detail ?? {}) },
  });
}

/**
 * Who acted, for actors that are not staff. A person's account is named by its id (never by name): their own
 * access report tells a representative's reads from the person's own by it.
 */
function actorDetail(actor: Ctx['actor']): Record<string, unknown> {
  if (actor.kind === 'system') return { system: actor.name };
  if (actor.kind === 'person') {
    return { personAccountId: actor.accountId, representativeId: actor.representativeId };
  }
  return {};
}

type NewRow = Omit<Parameters<typeof hashRow>[0], 'seq' | 'prev_hash'>;

async function append(db: Db, row: NewRow): Promise<void> {
  // The head row is the chain's lock: whoever holds it appends the next link; others wait their turn.
  await db
    .insertInto('audit_chain_head')
    .values({ partnership_id: row.partnership_id, seq: 0, hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('partnership_id').doNothing())
    .execute();
  const head = await db
    .selectFrom('audit_chain_head')
    .select(['seq', 'hash'])
    .where('partnership_id', '=', row.partnership_id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const seq = Number(head.seq) + 1;
  const full = { ...row, seq, prev_hash: head.hash };
  const hash = hashRow(full);
  await db
    .insertInto('audit_event')
    .values({ ...full, outcome: full.outcome as AuditOutcome, detail: JSON.stringify(row.detail), hash })
    .execute();
  await db
    .updateTable('audit_chain_head')
    .set({ seq, hash })
    .where('partnership_id', '=', row.partnership_id)
    .execute();
}
