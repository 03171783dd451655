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
  /** Staff go on to their home page; a person, or their representative, to their own record. */
  kind: 'staff' | 'person';
}

/** What signing in needs to know of an account, whether a member of staff's or a person's. */
interface Account {
  kind: 'staff' | 'person';
  partnershipId: string;
  id: string;
  passwordHash: string | null;
  /** Disabled, not yet activated, or a representative no longer authorised: no password opens it. */
  closed: string | null;
  failedSignIns: number;
  lastFailedAt: Date | null;
  lockedUntil: Date | null;
  stage: SessionStage;
  who: {
    partnershipId: string;
    actorUserId?: string;
    actorOrganisationId?: string;
    personId?: string;
  };
  /** Who can unlock it early. */
  unlocker: string;
}

/**
 * One email address, one account: staff accounts are looked up first, then people's. Both follow the same
 * rules for slowing down and locking, and both fail with the same message.
 */
async function findAccount(ctx: Ctx, email: string): Promise<Account | null> {
  const wanted = email.trim().toLowerCase();
  const user = await ctx.db
    .selectFrom('staff_user')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', wanted))
    .executeTakeFirst();
  if (user) {
    return {
      kind: 'staff',
      partnershipId: user.partnership_id,
      id: user.id,
      passwordHash: user.password_hash,
      closed: user.disabled_at ? 'account disabled' : null,
      failedSignIns: user.failed_sign_ins,
      lastFailedAt: user.last_failed_at ? new Date(user.last_failed_at) : null,
      lockedUntil: user.locked_until ? new Date(user.locked_until) : null,
      stage: user.totp_enabled_at
        ? 'second_factor'
        : requiresSecondFactor(user.partnership_role)
          ? 'second_factor_setup'
          : 'signed_in',
      who: {
        partnershipId: user.partnership_id,
        actorUserId: user.id,
        actorOrganisationId: user.organisation_id,
      },
      unlocker: 'ask your administrator',
    };
  }
  const account = await ctx.db
    .selectFrom('person_account as a')
    .leftJoin('representative as r', (j) =>
      j.onRef('r.partnership_id', '=', 'a.partnership_id').onRef('r.id', '=', 'a.representative_id'),
    )
    .select([
      'a.partnership_id',
      'a.id',
      'a.person_id',
      'a.representative_id',
      'a.password_hash',
      'a.activated_at',
      'a.disabled_at',
      'a.failed_sign_ins',
      'a.last_failed_at',
      'a.locked_until',
      'r.may_sign_in',
      'r.ended_at',
    ])
    .where((eb) => eb(eb.fn('lower', ['a.email']), '=', wanted))
    .executeTakeFirst();
  if (!account) return null;
  const representativeGone = account.representative_id !== null && (!account.may_sign_in || account.ended_at);
  return {
    kind: 'person',
    partnershipId: account.partnership_id,
    id: account.id,
    passwordHash: account.password_hash,
    closed: account.disabled_at
      ? 'account disabled'
      : !account.activated_at
        ? 'not activated'
        : representativeGone
          ? 'representative not authorised'
          : null,
    failedSignIns: account.failed_sign_ins,
    lastFailedAt: account.last_failed_at ? new Date(account.last_failed_at) : null,
    lockedUntil: account.locked_until ? new Date(account.locked_until) : null,
    // People sign in with a password alone for now: no second factor is offered to them yet.
    stage: 'signed_in',
    who: { partnershipId: account.partnership_id, personId: account.person_id },
    unlocker: 'ask your care team',
  };
}

async function setFailures(
  ctx: Ctx,
  account: Account,
  values: { failed_sign_ins: number; last_failed_at: Date | null; locked_until: Date | null },
): Promise<void> {
  const table = account.kind === 'staff' ? 'staff_user' : 'person_account';
  await ctx.db
    .updateTable(table)
    .set(values)
    .where('partnership_id', '=', account.partnershipId)
    .where('id', '=', account.id)
    .execute();
}

export async function signIn(
  ctx: Ctx,
  input: { email: string; password: string },
  settings: SessionSettings,
): Promise<SignInResult> {
  const now = ctx.clock.now();
  const account = await findAccount(ctx, input.email);
  if (!account) {
    await verifyDecoy(input.password);
    await record(ctx, { action: 'sign_in', outcome: 'failure', detail: { reason: 'unknown account' } });
    throw new Invalid([{ field: 'email', message: WRONG }]).keepingRecord();
  }
  const who = account.who;
  const kind = { account: account.kind };
  if (account.lockedUntil && account.lockedUntil > now) {
    await record(ctx, {
      ...who,
      action: 'sign_in',
      outcome: 'refused',
      detail: { ...kind, reason: 'locked' },
    });
    const minutes = Math.ceil((account.lockedUntil.getTime() - now.getTime()) / 60_000);
    throw new TooManyAttempts(
      `This account is locked after too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ${account.unlocker} to unlock it.`,
      minutes * 60,
    ).keepingRecord();
  }
  const wait = waitSeconds(account.failedSignIns);
  if (wait > 0 && account.lastFailedAt) {
    const ready = account.lastFailedAt.getTime() + wait * 1000;
    if (ready > now.getTime()) {
      const seconds = Math.ceil((ready - now.getTime()) / 1000);
      await record(ctx, {
        ...who,
        action: 'sign_in',
        outcome: 'refused',
        detail: { ...kind, reason: 'too soon' },
      });
      throw new TooManyAttempts(
        `There have been several failed attempts to sign in to this account. Wait ${seconds} seconds, then try again.`,
        seconds,
      ).keepingRecord();
    }
  }
  let ok = false;
  if (account.closed || account.passwordHash === null) await verifyDecoy(input.password);
  else ok = await verifyPassword(account.passwordHash, input.password);
  if (!ok) {
    const failures = account.failedSignIns + 1;
    const lock = failures >= LOCK_AFTER;
    await setFailures(ctx, account, {
      failed_sign_ins: failures,
      last_failed_at: now,
      locked_until: lock ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null,
    });
    await record(ctx, {
      ...who,
      action: 'sign_in',
      outcome: 'failure',
      detail: { ...kind, reason: account.closed ?? 'wrong password', failures, locked: lock },
    });
    if (lock) {
      throw new TooManyAttempts(
        `This account is now locked for ${LOCK_MINUTES} minutes after ${failures} failed attempts. ${capitalise(account.unlocker)} if you need it sooner.`,
        LOCK_MINUTES * 60,
      ).keepingRecord();
    }
    throw new Invalid([{ field: 'email', message: WRONG }]).keepingRecord();
  }
  await setFailures(ctx, account, { failed_sign_ins: 0, last_failed_at: null, locked_until: null });
  const token = await startSession(
    ctx,
    { partnership_id: account.partnershipId, id: account.id },
    account.stage,
    settings,
    account.kind,
  );
  await record(ctx, { ...who, action: 'sign_in', detail: { ...kind, stage: account.stage } });
  return { token, stage: account.stage, kind: account.kind };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Wrong security codes in a row before the second step locks; each lock after the first is twice as long. */
export const SECOND_FACTOR_LOCK_AFTER = 5;
const SECOND_FACTOR_LOCK_MINUTES = 15;
const SECOND_FACTOR_LOCK_MAX_MINUTES = 24 * 60;

function secondFactorLockMinutes(failures: number): number {
  return Math.min(
    SECOND_FACTOR_LOCK_MAX_MINUTES,
    SECOND_FACTOR_LOCK_MINUTES * 2 ** (failures - SECOND_FACTOR_LOCK_AFTER),
  );
}

function secondFactorLocked(minutes: number): TooManyAttempts {
  return new TooManyAttempts(
    `Too many wrong security codes. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask your administrator to unlock your account. If you did not just try to sign in, someone else knows your password: change it.`,
    minutes * 60,
  ).keepingRecord();
}

/**
 * Completes the second step; the caller replaces the old session with the returned one. Wrong codes are
 * counted on their own (a good password does not reset them) and lock this step after a few, because
 * whoever reaches it already has the password.
 */
export async function confirmSecondFactor(
  ctx: Ctx,
  user: { partnershipId: string; userId: string; organisationId: string },
  code: string,
  settings: SessionSettings,
): Promise<string> {
  const now = ctx.clock.now();
  const row = await ctx.db
    .selectFrom('staff_user')
    .select(['totp_secret', 'totp_last_step', 'second_factor_failures', 'second_factor_locked_until'])
    .where('partnership_id', '=', user.partnershipId)
    .where('id', '=', user.userId)
    .executeTakeFirstOrThrow();
  const who = {
    partnershipId: user.partnershipId,
    actorUserId: user.userId,
    actorOrganisationId: user.organisationId,
  };
  const lockedUntil = row.second_factor_locked_until ? new Date(row.second_factor_locked_until) : null;
  if (lockedUntil && lockedUntil > now) {
    await record(ctx, {
      ...who,
      action: 'sign_in.second_factor',
      outcome: 'refused',
      detail: { reason: 'locked' },
    });
    throw secondFactorLocked(Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
  }
  const step = row.totp_secret ? checkCode(row.totp_secret, code, now, row.totp_last_step) : null;
  // The step is taken only if no other request took it first, so one code opens one session.
  const taken =
    step !== null &&
    Number(
      (
        await ctx.db
          .updateTable('staff_user')
          .set({ totp_last_step: step, second_factor_failures: 0, second_factor_locked_until: null })
          .where('partnership_id', '=', user.partnershipId)
          .where('id', '=', user.userId)
          .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
          .executeTakeFirst()
      ).numUpdatedRows,
    ) === 1;
  if (!taken) {
    const failures = row.second_factor_failures + 1;
    const minutes = failures >= SECOND_FACTOR_LOCK_AFTER ? secondFactorLockMinutes(failures) : 0;
    await ctx.db
      .updateTable('staff_user')
      .set({
        second_factor_failures: failures,
        second_factor_locked_until: minutes ? new Date(now.getTime() + minutes * 60_000) : null,
      })
      .where('partnership_id', '=', user.partnershipId)
      .where('id', '=', user.userId)
      .execute();
    await record(ctx, {
      ...who,
      action: 'sign_in.second_factor',
      outcome: 'failure',
      detail: { failures, locked: minutes > 0 },
    });
    if (minutes) throw secondFactorLocked(minutes);
    throw new Invalid([
      {
        field: 'code',
        message: 'The security code is not right. Enter the 6-digit code your app shows now.',
      },
    ]).keepingRecord();
  }
  const token = await startSession(
    ctx,
    { partnership_id: user.partnershipId, id: user.userId },
    'signed_in',
    settings,
  );
  await record(ctx, { ...who, action: 'sign_in.second_factor' });
  return token;
}
