// What every service call receives: who is acting, the database (usually a transaction) and the clock.
// Time comes from ctx.clock so that tests control it; it is stored in UTC and shown in Europe/London.
import type { Db } from './storage/database.ts';
import type { PartnershipRole } from './storage/tables.ts';

export interface StaffActor {
  kind: 'staff';
  userId: string;
  partnershipId: string;
  organisationId: string;
  role: PartnershipRole;
  name: string;
}

/** The command line, the demo loader and scheduled jobs act as the system, named for the audit trail. */
export interface SystemActor {
  kind: 'system';
  partnershipId: string | null;
  name: string;
}

/** The person whose record it is, or a representative they have authorised, signed in to their own record. */
export interface PersonActor {
  kind: 'person';
  partnershipId: string;
  personId: string;
  accountId: string;
  /** Set when a representative (an advocate, an attorney) is signed in for the person. */
  representativeId: string | null;
  name: string;
}

export interface AnonymousActor {
  kind: 'anonymous';
}

export type Actor = StaffActor | SystemActor | PersonActor | AnonymousActor;

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface Ctx {
  actor: Actor;
  db: Db;
  clock: Clock;
}
