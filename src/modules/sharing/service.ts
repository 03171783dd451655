// Recording consent, capacity assessments and other lawful bases, and the sharing decision log. Each record
// writes its line in the decision log and its audit row in the same transaction, or nothing at all.
import { randomUUID } from 'node:crypto';
import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { Conflict, type FieldError, Invalid, NotFound, Refused } from '../../errors.ts';
import {
  CATEGORY_LABELS,
  type Decision,
  londonDate,
  type PersonAccess,
  personAccess,
} from '../../policy/index.ts';
import { lawfulBasisFor } from '../../policy/person.ts';
import type { DataCategory, LawfulBasisKind, SharingDecisionTable } from '../../storage/tables.ts';
import { listOrganisations, partnershipOf } from '../partnerships/index.ts';
import {
  BASIS_LABELS,
  type CapacityInput,
  type ConsentInput,
  type EndBasisInput,
  hasCapacity,
  type LawfulBasisInput,
  OBTAINED_LABELS,
  PURPOSE_LABELS,
  type SharingDecisionInput,
} from './schema.ts';
import * as store from './store.ts';

/** Records a refusal in the audit trail, then refuses: the record of the attempt outlives the attempt. */
async function refuse(ctx: Ctx, personId: string, action: string, decision: Decision): Promise<never> {
  await record(ctx, {
    action,
    outcome: 'refused',
    entityType: 'person',
    entityId: personId,
    personId,
    detail: { reasons: decision.reasons },
  });
  throw new Refused(decision.reasons, decision.askWhom).keepingRecord();
}

/** Anyone who may open the person's record may read how their information is shared, and why. */
export async function openSharing(ctx: Ctx, personId: string): Promise<PersonAccess> {
  const access = await personAccess(ctx, personId);
  if (!access.opens.allowed) await refuse(ctx, personId, 'person.read.sharing', access.opens);
  return access;
}

/**
 * Staff who may open the record and change it (volunteers may not) record sharing. Communication is the
 * category the policy is most open about, so a refusal for it is a refusal for any change.
 */
async function writer(ctx: Ctx, personId: string, what: string, categories: readonly DataCategory[] = []) {
  const access = await personAccess(ctx, personId);
  if (!access.opens.allowed) await refuse(ctx, personId, `person.write.${what}`, access.opens);
  const basis = await mayWrite(ctx, personId, access, what, categories);
  return { access, basis, partnershipId: partnershipOf(ctx) };
}

async function mayWrite(
  ctx: Ctx,
  personId: string,
  access: PersonAccess,
  what: string,
  categories: readonly DataCategory[],
): Promise<string> {
  let decision = access.decide('communication', 'write');
  for (const category of categories) {
    if (!decision.allowed) break;
    decision = access.decide(category, 'write');
  }
  if (!decision.allowed) await refuse(ctx, personId, `person.write.${what}`, decision);
  return decision.basis ?? 'none';
}

async function organisationNames(ctx: Ctx): Promise<Map<string, string>> {
  return new Map((await listOrganisations(ctx)).map((o) => [o.id, o.name]));
}

function organisationProblem(names: Map<string, string>, id: string, field = 'organisationId'): FieldError[] {
  return names.has(id) ? [] : [{ field, message: 'Select one of the partnership’s organisations' }];
}

/** Refuses, and records the refusal, before any input is read, so a refusal is never hidden behind field errors. */
export async function mayRecord(ctx: Ctx, personId: string, what: string): Promise<void> {
  await writer(ctx, personId, what);
}

/** What a form to record sharing needs: whose record, which organisations, which capacity findings. */
export async function recordingForm(ctx: Ctx, personId: string, what: string) {
  const { partnershipId } = await writer(ctx, personId, what);
  const [person, organisations, assessments] = await Promise.all([
    store.personName(ctx.db, partnershipId, personId),
    listOrganisations(ctx),
    store.capacityAssessments(ctx.db, partnershipId, personId),
  ]);
  if (!person) throw new NotFound('The person');
  return {
    person: personHeading(person),
    organisations: organisations.map((o) => ({ id: o.id, name: o.name })),
    lacksCapacity: assessments.filter((a) => !a.has_capacity),
  };
}

export function personHeading(p: {
  id: string;
  given_name: string;
  family_name: string;
  preferred_name: string | null;
}) {
  const known = p.preferred_name && p.preferred_name !== p.given_name ? ` (${p.preferred_name})` : '';
  return {
    id: p.id,
    givenName: p.given_name,
    familyName: p.family_name,
    preferredName: p.preferred_name,
    name: `${p.given_name} ${p.family_name}${known}`,
  };
}

function decidedBy(ctx: Ctx) {
  const a = ctx.actor;
  if (a.kind === 'staff')
    return { decided_by: a.userId, decided_by_name: a.name, decided_by_organisation_id: a.organisationId };
  return {
    decided_by: null,
    decided_by_name: a.kind === 'system' ? a.name : 'unknown',
    decided_by_organisation_id: null,
  };
}

/**
 * The time to record the next consent or decision at: now, or just after the latest one when the clock has
 * not moved on (or has gone back), so that "newest" is never a tie. Holds the person's sharing lock until
 * the transaction ends.
 */
async function nextInstant(ctx: Ctx, partnershipId: string, personId: string): Promise<Date> {
  await store.lockPersonSharing(ctx.db, partnershipId, personId);
  const now = ctx.clock.now();
  const last = await store.latestSharingAt(ctx.db, partnershipId, personId);
  return last && last.getTime() >= now.getTime() ? new Date(last.getTime() + 1) : now;
}

async function logDecision(
  ctx: Ctx,
  partnershipId: string,
  personId: string,
  entry: Pick<
    SharingDecisionTable,
    'recipient_organisation_id' | 'categories' | 'decision' | 'basis' | 'reason'
  >,
  at?: Date,
) {
  const row = {
    partnership_id: partnershipId,
    id: randomUUID(),
    person_id: personId,
    decided_at: at ?? (await nextInstant(ctx, partnershipId, personId)),
    ...decidedBy(ctx),
    ...entry,
  };
  await store.insertSharingDecision(ctx.db, row);
  return row;
}

export async function recordConsent(ctx: Ctx, personId: string, input: ConsentInput) {
  const { access, basis, partnershipId } = await writer(ctx, personId, 'consent', input.categories);
  const names = await organisationNames(ctx);
  const problems = organisationProblem(names, input.organisationId);
  if (problems.length) throw new Invalid(problems);
  // The newest record is in force, so a later record must never carry an earlier (or the same) time.
  const at = await nextInstant(ctx, partnershipId, personId);
  const row = {
    partnership_id: partnershipId,
    id: randomUUID(),
    person_id: personId,
    organisation_id: input.organisationId,
    status: input.status,
    categories: input.categories,
    purposes: input.purposes,
    obtained_how: input.obtainedHow,
    obtained_by_name: input.obtainedByName,
    decided_on: input.decidedOn,
    review_on: input.reviewOn,
    note: '',
    recorded_by: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
    recorded_at: at,
  };
  await store.insertConsent(ctx.db, row);
  const how = OBTAINED_LABELS[input.obtainedHow].toLowerCase();
  const purposes = listWords(input.purposes.map((p) => PURPOSE_LABELS[p].toLowerCase()));
  let reason = `Consent ${input.status} ${how} on ${dayWords(input.decidedOn)}, obtained by ${input.obtainedByName}, for ${purposes}.`;
  if (input.status !== 'given') {
    reason += ' Sharing on consent stops at once.';
    const today = londonDate(at);
    const still = input.categories.flatMap((c) => {
      const other = lawfulBasisFor(input.organisationId, c, { ...access.facts, consents: [] }, today);
      return other ? [`${CATEGORY_LABELS[c]} (${BASIS_LABELS[other as LawfulBasisKind].toLowerCase()})`] : [];
    });
    if (still.length) reason += ` Another lawful basis still covers ${listWords(still)}.`;
  }
  await logDecision(
    ctx,
    partnershipId,
    personId,
    {
      recipient_organisation_id: input.organisationId,
      categories: input.categories,
      decision: input.status === 'given' ? 'share' : 'do_not_share',
      basis: 'consent',
      reason,
    },
    at,
  );
  await record(ctx, {
    action: 'consent.record',
    entityType: 'consent',
    entityId: row.id,
    personId,
    basis,
    detail: {
      organisationId: row.organisation_id,
      status: row.status,
      categories: row.categories,
      purposes: row.purposes,
    },
  });
  return row;
}

export async function recordCapacityAssessment(ctx: Ctx, personId: string, input: CapacityInput) {
  const { basis, partnershipId } = await writer(ctx, personId, 'capacity_assessment', ['social_care']);
  const row = {
    partnership_id: partnershipId,
    id: randomUUID(),
    person_id: personId,
    decision: input.decision,
    can_understand: input.canUnderstand,
    can_retain: input.canRetain,
    can_weigh: input.canWeigh,
    can_communicate: input.canCommunicate,
    has_capacity: hasCapacity(input),
    support_given: input.supportGiven,
    assessed_by_name: input.assessedByName,
    assessed_on: input.assessedOn,
    recorded_by: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
    recorded_at: ctx.clock.now(),
  };
  await store.insertCapacityAssessment(ctx.db, row);
  await record(ctx, {
    action: 'capacity_assessment.record',
    entityType: 'capacity_assessment',
    entityId: row.id,
    personId,
    basis,
    detail: { hasCapacity: row.has_capacity },
  });
  return row;
}

export async function recordLawfulBasis(ctx: Ctx, personId: string, input: LawfulBasisInput) {
  const { basis, partnershipId } = await writer(ctx, personId, 'lawful_basis', input.categories);
  const names = await organisationNames(ctx);
  const problems = organisationProblem(names, input.organisationId);
  const assessment =
    input.kind === 'best_interests' && input.capacityAssessmentId
      ? await store.capacityAssessment(ctx.db, partnershipId, personId, input.capacityAssessmentId)
      : undefined;
  // Mental Capacity Act 2005 ss.1(2) and 4: capacity is assumed; only a finding that this person lacks it
  // for this decision lets someone else decide in their best interests.
  if (input.kind === 'best_interests' && (!assessment || assessment.has_capacity)) {
    problems.push({
      field: 'capacityAssessmentId',
      message: assessment
        ? 'That assessment found they have capacity for this decision, so they decide: record their consent instead'
        : 'Select a capacity assessment of this person that found they lack capacity for this decision',
    });
  }
  if (problems.length) throw new Invalid(problems);
  const now = ctx.clock.now();
  const bestInterests = input.kind === 'best_interests';
  const row = {
    partnership_id: partnershipId,
    id: randomUUID(),
    person_id: personId,
    organisation_id: input.organisationId,
    kind: input.kind,
    categories: input.categories,
    capacity_assessment_id: bestInterests ? (assessment?.id ?? null) : null,
    decision_maker: bestInterests ? input.decisionMaker : '',
    consulted: bestInterests ? input.consulted : '',
    known_wishes: bestInterests ? input.knownWishes : '',
    justification: input.justification,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
    ended_at: null,
    recorded_by: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
    recorded_at: now,
  };
  await store.insertLawfulBasis(ctx.db, row);
  const period = `from ${dayWords(input.startsOn)}${input.endsOn ? ` to ${dayWords(input.endsOn)}` : ''}`;
  const reason =
    bestInterests && assessment
      ? `Best-interests decision by ${input.decisionMaker}, ${period}, after an assessment on ${dayWords(assessment.assessed_on)} found they lack capacity for the decision “${assessment.decision}”.`
      : `${BASIS_LABELS[input.kind]} basis recorded, ${period}. The written justification is kept with the basis.`;
  await logDecision(ctx, partnershipId, personId, {
    recipient_organisation_id: input.organisationId,
    categories: input.categories,
    decision: 'share',
    basis: input.kind,
    reason,
  });
  await record(ctx, {
    action: 'lawful_basis.record',
    entityType: 'lawful_basis',
    entityId: row.id,
    personId,
    basis,
    detail: { kind: row.kind, organisationId: row.organisation_id, categories: row.categories },
  });
  return row;
}

export async function endLawfulBasis(ctx: Ctx, personId: string, basisId: string, input: EndBasisInput) {
  const { access, partnershipId } = await writer(ctx, personId, 'lawful_basis');
  const found = await store.lawfulBasisForUpdate(ctx.db, partnershipId, personId, basisId);
  if (!found) throw new NotFound('The lawful basis');
  const basis = await mayWrite(ctx, personId, access, 'lawful_basis', found.categories);
  if (found.ended_at) throw new Conflict('This basis has already ended, so nothing was changed.');
  const now = ctx.clock.now();
  await store.endLawfulBasis(ctx.db, partnershipId, basisId, now);
  await logDecision(ctx, partnershipId, personId, {
    recipient_organisation_id: found.organisation_id,
    categories: found.categories,
    decision: 'do_not_share',
    basis: found.kind,
    reason: `${BASIS_LABELS[found.kind]} basis ended early: ${input.reason}`,
  });
  await record(ctx, {
    action: 'lawful_basis.end',
    entityType: 'lawful_basis',
    entityId: basisId,
    personId,
    basis,
    detail: { kind: found.kind, organisationId: found.organisation_id },
  });
  return { ...found, ended_at: now };
}

export async function recordSharingDecision(ctx: Ctx, personId: string, input: SharingDecisionInput) {
  const { basis, partnershipId } = await writer(ctx, personId, 'sharing_decision', input.categories);
  const problems = organisationProblem(await organisationNames(ctx), input.organisationId);
  if (problems.length) throw new Invalid(problems);
  const row = await logDecision(ctx, partnershipId, personId, {
    recipient_organisation_id: input.organisationId,
    categories: input.categories,
    decision: input.decision,
    basis: input.basis,
    reason: input.reason,
  });
  await record(ctx, {
    action: 'sharing_decision.record',
    entityType: 'sharing_decision',
    entityId: row.id,
    personId,
    basis,
    detail: {
      decision: row.decision,
      organisationId: row.recipient_organisation_id,
      categories: row.categories,
    },
  });
  return row;
}

const dayFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** A calendar date (YYYY-MM-DD) as people write it: 25 November 2026. */
export function dayWords(date: string): string {
  return dayFormat.format(new Date(`${date}T00:00:00Z`));
}

export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
