// The Sharing tab: consent now and over time, capacity assessments, other lawful bases, the decision log,
// and who can see what. Everyone who may open the record reads why information is or is not shared; the
// free text inside capacity assessments and lawful bases (support given, who was consulted, wishes,
// justifications) is about the person's mind and safety, so it is shown only to those the policy lets read
// that kind of information.
import type { Ctx, StaffActor } from '../../context.ts';
import { NotFound } from '../../errors.ts';
import {
  auditPersonRead,
  CATEGORIES,
  CATEGORY_LABELS,
  type Decision,
  decideForPerson,
  londonDate,
  type PersonFacts,
} from '../../policy/index.ts';
import type { DataCategory, LawfulBasisKind } from '../../storage/tables.ts';
import { listOrganisations, partnershipOf } from '../partnerships/index.ts';
import {
  BASIS_LABELS,
  DECISION_LABELS,
  MANUAL_BASIS_LABELS,
  type ManualBasis,
  OBTAINED_LABELS,
  type ObtainedHow,
  PURPOSE_LABELS,
  type Purpose,
  STATUS_LABELS,
} from './schema.ts';
import { openSharing, personHeading } from './service.ts';
import * as store from './store.ts';

/** Which kind of information each record's free text is about. */
const DETAIL_CATEGORY: Record<'capacity' | LawfulBasisKind, DataCategory> = {
  capacity: 'social_care',
  best_interests: 'social_care',
  safeguarding: 'safeguarding',
  vital_interests: 'health',
};
const DETAIL_CATEGORIES = [...new Set(Object.values(DETAIL_CATEGORY))];

/** The id of a practitioner who does not exist, placed on the care team to ask the policy "what if". */
const SOMEONE = '00000000-0000-4000-8000-00000000000a';

export async function sharingOverview(ctx: Ctx, personId: string) {
  const access = await openSharing(ctx, personId);
  const partnershipId = partnershipOf(ctx);
  const [person, organisations, consents, assessments, bases, decisions] = await Promise.all([
    store.personName(ctx.db, partnershipId, personId),
    listOrganisations(ctx),
    store.consents(ctx.db, partnershipId, personId),
    store.capacityAssessments(ctx.db, partnershipId, personId),
    store.lawfulBases(ctx.db, partnershipId, personId),
    store.sharingDecisions(ctx.db, partnershipId, personId),
  ]);
  if (!person) throw new NotFound('The person');
  const now = ctx.clock.now();
  const today = londonDate(now);
  const orgName = (id: string | null) =>
    (id && organisations.find((o) => o.id === id)?.name) || 'an organisation no longer in the partnership';
  const detail = Object.fromEntries(DETAIL_CATEGORIES.map((c) => [c, access.decide(c, 'read')])) as Record<
    DataCategory,
    Decision
  >;
  const shown = (kind: keyof typeof DETAIL_CATEGORY) => detail[DETAIL_CATEGORY[kind]];

  // The newest record per organisation and category is in force (the rule the policy applies).
  const current = new Map<string, (typeof consents)[number]>();
  for (const c of consents)
    for (const category of c.categories) current.set(`${c.organisation_id}|${category}`, c);
  const inForce = new Set([...current.values()].map((c) => c.id));
  const inForceFor = (c: (typeof consents)[number]) =>
    c.categories.filter((category) => current.get(`${c.organisation_id}|${category}`)?.id === c.id);
  const reviewDue = (c: { id: string; review_on: string | null }) =>
    inForce.has(c.id) && c.review_on !== null && c.review_on < today;

  const consentOrgs = sortByName(
    [...new Set(consents.map((c) => c.organisation_id))].map((id) => ({ id, name: orgName(id) })),
  );
  const assessmentById = new Map(assessments.map((a) => [a.id, a]));

  const overview = {
    person: personHeading(person),
    today,
    mayRecord: access.decide('communication', 'write').allowed,
    you: CATEGORIES.map((category) => cell(category, access.decide(category, 'read'))),
    whoCanSee: whoCanSee(access.facts, ctx.actor.kind === 'staff' ? ctx.actor : null, now, orgName),
    consentNow: consentOrgs.map((o) => ({
      organisation: o,
      cells: CATEGORIES.map((category) => {
        const c = current.get(`${o.id}|${category}`);
        return {
          category,
          label: CATEGORY_LABELS[category],
          status: c?.status ?? null,
          statusLabel: c ? STATUS_LABELS[c.status] : 'Not recorded',
          decidedOn: c?.decided_on ?? null,
          reviewDue: c ? reviewDue(c) : false,
        };
      }),
    })),
    consents: [...consents].reverse().map((c) => ({
      id: c.id,
      organisation: { id: c.organisation_id, name: orgName(c.organisation_id) },
      status: c.status,
      statusLabel: STATUS_LABELS[c.status],
      categories: c.categories.map((k) => CATEGORY_LABELS[k]),
      categoryKeys: c.categories,
      purposes: c.purposes.map((p) => PURPOSE_LABELS[p as Purpose] ?? p),
      purposeKeys: c.purposes,
      obtainedHow: c.obtained_how,
      obtainedHowLabel: OBTAINED_LABELS[c.obtained_how as ObtainedHow] ?? c.obtained_how,
      obtainedByName: c.obtained_by_name,
      decidedOn: c.decided_on,
      reviewOn: c.review_on,
      recordedAt: new Date(c.recorded_at),
      inForce: inForce.has(c.id),
      inForceFor: inForceFor(c),
      replacedFor: c.categories.filter((k) => !inForceFor(c).includes(k)).map((k) => CATEGORY_LABELS[k]),
      reviewDue: reviewDue(c),
    })),
    capacityAssessments: assessments.map((a) => ({
      id: a.id,
      decision: a.decision,
      canUnderstand: a.can_understand,
      canRetain: a.can_retain,
      canWeigh: a.can_weigh,
      canCommunicate: a.can_communicate,
      hasCapacity: a.has_capacity,
      outcome: a.has_capacity ? 'Has capacity for this decision' : 'Lacks capacity for this decision',
      assessedByName: a.assessed_by_name,
      assessedOn: a.assessed_on,
      ...withheld(shown('capacity'), { supportGiven: a.support_given }),
    })),
    lawfulBases: bases.map((b) => {
      const assessment = b.capacity_assessment_id ? assessmentById.get(b.capacity_assessment_id) : undefined;
      return {
        id: b.id,
        kind: b.kind,
        kindLabel: BASIS_LABELS[b.kind],
        organisation: { id: b.organisation_id, name: orgName(b.organisation_id) },
        categories: b.categories.map((k) => CATEGORY_LABELS[k]),
        categoryKeys: b.categories,
        startsOn: b.starts_on,
        endsOn: b.ends_on,
        endedAt: b.ended_at ? new Date(b.ended_at) : null,
        status: basisStatus(b, today),
        decisionMaker: b.decision_maker,
        capacityAssessment: assessment
          ? { id: assessment.id, decision: assessment.decision, assessedOn: assessment.assessed_on }
          : null,
        ...withheld(shown(b.kind), {
          justification: b.justification,
          consulted: b.consulted,
          knownWishes: b.known_wishes,
        }),
      };
    }),
    decisions: decisions.map((d) => ({
      id: d.id,
      decidedAt: new Date(d.decided_at),
      decidedByName: d.decided_by_name,
      decidedByOrganisation: d.decided_by_organisation_id ? orgName(d.decided_by_organisation_id) : null,
      recipient: d.recipient_organisation_id
        ? { id: d.recipient_organisation_id, name: orgName(d.recipient_organisation_id) }
        : null,
      categories: d.categories.map((k) => CATEGORY_LABELS[k]),
      categoryKeys: d.categories,
      decision: d.decision,
      decisionLabel: DECISION_LABELS[d.decision],
      basis: d.basis,
      basisLabel: MANUAL_BASIS_LABELS[d.basis as ManualBasis] ?? d.basis,
      reason: d.reason,
    })),
  };
  // The consent records and the log are the person's own choices about their information, open to everyone
  // who opens the record: they are audited under "communication and about me" on the basis that opened it;
  // the details are audited under their own categories, shown or withheld.
  await auditPersonRead(ctx, personId, 'sharing', [
    { category: 'communication', decision: access.opens },
    ...DETAIL_CATEGORIES.map((category) => ({ category, decision: detail[category] })),
  ]);
  return overview;
}

export type SharingOverview = Awaited<ReturnType<typeof sharingOverview>>;

function cell(category: DataCategory, decision: Decision) {
  return { category, label: CATEGORY_LABELS[category], allowed: decision.allowed, reasons: decision.reasons };
}

/** The details, or why they are withheld: never the details themselves when the policy says no. */
function withheld<T extends Record<string, string>>(decision: Decision, details: T) {
  return decision.allowed
    ? { details, withheldBecause: null }
    : { details: null, withheldBecause: decision.reasons.join(' ') };
}

function basisStatus(
  b: { starts_on: string; ends_on: string | null; ended_at: unknown },
  today: string,
): 'active' | 'ended' | 'expired' | 'not_started' {
  if (b.ended_at) return 'ended';
  if (b.ends_on !== null && b.ends_on < today) return 'expired';
  if (b.starts_on > today) return 'not_started';
  return 'active';
}

/**
 * For each organisation on the care team and each kind of information: would a practitioner from it, named
 * on the care team, be allowed to read it, and why. The policy is asked the question itself, so the page can
 * never disagree with what actually happens.
 */
function whoCanSee(facts: PersonFacts, actor: StaffActor | null, now: Date, orgName: (id: string) => string) {
  const organisations = sortByName(
    [...new Set(facts.careTeam.map((m) => m.organisationId))].map((id) => ({ id, name: orgName(id) })),
  );
  return organisations.map((organisation) => {
    const practitioner: StaffActor = {
      kind: 'staff',
      userId: SOMEONE,
      partnershipId: actor?.partnershipId ?? '',
      organisationId: organisation.id,
      role: 'practitioner',
      name: 'A practitioner',
    };
    const asked = {
      ...facts,
      careTeam: [...facts.careTeam, { organisationId: organisation.id, staffUserId: SOMEONE }],
    };
    return {
      organisation,
      holdsRecord: organisation.id === facts.holdingOrganisationId,
      cells: CATEGORIES.map((category) => {
        const d = decideForPerson(practitioner, asked, category, 'read', now);
        // Every practitioner asked about is on the care team by construction; the other reasons are the news.
        const reasons = d.allowed ? d.reasons.slice(1) : d.reasons;
        return { ...cell(category, d), reasons };
      }),
    };
  });
}

function sortByName<T extends { name: string }>(items: T[]): T[] {
  return items.sort((a, b) => a.name.localeCompare(b.name));
}
