// Each member's own priorities and targets, set beside the agreement's shared aims. Where two or more
// members' priorities support the same aim, that aim is an area of shared interest: the place to start
// when priorities clash (the guide's remedy for differing priorities and targets).
import { randomUUID } from 'node:crypto';
import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { Invalid, NotFound } from '../../errors.ts';
import { authorise } from '../../policy/index.ts';
import { listOrganisations, partnershipOf, requirePermission } from '../partnerships/index.ts';
import type { PriorityInput } from './schema.ts';
import { currentVersion } from './service.ts';
import * as store from './store.ts';

export interface Priority {
  id: string;
  organisationId: string;
  priority: string;
  target: string;
  supportsAims: string[];
}

function toPriority(row: Awaited<ReturnType<typeof store.priorities>>[number]): Priority {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    priority: row.priority,
    target: row.target,
    supportsAims: row.supports_aims,
  };
}

/** The aim × organisation table, with the areas of shared interest and what sits outside the aims. */
export async function sharedInterest(ctx: Ctx) {
  requirePermission(ctx.actor, 'partnership.view');
  const partnershipId = partnershipOf(ctx);
  const [current, organisations, rows] = await Promise.all([
    currentVersion(ctx),
    listOrganisations(ctx),
    store.priorities(ctx.db, partnershipId),
  ]);
  const priorities = rows.map(toPriority);
  const aims = current?.aims ?? [];
  const aimIds = new Set(aims.map((a) => a.id));
  const table = aims.map((aim) => {
    const cells = organisations.map((organisation) => ({
      organisation,
      priorities: priorities.filter(
        (p) => p.organisationId === organisation.id && p.supportsAims.includes(aim.id),
      ),
    }));
    const supporters = cells.filter((c) => c.priorities.length > 0).length;
    return { aim, cells, supporters, shared: supporters >= 2 };
  });
  const byOrganisation = organisations.map((organisation) => ({
    organisation,
    priorities: priorities
      .filter((p) => p.organisationId === organisation.id)
      .map((p) => ({ ...p, aims: aims.filter((a) => p.supportsAims.includes(a.id)) })),
  }));
  return {
    version: current ? { version: current.version, status: current.status } : null,
    organisations,
    organisationNames: Object.fromEntries(organisations.map((o) => [o.id, o.name])),
    table,
    shared: table.filter((r) => r.shared),
    unsupported: table.filter((r) => r.supporters === 0),
    outsideAims: priorities.filter((p) => !p.supportsAims.some((id) => aimIds.has(id))),
    byOrganisation,
    count: priorities.length,
    canManage: authorise(ctx.actor, 'mou.manage').allowed,
  };
}

export async function getPriority(ctx: Ctx, id: string): Promise<Priority> {
  requirePermission(ctx.actor, 'partnership.view');
  const row = await store.priority(ctx.db, partnershipOf(ctx), id);
  if (!row) throw new NotFound('The priority');
  return toPriority(row);
}

async function checked(ctx: Ctx, input: PriorityInput) {
  const organisations = await listOrganisations(ctx);
  if (!organisations.some((o) => o.id === input.organisationId)) {
    throw new Invalid([{ field: 'organisationId', message: 'Select one of the member organisations' }]);
  }
  const current = await currentVersion(ctx);
  const aimIds = new Set((current?.aims ?? []).map((a) => a.id));
  if (!input.supportsAims.every((id) => aimIds.has(id))) {
    throw new Invalid([{ field: 'supportsAims', message: 'Select shared aims from the written agreement' }]);
  }
}

export async function addPriority(ctx: Ctx, input: PriorityInput): Promise<{ id: string }> {
  requirePermission(ctx.actor, 'mou.manage');
  await checked(ctx, input);
  const now = ctx.clock.now();
  const id = randomUUID();
  await store.insertPriority(ctx.db, {
    partnership_id: partnershipOf(ctx),
    id,
    organisation_id: input.organisationId,
    priority: input.priority,
    target: input.target,
    supports_aims: input.supportsAims,
    created_at: now,
    updated_at: now,
  });
  await record(ctx, {
    action: 'priority.create',
    entityType: 'organisation_priority',
    entityId: id,
    detail: { organisationId: input.organisationId, supportsAims: input.supportsAims.length },
  });
  return { id };
}

export async function updatePriority(ctx: Ctx, id: string, input: PriorityInput): Promise<void> {
  requirePermission(ctx.actor, 'mou.manage');
  await getPriority(ctx, id);
  await checked(ctx, input);
  await store.updatePriority(ctx.db, partnershipOf(ctx), id, {
    organisation_id: input.organisationId,
    priority: input.priority,
    target: input.target,
    supports_aims: input.supportsAims,
    updated_at: ctx.clock.now(),
  });
  await record(ctx, { action: 'priority.update', entityType: 'organisation_priority', entityId: id });
}

export async function removePriority(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'mou.manage');
  await getPriority(ctx, id);
  await store.deletePriority(ctx.db, partnershipOf(ctx), id);
  await record(ctx, { action: 'priority.remove', entityType: 'organisation_priority', entityId: id });
}
