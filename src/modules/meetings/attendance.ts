// Who came: present, sent apologies or absent, for each invitee, recorded once the meeting has started.
// Recording it marks the meeting as held; the meeting page then flags whether the person (or someone
// speaking for them) and a senior leader were there.
import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { Conflict, Invalid } from '../../errors.ts';
import { personForMeeting } from './schedule.ts';
import type { AttendanceInput } from './schema.ts';
import { mayManage, openMeeting, refuseManage } from './service.ts';
import * as store from './store.ts';

export async function recordAttendance(ctx: Ctx, id: string, input: AttendanceInput) {
  const { meeting, access, actor } = await openMeeting(ctx, id, { forUpdate: true });
  if (meeting.person_id) await personForMeeting(ctx, meeting.person_id);
  else if (!mayManage(actor, meeting, access)) throw refuseManage(meeting);
  if (meeting.status === 'cancelled') {
    throw new Conflict('This meeting was cancelled, so there is no attendance to record.');
  }
  if (new Date(meeting.starts_at).getTime() > ctx.clock.now().getTime()) {
    throw new Invalid([{ field: 'attendance', message: 'Record attendance once the meeting has started' }]);
  }
  const invitees = await store.invitees(ctx.db, actor.partnershipId, [id]);
  if (input.attendance.some((a) => !invitees.some((i) => i.id === a.inviteeId))) {
    throw new Invalid([
      { field: 'attendance', message: 'Record attendance only for people invited to this meeting' },
    ]);
  }
  if (!input.attendance.some((a) => a.attendance !== null)) {
    throw new Invalid([
      { field: 'attendance', message: 'Select present, sent apologies or absent for at least one person' },
    ]);
  }
  for (const a of input.attendance) {
    await store.setAttendance(ctx.db, actor.partnershipId, id, a.inviteeId, a.attendance);
  }
  await store.updateMeeting(ctx.db, actor.partnershipId, id, meeting.revision, {
    status: 'held',
    revision: meeting.revision + 1,
    updated_at: ctx.clock.now(),
    updated_by_name: actor.name,
  });
  const count = (v: string) => input.attendance.filter((a) => a.attendance === v).length;
  await record(ctx, {
    action: 'meeting.attendance',
    entityType: 'meeting',
    entityId: id,
    ...(meeting.person_id ? { personId: meeting.person_id } : {}),
    detail: { present: count('present'), apologies: count('apologies'), absent: count('absent') },
  });
}
