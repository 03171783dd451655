// Emergency (break-glass) access. A member of staff with no relationship to a person may open their record
// in an emergency by writing why. It satisfies only the relationship condition of the policy: a lawful basis
// and an active sharing agreement are still needed for each kind of information. Each use lasts
// BREAK_GLASS_HOURS, waits in the information governance lead's review queue, and is reviewed there.
import { randomUUID } from 'node:crypto';
import { eventsInWindows, record } from '../../audit/index.ts';
import type { Ctx, StaffActor } from '../../context.ts';
import { Conflict, NotFound, Refused } from '../../errors.ts';
import { authorise, type Permission, personAccess } from '../../policy/index.ts';
import type { BreakGlassInput, EmergencySearch, ReviewInput } from './break-glass-schema.ts';
import * as store from './break-glass-store.ts';

/**
 * How long emergency access lasts. Four hours covers an emergency visit or an out-of-hours shift without
 * leaving a record open for days; anyone who needs longer should be added to the care team.
 */
export const BREAK_GLASS_HOURS = 4;

/** How many reviewed uses the review page lists. */
const REVIEWED_SHOWN = 50;

function staffWith(ctx: Ctx, permission: Permission): StaffActor {
  const decision = authorise(ctx.actor, permission);
  if (!decision.allowed) throw new Refused(decision.reasons, decision.askWhom);
  if (ctx.actor.kind !== 'staff') throw new Refused(['Only members of staff can use emergency access.']);
  return ctx.actor;
}

export interface PersonMatch {
  id: string;
  name: string;
  dateOfBirth: string | null;
}

function match(row: {
  id: string;
  given_name: string;
  family_name: string;
  date_of_birth: string | null;
}): PersonMatch {
  return { id: row.id, name: `${row.given_name} ${row.family_name}`, dateOfBirth: row.date_of_birth };
}

/** Exact matches only, showing name and date of birth and nothing else. Every search is recorded. */
export async function findPeople(ctx: Ctx, search: EmergencySearch): Promise<PersonMatch[]> {
  const actor = staffWith(ctx, 'partnership.view');
  const rows =
    search.by === 'nhs_number'
      ? await store.findByNhsNumber(ctx.db, actor.partnershipId, search.nhsNumber)
      : await store.findByNameAndBirth(ctx.db, actor.partnershipId, search.familyName, search.dateOfBirth);
  await record(ctx, {
    action: 'break_glass.search',
    basis: 'emergency_search',
    // What was searched for identifies a person, so the trail keeps who was found, not the search terms.
    detail: { by: search.by, matches: rows.length, personIds: rows.map((r) => r.id) },
  });
  return rows.map(match);
}

export interface ActiveBreakGlass {
  id: string;
  reason: string;
  startedAt: Date;
  expiresAt: Date;
}

/** The emergency access the signed-in member of staff holds on this person now, if any: for the person page's banner. */
export async function activeBreakGlass(ctx: Ctx, personId: string): Promise<ActiveBreakGlass | null> {
  const actor = ctx.actor;
  if (actor.kind !== 'staff') return null;
  const row = await store.activeFor(ctx.db, actor.partnershipId, personId, actor.userId, ctx.clock.now());
  return row
    ? {
        id: row.id,
        reason: row.reason,
        startedAt: new Date(row.started_at),
        expiresAt: new Date(row.expires_at),
      }
    : null;
}

export interface EmergencyAccessPage {
  person: PersonMatch;
  /** Set when the member of staff may already open the record without emergency access. */
  existingRelationship: string | null;
  active: ActiveBreakGlass | null;
}

export async function emergencyAccessFor(ctx: Ctx, personId: string): Promise<EmergencyAccessPage> {
  const actor = staffWith(ctx, 'partnership.view');
  const row = await store.personHeader(ctx.db, actor.partnershipId, personId);
  if (!row) throw new NotFound('The person');
  const access = await personAccess(ctx, personId);
  const basis = access.opens.allowed ? access.opens.basis : null;
  return {
    person: match(row),
    existingRelationship: basis && basis !== 'break_glass' ? basis : null,
    active: await activeBreakGlass(ctx, personId),
  };
}

/** Opens the record for BREAK_GLASS_HOURS, records it, and puts it in the review queue. */
export async function breakGlass(
  ctx: Ctx,
  personId: string,
  input: BreakGlassInput,
): Promise<ActiveBreakGlass> {
  const actor = staffWith(ctx, 'partnership.view');
  const page = await emergencyAccessFor(ctx, personId);
  if (page.existingRelationship) {
    throw new Conflict(
      'You can already open this person’s record without emergency access, because of your place on their care team.',
    );
  }
  if (page.active) {
    throw new Conflict(
      `You already have emergency access to this record until ${page.active.expiresAt.toISOString()}. It can be used again once that has ended.`,
    );
  }
  const startedAt = ctx.clock.now();
  const use = {
    id: randomUUID(),
    reason: input.reason,
    startedAt,
    expiresAt: new Date(startedAt.getTime() + BREAK_GLASS_HOURS * 3_600_000),
  };
  await store.insertBreakGlass(ctx.db, {
    partnership_id: actor.partnershipId,
    id: use.id,
    person_id: personId,
    staff_user_id: actor.userId,
    organisation_id: actor.organisationId,
    reason: use.reason,
    started_at: use.startedAt,
    expires_at: use.expiresAt,
    review_outcome: null,
    review_note: null,
    reviewed_by: null,
    reviewed_at: null,
  });
  await record(ctx, {
    action: 'break_glass.start',
    entityType: 'break_glass',
    entityId: use.id,
    personId,
    basis: 'break_glass',
    // The reason stays in the break-glass record for the reviewer: it is free text about the person.
    detail: { expiresAt: use.expiresAt.toISOString(), hours: BREAK_GLASS_HOURS },
  });
  return use;
}

export interface OpenedEvent {
  at: Date;
  action: string;
  outcome: string;
  shown: string[];
  withheld: string[];
}

export interface BreakGlassUse {
  id: string;
  personId: string;
  personName: string;
  personDateOfBirth: string | null;
  staffUserId: string;
  staffName: string;
  staffRole: string;
  organisationName: string;
  reason: string;
  startedAt: Date;
  expiresAt: Date;
  inForce: boolean;
  review: {
    outcome: 'appropriate' | 'not_appropriate';
    note: string;
    reviewerName: string;
    reviewedAt: Date;
  } | null;
  opened: OpenedEvent[];
}

type UseRow = NonNullable<Awaited<ReturnType<typeof store.getUse>>>;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

async function withEvents(ctx: Ctx, partnershipId: string, rows: UseRow[]): Promise<BreakGlassUse[]> {
  const events = await eventsInWindows(
    ctx.db,
    partnershipId,
    rows.map((r) => ({
      id: r.id,
      staffUserId: r.staff_user_id,
      personId: r.person_id,
      from: new Date(r.started_at),
      to: new Date(r.expires_at),
    })),
  );
  const now = ctx.clock.now().getTime();
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    personName: `${r.given_name} ${r.family_name}`,
    personDateOfBirth: r.date_of_birth,
    staffUserId: r.staff_user_id,
    staffName: r.staff_name,
    staffRole: r.staff_role,
    organisationName: r.organisation_name,
    reason: r.reason,
    startedAt: new Date(r.started_at),
    expiresAt: new Date(r.expires_at),
    inForce: new Date(r.expires_at).getTime() > now,
    review:
      r.review_outcome && r.reviewed_at
        ? {
            outcome: r.review_outcome,
            note: r.review_note ?? '',
            reviewerName: r.reviewer_name ?? 'A former member of staff',
            reviewedAt: new Date(r.reviewed_at),
          }
        : null,
    opened: (events.get(r.id) ?? [])
      .filter((e) => !e.action.startsWith('break_glass.'))
      .map((e) => ({
        at: e.at,
        action: e.action,
        outcome: e.outcome,
        shown: strings(e.detail.shown),
        withheld: strings(e.detail.withheld),
      })),
  }));
}

/** Uses waiting for review (oldest first) and the most recently reviewed. */
export async function reviewQueue(
  ctx: Ctx,
): Promise<{ waiting: BreakGlassUse[]; reviewed: BreakGlassUse[] }> {
  const actor = staffWith(ctx, 'break_glass.review');
  const [waiting, reviewed] = await Promise.all([
    store.unreviewed(ctx.db, actor.partnershipId),
    store.reviewed(ctx.db, actor.partnershipId, REVIEWED_SHOWN),
  ]);
  const all = await withEvents(ctx, actor.partnershipId, [...waiting, ...reviewed]);
  return { waiting: all.slice(0, waiting.length), reviewed: all.slice(waiting.length) };
}

export async function getUse(ctx: Ctx, id: string): Promise<BreakGlassUse> {
  const actor = staffWith(ctx, 'break_glass.review');
  const row = await store.getUse(ctx.db, actor.partnershipId, id);
  if (!row) throw new NotFound('The emergency access');
  const [use] = await withEvents(ctx, actor.partnershipId, [row]);
  return use!;
}

/** Records the review. Access found not appropriate, and still in force, ends at once. */
export async function reviewUse(ctx: Ctx, id: string, input: ReviewInput): Promise<BreakGlassUse> {
  const actor = staffWith(ctx, 'break_glass.review');
  const use = await getUse(ctx, id);
  if (use.staffUserId === actor.userId) {
    throw new Refused(
      ['You cannot review your own emergency access: another information governance lead must review it.'],
      'another information governance lead in your partnership',
    );
  }
  if (use.review)
    throw new Conflict(`${use.review.reviewerName} has already reviewed this emergency access.`, use);
  const now = ctx.clock.now();
  const endedEarly = input.outcome === 'not_appropriate' && use.inForce;
  const saved = await store.recordReview(ctx.db, actor.partnershipId, id, {
    outcome: input.outcome,
    note: input.note,
    reviewedBy: actor.userId,
    at: now,
    expiresAt: endedEarly ? now : use.expiresAt,
  });
  if (!saved)
    throw new Conflict('Someone has already reviewed this emergency access.', await getUse(ctx, id));
  await record(ctx, {
    action: 'break_glass.review',
    entityType: 'break_glass',
    entityId: id,
    personId: use.personId,
    basis: `role:${actor.role}`,
    detail: { outcome: input.outcome, staffUserId: use.staffUserId, endedEarly },
  });
  return getUse(ctx, id);
}
