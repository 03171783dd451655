// Disputes: the partnership's step-by-step procedure for disagreements between care team members about a
// plan, an action or a decision (practitioners talk, then managers, then mediation, then senior leaders),
// each stage with a target time in working days, every party's view kept in its own words, the person's
// view asked for, and the outcome that closes it. Disputes about a person follow their sharing rules.
export { lateness, type OverdueStage, overdueDisputeStages } from './procedure.ts';
export { STAGES } from './schema.ts';
export { disputeCounts, listDisputes } from './service.ts';
export { addView, escalate, raiseDispute, recordPersonView, resolve } from './steps.ts';
export { addWorkingDays, bankHolidays, isWorkingDay, workingDaysBetween } from './working-days.ts';
