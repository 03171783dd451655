// The partnership's dispute procedure: the target time for each stage, and when a running stage is late.

import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { authorise, londonDate } from '../../policy/index.ts';
import type { Db } from '../../storage/database.ts';
import { partnershipOf, requirePermission } from '../partnerships/index.ts';
import type { ProcedureInput } from './schema.ts';
import { STAGES, stageOf } from './schema.ts';
import * as store from './store.ts';
import { addWorkingDays, workingDaysBetween } from './working-days.ts';

export interface StageSetting {
  stage: number;
  name: string;
  what: string;
  targetWorkingDays: number;
  isDefault: boolean;
  updatedByName: string | null;
}

export async function procedureFor(db: Db, partnershipId: string): Promise<StageSetting[]> {
  const rows = await store.procedure(db, partnershipId);
  return STAGES.map((s) => {
    const row = rows.find((r) => r.stage === s.stage);
    return {
      stage: s.stage,
      name: s.name,
      what: s.what,
      targetWorkingDays: row?.target_working_days ?? s.defaultTargetDays,
      isDefault: !row,
      updatedByName: row?.updated_by_name ?? null,
    };
  });
}

export async function procedure(ctx: Ctx) {
  requirePermission(ctx.actor, 'partnership.view');
  return {
    stages: await procedureFor(ctx.db, partnershipOf(ctx)),
    canManage: authorise(ctx.actor, 'disputes.procedure').allowed,
  };
}

/** New targets apply to stages that start from now; a running stage keeps the due date it started with. */
export async function setProcedure(ctx: Ctx, input: ProcedureInput): Promise<void> {
  requirePermission(ctx.actor, 'disputes.procedure');
  const partnershipId = partnershipOf(ctx);
  const before = await procedureFor(ctx.db, partnershipId);
  const targets = [input.stage1Days, input.stage2Days, input.stage3Days, input.stage4Days];
  const now = ctx.clock.now();
  for (const [i, days] of targets.entries()) {
    await store.saveProcedureStage(ctx.db, {
      partnership_id: partnershipId,
      stage: i + 1,
      target_working_days: days,
      updated_at: now,
      updated_by_name: ctx.actor.kind === 'staff' ? ctx.actor.name : 'JoinedUp',
    });
  }
  await record(ctx, {
    action: 'dispute_procedure.update',
    entityType: 'dispute_procedure',
    entityId: partnershipId,
    detail: { before: before.map((s) => s.targetWorkingDays), after: targets },
  });
}

/** When a stage starting now is due, by the partnership's current targets. */
export async function stageTiming(db: Db, partnershipId: string, stage: number, now: Date) {
  const setting = (await procedureFor(db, partnershipId)).find((s) => s.stage === stage);
  const targetWorkingDays = setting?.targetWorkingDays ?? stageOf(stage).defaultTargetDays;
  const startedOn = londonDate(now);
  return { startedOn, targetWorkingDays, dueOn: addWorkingDays(startedOn, targetWorkingDays) };
}

/** How late a stage due on `dueOn` is today, in working days (0 when it is not late). */
export function lateness(dueOn: string, today: string): number {
  return dueOn < today ? workingDaysBetween(dueOn, today) : 0;
}

export interface OverdueStage {
  partnershipId: string;
  disputeId: string;
  /** The person the dispute is about, or null when it is partnership-wide. */
  personId: string | null;
  stage: number;
  stageName: string;
  dueOn: string;
  workingDaysLate: number;
  /** The organisations in the dispute, to tell. */
  partyOrganisationIds: string[];
  /** The member of staff who raised it. */
  raisedBy: string;
  /** The stage an escalation would move it to, or null at the last stage. */
  nextStage: number | null;
}

/**
 * Every open dispute whose current stage is past its target, in every partnership, for a reminder job to
 * call (it runs as the system, so it reads the store directly). It carries no free text: a reminder names
 * the dispute by link, so nothing about a person travels in it.
 */
export async function overdueDisputeStages(db: Db, now: Date): Promise<OverdueStage[]> {
  const today = londonDate(now);
  const rows = await store.overdueStages(db, today);
  const out: OverdueStage[] = [];
  for (const row of rows) {
    const parties = await store.parties(db, row.partnership_id, [row.dispute_id]);
    const dueOn = String(row.due_on).slice(0, 10);
    out.push({
      partnershipId: row.partnership_id,
      disputeId: row.dispute_id,
      personId: row.person_id,
      stage: row.stage,
      stageName: stageOf(row.stage).name,
      dueOn,
      workingDaysLate: lateness(dueOn, today),
      partyOrganisationIds: parties.map((p) => p.organisation_id),
      raisedBy: row.raised_by,
      nextStage: row.stage < 4 ? row.stage + 1 : null,
    });
  }
  return out;
}
