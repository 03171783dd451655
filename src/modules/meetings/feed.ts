// Calendar files: one meeting's invitation to download, and a personal feed per member of staff that their
// calendar app polls. The feed's URL carries a secret token; only its SHA-256 hash is stored, so a copy of
// the database cannot be used to read anyone's feed. A new token replaces the old; revoking stops it at once.
// A feed lists only what its owner may still see: someone taken off a care team stops seeing that
// person's meetings, and each person's meetings shown are audited as the owner's read.
import { createHash, randomBytes } from 'node:crypto';
import { record } from '../../audit/index.ts';
import type { Ctx, StaffActor } from '../../context.ts';
import { NotFound } from '../../errors.ts';
import { personAccess } from '../../policy/index.ts';
import type { Db } from '../../storage/database.ts';
import { personRecord } from '../people/index.ts';
import { type IcsEvent, icsCalendar } from './ical.ts';
import { eventFor, invitationContext } from './invitations.ts';
import { auditMeetingRead, openMeeting, staffOnly } from './service.ts';
import * as store from './store.ts';
import { londonParts } from './time.ts';

export function hashFeedToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Makes a new feed token, replacing any other. The token is returned once and never stored. */
export async function createFeed(ctx: Ctx): Promise<{ token: string }> {
  const actor = staffOnly(ctx);
  const now = ctx.clock.now();
  const replaced = await store.revokeFeeds(ctx.db, actor.partnershipId, actor.userId, now);
  const token = randomBytes(32).toString('base64url');
  await store.insertFeed(ctx.db, {
    partnership_id: actor.partnershipId,
    staff_user_id: actor.userId,
    token_hash: hashFeedToken(token),
    created_at: now,
  });
  await record(ctx, {
    action: 'calendar_feed.create',
    entityType: 'staff_user',
    entityId: actor.userId,
    detail: { replaced },
  });
  return { token };
}

export async function revokeFeed(ctx: Ctx): Promise<{ revoked: number }> {
  const actor = staffOnly(ctx);
  const revoked = await store.revokeFeeds(ctx.db, actor.partnershipId, actor.userId, ctx.clock.now());
  await record(ctx, {
    action: 'calendar_feed.revoke',
    entityType: 'staff_user',
    entityId: actor.userId,
    detail: { revoked },
  });
  return { revoked };
}

export async function feedStatus(ctx: Ctx): Promise<{ active: boolean; createdAt: Date | null }> {
  const actor = staffOnly(ctx);
  const feed = await store.activeFeed(ctx.db, actor.partnershipId, actor.userId);
  return { active: Boolean(feed), createdAt: feed ? new Date(feed.created_at) : null };
}

/** The member of staff a feed token belongs to, as the actor its calendar is read for; NotFound otherwise. */
export async function feedOwner(db: Db, token: string): Promise<StaffActor> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new NotFound('The calendar');
  const feed = await store.feedByHash(db, hashFeedToken(token));
  if (!feed) throw new NotFound('The calendar');
  return {
    kind: 'staff',
    userId: feed.staff_user_id,
    partnershipId: feed.partnership_id,
    organisationId: feed.organisation_id,
    role: feed.partnership_role,
    name: feed.name,
  };
}

const DAY = 86_400_000;

/** The feed's calendar: the owner's meetings from 90 days ago on, cancelled ones marked so they drop out. */
export async function feedCalendar(ctx: Ctx, appUrl: string): Promise<string> {
  const actor = staffOnly(ctx);
  const rows = await store.invitedMeetings(ctx.db, actor.partnershipId, actor.userId, {
    from: new Date(ctx.clock.now().getTime() - 90 * DAY),
    includeCancelled: true,
  });
  const invitees = await store.invitees(
    ctx.db,
    actor.partnershipId,
    rows.map((m) => m.id),
  );
  const events: IcsEvent[] = [];
  const partnership = await invitationContext(ctx, actor.partnershipId, null, appUrl);
  for (const m of rows.filter((r) => r.person_id === null)) {
    events.push(eventFor(m, invitees, partnership, { kind: 'staff', arrangements: false }));
  }
  const personIds = [...new Set(rows.map((r) => r.person_id).filter((p): p is string => p !== null))];
  for (const personId of personIds) {
    const access = await personAccess(ctx, personId);
    if (!access.opens.allowed) continue;
    const person = await personRecord(ctx, personId);
    await auditMeetingRead(ctx, personId, access, 'meetings_feed');
    const ic = await invitationContext(ctx, actor.partnershipId, person, appUrl);
    for (const m of rows.filter((r) => r.person_id === personId)) {
      events.push(eventFor(m, invitees, ic, { kind: 'staff', arrangements: true }));
    }
  }
  events.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  return icsCalendar('PUBLISH', events, `JoinedUp meetings: ${actor.name}`);
}

/** One meeting's invitation as the actor's calendar should have it: REQUEST, or CANCEL once cancelled. */
export async function meetingInvite(ctx: Ctx, id: string, appUrl: string) {
  const { meeting, access, actor } = await openMeeting(ctx, id);
  const person = meeting.person_id ? await personRecord(ctx, meeting.person_id) : null;
  if (meeting.person_id && access)
    await auditMeetingRead(ctx, meeting.person_id, access, 'meeting_invitation');
  const ic = await invitationContext(ctx, actor.partnershipId, person, appUrl);
  const invitees = await store.invitees(ctx.db, actor.partnershipId, [id]);
  const event = eventFor(meeting, invitees, ic, { kind: 'staff', arrangements: true });
  return {
    content: icsCalendar(meeting.status === 'cancelled' ? 'CANCEL' : 'REQUEST', [event]),
    filename: `meeting-${londonParts(new Date(meeting.starts_at)).date}.ics`,
  };
}
