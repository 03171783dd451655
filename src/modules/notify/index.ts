// Notify: in-app notifications for staff and email through an outbox, both created in the caller's
// transaction; reminders and the daily digest run on a schedule inside the server. A notification about a
// person reaches only those the sharing rules let read it, and is decided again before it is shown or sent.

export { sendDueEmails } from './outbox.ts';
export { leadCoordinatorIds } from './recipients.ts';
export { runDailyJobs, type Scheduler, type SchedulerOptions, startScheduler } from './scheduler.ts';
export type { NotificationKind } from './schema.ts';
export { KIND_LABELS } from './schema.ts';
export { type EmailInput, type NotifyInput, notify, queueEmail } from './service.ts';
