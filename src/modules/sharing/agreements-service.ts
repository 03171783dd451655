// The register of information sharing agreements between member organisations. The information governance
// lead keeps it; everyone signed in may read it. The policy reads only active, in-date agreements (see
// policy/person.ts, condition 3), so what happens here changes who may see what at once.
import { randomUUID } from 'node:crypto';
import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { Conflict, Invalid, NotFound, Refused } from '../../errors.ts';
import { actorPartnership, authorise, londonDate, type Permission } from '../../policy/index.ts';
import type { DataCategory } from '../../storage/tables.ts';
import { daysBetween } from '../../web/date-input.ts';
import { listOrganisations } from '../partnerships/index.ts';
import type { AgreementChangeInput, NewAgreementInput } from './agreements-schema.ts';
import * as store from './agreements-store.ts';

/** Warnings start this many days before an agreement's review date. */
export const REVIEW_WARNING_DAYS = 30;

export type AgreementState = 'draft' | 'active' | 'expired' | 'ended';

export const STATE_LABELS: Record<AgreementState, string> = {
  draft: 'Draft',
  active: 'Active',
  expired: 'Expired',
  ended: 'Ended',
};

export interface AgreementParty {
  organisationId: string;
  organisationName: string;
  signatoryName: string;
  signatoryRole: string;
  signedOn: string | null;
}

export type ReviewWarning = { kind: 'due'; days: number } | { kind: 'overdue'; days: number };

export interface Agreement {
  id: string;
  title: string;
  purposes: string[];
  categories: DataCategory[];
  lawfulBasis: string;
  /** As stored: draft, active or ended. */
  status: 'draft' | 'active' | 'ended';
  /** As the register shows it: an active agreement whose end date has passed is expired. */
  state: AgreementState;
  /** Active, started and not past its end date: the policy relies on it today. */
  inForce: boolean;
  startsOn: string;
  reviewOn: string;
  endsOn: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  parties: AgreementParty[];
  unsigned: AgreementParty[];
  review: ReviewWarning | null;
}

type Row = NonNullable<Awaited<ReturnType<typeof store.getAgreement>>>;
type PartyRow = Awaited<ReturnType<typeof store.partiesOf>>[number];

export function requirePermission(ctx: Ctx, permission: Permission): string {
  const decision = authorise(ctx.actor, permission);
  if (!decision.allowed) throw new Refused(decision.reasons, decision.askWhom);
  return actorPartnership(ctx);
}

export function reviewWarning(reviewOn: string, today: string): ReviewWarning | null {
  const days = daysBetween(today, reviewOn);
  if (days < 0) return { kind: 'overdue', days: -days };
  if (days <= REVIEW_WARNING_DAYS) return { kind: 'due', days };
  return null;
}

function view(row: Row, parties: PartyRow[], names: Map<string, string>, today: string): Agreement {
  const expired = row.status === 'active' && row.ends_on !== null && row.ends_on < today;
  const state: AgreementState = expired ? 'expired' : row.status;
  const list = parties
    .filter((p) => p.agreement_id === row.id)
    .map((p) => ({
      organisationId: p.organisation_id,
      organisationName: names.get(p.organisation_id) ?? 'An organisation no longer in the partnership',
      signatoryName: p.signatory_name,
      signatoryRole: p.signatory_role,
      signedOn: p.signed_on,
    }))
    .sort((a, b) => a.organisationName.localeCompare(b.organisationName));
  return {
    id: row.id,
    title: row.title,
    purposes: row.purposes,
    categories: row.categories,
    lawfulBasis: row.lawful_basis,
    status: row.status,
    state,
    inForce: state === 'active' && row.starts_on <= today,
    startsOn: row.starts_on,
    reviewOn: row.review_on,
    endsOn: row.ends_on,
    version: row.version,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    parties: list,
    unsigned: list.filter((p) => p.signedOn === null),
    review: state === 'active' ? reviewWarning(row.review_on, today) : null,
  };
}

async function organisationNames(ctx: Ctx): Promise<Map<string, string>> {
  return new Map((await listOrganisations(ctx)).map((o) => [o.id, o.name]));
}

export async function listAgreements(ctx: Ctx): Promise<Agreement[]> {
  const partnershipId = requirePermission(ctx, 'partnership.view');
  const [rows, parties, names] = await Promise.all([
    store.listAgreements(ctx.db, partnershipId),
    store.partiesOf(ctx.db, partnershipId),
    organisationNames(ctx),
  ]);
  const today = londonDate(ctx.clock.now());
  return rows.map((row) => view(row, parties, names, today));
}

export async function getAgreement(ctx: Ctx, id: string): Promise<Agreement> {
  const partnershipId = requirePermission(ctx, 'partnership.view');
  const row = await store.getAgreement(ctx.db, partnershipId, id);
  if (!row) throw new NotFound('The sharing agreement');
  const [parties, names] = await Promise.all([
    store.partiesOf(ctx.db, partnershipId, [id]),
    organisationNames(ctx),
  ]);
  return view(row, parties, names, londonDate(ctx.clock.now()));
}

export async function unknownOrganisations(ctx: Ctx, ids: readonly string[]): Promise<string[]> {
  const names = await organisationNames(ctx);
  return ids.filter((id) => !names.has(id));
}

export async function createAgreement(ctx: Ctx, input: NewAgreementInput): Promise<Agreement> {
  const partnershipId = requirePermission(ctx, 'agreement.manage');
  if ((await unknownOrganisations(ctx, input.parties)).length) {
    throw new Invalid([
      { field: 'parties', message: 'Select organisations that are members of the partnership' },
    ]);
  }
  const id = randomUUID();
  const now = ctx.clock.now();
  await store.insertAgreement(ctx.db, {
    partnership_id: partnershipId,
    id,
    title: input.title,
    purposes: input.purposes,
    categories: input.categories,
    lawful_basis: input.lawfulBasis,
    status: 'draft',
    starts_on: input.startsOn,
    review_on: input.reviewOn,
    ends_on: input.endsOn,
    created_at: now,
    updated_at: now,
    version: 1,
  });
  await store.insertParties(
    ctx.db,
    input.parties.map((organisationId) => ({
      partnership_id: partnershipId,
      agreement_id: id,
      organisation_id: organisationId,
      signatory_name: '',
      signatory_role: '',
      signed_on: null,
    })),
  );
  const { parties, ...terms } = input;
  await record(ctx, {
    action: 'agreement.create',
    entityType: 'sharing_agreement',
    entityId: id,
    detail: { ...terms, parties },
  });
  return getAgreement(ctx, id);
}

/** The current version, or Conflict when the editor read an older one. Ended agreements are closed. */
export async function current(ctx: Ctx, id: string, version: number): Promise<Agreement> {
  const agreement = await getAgreement(ctx, id);
  if (agreement.version !== version) throw staleVersion(agreement, version);
  return openForChange(agreement);
}

/** Ended agreements are kept as they were; a change means a new agreement. */
export function openForChange(agreement: Agreement): Agreement {
  if (agreement.status === 'ended') {
    throw new Refused([
      'This agreement has ended, so it can no longer be changed. Record a new agreement instead.',
    ]);
  }
  return agreement;
}

function staleVersion(agreement: Agreement, version: number): Conflict<Agreement> {
  return new Conflict(
    `Someone else changed this agreement after you opened it: it is now version ${agreement.version}, and you were changing version ${version}. Nothing you sent has been saved. Check the current version, then make your change again.`,
    agreement,
  );
}

/** Saves the change only if nobody else saved between our read and this write. */
export async function save(
  ctx: Ctx,
  agreement: Agreement,
  changes: Parameters<typeof store.updateIfVersion>[4],
) {
  const saved = await store.updateIfVersion(ctx.db, actorPartnership(ctx), agreement.id, agreement.version, {
    ...changes,
    updated_at: ctx.clock.now(),
  });
  if (!saved) throw staleVersion(await getAgreement(ctx, agreement.id), agreement.version);
}

const TERMS = ['purposes', 'categories', 'lawfulBasis', 'startsOn'] as const;

function sameTerm(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return [...a].sort().join('\n') === [...b].sort().join('\n');
  return a === b;
}

export async function updateAgreement(ctx: Ctx, id: string, input: AgreementChangeInput): Promise<Agreement> {
  requirePermission(ctx, 'agreement.manage');
  const before = await current(ctx, id, input.version);
  const changedTerms = TERMS.filter((t) => !sameTerm(before[t], input[t]));
  if (before.status === 'active' && changedTerms.length) {
    // The parties signed these terms: changing what is shared, or why, needs a new agreement they sign.
    throw new Invalid(
      changedTerms.map((field) => ({
        field,
        message: `The parties signed the ${TERM_LABELS[field]} of this active agreement, so they cannot be changed. To change them, record a new agreement and end this one.`,
      })),
    );
  }
  const signaturesCleared = changedTerms.length > 0 && before.parties.some((p) => p.signedOn !== null);
  await save(ctx, before, {
    title: input.title,
    purposes: input.purposes,
    categories: input.categories,
    lawful_basis: input.lawfulBasis,
    starts_on: input.startsOn,
    review_on: input.reviewOn,
    ends_on: input.endsOn,
  });
  if (signaturesCleared) await store.clearSignatures(ctx.db, actorPartnership(ctx), id);
  await record(ctx, {
    action: 'agreement.update',
    entityType: 'sharing_agreement',
    entityId: id,
    detail: {
      version: before.version + 1,
      before: termsOf(before),
      after: termsOf({ ...input, endsOn: input.endsOn }),
      signaturesCleared,
    },
  });
  return getAgreement(ctx, id);
}

const TERM_LABELS: Record<(typeof TERMS)[number], string> = {
  purposes: 'purposes',
  categories: 'data categories',
  lawfulBasis: 'lawful basis',
  startsOn: 'start date',
};

function termsOf(
  a: Pick<
    Agreement,
    'title' | 'purposes' | 'categories' | 'lawfulBasis' | 'startsOn' | 'reviewOn' | 'endsOn'
  >,
) {
  return {
    title: a.title,
    purposes: a.purposes,
    categories: a.categories,
    lawfulBasis: a.lawfulBasis,
    startsOn: a.startsOn,
    reviewOn: a.reviewOn,
    endsOn: a.endsOn,
  };
}
