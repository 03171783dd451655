// A member of staff's notifications: the unread count in the header, the list, marking them read, and their
// email preference. Before any is counted or shown, those about a person whose sharing facts changed since
// they were last decided (or on an earlier day) are decided again, so the count and the list always agree
// and nobody sees a notification about what they can no longer open.
import { record } from '../../audit/index.ts';
import type { Ctx, StaffActor } from '../../context.ts';
import { NotFound, Refused } from '../../errors.ts';
import { loadPersonFacts } from '../../policy/facts.ts';
import { londonDate } from '../../policy/person.ts';
import type { Db } from '../../storage/database.ts';
import type { DataCategory, EmailMode, NotificationKind } from '../../storage/tables.ts';
import { entryFromJson, mayBeTold } from './access.ts';
import { KIND_LABELS } from './schema.ts';
import * as store from './store.ts';

export const PAGE_SIZE = 20;

/** Map.groupBy arrived in Node 21; JoinedUp runs on Node 20. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function me(ctx: Ctx): StaffActor {
  if (ctx.actor.kind !== 'staff') throw new Refused(['Notifications are for staff who are signed in.']);
  return ctx.actor;
}

interface StaleRow {
  id: string;
  person_id: string | null;
  category: DataCategory | null;
  entry: unknown;
}

/**
 * Decides again each given notification for its recipient, records the answer and returns the ids still
 * allowed. The rows are locked first (by the caller's SELECT ... FOR UPDATE), so that a change to the facts
 * made meanwhile waits for this transaction and then marks them again, rather than being overwritten by an
 * older answer.
 */
export async function decideAgain(
  db: Db,
  now: Date,
  partnershipId: string,
  recipientId: string,
  rows: readonly StaleRow[],
): Promise<Set<string>> {
  const allowedIds = new Set<string>();
  if (!rows.length) return allowedIds;
  const [recipient] = await store.recipients(db, partnershipId, [recipientId]);
  const allowed = new Map<string, string[]>();
  const refused: string[] = [];
  for (const [personId, list] of groupBy(rows, (r) => r.person_id ?? '')) {
    const facts = personId ? await loadPersonFacts(db, partnershipId, personId) : null;
    for (const row of list) {
      if (!row.person_id) {
        if (recipient && !recipient.disabled_at) allowedIds.add(row.id);
        continue;
      }
      const decision =
        recipient && facts && row.category
          ? mayBeTold(recipient, facts, row.category, entryFromJson(row.entry), now)
          : null;
      if (decision?.allowed) {
        const basis = decision.basis ?? '';
        allowed.set(basis, [...(allowed.get(basis) ?? []), row.id]);
        allowedIds.add(row.id);
      } else refused.push(row.id);
    }
  }
  await store.recordDecisions(db, partnershipId, londonDate(now), allowed, refused);
  return allowedIds;
}

async function refresh(ctx: Ctx, unreadOnly: boolean): Promise<void> {
  const actor = me(ctx);
  const stale = await store.staleNotifications(
    ctx.db,
    actor.partnershipId,
    actor.userId,
    londonDate(ctx.clock.now()),
    unreadOnly,
  );
  await decideAgain(ctx.db, ctx.clock.now(), actor.partnershipId, actor.userId, stale);
}

/** The header's count: one indexed statement, plus a fresh decision for any notification that needs one. */
export async function unreadCount(ctx: Ctx): Promise<number> {
  const actor = me(ctx);
  const today = londonDate(ctx.clock.now());
  const first = await store.unreadCounts(ctx.db, actor.partnershipId, actor.userId, today);
  if (!first.stale) return first.unread;
  await refresh(ctx, true);
  return (await store.unreadCounts(ctx.db, actor.partnershipId, actor.userId, today)).unread;
}

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  kindLabel: string;
  title: string;
  link: string;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: NotificationView[];
  page: number;
  pageSize: number;
  total: number;
  unreadCount: number;
  unreadOnly: boolean;
}

export async function listNotifications(
  ctx: Ctx,
  options: { page: number; unreadOnly: boolean },
): Promise<NotificationPage> {
  const actor = me(ctx);
  await refresh(ctx, false);
  const { rows, total, unread } = await store.notificationPage(ctx.db, actor.partnershipId, actor.userId, {
    offset: (options.page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
    unreadOnly: options.unreadOnly,
  });
  // A title may name the person and what kind of update it is: showing it is a read of their record.
  for (const [personId, list] of groupBy(
    rows.filter((r) => r.person_id),
    (r) => r.person_id ?? '',
  )) {
    await record(ctx, {
      action: 'person.read.notifications',
      entityType: 'person',
      entityId: personId,
      personId,
      basis: [...new Set(list.map((r) => r.basis ?? ''))].filter(Boolean).join(' | ') || 'none',
      detail: { shown: [...new Set(list.map((r) => r.category))], notifications: list.length },
    });
  }
  return {
    items: rows.map(view),
    page: options.page,
    pageSize: PAGE_SIZE,
    total,
    unreadCount: unread,
    unreadOnly: options.unreadOnly,
  };
}

function view(r: store.NotificationRow): NotificationView {
  return {
    id: r.id,
    kind: r.kind,
    kindLabel: KIND_LABELS[r.kind],
    title: r.title,
    link: r.link,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at ? r.read_at.toISOString() : null,
  };
}

/** Marks one of your notifications read; one you cannot see (now) is not found. */
export async function markRead(ctx: Ctx, id: string): Promise<NotificationView> {
  const actor = me(ctx);
  await refresh(ctx, true);
  const row = await store.markRead(ctx.db, actor.partnershipId, actor.userId, id, ctx.clock.now());
  if (!row) throw new NotFound('The notification');
  return view(row);
}

export async function markAllRead(ctx: Ctx): Promise<{ marked: number }> {
  const actor = me(ctx);
  const marked = await store.markAllRead(ctx.db, actor.partnershipId, actor.userId, ctx.clock.now());
  return { marked };
}

export async function emailPreference(ctx: Ctx): Promise<{ emailMode: EmailMode }> {
  const actor = me(ctx);
  return { emailMode: await store.preference(ctx.db, actor.partnershipId, actor.userId) };
}

export async function setEmailPreference(ctx: Ctx, mode: EmailMode): Promise<{ emailMode: EmailMode }> {
  const actor = me(ctx);
  await store.setPreference(ctx.db, actor.partnershipId, actor.userId, mode, ctx.clock.now());
  await record(ctx, {
    action: 'notification.preference.set',
    entityType: 'staff_user',
    entityId: actor.userId,
    detail: { emailMode: mode },
  });
  return { emailMode: mode };
}
