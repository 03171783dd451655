import { randomUUID } from 'node:crypto';
import { record } from '../../audit/index.ts';
import type { Actor, Ctx } from '../../context.ts';
import { Invalid, NotFound, Refused } from '../../errors.ts';
import { authorise, type Permission } from '../../policy/index.ts';
import { uniqueOrInvalid } from '../../storage/unique.ts';
import { workSummary } from '../careplans/index.ts';
import type { OrganisationInput } from './schema.ts';
import * as store from './store.ts';

function partnershipOf(ctx: Ctx): string {
  const a = ctx.actor;
  if (a.kind === 'staff') return a.partnershipId;
  if (a.kind === 'system' && a.partnershipId) return a.partnershipId;
  throw new Refused(['You are not signed in.']);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  const decision = authorise(actor, permission);
  if (!decision.allowed) throw new Refused(decision.reasons, decision.askWhom);
}

function require(ctx: Ctx, permission: Permission): void {
  requirePermission(ctx.actor, permission);
}

export async function overview(ctx: Ctx) {
  require(ctx, 'partnership.view');
  const partnershipId = partnershipOf(ctx);
  const [partnership, organisations, counts] = await Promise.all([
    store.getPartnership(ctx.db, partnershipId),
    store.listOrganisations(ctx.db, partnershipId),
    store.staffCounts(ctx.db, partnershipId),
  ]);
  if (!partnership) throw new NotFound('The partnership');
  const staffCounts = Object.fromEntries(counts.map((c) => [c.organisation_id, Number(c.n)]));
  return { partnership, organisations, staffCounts };
}

/** The home page: who I am, where I work, who else is in the partnership, and how much of my work is overdue. */
export async function home(ctx: Ctx) {
  require(ctx, 'partnership.view');
  if (ctx.actor.kind !== 'staff') throw new Refused(['You are not signed in.']);
  const actor = ctx.actor;
  const [found, work] = await Promise.all([
    store.partnershipFor(ctx.db, actor.partnershipId, actor.userId),
    workSummary(ctx),
  ]);
  if (!found?.me) throw new NotFound('The partnership');
  const { organisations: list, me, ...partnership } = found;
  const organisations = list ?? [];
  const organisation = organisations.find((o) => o.id === me.organisation_id);
  if (!organisation) throw new NotFound('Your organisation');
  return { partnership, organisations, me: { organisation, professionalRole: me.professional_role }, work };
}

export async function organisationWithStaff(ctx: Ctx, id: string) {
  const organisation = await getOrganisation(ctx, id);
  const staff = await store.staffOf(ctx.db, organisation.partnership_id, id);
  return { organisation, staff };
}

export async function listOrganisations(ctx: Ctx) {
  require(ctx, 'partnership.view');
  return store.listOrganisations(ctx.db, partnershipOf(ctx));
}

export async function getOrganisation(ctx: Ctx, id: string) {
  require(ctx, 'partnership.view');
  const org = await store.getOrganisation(ctx.db, partnershipOf(ctx), id);
  if (!org) throw new NotFound('The organisation');
  return org;
}

const NAME_TAKEN = { field: 'name', message: 'An organisation with this name is already a member' };
/** Two organisations named at the same instant: the second insert hits the table's unique key. */
const NAME_UNIQUE = { organisation_partnership_id_name_key: NAME_TAKEN };

export async function createOrganisation(ctx: Ctx, input: OrganisationInput, id: string = randomUUID()) {
  require(ctx, 'organisation.manage');
  const partnershipId = partnershipOf(ctx);
  if (await store.organisationNameTaken(ctx.db, partnershipId, input.name)) {
    throw new Invalid([NAME_TAKEN]);
  }
  const row = { partnership_id: partnershipId, id, created_at: ctx.clock.now(), ...input };
  await uniqueOrInvalid(() => store.insertOrganisation(ctx.db, row), NAME_UNIQUE);
  await record(ctx, {
    action: 'organisation.create',
    entityType: 'organisation',
    entityId: row.id,
    detail: input,
  });
  return row;
}

export async function updateOrganisation(ctx: Ctx, id: string, input: OrganisationInput) {
  require(ctx, 'organisation.manage');
  const partnershipId = partnershipOf(ctx);
  const before = await store.getOrganisation(ctx.db, partnershipId, id);
  if (!before) throw new NotFound('The organisation');
  if (await store.organisationNameTaken(ctx.db, partnershipId, input.name, id)) {
    throw new Invalid([NAME_TAKEN]);
  }
  await uniqueOrInvalid(() => store.updateOrganisation(ctx.db, partnershipId, id, input), NAME_UNIQUE);
  await record(ctx, {
    action: 'organisation.update',
    entityType: 'organisation',
    entityId: id,
    detail: { before: { name: before.name, kind: before.kind }, after: input },
  });
}

export { partnershipOf };

/** A new partnership with its first member organisation: the start of every installation. */
export async function createPartnership(
  ctx: Ctx,
  input: { id?: string; name: string; organisation: OrganisationInput & { id?: string } },
) {
  if (ctx.actor.kind !== 'system') throw new Refused(['Partnerships are created from the command line.']);
  const now = ctx.clock.now();
  const partnershipId = input.id ?? randomUUID();
  await ctx.db
    .insertInto('partnership')
    .values({ id: partnershipId, name: input.name, created_at: now })
    .execute();
  const organisation = {
    partnership_id: partnershipId,
    id: input.organisation.id ?? randomUUID(),
    name: input.organisation.name,
    kind: input.organisation.kind,
    created_at: now,
  };
  await store.insertOrganisation(ctx.db, organisation);
  const system = { ...ctx, actor: { ...ctx.actor, partnershipId } };
  await record(system, { action: 'partnership.create', entityType: 'partnership', entityId: partnershipId });
  await record(system, {
    action: 'organisation.create',
    entityType: 'organisation',
    entityId: organisation.id,
    detail: input.organisation,
  });
  return { partnershipId, organisationId: organisation.id };
}

export async function findPartnershipByName(ctx: Ctx, name: string) {
  return ctx.db.selectFrom('partnership').selectAll().where('name', '=', name).executeTakeFirst();
}
