// Server-side sessions. The cookie holds 32 random bytes; the database holds only their SHA-256, so a
// copy of the database cannot be used to sign in. A new id is issued at every step of signing in.
// A session belongs to a member of staff or to a person's account (the person, or a representative they
// authorised); the two are looked up separately so that one can never be taken for the other.
import { createHash, randomBytes } from 'node:crypto';
import type { Ctx } from '../../context.ts';
import type { Db } from '../../storage/database.ts';
import type { PartnershipRole, SessionStage } from '../../storage/tables.ts';

export interface SessionSettings {
  idleMinutes: number;
  maxHours: number;
}

export interface ActiveSession {
  idHash: string;
  stage: SessionStage;
  partnershipId: string;
  userId: string;
  organisationId: string;
  role: PartnershipRole;
  name: string;
  email: string;
  totpEnabled: boolean;
  expiresAt: Date;
}

/** A person, or a representative they authorised, signed in to the person's own record. */
export interface PersonSession {
  idHash: string;
  partnershipId: string;
  accountId: string;
  personId: string;
  representativeId: string | null;
  /** The representative's name when one is signed in, otherwise the person's. */
  name: string;
  email: string;
  expiresAt: Date;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function startSession(
  ctx: Ctx,
  user: { partnership_id: string; id: string },
  stage: SessionStage,
  settings: SessionSettings,
  accountKind: 'staff' | 'person' = 'staff',
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('session')
    .values({
      partnership_id: user.partnership_id,
      id_hash: hashToken(token),
      user_id: user.id,
      account_kind: accountKind,
      stage,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + settings.maxHours * 3600_000),
    })
    .execute();
  return token;
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('session').where('id_hash', '=', hashToken(token)).execute();
}

// Writing last_seen_at on every request would turn every page view into a write; once a minute is enough
// to enforce an idle timeout measured in minutes.
const TOUCH_AFTER_MS = 60_000;

export async function findSession(
  db: Db,
  token: string,
  now: Date,
  settings: SessionSettings,
): Promise<ActiveSession | null> {
  const row = await db
    .selectFrom('session as s')
    .innerJoin('staff_user as u', (j) =>
      j.onRef('u.partnership_id', '=', 's.partnership_id').onRef('u.id', '=', 's.user_id'),
    )
    .select([
      's.id_hash',
      's.stage',
      's.partnership_id',
      's.user_id',
      's.last_seen_at',
      's.expires_at',
      'u.organisation_id',
      'u.partnership_role',
      'u.name',
      'u.email',
      'u.totp_enabled_at',
      'u.disabled_at',
    ])
    .where('s.id_hash', '=', hashToken(token))
    .where('s.account_kind', '=', 'staff')
    .executeTakeFirst();
  if (!row || row.disabled_at) return null;
  if (!(await stillOpen(db, row, now, settings))) return null;
  return {
    idHash: row.id_hash,
    stage: row.stage,
    partnershipId: row.partnership_id,
    userId: row.user_id,
    organisationId: row.organisation_id,
    role: row.partnership_role,
    name: row.name,
    email: row.email,
    totpEnabled: row.totp_enabled_at !== null,
    expiresAt: new Date(row.expires_at),
  };
}

/**
 * The session of a person's account, or null. The account must be activated and not disabled, and a
 * representative must still be authorised (may_sign_in) and not ended: withdrawing either ends access at once.
 */
export async function findPersonSession(
  db: Db,
  token: string,
  now: Date,
  settings: SessionSettings,
): Promise<PersonSession | null> {
  const row = await db
    .selectFrom('session as s')
    .innerJoin('person_account as a', (j) =>
      j.onRef('a.partnership_id', '=', 's.partnership_id').onRef('a.id', '=', 's.user_id'),
    )
    .innerJoin('person as p', (j) =>
      j.onRef('p.partnership_id', '=', 'a.partnership_id').onRef('p.id', '=', 'a.person_id'),
    )
    .leftJoin('representative as r', (j) =>
      j.onRef('r.partnership_id', '=', 'a.partnership_id').onRef('r.id', '=', 'a.representative_id'),
    )
    .select([
      's.id_hash',
      's.stage',
      's.partnership_id',
      's.user_id',
      's.last_seen_at',
      's.expires_at',
      'a.person_id',
      'a.representative_id',
      'a.email',
      'a.activated_at',
      'a.disabled_at',
      'p.given_name',
      'p.preferred_name',
      'p.family_name',
      'r.name as representative_name',
      'r.may_sign_in',
      'r.ended_at',
    ])
    .where('s.id_hash', '=', hashToken(token))
    .where('s.account_kind', '=', 'person')
    .executeTakeFirst();
  if (row?.stage !== 'signed_in' || row.disabled_at || !row.activated_at) return null;
  if (row.representative_id && (!row.may_sign_in || row.ended_at)) return null;
  if (!(await stillOpen(db, row, now, settings))) return null;
  return {
    idHash: row.id_hash,
    partnershipId: row.partnership_id,
    accountId: row.user_id,
    personId: row.person_id,
    representativeId: row.representative_id,
    name: row.representative_id
      ? (row.representative_name ?? '')
      : `${row.preferred_name || row.given_name} ${row.family_name}`,
    email: row.email,
    expiresAt: new Date(row.expires_at),
  };
}

/** Ends a session past its idle or absolute limit; otherwise notes that it was used. */
async function stillOpen(
  db: Db,
  row: { id_hash: string; last_seen_at: Date; expires_at: Date },
  now: Date,
  settings: SessionSettings,
): Promise<boolean> {
  const lastSeen = new Date(row.last_seen_at).getTime();
  const expires = new Date(row.expires_at);
  if (expires.getTime() <= now.getTime() || lastSeen + settings.idleMinutes * 60_000 <= now.getTime()) {
    await db.deleteFrom('session').where('id_hash', '=', row.id_hash).execute();
    return false;
  }
  if (now.getTime() - lastSeen > TOUCH_AFTER_MS) {
    await db.updateTable('session').set({ last_seen_at: now }).where('id_hash', '=', row.id_hash).execute();
  }
  return true;
}

/** Ends every session of one person's account: when it is disabled, or given a new invitation. */
export async function endPersonSessions(db: Db, partnershipId: string, accountId: string): Promise<void> {
  await db
    .deleteFrom('session')
    .where('partnership_id', '=', partnershipId)
    .where('user_id', '=', accountId)
    .where('account_kind', '=', 'person')
    .execute();
}
