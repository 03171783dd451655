// Signing in: password, then (where set up or required) a second factor. Failed attempts first slow the
// account down, then lock it for a while, so that guessing a password is slow whatever the source.
import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { Invalid, TooManyAttempts } from '../../errors.ts';
import { requiresSecondFactor } from '../../policy/index.ts';
import type { SessionStage } from '../../storage/tables.ts';
import { verifyDecoy, verifyPassword } from './passwords.ts';
import { type SessionSettings, startSession } from './sessions.ts';
import { checkCode } from './totp.ts';

/** After this many failures in a row, each further attempt must wait (5 s, 10 s, 20 s, ... up to a minute). */
export const SLOW_DOWN_AFTER = 3;
/** After this many failures in a row, the account is locked for LOCK_MINUTES. */
export const LOCK_AFTER = 10;
export const LOCK_MINUTES = 15;

const WRONG = 'The email address or password is not right. Check them and try again.';

export function waitSeconds(failures: number): number {
  if (failures < SLOW_DOWN_AFTER) return 0;
  return Math.min(60, 5 * 2 ** (failures - SLOW_DOWN_AFTER));
}

export interface SignInResult {
  token: string;
  stage: SessionStage;
}

export async function signIn(
  ctx: Ctx,
  input: { email: string; password: string },
  settings: SessionSettings,
): Promise<SignInResult> {
  const now = ctx.clock.now();
  const user = await ctx.db
    .selectFrom('staff_user')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.trim().toLowerCase()))
    .executeTakeFirst();
  if (!user) {
    await verifyDecoy(input.password);
    await record(ctx, { action: 'sign_in', outcome: 'failure', detail: { reason: 'unknown account' } });
    throw new Invalid([{ field: 'email', message: WRONG }]).keepingRecord();
  }
  const who = {
    partnershipId: user.partnership_id,
    actorUserId: user.id,
    actorOrganisationId: user.organisation_id,
  };
  if (user.locked_until && new Date(user.locked_until) > now) {
    await record(ctx, { ...who, action: 'sign_in', outcome: 'refused', detail: { reason: 'locked' } });
    const minutes = Math.ceil((new Date(user.locked_until).getTime() - now.getTime()) / 60_000);
    throw new TooManyAttempts(
      `This account is locked after too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask your administrator to unlock it.`,
      minutes * 60,
    ).keepingRecord();
  }
  const wait = waitSeconds(user.failed_sign_ins);
  if (wait > 0 && user.last_failed_at) {
    const ready = new Date(user.last_failed_at).getTime() + wait * 1000;
    if (ready > now.getTime()) {
      const seconds = Math.ceil((ready - now.getTime()) / 1000);
      await record(ctx, { ...who, action: 'sign_in', outcome: 'refused', detail: { reason: 'too soon' } });
      throw new TooManyAttempts(
        `There have been several failed attempts to sign in to this account. Wait ${seconds} seconds, then try again.`,
        seconds,
      ).keepingRecord();
    }
  }
  const ok = !user.disabled_at && (await verifyPassword(user.password_hash, input.password));
  if (!ok) {
    const failures = user.failed_sign_ins + 1;
    const lock = failures >= LOCK_AFTER;
    await ctx.db
      .updateTable('staff_user')
      .set({
        failed_sign_ins: failures,
        last_failed_at: now,
        locked_until: lock ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null,
      })
      .where('partnership_id', '=', user.partnership_id)
      .where('id', '=', user.id)
      .execute();
    await record(ctx, {
      ...who,
      action: 'sign_in',
      outcome: 'failure',
      detail: { reason: user.disabled_at ? 'account disabled' : 'wrong password', failures, locked: lock },
    });
    if (lock) {
      throw new TooManyAttempts(
        `This account is now locked for ${LOCK_MINUTES} minutes after ${failures} failed attempts. Ask your administrator if you need it sooner.`,
        LOCK_MINUTES * 60,
      ).keepingRecord();
    }
    throw new Invalid([{ field: 'email', message: WRONG }]).keepingRecord();
  }
  await ctx.db
    .updateTable('staff_user')
    .set({ failed_sign_ins: 0, last_failed_at: null, locked_until: null })
    .where('partnership_id', '=', user.partnership_id)
    .where('id', '=', user.id)
    .execute();
  const stage: SessionStage = user.totp_enabled_at
    ? 'second_factor'
    : requiresSecondFactor(user.partnership_role)
      ? 'second_factor_setup'
      : 'signed_in';
  const token = await startSession(ctx, user, stage, settings);
  await record(ctx, { ...who, action: 'sign_in', detail: { stage } });
  return { token, stage };
}

/** Completes the second step; the caller replaces the old session with the returned one. */
export async function confirmSecondFactor(
  ctx: Ctx,
  user: { partnershipId: string; userId: string; organisationId: string },
  code: string,
  settings: SessionSettings,
): Promise<string> {
  const now = ctx.clock.now();
  const row = await ctx.db
    .selectFrom('staff_user')
    .select(['totp_secret', 'totp_last_step', 'failed_sign_ins', 'last_failed_at', 'locked_until'])
    .where('partnership_id', '=', user.partnershipId)
    .where('id', '=', user.userId)
    .executeTakeFirstOrThrow();
  const who = {
    partnershipId: user.partnershipId,
    actorUserId: user.userId,
    actorOrganisationId: user.organisationId,
  };
  if (row.locked_until && new Date(row.locked_until) > now) {
    throw new TooManyAttempts(
      'This account is locked after too many failed attempts. Try again later.',
      60,
    ).keepingRecord();
  }
  const step = row.totp_secret ? checkCode(row.totp_secret, code, now, row.totp_last_step) : null;
  if (step === null) {
    const failures = row.failed_sign_ins + 1;
    const lock = failures >= LOCK_AFTER;
    await ctx.db
      .updateTable('staff_user')
      .set({
        failed_sign_ins: failures,
        last_failed_at: now,
        locked_until: lock ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null,
      })
      .where('partnership_id', '=', user.partnershipId)
      .where('id', '=', user.userId)
      .execute();
    await record(ctx, { ...who, action: 'sign_in.second_factor', outcome: 'failure', detail: { failures } });
    throw new Invalid([
      {
        field: 'code',
        message: 'The security code is not right. Enter the 6-digit code your app shows now.',
      },
    ]).keepingRecord();
  }
  await ctx.db
    .updateTable('staff_user')
    .set({ totp_last_step: step, failed_sign_ins: 0, last_failed_at: null })
    .where('partnership_id', '=', user.partnershipId)
    .where('id', '=', user.userId)
    .execute();
  const token = await startSession(
    ctx,
    { partnership_id: user.partnershipId, id: user.userId },
    'signed_in',
    settings,
  );
  await record(ctx, { ...who, action: 'sign_in.second_factor' });
  return token;
}
