// Server-side sessions. The cookie holds 32 random bytes; the database holds only their SHA-256, so a
// copy of the database cannot be used to sign in. A new id is issued at every step of signing in.
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

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function startSession(
  ctx: Ctx,
  user: { partnership_id: string; id: string },
  stage: SessionStage,
  settings: SessionSettings,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('session')
    .values({
      partnership_id: user.partnership_id,
      id_hash: hashToken(token),
      user_id: user.id,
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
    .executeTakeFirst();
  if (!row || row.disabled_at) return null;
  const lastSeen = new Date(row.last_seen_at).getTime();
  const expires = new Date(row.expires_at);
  if (expires.getTime() <= now.getTime() || lastSeen + settings.idleMinutes * 60_000 <= now.getTime()) {
    await db.deleteFrom('session').where('id_hash', '=', row.id_hash).execute();
    return null;
  }
  if (now.getTime() - lastSeen > TOUCH_AFTER_MS) {
    await db.updateTable('session').set({ last_seen_at: now }).where('id_hash', '=', row.id_hash).execute();
  }
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
    expiresAt: expires,
  };
}
