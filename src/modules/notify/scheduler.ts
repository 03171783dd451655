// The scheduler inside `joinedup serve`: the outbox sender every few seconds, and each partnership's daily
// jobs (reminders, then the digest) once their London time has come. A daily job runs in one transaction
// that first claims its (partnership, job, day) row in job_run, so with several instances on one PostgreSQL
// exactly one runs it, and a run that fails leaves no claim behind and is tried again on the next tick.
import os from 'node:os';
import type { Config } from '../../config.ts';
import type { Clock, Ctx } from '../../context.ts';
import { londonDate } from '../../policy/person.ts';
import type { Db } from '../../storage/database.ts';
import { sendDigests } from './digest.ts';
import { type Mailer, smtpMailer } from './mailer.ts';
import { sendDueEmails } from './outbox.ts';
import { sendReminders } from './reminders.ts';
import * as store from './schedule-store.ts';

export interface SchedulerLog {
  info(detail: Record<string, unknown>, message: string): void;
  error(detail: Record<string, unknown>, message: string): void;
}

export interface SchedulerOptions {
  db: Db;
  clock: Clock;
  config: Pick<
    Config,
    'smtpUrl' | 'mailFrom' | 'publicUrl' | 'remindersAt' | 'digestAt' | 'outboxIntervalSeconds'
  >;
  log: SchedulerLog;
  /** Instead of SMTP_URL (tests). */
  mailer?: Mailer;
  /** Names this instance in job_run. */
  instance?: string;
  /** How often to look whether a daily job is due. */
  dailyCheckMs?: number;
}

export interface Scheduler {
  /** Stops the timers and waits for any run in progress to finish. */
  stop(): Promise<void>;
}

const LONDON_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "HH:MM" in London. */
export function londonTime(at: Date): string {
  return LONDON_TIME.format(at);
}

/**
 * What the log may say about a failure: its kind and code, never its message, which could quote a row
 * (the server's logging rule, src/server/logging.ts).
 */
function errorFacts(error: unknown): { error: string; code?: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return {
    error: error instanceof Error ? error.name : typeof error,
    ...(typeof code === 'string' ? { code } : {}),
  };
}

export interface DailyRun {
  partnershipId: string;
  job: 'reminders' | 'digest';
  slot: string;
  ran: boolean;
  summary?: unknown;
}

type Job = (ctx: Ctx, partnershipId: string) => Promise<unknown>;

const JOBS: Array<{ job: DailyRun['job']; at: (c: SchedulerOptions['config']) => string; run: Job }> = [
  {
    job: 'reminders',
    at: (c) => c.remindersAt,
    run: async (ctx, partnershipId) => ({
      ...(await sendReminders(ctx, partnershipId)),
      pruned: await store.prune(ctx.db, partnershipId, ctx.clock.now()),
    }),
  },
  { job: 'digest', at: (c) => c.digestAt, run: (ctx, partnershipId) => sendDigests(ctx, partnershipId) },
];

/** Runs each partnership's daily jobs whose time has come today and that no instance has run yet. */
export async function runDailyJobs(
  options: SchedulerOptions,
  /** Slots this instance already knows are done ("partnership:job:slot"): not asked about again. */
  done: Set<string> = new Set(),
): Promise<DailyRun[]> {
  const now = options.clock.now();
  const slot = londonDate(now);
  const time = londonTime(now);
  const instance = options.instance ?? `${os.hostname()}:${process.pid}`;
  const runs: DailyRun[] = [];
  for (const key of done) if (!key.endsWith(`:${slot}`)) done.delete(key);
  for (const partnershipId of await store.partnershipIds(options.db)) {
    for (const { job, at, run } of JOBS) {
      const key = `${partnershipId}:${job}:${slot}`;
      if (time < at(options.config) || done.has(key)) continue;
      let result: DailyRun;
      try {
        result = await options.db.transaction().execute(async (trx): Promise<DailyRun> => {
          const claimed = await store.claimJob(trx, { partnershipId, job, slot, instance, at: now });
          if (!claimed) return { partnershipId, job, slot, ran: false };
          const ctx: Ctx = {
            actor: { kind: 'system', partnershipId, name: `scheduled ${job}` },
            db: trx,
            clock: options.clock,
          };
          const summary = await run(ctx, partnershipId);
          await store.finishJob(trx, { partnershipId, job, slot }, summary);
          return { partnershipId, job, slot, ran: true, summary };
        });
      } catch (error) {
        // Its claim rolled back with it: the next tick tries again. Other partnerships' jobs go on.
        options.log.error({ job, partnershipId, slot, ...errorFacts(error) }, `${job} failed`);
        continue;
      }
      done.add(key);
      runs.push(result);
    }
  }
  return runs;
}

export function startScheduler(options: SchedulerOptions): Scheduler {
  const mailer = options.mailer ?? (options.config.smtpUrl ? smtpMailer(options.config.smtpUrl) : null);
  const instance = options.instance ?? `${os.hostname()}:${process.pid}`;
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  const every = (name: string, ms: number, work: () => Promise<void>) => {
    const tick = async () => {
      if (stopped) return;
      const p = work().catch((error: unknown) =>
        options.log.error({ job: name, ...errorFacts(error) }, 'job failed'),
      );
      inFlight.add(p);
      await p;
      inFlight.delete(p);
      if (stopped) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        void tick();
      }, ms);
      timers.add(timer);
    };
    void tick();
  };

  if (mailer) {
    every('outbox', options.config.outboxIntervalSeconds * 1000, async () => {
      const batch = 20;
      // Keep going while whole batches come back, so a backlog drains without waiting a tick per batch.
      for (;;) {
        const r = await sendDueEmails({
          db: options.db,
          clock: options.clock,
          mailer,
          from: options.config.mailFrom,
          publicUrl: options.config.publicUrl,
          batch,
        });
        const total = r.sent + r.retrying + r.failed + r.withheld;
        if (total) options.log.info({ job: 'outbox', ...r }, 'outbox sent');
        if (total < batch || stopped) break;
      }
    });
  }
  const done = new Set<string>();
  every('daily', options.dailyCheckMs ?? 60_000, async () => {
    for (const run of await runDailyJobs({ ...options, instance }, done)) {
      options.log.info(
        {
          job: run.job,
          partnershipId: run.partnershipId,
          slot: run.slot,
          ran: run.ran,
          summary: run.summary,
        },
        run.ran ? `${run.job} ran` : `${run.job} already run by another instance`,
      );
    }
  });

  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.allSettled([...inFlight]);
      mailer?.close();
    },
  };
}
