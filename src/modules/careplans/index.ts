// Care plans: one joint plan per person, outcomes in their own words, actions with one named lead, agreed
// by every organisation on the care team and by the person, reviewed at least yearly.
export { agreementState, changesBetween, signOff } from './agreement.ts';
export { planWarnings, type Warning } from './checks.ts';
export { type MyWork, myWork, REVIEW_NOTICE_DAYS, workSummary } from './dashboard.ts';
export {
  dateInWords,
  PERSON_FORMAT_LABELS,
  PERSON_FORMATS,
  type PersonFormat,
  type PersonPlan,
  personFormatFor,
  sentences,
} from './person-view.ts';
export { describeRule, FREQUENCIES, nextDue, nextOccurrence, occurrences, ruleFor } from './recurrence.ts';
export { type ActionReminder, actionsDueBy, type ReviewReminder, reviewsDueBy } from './reminders.ts';
export { aYearAfter, recordReview, requestReview, reviewDetail, reviewsView } from './reviews.ts';
export * from './schema.ts';
export {
  addAction,
  addOutcome,
  planView,
  removeAction,
  removeOutcome,
  setActionStatus,
  updateAction,
  updateOutcome,
} from './service.ts';
export { setPlanContact, type WhoDoesWhat, whoDoesWhat } from './who-does-what.ts';
export * from './work-schema.ts';
