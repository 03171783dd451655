// Agreeing the plan: every organisation on the care team and the person (or their advocate) signs off a
// version. The version's content is kept, so that a later draft can show what changed since it was agreed.
import { randomUUID } from 'node:crypto';
import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { Conflict, Invalid, NotFound, Refused } from '../../errors.ts';
import { actorPartnership, type PersonAccess } from '../../policy/index.ts';
import { type PersonHeader, personHeader } from '../people/index.ts';
import { OUTCOME_CATEGORY } from './service.ts';
import * as store from './store.ts';

export interface Snapshot {
  outcomes: Array<{ id: string; words: string; priority: number }>;
  actions: Array<{
    id: string;
    outcomeId: string;
    what: string;
    kind: string;
    lead: string | null;
    leadOrganisation: string | null;
    timing: string;
    status: string;
  }>;
}

export interface Party {
  key: string;
  label: string;
  organisationId: string | null;
  signed: { name: string; at: Date; kind: string } | null;
}

async function snapshotOf(ctx: Ctx, partnershipId: string, planId: string): Promise<Snapshot> {
  const [outcomes, actions] = await Promise.all([
    store.outcomes(ctx.db, partnershipId, planId),
    store.actions(ctx.db, partnershipId, planId),
  ]);
  return snapshotFrom(outcomes, actions);
}

/** What a version says: its outcomes, and its actions that are not stopped. */
function snapshotFrom(
  outcomes: ReadonlyArray<{ id: string; words: string; priority: number }>,
  actions: ReadonlyArray<
    Pick<
      store.ActionRow,
      | 'id'
      | 'outcome_id'
      | 'what'
      | 'kind'
      | 'lead_name'
      | 'lead_organisation_name'
      | 'recurrence'
      | 'due_on'
      | 'status'
    >
  >,
): Snapshot {
  return {
    outcomes: outcomes.map((o) => ({ id: o.id, words: o.words, priority: o.priority })),
    actions: actions
      .filter((a) => a.status !== 'stopped')
      .map((a) => ({
        id: a.id,
        outcomeId: a.outcome_id,
        what: a.what,
        kind: a.kind,
        lead: a.lead_name,
        leadOrganisation: a.lead_organisation_name,
        timing: a.recurrence ?? a.due_on ?? '',
        status: a.status === 'done' ? 'done' : 'open',
      })),
  };
}

/** Plain-words differences between the last agreed version and now. */
export function changesBetween(before: Snapshot, after: Snapshot): string[] {
  const changes: string[] = [];
  const beforeOutcomes = new Map(before.outcomes.map((o) => [o.id, o]));
  const afterOutcomes = new Map(after.outcomes.map((o) => [o.id, o]));
  for (const o of after.outcomes) {
    const was = beforeOutcomes.get(o.id);
    if (!was) changes.push(`New outcome: “${o.words}”`);
    else {
      if (was.words !== o.words) changes.push(`Outcome reworded: “${was.words}” is now “${o.words}”`);
      if (was.priority !== o.priority)
        changes.push(`Priority of “${o.words}” changed from ${was.priority} to ${o.priority}`);
    }
  }
  for (const o of before.outcomes)
    if (!afterOutcomes.has(o.id)) changes.push(`Outcome removed: “${o.words}”`);
  const beforeActions = new Map(before.actions.map((a) => [a.id, a]));
  const afterActions = new Map(after.actions.map((a) => [a.id, a]));
  for (const a of after.actions) {
    const was = beforeActions.get(a.id);
    if (!was) changes.push(`New action: “${a.what}”${a.lead ? `, led by ${a.lead}` : ''}`);
    else {
      if (was.what !== a.what) changes.push(`Action reworded: “${was.what}” is now “${a.what}”`);
      if (was.lead !== a.lead)
        changes.push(`“${a.what}” is now led by ${a.lead ?? 'nobody'} (was ${was.lead ?? 'nobody'})`);
      if (was.timing !== a.timing) changes.push(`“${a.what}” has new dates`);
      if (was.outcomeId !== a.outcomeId) changes.push(`“${a.what}” moved to another outcome`);
    }
  }
  for (const a of before.actions)
    if (!afterActions.has(a.id)) changes.push(`Action removed or stopped: “${a.what}”`);
  return changes;
}

export async function agreementState(ctx: Ctx, personId: string): Promise<AgreementState> {
  const header = await personHeader(ctx, personId);
  return agreementOf(ctx, header, await store.planPage(ctx.db, actorPartnership(ctx), personId, true));
}

export interface AgreementState {
  person: PersonHeader;
  plan: PlanRow | null;
  parties: Party[];
  changes: string[];
  agreedVersion: { version: number; agreedAt: Date | null } | null;
  canSignFor: string[];
}

type PlanRow = Omit<
  store.PlanPageRows,
  'outcomes' | 'actions' | 'signoffs' | 'last_agreed' | 'team_organisations'
>;

/** Who has agreed the current version and who may agree it now, from the plan page's rows. */
export function agreementOf(
  ctx: Ctx,
  { person, access }: { person: PersonHeader; access: PersonAccess },
  rows: store.PlanPageRows | undefined,
): AgreementState {
  if (!rows) return { person, plan: null, parties: [], changes: [], agreedVersion: null, canSignFor: [] };
  const { outcomes, actions, signoffs, last_agreed: lastAgreed, team_organisations: orgs, ...plan } = rows;
  const teamOrgs = [...new Set(access.facts.careTeam.map((m) => m.organisationId))];
  const signedBy = new Map(signoffs.map((s) => [s.party, s]));
  const party = (key: string, label: string, organisationId: string | null): Party => {
    const s = signedBy.get(key);
    return {
      key,
      label,
      organisationId,
      signed: s ? { name: s.signed_by_name, at: new Date(s.signed_at), kind: s.signed_by_kind } : null,
    };
  };
  const parties: Party[] = [
    party('person', `${person.givenName} ${person.familyName}`, null),
    ...teamOrgs
      .map((id) =>
        party(`organisation:${id}`, (orgs ?? []).find((o) => o.id === id)?.name ?? 'Organisation', id),
      )
      .sort((a, b) => a.label.localeCompare(b.label)),
  ];
  const changes =
    lastAgreed && plan.status === 'draft'
      ? changesBetween(lastAgreed.snapshot as Snapshot, snapshotFrom(outcomes, actions))
      : [];
  return {
    person,
    plan,
    parties,
    changes,
    agreedVersion: lastAgreed
      ? {
          version: lastAgreed.plan_version,
          agreedAt: lastAgreed.agreed_at === null ? null : new Date(lastAgreed.agreed_at),
        }
      : null,
    canSignFor: parties
      .filter(
        (p) =>
          !p.signed &&
          mayRepresent(ctx, p, access.decide(OUTCOME_CATEGORY, 'write').allowed, access.opens.allowed),
      )
      .map((p) => p.key),
  };
}

/**
 * The person agrees for themselves (or a care team member records their agreement); an organisation
 * agrees through anyone of its staff on the person's care team, volunteers' coordinators included.
 */
function mayRepresent(ctx: Ctx, party: Party, canEdit: boolean, onTeam: boolean): boolean {
  const actor = ctx.actor;
  if (party.key === 'person') return actor.kind === 'person' || canEdit;
  return actor.kind === 'staff' && actor.organisationId === party.organisationId && onTeam;
}

/** Signs the current version for one party; when every party has signed, the version is agreed. */
export async function signOff(ctx: Ctx, personId: string, input: { party: string; planVersion: number }) {
  const state = await agreementState(ctx, personId);
  if (!state.plan) throw new NotFound('The care plan');
  const partnershipId = actorPartnership(ctx);
  const plan = state.plan;
  if (input.planVersion !== plan.plan_version) {
    throw new Conflict(
      `The plan changed to version ${plan.plan_version} while you were reading it. Read what changed, then agree it again.`,
    );
  }
  const party = state.parties.find((p) => p.key === input.party);
  if (!party)
    throw new Invalid([{ field: 'party', message: 'Select the person or an organisation on the care team' }]);
  if (party.signed)
    throw new Invalid([{ field: 'party', message: `${party.label} has already agreed this version` }]);
  if (!state.canSignFor.includes(party.key)) {
    throw new Refused([
      party.key === 'person'
        ? 'Only the person, their representative or a member of the care team recording their agreement can agree for them.'
        : `Only a member of ${party.label} on the care team can agree the plan for it.`,
    ]);
  }
  const actor = ctx.actor;
  const signer =
    actor.kind === 'person'
      ? {
          kind: actor.representativeId ? ('representative' as const) : ('person' as const),
          id: actor.accountId,
          name: actor.name,
        }
      : actor.kind === 'staff'
        ? {
            kind: 'staff' as const,
            id: actor.userId,
            name: party.key === 'person' ? `${party.label}, recorded by ${actor.name}` : actor.name,
          }
        : null;
  if (!signer) throw new Refused(['Sign in to agree the plan.']);
  const now = ctx.clock.now();
  // The first signature fixes what this version says.
  await ctx.db
    .insertInto('care_plan_version')
    .values({
      partnership_id: partnershipId,
      plan_id: plan.id,
      plan_version: plan.plan_version,
      snapshot: JSON.stringify(await snapshotOf(ctx, partnershipId, plan.id)),
      agreed_at: null,
    })
    .onConflict((oc) => oc.columns(['partnership_id', 'plan_id', 'plan_version']).doNothing())
    .execute();
  await ctx.db
    .insertInto('care_plan_signoff')
    .values({
      partnership_id: partnershipId,
      id: randomUUID(),
      plan_id: plan.id,
      plan_version: plan.plan_version,
      party: party.key,
      organisation_id: party.organisationId,
      signed_by_kind: signer.kind,
      signed_by_id: signer.id,
      signed_by_name: signer.name,
      signed_at: now,
    })
    .execute();
  const allSigned = state.parties.every((p) => p.signed || p.key === party.key);
  if (allSigned) {
    await ctx.db
      .updateTable('care_plan')
      .set({ status: 'agreed', updated_at: now })
      .where('partnership_id', '=', partnershipId)
      .where('id', '=', plan.id)
      .execute();
    await ctx.db
      .updateTable('care_plan_version')
      .set({ agreed_at: now })
      .where('partnership_id', '=', partnershipId)
      .where('plan_id', '=', plan.id)
      .where('plan_version', '=', plan.plan_version)
      .execute();
  }
  await record(ctx, {
    action: 'care_plan.sign_off',
    entityType: 'care_plan',
    entityId: plan.id,
    personId,
    detail: { planVersion: plan.plan_version, party: party.key, agreed: allSigned },
  });
  return { agreed: allSigned };
}
