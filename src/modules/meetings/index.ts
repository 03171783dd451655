// Meetings: for a person (planning, review, case review, phone check-in) or for the partnership (board,
// joint briefing); face to face, by video or both; repeating series with venues taking turns; invitations
// and a personal calendar feed in iCalendar; attendance. A person's meetings follow their sharing rules.

export { recordAttendance } from './attendance.ts';
export { meetingRecord } from './record-page.ts';
export { addAllToPlan, addToPlan } from './record-plan.ts';
export {
  addActionPoint,
  addAgendaItem,
  addContribution,
  moveAgendaItem,
  recordDecision,
  saveMinutes,
} from './record-service.ts';
export { publishSummary, saveSummary } from './record-summary.ts';
export { mySummaries, mySummary } from './record-summary-copies.ts';
export { scheduleMeeting } from './schedule.ts';
export { ATTENDANCE_LABELS, KIND_LABELS, MODE_LABELS, PARTNERSHIP_KINDS, PERSON_KINDS } from './schema.ts';
export {
  attendanceFlags,
  auditMeetingRead,
  initialsOf,
  type MeetingView,
  mayManage,
  meetingPage,
  meetingsOverview,
  myUpcomingMeetings,
  openMeeting,
  personMeetings,
  staffOnly,
} from './service.ts';
export { formatWhen, londonInstant } from './time.ts';
export { mayKeepVenue, setVenue } from './venues.ts';
