// Parties, signatures and status of an information sharing agreement. An agreement becomes active only
// when every party has signed; ending it takes effect at once, because the policy reads only active,
// in-date agreements.
import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { type FieldError, Invalid } from '../../errors.ts';
import { londonDate } from '../../policy/index.ts';
import type { PartyInput, StatusInput } from './agreements-schema.ts';
import {
  type Agreement,
  current,
  getAgreement,
  requirePermission,
  save,
  unknownOrganisations,
} from './agreements-service.ts';
import * as store from './agreements-store.ts';

/** Adds an organisation as a party, or records (or corrects) its signature. */
export async function recordParty(ctx: Ctx, id: string, input: PartyInput): Promise<Agreement> {
  const partnershipId = requirePermission(ctx, 'agreement.manage');
  const before = await current(ctx, id, input.version);
  const errors: FieldError[] = [];
  if ((await unknownOrganisations(ctx, [input.organisationId])).length) {
    errors.push({
      field: 'organisationId',
      message: 'Select an organisation that is a member of the partnership',
    });
  }
  const existing = before.parties.find((p) => p.organisationId === input.organisationId);
  const signing = input.signedOn !== null;
  if (!existing && !signing && before.status === 'active') {
    errors.push({
      field: 'signatoryName',
      message:
        'An organisation joins an active agreement only when it signs: enter who signed for it and when',
    });
  }
  if (existing && !signing) {
    errors.push({
      field: 'signatoryName',
      message: `${existing.organisationName} is already a party: to record its signature, enter who signed and when`,
    });
  }
  if (input.signedOn !== null && input.signedOn > londonDate(ctx.clock.now())) {
    errors.push({ field: 'signedOn', message: 'The date signed must be today or in the past' });
  }
  if (errors.length) throw new Invalid(errors);
  await save(ctx, before, {});
  await store.upsertParty(ctx.db, {
    partnership_id: partnershipId,
    agreement_id: id,
    organisation_id: input.organisationId,
    signatory_name: input.signatoryName,
    signatory_role: input.signatoryRole,
    signed_on: input.signedOn,
  });
  await record(ctx, {
    action: signing ? 'agreement.party.sign' : 'agreement.party.add',
    entityType: 'sharing_agreement',
    entityId: id,
    detail: {
      version: before.version + 1,
      organisationId: input.organisationId,
      ...(signing
        ? { signatoryName: input.signatoryName, signatoryRole: input.signatoryRole, signedOn: input.signedOn }
        : {}),
    },
  });
  return getAgreement(ctx, id);
}

export async function removeParty(
  ctx: Ctx,
  id: string,
  organisationId: string,
  version: number,
): Promise<Agreement> {
  const partnershipId = requirePermission(ctx, 'agreement.manage');
  const before = await current(ctx, id, version);
  if (!before.parties.some((p) => p.organisationId === organisationId)) {
    throw new Invalid([
      { field: 'organisationId', message: 'That organisation is not a party to this agreement' },
    ]);
  }
  if (before.status !== 'draft') {
    throw new Invalid([
      {
        field: 'organisationId',
        message: 'Parties cannot leave an active agreement: end it, and record a new agreement without them',
      },
    ]);
  }
  await save(ctx, before, {});
  await store.deleteParty(ctx.db, partnershipId, id, organisationId);
  await record(ctx, {
    action: 'agreement.party.remove',
    entityType: 'sharing_agreement',
    entityId: id,
    detail: { version: before.version + 1, organisationId },
  });
  return getAgreement(ctx, id);
}

/** Why an agreement cannot be made active yet, in plain words; empty when it can. */
export function activationProblems(agreement: Agreement, today: string): string[] {
  const problems: string[] = [];
  if (agreement.status !== 'draft') problems.push('Only a draft agreement can be made active.');
  if (agreement.parties.length < 2)
    problems.push('An agreement needs at least two organisations as parties.');
  for (const p of agreement.unsigned) problems.push(`${p.organisationName} has not signed it.`);
  if (agreement.endsOn !== null && agreement.endsOn < today)
    problems.push('Its end date has already passed.');
  return problems;
}

export async function changeStatus(ctx: Ctx, id: string, input: StatusInput): Promise<Agreement> {
  requirePermission(ctx, 'agreement.manage');
  const before = await current(ctx, id, input.version);
  const today = londonDate(ctx.clock.now());
  if (input.status === 'active') {
    const problems = activationProblems(before, today);
    if (problems.length) {
      throw new Invalid([
        { field: 'status', message: `It cannot be made active yet. ${problems.join(' ')}` },
      ]);
    }
    await save(ctx, before, { status: 'active' });
  } else {
    // Ending takes effect at once: the end date becomes today unless it was already earlier.
    const endsOn = before.endsOn !== null && before.endsOn < today ? before.endsOn : today;
    await save(ctx, before, { status: 'ended', ends_on: endsOn });
  }
  await record(ctx, {
    action: input.status === 'active' ? 'agreement.activate' : 'agreement.end',
    entityType: 'sharing_agreement',
    entityId: id,
    detail: {
      version: before.version + 1,
      from: before.state,
      categories: before.categories,
      parties: before.parties.map((p) => p.organisationId),
      ...(input.note ? { note: input.note } : {}),
    },
  });
  return getAgreement(ctx, id);
}
