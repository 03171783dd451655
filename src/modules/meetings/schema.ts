// Input for scheduling, changing and cancelling meetings, attendance, venues and the calendar feed. Forms
// send a date as three boxes and lists as repeated fields; the API sends ISO dates and arrays. The same
// schemas serve both.
import { z } from 'zod';
import type { Attendance, MeetingKind, MeetingMode } from '../../storage/tables.ts';
import { choice } from '../../validation.ts';
import { isoDate, joinDateParts, optionalIsoDate } from '../../web/date-input.ts';
import { REPEATS, SERIES_CAP } from './series.ts';
import { type ClockTime, minutesOf, parseClockTime } from './time.ts';

export const PERSON_KINDS = ['planning', 'review', 'case_review', 'phone_check_in'] as const;
export const PARTNERSHIP_KINDS = ['partnership_board', 'joint_briefing'] as const;
export const KINDS = [...PERSON_KINDS, ...PARTNERSHIP_KINDS] as const satisfies readonly MeetingKind[];

export const KIND_LABELS: Record<MeetingKind, string> = {
  planning: 'Planning meeting',
  review: 'Care plan review',
  case_review: 'Case review',
  phone_check_in: 'Phone check-in',
  partnership_board: 'Partnership board',
  joint_briefing: 'Joint briefing',
};

export const MODES = ['face_to_face', 'virtual', 'hybrid'] as const satisfies readonly MeetingMode[];
export const MODE_LABELS: Record<MeetingMode, string> = {
  face_to_face: 'Face to face',
  virtual: 'Video call',
  hybrid: 'Hybrid: in the room and by video',
};

export const ATTENDANCE = ['present', 'apologies', 'absent'] as const satisfies readonly Attendance[];
export const ATTENDANCE_LABELS: Record<Attendance, string> = {
  present: 'Present',
  apologies: 'Sent apologies',
  absent: 'Absent',
};

export const REPEAT_LABELS: Record<(typeof REPEATS)[number], string> = {
  none: 'Does not repeat',
  weekly: 'Every week',
  fortnightly: 'Every 2 weeks',
  monthly: 'Every month',
};

function asList(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

const ids = (message: string) =>
  z.preprocess(
    asList,
    z
      .array(z.string(), { error: message })
      .refine((list) => list.every((id) => z.uuid().safeParse(id).success), { message })
      .transform((list) => [...new Set(list.map((id) => id.toLowerCase()))]),
  );

const optionalId = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .nullish()
    .transform((v) => (v ? v.toLowerCase() : null))
    .refine((v) => v === null || z.uuid().safeParse(v).success, message);

const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .nullish()
    .transform((v) => v || null);

const clock = (label: string) =>
  z
    .string({ error: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .transform((v, ctx): ClockTime => {
      const t = parseClockTime(v);
      if (!t) {
        ctx.addIssue({ code: 'custom', message: `Enter the ${label} like 10am, 2:30pm or 14:30` });
        return z.NEVER;
      }
      return t;
    });

/** A yes from a checkbox ("yes"), or a boolean from the API. */
const flag = z.preprocess(
  (v) =>
    v === 'yes' || v === 'true' || v === true
      ? true
      : v === undefined || v === '' || v === false || v === 'false'
        ? false
        : v,
  z.boolean({ error: 'Answer yes or no' }),
);

const videoLink = z
  .string({ error: 'The video call link must be text' })
  .trim()
  .max(500, 'The video call link must be 500 characters or fewer')
  .nullish()
  .transform((v) => v || null)
  .refine((v) => v === null || /^https:\/\/[^\s/]+\.[^\s]+$/i.test(v), {
    message: 'Enter the video call link starting https://, like https://meet.example.org/abc-defg',
  });

/** What every meeting has: when, where, who, and the agenda. */
const details = {
  kind: choice(KINDS, 'Select what kind of meeting it is'),
  title: optionalText('The title', 120),
  date: isoDate('the date of the meeting', '2 12 2026'),
  startTime: clock('start time'),
  endTime: clock('end time'),
  mode: choice(MODES, 'Select whether the meeting is face to face, by video or both'),
  venueOrganisationId: optionalId('Select a member organisation’s venue from the list'),
  location: optionalText('The address', 300),
  videoLink,
  agenda: z
    .string({ error: 'The agenda must be text' })
    .trim()
    .max(4000, 'The agenda must be 4000 characters or fewer')
    .nullish()
    .transform((v) => v ?? ''),
  staffIds: ids('Select staff from the list'),
  invitePerson: flag,
  representativeIds: ids('Select representatives from the list'),
};

type Details = {
  startTime: ClockTime;
  endTime: ClockTime;
  mode: MeetingMode;
  videoLink: string | null;
  location: string | null;
  venueOrganisationId: string | null;
};

/** Checks that need more than one field: the end after the start, a link for a video call, a place to meet. */
function checkDetails(v: Details, ctx: z.RefinementCtx, rotating = false) {
  if (minutesOf(v.endTime) <= minutesOf(v.startTime)) {
    ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'The end time must be after the start time' });
  }
  if (v.mode !== 'face_to_face' && !v.videoLink) {
    ctx.addIssue({
      code: 'custom',
      path: ['videoLink'],
      message: 'Enter the video call link: a video call or hybrid meeting needs one',
    });
  }
  if (v.mode !== 'virtual' && !v.location && !v.venueOrganisationId && !rotating) {
    ctx.addIssue({
      code: 'custom',
      path: ['venueOrganisationId'],
      message: 'Choose where the meeting is held: a member organisation’s venue, or enter the address',
    });
  }
}

export const scheduleInput = z.preprocess(
  joinDateParts(['date', 'until']),
  z
    .object({
      ...details,
      personId: optionalId('The person was not found: start again from their record'),
      repeat: z.preprocess(
        (v) => (v === undefined || v === '' ? 'none' : v),
        choice(REPEATS, 'Select whether the meeting repeats'),
      ),
      repeatEnd: z.preprocess(
        (v) => (v === undefined || v === '' ? null : v),
        z.enum(['count', 'until'], { error: 'Select how the series ends' }).nullable(),
      ),
      count: z.preprocess(
        (v) => (v === undefined || v === '' || v === null ? null : v),
        z.coerce
          .number({ error: 'Enter how many meetings, as a number' })
          .int('Enter how many meetings, as a whole number')
          .min(2, 'A series has at least 2 meetings')
          .max(SERIES_CAP, `A series can have at most ${SERIES_CAP} meetings: schedule more later`)
          .nullable(),
      ),
      until: optionalIsoDate('the date of the last meeting', '30 6 2027'),
      rotationOrganisationIds: ids('Select member organisations from the list'),
    })
    .superRefine((v, ctx) => {
      checkDetails(v, ctx, v.repeat !== 'none' && v.rotationOrganisationIds.length > 0);
      if (v.repeat === 'none') return;
      const end = v.repeatEnd ?? (v.count !== null ? 'count' : v.until !== null ? 'until' : null);
      if (end === null) {
        ctx.addIssue({
          code: 'custom',
          path: ['repeatEnd'],
          message: 'Select how the series ends: after a number of meetings, or on a date',
        });
      } else if (end === 'count' && v.count === null) {
        ctx.addIssue({ code: 'custom', path: ['count'], message: 'Enter how many meetings' });
      } else if (end === 'until' && v.until === null) {
        ctx.addIssue({ code: 'custom', path: ['until'], message: 'Enter the date of the last meeting' });
      } else if (end === 'until' && v.until !== null && v.until <= v.date) {
        ctx.addIssue({
          code: 'custom',
          path: ['until'],
          message: 'The date of the last meeting must be after the first',
        });
      }
      if (v.rotationOrganisationIds.length === 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['rotationOrganisationIds'],
          message: 'Select at least 2 organisations to take turns, or none',
        });
      }
      if (v.rotationOrganisationIds.length && v.mode === 'virtual') {
        ctx.addIssue({
          code: 'custom',
          path: ['rotationOrganisationIds'],
          message: 'A video call has no venue: choose face to face or hybrid, or select no organisations',
        });
      }
    })
    .transform((v) => ({
      ...v,
      repeatEnd:
        v.repeat === 'none'
          ? null
          : (v.repeatEnd ?? (v.count !== null ? ('count' as const) : ('until' as const))),
    })),
);
export type ScheduleInput = z.output<typeof scheduleInput>;

const revision = z.coerce
  .number({ error: 'Reload the page and try again' })
  .int('Reload the page and try again')
  .min(1, 'Reload the page and try again');

export const changeInput = z.preprocess(
  joinDateParts(['date']),
  z.object({ ...details, revision }).superRefine((v, ctx) => checkDetails(v, ctx)),
);
export type ChangeInput = z.output<typeof changeInput>;

export const cancelInput = z.object({
  reason: z
    .string({ error: 'Enter why the meeting is cancelled' })
    .trim()
    .min(1, 'Enter why the meeting is cancelled')
    .max(1000, 'The reason must be 1000 characters or fewer'),
  scope: z.preprocess(
    (v) => (v === undefined || v === '' ? 'this' : v),
    z.enum(['this', 'following'], { error: 'Select which meetings to cancel' }),
  ),
  revision,
});
export type CancelInput = z.output<typeof cancelInput>;

/** Forms send one radio group per invitee, named attendance-<invitee id>; the API sends a list. */
export const attendanceInput = z.preprocess(
  (body) => {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
    const source = body as Record<string, unknown>;
    if ('attendance' in source) return source;
    const attendance = Object.entries(source)
      .filter(([k]) => k.startsWith('attendance-'))
      .map(([k, v]) => ({ inviteeId: k.slice('attendance-'.length), attendance: v === '' ? null : v }));
    return { attendance };
  },
  z.object({
    attendance: z
      .array(
        z.object({
          inviteeId: z.uuid('Select someone from the list of invitees'),
          attendance: z
            .enum(ATTENDANCE, { error: 'Select present, sent apologies or absent' })
            .nullable()
            .optional()
            .transform((v) => v ?? null),
        }),
        { error: 'Send the attendance as a list' },
      )
      .max(200, 'Send at most 200 invitees at once'),
  }),
);
export type AttendanceInput = z.output<typeof attendanceInput>;

export const venueInput = z.object({
  address: z
    .string({ error: 'Enter the venue’s address' })
    .trim()
    .min(1, 'Enter the venue’s address')
    .max(300, 'The address must be 300 characters or fewer'),
  accessNotes: z
    .string({ error: 'Access arrangements must be text' })
    .trim()
    .max(500, 'Access arrangements must be 500 characters or fewer')
    .nullish()
    .transform((v) => v ?? ''),
});
export type VenueInput = z.output<typeof venueInput>;
