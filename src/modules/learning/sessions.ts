// Joint training sessions (who came, from which organisations) and shadowing placements between staff of
// different organisations: the guide's cross-agency workshops and "shadow each other's work".
import { randomUUID } from 'node:crypto';
import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { type FieldError, Invalid, NotFound } from '../../errors.ts';
import { listOrganisations, requirePermission } from '../partnerships/index.ts';
import { actorId, type DirectoryEntry, partnershipOf, staffDirectory, today } from './common.ts';
import type { PlacementInput, SessionInput } from './schema.ts';
import * as store from './store.ts';

async function checkSessionInput(ctx: Ctx, input: SessionInput) {
  const [organisations, staff] = await Promise.all([listOrganisations(ctx), staffDirectory(ctx)]);
  const orgIds = new Set(organisations.map((o) => o.id));
  const staffIds = new Set(staff.map((s) => s.id));
  const errors: FieldError[] = [];
  if (input.organisationIds.some((id) => !orgIds.has(id))) {
    errors.push({ field: 'organisationIds', message: 'Select organisations from the list' });
  }
  if (input.attendeeIds.some((id) => !staffIds.has(id))) {
    errors.push({ field: 'attendeeIds', message: 'Select attendees from the list of staff' });
  }
  if (errors.length) throw new Invalid(errors);
}

function sessionColumns(input: SessionInput) {
  return {
    topic: input.topic,
    kind: input.kind,
    description: input.description,
    held_on: input.heldOn,
    location: input.location,
    led_by: input.ledBy,
    organisation_ids: input.organisationIds,
  };
}

export async function listSessions(ctx: Ctx) {
  requirePermission(ctx.actor, 'partnership.view');
  const rows = await store.listSessions(ctx.db, partnershipOf(ctx));
  const now = today(ctx);
  const withCount = rows.map((r) => ({ ...r, attendee_count: Number(r.attendee_count ?? 0) }));
  return {
    upcoming: withCount.filter((s) => s.held_on > now).reverse(),
    past: withCount.filter((s) => s.held_on <= now),
  };
}

export async function getSession(ctx: Ctx, id: string) {
  requirePermission(ctx.actor, 'partnership.view');
  const partnershipId = partnershipOf(ctx);
  const session = await store.getSession(ctx.db, partnershipId, id);
  if (!session) throw new NotFound('The training session');
  const [attendeeIds, organisations, staff] = await Promise.all([
    store.attendeesOf(ctx.db, partnershipId, id),
    listOrganisations(ctx),
    staffDirectory(ctx),
  ]);
  const wanted = new Set(attendeeIds);
  return {
    session,
    attendeeIds,
    attendees: staff.filter((s) => wanted.has(s.id)),
    organisations: organisations.filter((o) => session.organisation_ids.includes(o.id)),
    held: session.held_on <= today(ctx),
  };
}

export async function createSession(ctx: Ctx, input: SessionInput, id: string = randomUUID()) {
  requirePermission(ctx.actor, 'learning.manage');
  await checkSessionInput(ctx, input);
  const partnershipId = partnershipOf(ctx);
  const now = ctx.clock.now();
  await store.insertSession(ctx.db, {
    partnership_id: partnershipId,
    id,
    ...sessionColumns(input),
    created_by: actorId(ctx),
    created_at: now,
    updated_at: now,
  });
  await store.setAttendees(ctx.db, partnershipId, id, input.attendeeIds);
  await record(ctx, {
    action: 'training_session.create',
    entityType: 'training_session',
    entityId: id,
    detail: {
      topic: input.topic,
      kind: input.kind,
      heldOn: input.heldOn,
      attendees: input.attendeeIds.length,
    },
  });
  return { id };
}

export async function updateSession(ctx: Ctx, id: string, input: SessionInput) {
  requirePermission(ctx.actor, 'learning.manage');
  const partnershipId = partnershipOf(ctx);
  const before = await store.getSession(ctx.db, partnershipId, id);
  if (!before) throw new NotFound('The training session');
  await checkSessionInput(ctx, input);
  const attendeesBefore = await store.attendeesOf(ctx.db, partnershipId, id);
  await store.updateSession(ctx.db, partnershipId, id, {
    ...sessionColumns(input),
    updated_at: ctx.clock.now(),
  });
  await store.setAttendees(ctx.db, partnershipId, id, input.attendeeIds);
  await record(ctx, {
    action: 'training_session.update',
    entityType: 'training_session',
    entityId: id,
    detail: {
      before: {
        topic: before.topic,
        kind: before.kind,
        heldOn: before.held_on,
        attendees: attendeesBefore.length,
      },
      after: {
        topic: input.topic,
        kind: input.kind,
        heldOn: input.heldOn,
        attendees: input.attendeeIds.length,
      },
    },
  });
}

export interface PlacementView {
  id: string;
  shadow: DirectoryEntry | undefined;
  host: DirectoryEntry | undefined;
  place: string;
  startsOn: string;
  endsOn: string;
  purpose: string;
  state: 'planned' | 'happening' | 'done';
}

export async function listPlacements(ctx: Ctx): Promise<PlacementView[]> {
  requirePermission(ctx.actor, 'partnership.view');
  const [rows, staff] = await Promise.all([
    store.listPlacements(ctx.db, partnershipOf(ctx)),
    staffDirectory(ctx),
  ]);
  const byId = new Map(staff.map((s) => [s.id, s]));
  const now = today(ctx);
  return rows.map((r) => ({
    id: r.id,
    shadow: byId.get(r.shadow_staff_id),
    host: byId.get(r.host_staff_id),
    place: r.place,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    purpose: r.purpose,
    state: r.starts_on > now ? 'planned' : r.ends_on < now ? 'done' : 'happening',
  }));
}

/** Shadowing is across organisations: seeing how another service works is the point of it. */
export async function createPlacement(ctx: Ctx, input: PlacementInput, id: string = randomUUID()) {
  requirePermission(ctx.actor, 'learning.manage');
  const staff = await staffDirectory(ctx);
  const shadow = staff.find((s) => s.id === input.shadowStaffId);
  const host = staff.find((s) => s.id === input.hostStaffId);
  const errors: FieldError[] = [];
  if (!shadow)
    errors.push({ field: 'shadowStaffId', message: 'Select who is shadowing from the list of staff' });
  if (!host) errors.push({ field: 'hostStaffId', message: 'Select whom they shadow from the list of staff' });
  else if (shadow && shadow.id === host.id) {
    errors.push({ field: 'hostStaffId', message: 'Select someone other than the person shadowing' });
  } else if (shadow && shadow.organisation_id === host.organisation_id) {
    errors.push({
      field: 'hostStaffId',
      message: `Select someone from another organisation: shadowing is for seeing how another service works, and both work at ${host.organisation_name}`,
    });
  }
  if (errors.length) throw new Invalid(errors);
  await store.insertPlacement(ctx.db, {
    partnership_id: partnershipOf(ctx),
    id,
    shadow_staff_id: input.shadowStaffId,
    host_staff_id: input.hostStaffId,
    place: input.place,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
    purpose: input.purpose,
    created_by: actorId(ctx),
    created_at: ctx.clock.now(),
  });
  await record(ctx, {
    action: 'shadowing.create',
    entityType: 'shadowing_placement',
    entityId: id,
    detail: { shadow: input.shadowStaffId, host: input.hostStaffId, startsOn: input.startsOn },
  });
  return { id };
}
