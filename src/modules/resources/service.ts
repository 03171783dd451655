// Resources: what each member commits to the partnership (staff time, funding, other assets), so limits can
// be discussed honestly, and the joint funding bids members make together.
import { randomUUID } from 'node:crypto';
import { record } from '../../audit/index.ts';
import type { Actor, Ctx } from '../../context.ts';
import { Conflict, Invalid, NotFound, Refused } from '../../errors.ts';
import { authorise, londonDate } from '../../policy/index.ts';
import type { BidStatus } from '../../storage/tables.ts';
import { listOrganisations, partnershipOf, requirePermission } from '../partnerships/index.ts';
import type { BidInput, CommitmentInput } from './schema.ts';
import * as store from './store.ts';

export interface Commitment {
  id: string;
  organisationId: string;
  kind: store.CommitmentRow['kind'];
  description: string;
  hoursPerWeek: number | null;
  amountPerYear: number | null;
  startsOn: string | null;
  endsOn: string | null;
  current: boolean;
}

export interface Bid {
  id: string;
  title: string;
  funder: string;
  amount: number;
  leadOrganisationId: string;
  partnerOrganisationIds: string[];
  status: BidStatus;
  deadlineOn: string | null;
  submittedOn: string | null;
  decisionOn: string | null;
  notes: string;
  revision: number;
  updatedAt: Date;
  updatedByName: string;
}

const day = (v: unknown): string | null => (v ? String(v).slice(0, 10) : null);

function toCommitment(row: Awaited<ReturnType<typeof store.commitments>>[number], today: string): Commitment {
  const startsOn = day(row.starts_on);
  const endsOn = day(row.ends_on);
  return {
    id: row.id,
    organisationId: row.organisation_id,
    kind: row.kind,
    description: row.description,
    hoursPerWeek: row.hours_per_week === null ? null : Number(row.hours_per_week),
    amountPerYear: row.amount_per_year,
    startsOn,
    endsOn,
    current: (startsOn === null || startsOn <= today) && (endsOn === null || endsOn >= today),
  };
}

function toBid(row: Awaited<ReturnType<typeof store.bids>>[number]): Bid {
  return {
    id: row.id,
    title: row.title,
    funder: row.funder,
    amount: row.amount,
    leadOrganisationId: row.lead_organisation_id,
    partnerOrganisationIds: row.partner_organisation_ids,
    status: row.status,
    deadlineOn: day(row.deadline_on),
    submittedOn: day(row.submitted_on),
    decisionOn: day(row.decision_on),
    notes: row.notes,
    revision: row.revision,
    updatedAt: new Date(row.updated_at),
    updatedByName: row.updated_by_name,
  };
}

/** Senior leaders and administrators may commit for any member; a manager for their own organisation. */
export function canManageFor(actor: Actor, organisationIds: readonly string[]): boolean {
  if (!authorise(actor, 'resources.manage').allowed) return false;
  if (actor.kind === 'staff' && actor.role === 'manager')
    return organisationIds.includes(actor.organisationId);
  return true;
}

function requireManageFor(actor: Actor, organisationIds: readonly string[]): void {
  requirePermission(actor, 'resources.manage');
  if (!canManageFor(actor, organisationIds)) {
    throw new Refused(
      [
        'A manager records their own organisation’s commitments and bids it takes part in; a senior leader or administrator records any.',
      ],
      'a manager at that organisation',
    );
  }
}

function sum(values: Array<number | null>): number {
  return values.reduce<number>((total, v) => total + (v ?? 0), 0);
}

export async function resourcesPage(ctx: Ctx) {
  requirePermission(ctx.actor, 'partnership.view');
  const partnershipId = partnershipOf(ctx);
  const today = londonDate(ctx.clock.now());
  const [organisations, commitmentRows, bidRows] = await Promise.all([
    listOrganisations(ctx),
    store.commitments(ctx.db, partnershipId),
    store.bids(ctx.db, partnershipId),
  ]);
  const commitments = commitmentRows.map((r) => toCommitment(r, today));
  const current = commitments.filter((c) => c.current);
  const totalHours = sum(current.map((c) => c.hoursPerWeek));
  const totalFunding = sum(current.map((c) => c.amountPerYear));
  const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);
  const members = organisations.map((organisation) => {
    const own = commitments.filter((c) => c.organisationId === organisation.id);
    const ownCurrent = own.filter((c) => c.current);
    const hours = sum(ownCurrent.map((c) => c.hoursPerWeek));
    const funding = sum(ownCurrent.map((c) => c.amountPerYear));
    return {
      organisation,
      commitments: own,
      hours,
      funding,
      hoursShare: share(hours, totalHours),
      fundingShare: share(funding, totalFunding),
      canManage: canManageFor(ctx.actor, [organisation.id]),
    };
  });
  const bids = bidRows.map(toBid);
  const byStatus = Object.fromEntries(
    (['drafting', 'submitted', 'awarded', 'declined'] as const).map((s) => [
      s,
      {
        count: bids.filter((b) => b.status === s).length,
        amount: sum(bids.filter((b) => b.status === s).map((b) => b.amount)),
      },
    ]),
  ) as Record<BidStatus, { count: number; amount: number }>;
  return {
    organisations,
    organisationNames: Object.fromEntries(organisations.map((o) => [o.id, o.name])),
    members,
    totals: { hours: totalHours, funding: totalFunding, commitments: commitments.length },
    bids: bids.map((b) => ({
      ...b,
      canManage: canManageFor(ctx.actor, [b.leadOrganisationId, ...b.partnerOrganisationIds]),
    })),
    byStatus,
    canAdd: organisations.some((o) => canManageFor(ctx.actor, [o.id])),
  };
}

async function requireMember(ctx: Ctx, organisationId: string, field: string) {
  const organisations = await listOrganisations(ctx);
  if (!organisations.some((o) => o.id === organisationId)) {
    throw new Invalid([{ field, message: 'Select one of the member organisations' }]);
  }
  return organisations;
}

export async function getCommitment(ctx: Ctx, id: string): Promise<Commitment> {
  requirePermission(ctx.actor, 'partnership.view');
  const row = await store.commitment(ctx.db, partnershipOf(ctx), id);
  if (!row) throw new NotFound('The commitment');
  return toCommitment(row, londonDate(ctx.clock.now()));
}

function commitmentRow(ctx: Ctx, id: string, input: CommitmentInput): store.CommitmentRow {
  return {
    partnership_id: partnershipOf(ctx),
    id,
    organisation_id: input.organisationId,
    kind: input.kind,
    description: input.description,
    hours_per_week: input.hoursPerWeek,
    amount_per_year: input.amountPerYear,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
    updated_at: ctx.clock.now(),
  };
}

export async function addCommitment(ctx: Ctx, input: CommitmentInput): Promise<{ id: string }> {
  requirePermission(ctx.actor, 'resources.manage');
  await requireMember(ctx, input.organisationId, 'organisationId');
  requireManageFor(ctx.actor, [input.organisationId]);
  const row = commitmentRow(ctx, randomUUID(), input);
  await store.insertCommitment(ctx.db, row);
  await record(ctx, {
    action: 'resource.commit',
    entityType: 'resource_commitment',
    entityId: row.id,
    detail: {
      organisationId: row.organisation_id,
      kind: row.kind,
      hoursPerWeek: row.hours_per_week,
      amountPerYear: row.amount_per_year,
    },
  });
  return { id: row.id };
}

export async function updateCommitment(ctx: Ctx, id: string, input: CommitmentInput): Promise<void> {
  requirePermission(ctx.actor, 'resources.manage');
  const before = await getCommitment(ctx, id);
  requireManageFor(ctx.actor, [before.organisationId]);
  await requireMember(ctx, input.organisationId, 'organisationId');
  requireManageFor(ctx.actor, [input.organisationId]);
  const row = commitmentRow(ctx, id, input);
  await store.updateCommitment(ctx.db, row);
  await record(ctx, {
    action: 'resource.update',
    entityType: 'resource_commitment',
    entityId: id,
    detail: {
      before: { hoursPerWeek: before.hoursPerWeek, amountPerYear: before.amountPerYear },
      after: { hoursPerWeek: row.hours_per_week, amountPerYear: row.amount_per_year },
    },
  });
}

export async function removeCommitment(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'resources.manage');
  const before = await getCommitment(ctx, id);
  requireManageFor(ctx.actor, [before.organisationId]);
  await store.deleteCommitment(ctx.db, partnershipOf(ctx), id);
  await record(ctx, { action: 'resource.remove', entityType: 'resource_commitment', entityId: id });
}

export async function getBid(ctx: Ctx, id: string): Promise<Bid> {
  requirePermission(ctx.actor, 'partnership.view');
  const row = await store.bid(ctx.db, partnershipOf(ctx), id);
  if (!row) throw new NotFound('The funding bid');
  return toBid(row);
}

async function bidRow(ctx: Ctx, id: string, input: BidInput): Promise<store.BidRow> {
  const organisations = await requireMember(ctx, input.leadOrganisationId, 'leadOrganisationId');
  const members = new Set(organisations.map((o) => o.id));
  if (!input.partnerOrganisationIds.every((p) => members.has(p))) {
    throw new Invalid([
      { field: 'partnerOrganisationIds', message: 'Select partners from the member organisations' },
    ]);
  }
  const today = londonDate(ctx.clock.now());
  const future = [
    ['submittedOn', input.submittedOn, 'The date it was submitted must be today or in the past'],
    ['decisionOn', input.decisionOn, 'The date of the decision must be today or in the past'],
  ] as const;
  const errors = future
    .filter(([, d]) => d !== null && d > today)
    .map(([field, , message]) => ({ field, message }));
  if (errors.length) throw new Invalid(errors);
  requireManageFor(ctx.actor, [input.leadOrganisationId, ...input.partnerOrganisationIds]);
  return {
    partnership_id: partnershipOf(ctx),
    id,
    title: input.title,
    funder: input.funder,
    amount: input.amount,
    lead_organisation_id: input.leadOrganisationId,
    partner_organisation_ids: input.partnerOrganisationIds,
    status: input.status,
    deadline_on: input.deadlineOn,
    submitted_on: input.submittedOn,
    decision_on: input.decisionOn,
    notes: input.notes,
    updated_at: ctx.clock.now(),
    updated_by_name: ctx.actor.kind === 'staff' ? ctx.actor.name : 'JoinedUp',
  };
}

export async function addBid(ctx: Ctx, input: BidInput): Promise<{ id: string }> {
  requirePermission(ctx.actor, 'resources.manage');
  const row = await bidRow(ctx, randomUUID(), input);
  await store.insertBid(ctx.db, row);
  await record(ctx, {
    action: 'funding_bid.create',
    entityType: 'joint_funding_bid',
    entityId: row.id,
    detail: { status: row.status, amount: row.amount, leadOrganisationId: row.lead_organisation_id },
  });
  return { id: row.id };
}

export async function updateBid(ctx: Ctx, id: string, input: BidInput): Promise<void> {
  requirePermission(ctx.actor, 'resources.manage');
  const before = await getBid(ctx, id);
  requireManageFor(ctx.actor, [before.leadOrganisationId, ...before.partnerOrganisationIds]);
  const row = await bidRow(ctx, id, input);
  if (input.revision === undefined) {
    throw new Invalid([{ field: 'revision', message: 'Reload the page and try again' }]);
  }
  if (!(await store.updateBid(ctx.db, row, input.revision))) {
    throw new Conflict(
      'Someone else changed this bid while you were editing it. Your changes are below with the saved bid beside them; check them and save again.',
      before,
    );
  }
  await record(ctx, {
    action: 'funding_bid.update',
    entityType: 'joint_funding_bid',
    entityId: id,
    detail: {
      before: { status: before.status, amount: before.amount },
      after: { status: row.status, amount: row.amount },
    },
  });
}
