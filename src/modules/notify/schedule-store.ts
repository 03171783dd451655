// The scheduler's SQL: claiming a daily job's slot in job_run, and keeping notifications and sent email
// to what is useful.
import type { Db } from '../../storage/database.ts';

/**
 * Keeps the tables to what is useful: emails sent (or given up) more than 90 days ago, notifications read
 * more than 90 days ago, and any older than a year. A user's notifications are decided again daily, so
 * an unbounded history would make that slower for ever.
 */
export async function prune(db: Db, partnershipId: string, now: Date): Promise<number> {
  const day = 86_400_000;
  const ninety = new Date(now.getTime() - 90 * day);
  const year = new Date(now.getTime() - 365 * day);
  await db
    .deleteFrom('email_outbox')
    .where('partnership_id', '=', partnershipId)
    .where('status', '<>', 'queued')
    .where('created_at', '<', ninety)
    .execute();
  const result = await db
    .deleteFrom('notification as n')
    .where('n.partnership_id', '=', partnershipId)
    .where('n.digest_pending', '=', false)
    .where((eb) => eb.or([eb('n.read_at', '<', ninety), eb('n.created_at', '<', year)]))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('email_outbox as o')
            .select('o.id')
            .whereRef('o.partnership_id', '=', 'n.partnership_id')
            .whereRef('o.notification_id', '=', 'n.id'),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function partnershipIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('partnership').select('id').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/**
 * Claims a scheduled job's slot: true for the one caller whose insert succeeded. Another instance's insert
 * of the same key waits for the claiming transaction; if that commits, the insert does nothing.
 */
export async function claimJob(
  db: Db,
  run: { partnershipId: string; job: string; slot: string; instance: string; at: Date },
): Promise<boolean> {
  const row = await db
    .insertInto('job_run')
    .values({
      partnership_id: run.partnershipId,
      job: run.job,
      slot: run.slot,
      started_at: run.at,
      instance: run.instance,
    })
    .onConflict((oc) => oc.columns(['partnership_id', 'job', 'slot']).doNothing())
    .returning('job')
    .executeTakeFirst();
  return row !== undefined;
}

export async function finishJob(
  db: Db,
  run: { partnershipId: string; job: string; slot: string },
  summary: unknown,
): Promise<void> {
  await db
    .updateTable('job_run')
    .set({ summary: JSON.stringify(summary) })
    .where('partnership_id', '=', run.partnershipId)
    .where('job', '=', run.job)
    .where('slot', '=', run.slot)
    .execute();
}
