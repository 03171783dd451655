// The generator's care plans: for every person with a care team, a plan with 2–4 outcomes in their words
// and 3–8 actions (one-off and recurring, varied kinds, mostly with a named lead from the team), at one
// of three stages of agreement, with past and coming reviews.
import { randomUUID } from 'node:crypto';
import type { Snapshot } from '../src/modules/careplans/agreement.ts';
import { type Frequency, ruleFor } from '../src/modules/careplans/recurrence.ts';
import { ACTION_KINDS, KIND_CATEGORY } from '../src/modules/careplans/schema.ts';
import type { ActionStatus } from '../src/storage/tables.ts';
import {
  chunks,
  DAY,
  type Directory,
  directory,
  isoDate,
  type Member,
  peopleWithout,
  type StaffRef,
  teamsOf,
} from './care-directory.ts';
import { type GenerationContext, insertBatches, type Step } from './rows.ts';
import { ACTION_WHAT, OUTCOME_WORDS, STOPPED_REASONS } from './vocabulary.ts';

const FREQUENCY_WEIGHTS: Record<Frequency, number> = {
  daily: 2,
  weekly: 4,
  fortnightly: 3,
  monthly: 3,
  yearly: 2,
};
const STATUS_WEIGHTS: Record<ActionStatus, number> = { planned: 60, in_progress: 25, done: 10, stopped: 5 };

interface PlanRows {
  plan: Record<string, unknown>;
  outcomes: Array<Record<string, unknown>>;
  actions: Array<Record<string, unknown>>;
  versions: Array<Record<string, unknown>>;
  signoffs: Array<Record<string, unknown>>;
  reviews: Array<Record<string, unknown>>;
}

export const carePlans: Step = {
  name: 'care plans, outcomes, actions, sign-offs and reviews',
  async run(g) {
    let added = 0;
    for (const chunk of chunks(await peopleWithout(g, 'care_plan'))) {
      const [teams, names] = await Promise.all([
        teamsOf(g, chunk),
        g.db
          .selectFrom('person')
          .select(['id', 'given_name', 'family_name'])
          .where('partnership_id', '=', g.partnershipId)
          .where('id', 'in', chunk)
          .execute(),
      ]);
      const nameOf = new Map(names.map((p) => [p.id, `${p.given_name} ${p.family_name}`]));
      const all: PlanRows[] = [];
      for (const personId of chunk) {
        all.push(await planFor(g, personId, nameOf.get(personId) ?? '', teams.get(personId) ?? []));
      }
      // Parents before children: each table is one batch, in the order the foreign keys need.
      for (const [table, rows] of [
        ['care_plan', all.map((p) => p.plan)],
        ['care_plan_outcome', all.flatMap((p) => p.outcomes)],
        ['care_plan_action', all.flatMap((p) => p.actions)],
        ['care_plan_version', all.flatMap((p) => p.versions)],
        ['care_plan_signoff', all.flatMap((p) => p.signoffs)],
        ['care_plan_review', all.flatMap((p) => p.reviews)],
      ] as const) {
        await insertBatches(g.db, table, rows);
        added += rows.length;
      }
    }
    return added;
  },
};

async function planFor(
  g: GenerationContext,
  personId: string,
  personName: string,
  team: Member[],
): Promise<PlanRows> {
  const dir = await directory(g);
  const r = g.random;
  const today = isoDate(g.now);
  const planId = randomUUID();
  const created = new Date(g.now.getTime() - r.int(30, 700) * DAY);
  const named = team.filter((m) => m.staffUserId).map((m) => dir.staff.get(m.staffUserId!)!);
  const lead = dir.staff.get(team.find((m) => m.isLead)?.staffUserId ?? '') ?? named[0];
  const base = { partnership_id: g.partnershipId, plan_id: planId };
  const outcomes = r.sample(OUTCOME_WORDS, r.int(2, 4)).map((words, i) => ({
    ...base,
    id: randomUUID(),
    words,
    priority: r.int(1, 5),
    position: i + 1,
    created_at: created,
    removed_at: null,
  }));
  const count = r.int(3, 8);
  const actions = [];
  for (let i = 0; i < count; i++) {
    // Each outcome gets an action first; the rest fall where they may (so a few outcomes have none).
    const outcome = i < outcomes.length ? outcomes[i]! : r.pick(outcomes);
    const kind = r.pick(ACTION_KINDS);
    const leadStaff = named.length && r.chance(0.96) ? r.pick(named) : null;
    const status = r.weighted(STATUS_WEIGHTS);
    const repeats = r.chance(0.6);
    const startsOn = repeats ? r.daysFrom(today, -180, 30) : null;
    const lastDone = startsOn && startsOn < today && r.chance(0.8) ? r.daysFrom(today, -10, -1) : null;
    const at = new Date(created.getTime() + i * 60_000);
    actions.push({
      ...base,
      id: randomUUID(),
      outcome_id: outcome.id,
      what: r.pick(ACTION_WHAT[kind]!),
      kind,
      category: KIND_CATEGORY[kind],
      lead_staff_id: leadStaff?.id ?? null,
      lead_organisation_id: leadStaff?.organisationId ?? null,
      supporting_organisation_ids: r.sample(
        [...new Set(team.map((m) => m.organisationId))].filter((o) => o !== leadStaff?.organisationId),
        r.int(0, 2),
      ),
      starts_on: startsOn,
      due_on: repeats ? null : r.daysFrom(today, -30, 120),
      recurrence: startsOn ? ruleFor(r.weighted(FREQUENCY_WEIGHTS), startsOn) : null,
      status,
      stopped_reason: status === 'stopped' ? r.pick(STOPPED_REASONS) : null,
      last_done_on: lastDone && lastDone >= startsOn! ? lastDone : null,
      created_at: at,
      updated_at: at,
      removed_at: null,
    });
  }
  const agreement = agreementFor(g, dir, planId, personName, team, lead, outcomes, actions, created);
  return {
    plan: {
      partnership_id: g.partnershipId,
      id: planId,
      person_id: personId,
      plan_version: agreement.planVersion,
      revision: outcomes.length + actions.length,
      status: agreement.status,
      next_review_on: r.daysFrom(today, -20, 365),
      created_at: created,
      updated_at: created,
      updated_by_name: lead?.name ?? 'Lead coordinator',
    },
    outcomes,
    actions,
    versions: agreement.versions,
    signoffs: agreement.signoffs,
    reviews: reviewsFor(g, planId, lead?.name ?? 'Lead coordinator', today),
  };
}

/**
 * Where the plan stands: a draft nobody (or not everybody) has agreed yet; version 1 agreed by the person
 * and every organisation on the team; or version 2, a draft made by adding the last action after
 * version 1 was agreed (the page then shows what changed, as John's does).
 */
function agreementFor(
  g: GenerationContext,
  dir: Directory,
  planId: string,
  personName: string,
  team: Member[],
  lead: StaffRef | undefined,
  outcomes: Array<{ id: string; words: string; priority: number }>,
  actions: Array<Record<string, unknown>>,
  created: Date,
) {
  const r = g.random;
  const parties = [
    { key: 'person', organisationId: null as string | null },
    ...[...new Set(team.map((m) => m.organisationId))].map((o) => ({
      key: `organisation:${o}`,
      organisationId: o,
    })),
  ];
  const agreedAt = new Date(created.getTime() + r.int(1, 20) * DAY);
  const signer = (organisationId: string | null) => {
    const member = team.find((m) => m.organisationId === organisationId && m.staffUserId);
    const staff = member ? dir.staff.get(member.staffUserId!) : lead;
    return staff ?? lead;
  };
  const signoffs = (version: number, who: typeof parties) =>
    who.flatMap((p) => {
      const s = signer(p.organisationId);
      if (!s) return [];
      return [
        {
          partnership_id: g.partnershipId,
          id: randomUUID(),
          plan_id: planId,
          plan_version: version,
          party: p.key,
          organisation_id: p.organisationId,
          signed_by_kind: 'staff',
          signed_by_id: s.id,
          signed_by_name: p.key === 'person' ? `${personName}, recorded by ${s.name}` : s.name,
          signed_at: agreedAt,
        },
      ];
    });
  const snapshot = (of: Array<Record<string, unknown>>): string =>
    JSON.stringify({
      outcomes: outcomes.map((o) => ({ id: o.id, words: o.words, priority: o.priority })),
      actions: of
        .filter((a) => a.status !== 'stopped')
        .map((a) => {
          const leadStaff = dir.staff.get(String(a.lead_staff_id));
          return {
            id: String(a.id),
            outcomeId: String(a.outcome_id),
            what: String(a.what),
            kind: String(a.kind),
            lead: leadStaff?.name ?? null,
            leadOrganisation: leadStaff
              ? (dir.organisations.get(leadStaff.organisationId)?.name ?? null)
              : null,
            timing: String(a.recurrence ?? a.due_on ?? ''),
            status: a.status === 'done' ? 'done' : 'open',
          };
        }),
    } satisfies Snapshot);
  const version = (n: number, of: Array<Record<string, unknown>>, agreed: boolean) => ({
    partnership_id: g.partnershipId,
    plan_id: planId,
    plan_version: n,
    snapshot: snapshot(of),
    agreed_at: agreed ? agreedAt : null,
  });
  const roll = r.next();
  if (roll < 0.45) {
    // A draft: half of them signed by some parties so far.
    const some = r.chance(0.5) ? r.sample(parties, r.int(1, parties.length - 1)) : [];
    return {
      planVersion: 1,
      status: 'draft' as const,
      versions: some.length ? [version(1, actions, false)] : [],
      signoffs: signoffs(1, some),
    };
  }
  if (roll < 0.8) {
    return {
      planVersion: 1,
      status: 'agreed' as const,
      versions: [version(1, actions, true)],
      signoffs: signoffs(1, parties),
    };
  }
  return {
    planVersion: 2,
    status: 'draft' as const,
    versions: [version(1, actions.slice(0, -1), true)],
    signoffs: signoffs(1, parties),
  };
}

function reviewsFor(g: GenerationContext, planId: string, by: string, today: string) {
  const r = g.random;
  const review = (dueOn: string, heldOn: string | null) => ({
    partnership_id: g.partnershipId,
    id: randomUUID(),
    plan_id: planId,
    due_on: dueOn,
    reason: r.chance(0.85) ? 'scheduled' : 'requested',
    requested_by_name: by,
    request_note: '',
    held_on: heldOn,
    summary: heldOn
      ? 'Met with the person and the care team. Most of the plan is working; see each outcome.'
      : null,
    recorded_by_name: heldOn ? by : null,
    created_at: g.now,
  });
  const reviews = [];
  if (r.chance(0.4)) {
    const held = r.daysFrom(today, -360, -200);
    reviews.push(review(held, held));
  }
  if (r.chance(0.3)) reviews.push(review(r.daysFrom(today, -14, 90), null));
  return reviews;
}
