// Migrations only move forward: one file each, named by date and purpose, listed here in order.
// They are imported, not read from disk, so the same list runs under tsx, in tests and in a bundle.
import type { Migration } from 'kysely';
import * as foundation from './2026-11-25-01-foundation.ts';
import * as peopleAndSharing from './2026-11-25-02-people-and-sharing.ts';
import * as carePlans from './2026-11-25-10-care-plans.ts';
import * as partnershipWorking from './2026-11-25-20-partnership-working.ts';
import * as sharedLanguageAndLearning from './2026-11-25-21-shared-language-and-learning.ts';
import * as benchIndexes from './2026-11-25-30-bench-indexes.ts';
import * as meetings from './2026-11-25-41-meetings.ts';
import * as notify from './2026-11-25-42-notify.ts';
import * as records from './2026-11-25-43-records.ts';
import * as meetingRecords from './2026-11-25-44-meeting-records.ts';
import * as meetingsMore from './2026-11-25-45-meetings-more.ts';
import * as signInDefences from './2026-12-02-20-sign-in-defences.ts';

export const migrations: Record<string, Migration> = {
  '2026-11-25-01-foundation': foundation,
  '2026-11-25-02-people-and-sharing': peopleAndSharing,
  '2026-11-25-10-care-plans': carePlans,
  '2026-11-25-20-partnership-working': partnershipWorking,
  '2026-11-25-21-shared-language-and-learning': sharedLanguageAndLearning,
  '2026-11-25-30-bench-indexes': benchIndexes,
  '2026-11-25-41-meetings': meetings,
  '2026-11-25-42-notify': notify,
  '2026-11-25-43-records': records,
  '2026-11-25-44-meeting-records': meetingRecords,
  '2026-11-25-45-meetings-more': meetingsMore,
  '2026-12-02-20-sign-in-defences': signInDefences,
};
