import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { Conflict, Invalid } from '../../errors.ts';
import { invitationContext, sendInvitations } from './invitations.ts';
import {
  checkKind,
  checkTitle,
  chooseInvitees,
  instantsOn,
  inviteeRows,
  type PersonRecord,
  personForMeeting,
  placeFor,
} from './schedule.ts';
import { type CancelInput, type ChangeInput, KIND_LABELS } from './schema.ts';
import { mayManage, openMeeting, refuseManage } from './service.ts';
import * as store from './store.ts';

/** Opens a meeting to change it: locked, managed by the actor, still to happen, and at the form's revision. */
async function openForChange(ctx: Ctx, id: string, revision: number) {
  const { meeting, access, actor } = await openMeeting(ctx, id, { forUpdate: true });
  let person: PersonRecord | null = null;
  if (meeting.person_id) person = await personForMeeting(ctx, meeting.person_id);
  else if (!mayManage(actor, meeting, access)) throw refuseManage(meeting);
  if (meeting.status !== 'scheduled') {
    throw new Conflict('This meeting has been cancelled, so it cannot be changed.', {
      revision: meeting.revision,
    });
  }
  if (new Date(meeting.starts_at).getTime() <= ctx.clock.now().getTime()) {
    throw new Conflict('This meeting has already started, so it cannot be changed or cancelled.', {
      revision: meeting.revision,
    });
  }
  if (revision !== meeting.revision) {
    throw new Conflict(
      `${meeting.updated_by_name} changed this meeting while you were editing it. The meeting as it is now is shown; check your changes against it and save again.`,
      currentOf(meeting),
    );
  }
  return { meeting, person, actor };
}

/** What a conflict shows of the meeting as it now is. */
function currentOf(m: store.MeetingRow) {
  return {
    revision: m.revision,
    title: m.title,
    startsAt: new Date(m.starts_at),
    endsAt: new Date(m.ends_at),
    mode: m.mode,
    location: m.location,
    videoLink: m.video_link,
    updatedByName: m.updated_by_name,
  };
}

function inviteeKey(i: {
  kind: string;
  staffUserId?: string | null;
  staff_user_id?: string | null;
  representativeId?: string | null;
  representative_id?: string | null;
}) {
  return `${i.kind}:${i.staffUserId ?? i.staff_user_id ?? ''}:${i.representativeId ?? i.representative_id ?? ''}`;
}

export async function changeMeeting(ctx: Ctx, id: string, input: ChangeInput, options: { appUrl: string }) {
  const { meeting, person, actor } = await openForChange(ctx, id, input.revision);
  checkKind(input.kind, person !== null);
  const title = input.title ?? KIND_LABELS[input.kind];
  checkTitle(title, person?.person ?? null);
  const { startsAt, endsAt } = instantsOn(input.date, input.startTime, input.endTime);
  if (startsAt.getTime() <= ctx.clock.now().getTime()) {
    throw new Invalid([{ field: 'date', message: 'The meeting must start in the future' }]);
  }
  const [place] = await placeFor(ctx, actor, input, 1);
  const wanted = await chooseInvitees(ctx, actor, input, person, meeting.organiser_id);
  const current = await store.invitees(ctx.db, actor.partnershipId, [id]);
  const wantedKeys = new Set(wanted.map(inviteeKey));
  const currentKeys = new Set(current.map(inviteeKey));
  const removed = current.filter((i) => !wantedKeys.has(inviteeKey(i)));
  const added = inviteeRows(
    actor.partnershipId,
    id,
    wanted.filter((w) => !currentKeys.has(inviteeKey(w))),
  );
  const saved = await store.updateMeeting(ctx.db, actor.partnershipId, id, input.revision, {
    kind: input.kind,
    title,
    mode: input.mode,
    location: place!.location,
    venue_organisation_id: place!.venueOrganisationId,
    video_link: input.mode === 'face_to_face' ? null : input.videoLink,
    starts_at: startsAt,
    ends_at: endsAt,
    agenda: input.agenda,
    ical_sequence: meeting.ical_sequence + 1,
    revision: meeting.revision + 1,
    updated_at: ctx.clock.now(),
    updated_by_name: actor.name,
  });
  if (!saved) throw new Conflict('Someone else changed this meeting just now. Reload it and try again.');
  await store.deleteInvitees(
    ctx.db,
    actor.partnershipId,
    id,
    removed.map((r) => r.id),
  );
  await store.insertInvitees(ctx.db, added);
  const [updated] = await store.meetingsByIds(ctx.db, actor.partnershipId, [id]);
  const ic = await invitationContext(ctx, actor.partnershipId, person, options.appUrl);
  const personName = person ? { personName: `${person.person.givenName} ${person.person.familyName}` } : {};
  const addedIds = new Set<string>(added.map((a) => a.id));
  const everyone = await store.invitees(ctx.db, actor.partnershipId, [id]);
  await sendInvitations(ctx, 'meeting_changed', [updated!], ic, {
    ...personName,
    removed,
    only: new Set(everyone.filter((i) => !addedIds.has(i.id)).map((i) => i.id)),
  });
  if (added.length)
    await sendInvitations(ctx, 'meeting_invitation', [updated!], ic, { ...personName, only: addedIds });
  await record(ctx, {
    action: 'meeting.change',
    entityType: 'meeting',
    entityId: id,
    ...(meeting.person_id ? { personId: meeting.person_id } : {}),
    detail: {
      sequence: meeting.ical_sequence + 1,
      moved: startsAt.getTime() !== new Date(meeting.starts_at).getTime(),
      invited: added.length,
      uninvited: removed.length,
    },
  });
  return { id };
}

/** Cancels one meeting, or it and every later one in its series, with the reason (kept in JoinedUp). */
export async function cancelMeeting(ctx: Ctx, id: string, input: CancelInput, options: { appUrl: string }) {
  const { meeting, person, actor } = await openForChange(ctx, id, input.revision);
  const targets =
    input.scope === 'following' && meeting.series_id
      ? await store.seriesFrom(ctx.db, actor.partnershipId, meeting.series_id, new Date(meeting.starts_at))
      : [meeting];
  const now = ctx.clock.now();
  for (const m of targets) {
    await store.updateMeeting(ctx.db, actor.partnershipId, m.id, m.revision, {
      status: 'cancelled',
      cancelled_reason: input.reason,
      ical_sequence: m.ical_sequence + 1,
      revision: m.revision + 1,
      updated_at: now,
      updated_by_name: actor.name,
    });
  }
  const cancelled = await store.meetingsByIds(
    ctx.db,
    actor.partnershipId,
    targets.map((t) => t.id),
  );
  const ic = await invitationContext(ctx, actor.partnershipId, person, options.appUrl);
  await sendInvitations(
    ctx,
    'meeting_cancelled',
    cancelled,
    ic,
    person ? { personName: `${person.person.givenName} ${person.person.familyName}` } : {},
  );
  await record(ctx, {
    action: 'meeting.cancel',
    entityType: 'meeting',
    entityId: id,
    ...(meeting.person_id ? { personId: meeting.person_id } : {}),
    detail: { occurrences: cancelled.length, seriesId: meeting.series_id },
  });
  return { ids: cancelled.map((c) => c.id) };
}
