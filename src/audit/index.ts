// The audit trail: an append-only, hash-chained record of who did what to which record, and on which basis.
// Every module records through record(), in the same transaction as the change; verifyTrail() checks it.
export { PLATFORM_CHAIN } from './chain.ts';
export { type AuditEntry, record } from './record.ts';
export { type BrokenLink, type VerifyReport, verifyTrail } from './verify.ts';
