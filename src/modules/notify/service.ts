// Creating notifications and queueing emails, inside the caller's transaction: a notification and its
// email exist exactly when the change that caused them committed.
import { randomUUID } from 'node:crypto';
import type { Ctx } from '../../context.ts';
import { Invalid } from '../../errors.ts';
import { actorPartnership } from '../../policy/access.ts';
import { loadPersonFacts } from '../../policy/facts.ts';
import { type EntryFacts, londonDate } from '../../policy/person.ts';
import type { DataCategory } from '../../storage/tables.ts';
import { parseInput } from '../../validation.ts';
import { mayBeTold } from './access.ts';
import { emailInput, KIND_LABELS, type NotificationKind, notifyInput } from './schema.ts';
import * as store from './store.ts';

export interface NotifyInput {
  kind: NotificationKind;
  /** staff_user ids in the actor's partnership; the acting user is never notified of their own act */
  recipients: readonly string[];
  /** When the notification is about a person's data: a recipient gets it only if the policy
   *  (decideForPerson with that recipient as the actor) lets them read this category / entry. */
  about?: { personId: string; category: DataCategory; entry?: EntryFacts };
  /** In-app text; may name the person (only recipients allowed to read it get it). */
  title: string;
  /** Path in the app the notification links to, e.g. `/people/<id>/timeline`. */
  link: string;
  /** Same key + same recipient is never notified twice (reminders use e.g. `action_due:<actionId>:<date>`). */
  dedupeKey?: string;
  /** Email override; an email never carries person-identifiable details (name, NHS number, dates of birth):
   *  by default subject "JoinedUp: <kind label>" and a text with the link to sign in and read it. */
  email?: { subject: string; text: string; ics?: { method: 'REQUEST' | 'CANCEL'; content: string } };
}

export interface EmailInput {
  to: string;
  toName?: string;
  subject: string;
  text: string;
  ics?: { method: 'REQUEST' | 'CANCEL'; content: string };
  dedupeKey?: string;
}

type Email = NonNullable<NotifyInput['email']>;

export function defaultEmail(kind: NotificationKind): Email {
  return {
    subject: `JoinedUp: ${KIND_LABELS[kind]}`,
    text: `You have a new notification in JoinedUp: ${KIND_LABELS[kind]}.\n\nFor privacy this email does not say who it is about. Sign in to JoinedUp to read it.`,
  };
}

export async function notify(ctx: Ctx, raw: NotifyInput): Promise<{ notified: string[] }> {
  const input = parseInput(notifyInput, raw);
  const partnershipId = actorPartnership(ctx);
  const actorId = ctx.actor.kind === 'staff' ? ctx.actor.userId : null;
  const ids = [...new Set(input.recipients)].filter((id) => id !== actorId);
  if (!ids.length) return { notified: [] };
  const users = await store.recipients(ctx.db, partnershipId, ids);
  const missing = ids.filter((id) => !users.some((u) => u.id === id));
  if (missing.length) {
    throw new Invalid([
      {
        field: 'recipients',
        message: `No member of staff in this partnership has the id ${missing.join(', ')}`,
      },
    ]);
  }
  const now = ctx.clock.now();
  let told = users.filter((u) => !u.disabled_at);
  const about = input.about;
  const bases = new Map<string, string | null>();
  if (about) {
    const facts = await loadPersonFacts(ctx.db, partnershipId, about.personId);
    if (!facts)
      throw new Invalid([{ field: 'about.personId', message: 'No person in this partnership has that id' }]);
    told = told.filter((u) => {
      const decision = mayBeTold(u, facts, about.category, about.entry, now);
      if (decision.allowed) bases.set(u.id, decision.basis);
      return decision.allowed;
    });
  }
  if (!told.length) return { notified: [] };
  const email: { subject: string; text: string; ics?: Email['ics'] | undefined } =
    input.email ?? defaultEmail(input.kind);
  // An invitation cannot wait for tomorrow's digest: anything with a calendar attachment goes now.
  const immediate = (mode: string) => mode === 'immediate' || email.ics !== undefined;
  const rows = told.map((u) => ({
    partnership_id: partnershipId,
    id: randomUUID(),
    recipient_id: u.id,
    kind: input.kind,
    title: input.title,
    link: input.link,
    person_id: about?.personId ?? null,
    category: about?.category ?? null,
    entry: about?.entry ? JSON.stringify(about.entry) : null,
    dedupe_key: input.dedupeKey ?? null,
    email_subject: email.subject,
    created_at: now,
    checked_on: about ? londonDate(now) : null,
    basis: bases.get(u.id) ?? null,
    digest_pending: !immediate(u.email_mode),
  }));
  const inserted = await store.insertNotifications(ctx.db, rows);
  const byRecipient = new Map(told.map((u) => [u.id, u]));
  await store.insertOutbox(
    ctx.db,
    inserted.flatMap((n) => {
      const u = byRecipient.get(n.recipient_id);
      if (!u || !immediate(u.email_mode)) return [];
      return [
        {
          partnership_id: partnershipId,
          id: randomUUID(),
          to_address: u.email,
          to_name: u.name,
          subject: email.subject,
          body: email.text,
          link: input.link,
          ics_method: email.ics?.method ?? null,
          ics_content: email.ics?.content ?? null,
          notification_id: n.id,
          dedupe_key: null,
          next_attempt_at: now,
          created_at: now,
        },
      ];
    }),
  );
  return { notified: inserted.map((n) => n.recipient_id) };
}

/** For people who are not staff users (the person, an advocate): straight into the outbox. */
export async function queueEmail(ctx: Ctx, raw: EmailInput): Promise<void> {
  const input = parseInput(emailInput, raw);
  const now = ctx.clock.now();
  await store.insertOutbox(ctx.db, [
    {
      partnership_id: actorPartnership(ctx),
      id: randomUUID(),
      to_address: input.to,
      to_name: input.toName ?? null,
      subject: input.subject,
      body: input.text,
      link: null,
      ics_method: input.ics?.method ?? null,
      ics_content: input.ics?.content ?? null,
      notification_id: null,
      dedupe_key: input.dedupeKey ?? null,
      next_attempt_at: now,
      created_at: now,
    },
  ]);
}
