// The audit trail: an append-only, hash-chained record of who did what to which record, and on which basis.
// Every module records through record(), in the same transaction as the change; verifyTrail() checks it.
export { type AccessReportPage, type AccessReportRow, personAccessReport } from './access-report.ts';
export { PLATFORM_CHAIN } from './chain.ts';
export { type AuditEntry, record } from './record.ts';
export {
  type AccessWindow,
  AUDIT_OUTCOMES,
  AUDIT_PAGE_SIZE,
  type AuditFilters,
  type AuditPage,
  type AuditRow,
  describeBasis,
  eventsInWindows,
  findPeopleByName,
  londonDayStart,
  personName,
  searchAuditTrail,
  searchChoices,
  type WindowEvent,
} from './search.ts';
export { type BrokenLink, type VerifyReport, verifyTrail } from './verify.ts';
