// The outbox sender. Due rows are claimed with FOR UPDATE SKIP LOCKED and a short lease, so that several
// server instances never take the same row; each is sent outside any transaction (an SMTP server can be
// slow, and PGlite has one connection) and then marked sent. A failed send is tried again later, each wait
// twice the last, with the error kept; a notification's email is withheld if its recipient may no longer
// read what it is about.
import { sql } from 'kysely';
import type { Clock } from '../../context.ts';
import { loadPersonFacts } from '../../policy/facts.ts';
import type { Db } from '../../storage/database.ts';
import type { EmailOutboxTable, OutboxStatus } from '../../storage/tables.ts';
import { entryFromJson, mayBeTold } from './access.ts';
import { type Mailer, mailDomain } from './mailer.ts';
import * as store from './store.ts';

export const MAX_ATTEMPTS = 10;
/**
 * A claimed row is left to its sender this long: longer than an SMTP exchange may take (mailer.ts
 * SMTP_TIMEOUTS), so a slow send is not taken over and sent twice; a sender that died frees it after this.
 */
export const LEASE_MS = 5 * 60_000;

/** 30 seconds after the first failure, doubling, at most an hour: ten tries span about four hours. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export interface SenderOptions {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  from: string;
  publicUrl: string;
  batch?: number;
}

export interface SendReport {
  sent: number;
  retrying: number;
  failed: number;
  withheld: number;
}

type OutboxRow = import('kysely').Selectable<EmailOutboxTable>;

async function claim(db: Db, now: Date, batch: number): Promise<OutboxRow[]> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('email_outbox')
      .select(['partnership_id', 'id'])
      .where('status', '=', 'queued')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .orderBy('next_attempt_at')
      .limit(batch)
      .forUpdate()
      .skipLocked()
      .execute();
    if (!due.length) return [];
    return trx
      .updateTable('email_outbox')
      .set({ claimed_until: new Date(now.getTime() + LEASE_MS), attempts: sql<number>`attempts + 1` })
      .where((eb) =>
        eb.or(due.map((d) => eb.and([eb('partnership_id', '=', d.partnership_id), eb('id', '=', d.id)]))),
      )
      .returningAll()
      .execute();
  });
}

/** Sends what is due now, one batch; returns what happened to each row it claimed. */
export async function sendDueEmails(options: SenderOptions): Promise<SendReport> {
  const report: SendReport = { sent: 0, retrying: 0, failed: 0, withheld: 0 };
  const rows = await claim(options.db, options.clock.now(), options.batch ?? 20);
  for (const row of rows) {
    if (row.notification_id && !(await stillToldOf(options, row))) {
      await finish(options.db, row, 'withheld', options.clock.now(), null);
      report.withheld++;
      continue;
    }
    try {
      await options.mailer.send({
        messageId: `<${row.id}@${mailDomain(options.from)}>`,
        from: options.from,
        to: { address: row.to_address, name: row.to_name ?? undefined },
        subject: row.subject,
        text: composeText(row, options.publicUrl),
        ics:
          row.ics_method && row.ics_content
            ? { method: row.ics_method, content: row.ics_content }
            : undefined,
      });
      await finish(options.db, row, 'sent', options.clock.now(), null);
      report.sent++;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = row.attempts >= MAX_ATTEMPTS;
      await finish(
        options.db,
        row,
        giveUp ? 'failed' : 'queued',
        options.clock.now(),
        message.slice(0, 1000),
      );
      if (giveUp) report.failed++;
      else report.retrying++;
    }
  }
  return report;
}

/** The stored text with the link to sign in and read it, and (for staff) how to change how often. */
export function composeText(
  row: Pick<OutboxRow, 'body' | 'link' | 'notification_id'>,
  publicUrl: string,
): string {
  const base = publicUrl.replace(/\/+$/, '');
  const parts = [row.body.trimEnd()];
  if (row.link) parts.push(`Sign in to JoinedUp to read it:\n${base}${row.link}`);
  if (row.notification_id || row.link === '/notifications') {
    parts.push(
      `To get these emails straight away or in one daily digest, go to ${base}/notifications/preferences`,
    );
  }
  return `${parts.join('\n\n')}\n`;
}

async function finish(db: Db, row: OutboxRow, status: OutboxStatus, now: Date, error: string | null) {
  await db
    .updateTable('email_outbox')
    .set({
      status,
      claimed_until: null,
      ...(status === 'sent' ? { sent_at: now, last_error: null } : {}),
      ...(status === 'queued' ? { next_attempt_at: new Date(now.getTime() + backoffMs(row.attempts)) } : {}),
      ...(error ? { last_error: error } : {}),
    })
    .where('partnership_id', '=', row.partnership_id)
    .where('id', '=', row.id)
    .execute();
}

/** Whether the recipient may still read what the notification is about: decided afresh, as it is sent. */
async function stillToldOf(options: SenderOptions, row: OutboxRow): Promise<boolean> {
  const n = await options.db
    .selectFrom('notification')
    .select(['recipient_id', 'person_id', 'category', 'entry'])
    .where('partnership_id', '=', row.partnership_id)
    .where('id', '=', row.notification_id ?? '')
    .executeTakeFirst();
  if (!n) return false;
  const [recipient] = await store.recipients(options.db, row.partnership_id, [n.recipient_id]);
  if (!recipient || recipient.disabled_at) return false;
  if (!n.person_id || !n.category) return true;
  const facts = await loadPersonFacts(options.db, row.partnership_id, n.person_id);
  if (!facts) return false;
  return mayBeTold(recipient, facts, n.category, entryFromJson(n.entry), options.clock.now()).allowed;
}

export interface OutboxCounts {
  queued: number;
  sent: number;
  failed: number;
  withheld: number;
  oldestQueuedAt: Date | null;
  recentErrors: Array<{ createdAt: Date; attempts: number; status: OutboxStatus; error: string }>;
}

/** The partnership's outbox at a glance, for the administrator and the information governance lead. */
export async function outboxCounts(db: Db, partnershipId: string): Promise<OutboxCounts> {
  const [counts, errors] = await Promise.all([
    db
      .selectFrom('email_outbox')
      .select([
        sql<number>`count(*) FILTER (WHERE status = 'queued')`.as('queued'),
        sql<number>`count(*) FILTER (WHERE status = 'sent')`.as('sent'),
        sql<number>`count(*) FILTER (WHERE status = 'failed')`.as('failed'),
        sql<number>`count(*) FILTER (WHERE status = 'withheld')`.as('withheld'),
        sql<Date | null>`min(created_at) FILTER (WHERE status = 'queued')`.as('oldest'),
      ])
      .where('partnership_id', '=', partnershipId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('email_outbox')
      .select(['created_at', 'attempts', 'status', 'last_error'])
      .where('partnership_id', '=', partnershipId)
      .where('last_error', 'is not', null)
      .where('status', 'in', ['queued', 'failed'])
      .orderBy('created_at', 'desc')
      .limit(10)
      .execute(),
  ]);
  return {
    queued: Number(counts.queued),
    sent: Number(counts.sent),
    failed: Number(counts.failed),
    withheld: Number(counts.withheld),
    oldestQueuedAt: counts.oldest ? new Date(counts.oldest) : null,
    recentErrors: errors.map((e) => ({
      createdAt: e.created_at,
      attempts: e.attempts,
      status: e.status,
      error: e.last_error ?? '',
    })),
  };
}
