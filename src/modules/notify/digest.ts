// The daily digest: for each member of staff who chose it, one email a morning listing what kinds of thing
// happened since the last, never who they were about. Each notification is decided again first, so one the
// recipient may no longer read is left out (and hidden in the app too).
import { randomUUID } from 'node:crypto';
import type { Ctx } from '../../context.ts';
import { londonDate } from '../../policy/person.ts';
import { decideAgain, groupBy } from './inbox.ts';
import * as store from './store.ts';

export async function sendDigests(
  ctx: Ctx,
  partnershipId: string,
): Promise<{ emails: number; notifications: number; withheld: number }> {
  const now = ctx.clock.now();
  const today = londonDate(now);
  const pending = await store.digestPending(ctx.db, partnershipId);
  const report = { emails: 0, notifications: 0, withheld: 0 };
  for (const [recipientId, rows] of groupBy(pending, (r) => r.recipient_id)) {
    const allowed = await decideAgain(ctx.db, now, partnershipId, recipientId, rows);
    report.withheld += rows.length - allowed.size;
    const [recipient] = await store.recipients(ctx.db, partnershipId, [recipientId]);
    const kept = rows.filter((r) => allowed.has(r.id));
    if (recipient && !recipient.disabled_at && kept.length) {
      const lines = [...groupBy(kept, (r) => r.email_subject.replace(/^JoinedUp: /, ''))].map(
        ([subject, list]) => (list.length > 1 ? `- ${subject} (${list.length})` : `- ${subject}`),
      );
      const queued = await store.insertOutbox(ctx.db, [
        {
          partnership_id: partnershipId,
          id: randomUUID(),
          to_address: recipient.email,
          to_name: recipient.name,
          subject: `JoinedUp: your daily summary, ${kept.length} new ${kept.length === 1 ? 'notification' : 'notifications'}`,
          body: `Since your last summary:\n\n${lines.join('\n')}\n\nFor privacy this email does not say who they are about.`,
          link: '/notifications',
          ics_method: null,
          ics_content: null,
          notification_id: null,
          dedupe_key: `digest:${today}`,
          next_attempt_at: now,
          created_at: now,
        },
      ]);
      report.emails += queued;
      report.notifications += kept.length;
    }
    await store.clearDigest(
      ctx.db,
      partnershipId,
      rows.map((r) => r.id),
    );
  }
  return report;
}
