// "Who does what": the plan's actions as a checklist per organisation and per named lead, overdue first,
// with each organisation's contact for the plan. What a viewer sees is exactly what planView lets them see:
// this file groups and orders, it never decides access.
import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { Invalid, NotFound, Refused } from '../../errors.ts';
import { actorPartnership } from '../../policy/index.ts';
import { personHeader } from '../people/index.ts';
import { OUTCOME_CATEGORY, type PlanAction, type PlanView, planView } from './service.ts';
import * as store from './store.ts';
import type { ContactInput } from './work-schema.ts';
import * as work from './work-store.ts';

export interface PlanContact {
  staffUserId: string;
  name: string;
  email: string;
  professionalRole: string;
}

export interface OrganisationChecklist {
  organisationId: string | null;
  organisationName: string;
  contact: PlanContact | null;
  onCareTeam: boolean;
  actions: PlanAction[];
}

export interface LeadChecklist {
  leadStaffId: string | null;
  leadName: string;
  leadRole: string | null;
  organisationName: string | null;
  actions: PlanAction[];
}

export interface WhoDoesWhat {
  view: PlanView;
  byOrganisation: OrganisationChecklist[];
  byLead: LeadChecklist[];
  /** The outcome each visible action works towards, when the viewer may see the outcomes. */
  outcomeWords: Record<string, string>;
  canEdit: boolean;
}

const STATUS_RANK = { planned: 0, in_progress: 0, done: 1, stopped: 2 } as const;

/** Overdue first, then by the date next due (undated last), then finished work at the end. */
export function checklistOrder(a: PlanAction, b: PlanAction): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const rank = STATUS_RANK[a.status] - STATUS_RANK[b.status];
  if (rank !== 0) return rank;
  const da = a.nextDue ?? a.dueOn ?? '9999-12-31';
  const db = b.nextDue ?? b.dueOn ?? '9999-12-31';
  if (da !== db) return da < db ? -1 : 1;
  return a.what.localeCompare(b.what);
}

/** Every action the viewer may see: those under the outcomes, and their own tasks when outcomes are withheld. */
export function visibleActions(view: PlanView): PlanAction[] {
  const seen = new Map<string, PlanAction>();
  for (const a of [...view.outcomes.flatMap((o) => o.actions), ...view.myActions]) seen.set(a.id, a);
  return [...seen.values()];
}

export async function whoDoesWhat(ctx: Ctx, personId: string): Promise<WhoDoesWhat> {
  const view = await planView(ctx, personId);
  const partnershipId = actorPartnership(ctx);
  const actions = visibleActions(view).sort(checklistOrder);
  const [names, contactRows] = await Promise.all([
    work.organisationNames(ctx.db, partnershipId),
    view.plan ? store.contacts(ctx.db, partnershipId, view.plan.id) : Promise.resolve([]),
  ]);
  const contacts = new Map(
    contactRows.map((c) => [
      c.organisation_id,
      { staffUserId: c.staff_user_id, name: c.name, email: c.email, professionalRole: c.professional_role },
    ]),
  );
  const teamOrganisations = new Set(view.access.facts.careTeam.map((m) => m.organisationId));

  const byOrg = new Map<string | null, OrganisationChecklist>();
  const orgGroup = (id: string | null): OrganisationChecklist => {
    let group = byOrg.get(id);
    if (!group) {
      group = {
        organisationId: id,
        organisationName: id ? (names.get(id) ?? 'Unknown organisation') : 'No organisation named yet',
        contact: id ? (contacts.get(id) ?? null) : null,
        onCareTeam: id !== null && teamOrganisations.has(id),
        actions: [],
      };
      byOrg.set(id, group);
    }
    return group;
  };
  // The whole care team is listed (so each can be given a contact) only to those who may see the plan's
  // outcomes; anyone else sees just the organisations behind the actions they can see.
  if (view.outcomesDecision.allowed) for (const id of teamOrganisations) orgGroup(id);
  for (const a of actions) orgGroup(a.leadOrganisationId).actions.push(a);

  const byLeadMap = new Map<string | null, LeadChecklist>();
  for (const a of actions) {
    let group = byLeadMap.get(a.leadStaffId);
    if (!group) {
      group = {
        leadStaffId: a.leadStaffId,
        leadName: a.leadName ?? 'Nobody named yet',
        leadRole: a.leadRole,
        organisationName: a.leadOrganisationName,
        actions: [],
      };
      byLeadMap.set(a.leadStaffId, group);
    }
    group.actions.push(a);
  }

  const outcomeWords: Record<string, string> = {};
  for (const o of view.outcomes) outcomeWords[o.id] = o.words;
  return {
    view,
    byOrganisation: sortGroups(
      [...byOrg.values()],
      (g) => g.organisationName,
      (g) => g.organisationId,
    ),
    byLead: sortGroups(
      [...byLeadMap.values()],
      (g) => g.leadName,
      (g) => g.leadStaffId,
    ),
    outcomeWords,
    canEdit: view.canEdit,
  };
}

/** Groups with overdue work first, then by name; the "nobody named" group last, where it shows a gap. */
function sortGroups<G extends { actions: PlanAction[] }>(
  groups: G[],
  name: (g: G) => string,
  key: (g: G) => string | null,
): G[] {
  const overdue = (g: G) => g.actions.some((a) => a.overdue);
  return groups.sort((a, b) => {
    if ((key(a) === null) !== (key(b) === null)) return key(a) === null ? 1 : -1;
    if (overdue(a) !== overdue(b)) return overdue(a) ? -1 : 1;
    return name(a).localeCompare(name(b));
  });
}

/**
 * Who may be an organisation's contact for this plan: its active staff who are on the care team. Only
 * someone who may change the plan gets this far.
 */
export async function contactChoices(ctx: Ctx, personId: string, organisationId: string) {
  const { person, access } = await personHeader(ctx, personId);
  const decision = access.decide(OUTCOME_CATEGORY, 'write');
  if (!decision.allowed) throw new Refused(decision.reasons, decision.askWhom);
  const partnershipId = actorPartnership(ctx);
  const team = access.facts.careTeam.filter((m) => m.organisationId === organisationId);
  if (!team.length) throw new NotFound('The organisation on this care team');
  const [staff, names, plan] = await Promise.all([
    work.staffOfOrganisation(ctx.db, partnershipId, organisationId),
    work.organisationNames(ctx.db, partnershipId),
    store.planOf(ctx.db, partnershipId, personId),
  ]);
  const contacts = plan ? await store.contacts(ctx.db, partnershipId, plan.id) : [];
  return {
    person,
    organisationName: names.get(organisationId) ?? '',
    current: contacts.find((c) => c.organisation_id === organisationId)?.staff_user_id ?? null,
    // Named members, or everyone at an organisation that is on the team as a whole.
    staff: staff.filter((s) => team.some((m) => m.staffUserId === s.id || m.staffUserId === null)),
  };
}

/** Anyone who may change the plan names an organisation's contact for it. */
export async function setPlanContact(
  ctx: Ctx,
  personId: string,
  organisationId: string,
  input: ContactInput,
): Promise<void> {
  const { staff } = await contactChoices(ctx, personId, organisationId);
  const partnershipId = actorPartnership(ctx);
  const plan = await store.planOf(ctx.db, partnershipId, personId);
  if (!plan)
    throw new Invalid([
      { field: 'staffUserId', message: 'Start the plan with an outcome before naming contacts' },
    ]);
  if (!staff.some((s) => s.id === input.staffUserId)) {
    throw new Invalid([
      {
        field: 'staffUserId',
        message: 'Select someone from this organisation who is on the care team: add them to it first',
      },
    ]);
  }
  await work.setContact(ctx.db, {
    partnership_id: partnershipId,
    plan_id: plan.id,
    organisation_id: organisationId,
    staff_user_id: input.staffUserId,
  });
  await record(ctx, {
    action: 'care_plan.contact.set',
    entityType: 'care_plan',
    entityId: plan.id,
    personId,
    detail: { organisationId, staffUserId: input.staffUserId },
  });
}
