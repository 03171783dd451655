// Who may read and write a meeting's record. A meeting about a person follows that person's sharing rules:
// only someone who may open their record sees the meeting's record, and each part (an agenda item's minutes,
// an agency's contribution, a decision, an action point) only where the policy lets them read its data
// category. A partnership meeting holds nothing about a person: every member of staff may read it.
import type { Ctx, StaffActor } from '../../context.ts';
import { Invalid, Refused } from '../../errors.ts';
import type { Decision, EntryFacts, PersonAccess } from '../../policy/index.ts';
import type { DataCategory } from '../../storage/tables.ts';
import type * as store from './record-store.ts';
import { openMeeting as openScheduledMeeting } from './service.ts';
import type { MeetingRow as ScheduledMeetingRow } from './store.ts';

export function staffOnly(ctx: Ctx): StaffActor {
  if (ctx.actor.kind !== 'staff') throw new Refused(['Only staff can see and write a meeting’s record.']);
  return ctx.actor;
}

export interface OpenMeeting {
  meeting: ScheduledMeetingRow;
  actor: StaffActor;
  /** Null for a partnership meeting. */
  access: PersonAccess | null;
}

/**
 * Opens a meeting's record as the meetings core opens the meeting: NotFound if there is none, refused (and
 * recorded) if its person's record is closed to the actor.
 */
export async function openMeeting(ctx: Ctx, meetingId: string, forUpdate = false): Promise<OpenMeeting> {
  return openScheduledMeeting(ctx, meetingId, { forUpdate });
}

const ALLOWED: Decision = { allowed: true, reasons: ['A partnership meeting'], basis: 'partnership' };

/** Whether the actor may read this part of the record, held by `holder` (an organisation) under `category`. */
export function readDecision(
  open: OpenMeeting,
  category: DataCategory | null,
  entry?: Partial<EntryFacts>,
): Decision {
  if (!open.access) return ALLOWED;
  const facts: EntryFacts = {
    holdingOrganisationId: entry?.holdingOrganisationId ?? open.access.facts.holdingOrganisationId,
    sharingLevel: 'care_team',
    restrictedTo: [],
    authorId: null,
    assignedTo: entry?.assignedTo,
  };
  return open.access.decide(category ?? 'social_care', 'read', facts);
}

/**
 * Writing the record: for a person's meeting, anyone the policy lets change their record (on the care team,
 * not a volunteer); for a partnership meeting, any member of staff but a volunteer.
 */
export function requireWrite(open: OpenMeeting, category: DataCategory | null = null): void {
  if (open.access) {
    const decision = open.access.decide(category ?? 'social_care', 'write');
    if (!decision.allowed) throw new Refused(decision.reasons, decision.askWhom);
  } else if (open.actor.role === 'volunteer') {
    throw new Refused(['Volunteers can read a partnership meeting’s record but not write it.']);
  }
  if (open.meeting.status === 'cancelled') {
    throw new Refused(['This meeting was cancelled, so it has no record to write.']);
  }
}

/** Minutes, contributions, decisions and action points are written once the meeting has started. */
export function requireStarted(ctx: Ctx, open: OpenMeeting, field: string): void {
  if (new Date(open.meeting.starts_at).getTime() > ctx.clock.now().getTime()) {
    throw new Invalid([
      {
        field,
        message:
          'This meeting has not started yet: add agenda items now, and minutes, decisions and action points once it has',
      },
    ]);
  }
}

/** For a person's meeting every part carries a data category; a partnership meeting's parts carry none. */
export function categoryFor(
  open: OpenMeeting,
  category: DataCategory | null,
  field = 'category',
): DataCategory | null {
  if (!open.meeting.person_id) return null;
  if (!category) throw new Invalid([{ field, message: 'Select what kind of information this is' }]);
  return category;
}

/** The people at the meeting: invitees marked present, or not yet marked (apologies and absences are not). */
export function attendees(invitees: readonly store.InviteeRow[]): store.InviteeRow[] {
  return invitees.filter((i) => i.attendance === null || i.attendance === 'present');
}
