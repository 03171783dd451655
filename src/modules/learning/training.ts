// Information sharing training: each member of staff's latest date, from a date a manager recorded or from
// attending an information sharing session, and whether it is due again. It falls due a year after the
// last training (the usual refresher period for data security and protection training in health and care).
import { randomUUID } from 'node:crypto';
import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { Invalid, NotFound } from '../../errors.ts';
import { authorise } from '../../policy/index.ts';
import { requirePermission } from '../partnerships/index.ts';
import {
  actorId,
  actorName,
  type DirectoryEntry,
  mayActFor,
  partnershipOf,
  requireActFor,
  staffDirectory,
  today,
} from './common.ts';
import type { TrainingRecordInput } from './schema.ts';
import { listSessions } from './sessions.ts';
import * as store from './store.ts';

/** Warn this many days before training falls due. */
export const DUE_SOON_DAYS = 30;

/** Those who run information sharing training may record it for anyone; managers for their own staff. */
const ANY_ORGANISATION = ['admin', 'ig_lead'] as const;

export type TrainingState = 'up_to_date' | 'due_soon' | 'overdue' | 'none';

export interface TrainingStatus {
  staff: DirectoryEntry;
  lastTrainedOn: string | null;
  /** Where the latest date came from: a session attended, or a date someone recorded. */
  from:
    | { kind: 'session'; sessionId: string; topic: string }
    | { kind: 'recorded'; note: string; by: string }
    | null;
  dueOn: string | null;
  state: TrainingState;
  mayRecord: boolean;
}

/** A year on: the same calendar date next year (29 February falls due on 28 February). */
export function oneYearAfter(date: string): string {
  const [y, m, d] = date.split('-');
  const next = `${Number(y) + 1}-${m}-${d}`;
  return m === '02' && d === '29' ? `${Number(y) + 1}-02-28` : next;
}

function daysUntil(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function trainingState(
  lastTrainedOn: string | null,
  now: string,
): { dueOn: string | null; state: TrainingState } {
  if (!lastTrainedOn) return { dueOn: null, state: 'none' };
  const dueOn = oneYearAfter(lastTrainedOn);
  if (now > dueOn) return { dueOn, state: 'overdue' };
  if (daysUntil(now, dueOn) <= DUE_SOON_DAYS) return { dueOn, state: 'due_soon' };
  return { dueOn, state: 'up_to_date' };
}

async function statuses(ctx: Ctx, staffId?: string): Promise<TrainingStatus[]> {
  const partnershipId = partnershipOf(ctx);
  const now = today(ctx);
  const [staff, recorded, attended] = await Promise.all([
    staffDirectory(ctx),
    store.recordedTraining(ctx.db, partnershipId, staffId),
    store.attendedInformationSharing(ctx.db, partnershipId, now, staffId),
  ]);
  return staff
    .filter((s) => !staffId || s.id === staffId)
    .map((s) => {
      // Both lists are newest first: the first of each is the person's latest.
      const r = recorded.find((x) => x.staff_user_id === s.id && x.trained_on <= now);
      const a = attended.find((x) => x.staff_user_id === s.id);
      let lastTrainedOn: string | null = null;
      let from: TrainingStatus['from'] = null;
      if (a && (!r || a.held_on >= r.trained_on)) {
        lastTrainedOn = a.held_on;
        from = { kind: 'session', sessionId: a.session_id, topic: a.topic };
      } else if (r) {
        lastTrainedOn = r.trained_on;
        from = { kind: 'recorded', note: r.note, by: r.recorded_by_name };
      }
      return {
        staff: s,
        lastTrainedOn,
        from,
        ...trainingState(lastTrainedOn, now),
        mayRecord: mayRecord(ctx, s.organisation_id),
      };
    });
}

function mayRecord(ctx: Ctx, organisationId: string): boolean {
  return authorise(ctx.actor, 'learning.manage').allowed && mayActFor(ctx, organisationId, ANY_ORGANISATION);
}

/** Everyone's information sharing training, most urgent first, with counts for the summary. */
export async function trainingOverview(ctx: Ctx) {
  requirePermission(ctx.actor, 'partnership.view');
  const order: Record<TrainingState, number> = { overdue: 0, none: 1, due_soon: 2, up_to_date: 3 };
  const list = (await statuses(ctx)).sort(
    (a, b) => order[a.state] - order[b.state] || a.staff.name.localeCompare(b.staff.name),
  );
  const counts = { overdue: 0, none: 0, due_soon: 0, up_to_date: 0 };
  for (const s of list) counts[s.state] += 1;
  return { list, counts };
}

/** One member of staff's status, with every date on file (for their history and their account page). */
export async function trainingFor(ctx: Ctx, staffId: string) {
  requirePermission(ctx.actor, 'partnership.view');
  const [status] = await statuses(ctx, staffId);
  if (!status) throw new NotFound('The member of staff');
  const partnershipId = partnershipOf(ctx);
  const [recorded, attended] = await Promise.all([
    store.recordedTraining(ctx.db, partnershipId, staffId),
    store.attendedInformationSharing(ctx.db, partnershipId, today(ctx), staffId),
  ]);
  return { status, recorded, attended };
}

/** The signed-in member of staff's own status, for their account page (null for anyone else). */
export async function myTraining(ctx: Ctx): Promise<TrainingStatus | null> {
  if (ctx.actor.kind !== 'staff') return null;
  const [status] = await statuses(ctx, ctx.actor.userId);
  return status ?? null;
}

export async function recordTraining(
  ctx: Ctx,
  staffId: string,
  input: TrainingRecordInput,
  id: string = randomUUID(),
) {
  requirePermission(ctx.actor, 'learning.manage');
  const staff = (await staffDirectory(ctx)).find((s) => s.id === staffId);
  if (!staff) throw new NotFound('The member of staff');
  requireActFor(ctx, staff.organisation_id, staff.organisation_name, ANY_ORGANISATION);
  if (input.trainedOn > today(ctx)) {
    throw new Invalid([
      { field: 'trainedOn', message: 'The date of the training must be today or in the past' },
    ]);
  }
  await store.insertTraining(ctx.db, {
    partnership_id: partnershipOf(ctx),
    id,
    staff_user_id: staffId,
    trained_on: input.trainedOn,
    note: input.note,
    recorded_by: actorId(ctx),
    recorded_by_name: actorName(ctx),
    recorded_at: ctx.clock.now(),
  });
  await record(ctx, {
    action: 'information_sharing_training.record',
    entityType: 'staff_user',
    entityId: staffId,
    detail: { trainedOn: input.trainedOn },
  });
  return { id };
}

/** Sessions coming up and information sharing training needed, for the Partnership page. */
export async function learningSummary(ctx: Ctx) {
  const [{ counts }, sessions] = await Promise.all([trainingOverview(ctx), listSessions(ctx)]);
  return { upcoming: sessions.upcoming.length, held: sessions.past.length, training: counts };
}
