// What a signed-in member of staff does to their own account: change password, set up or remove the
// second factor.
import { record } from '../../audit/index.ts';
import type { Ctx, StaffActor } from '../../context.ts';
import { Invalid, Refused } from '../../errors.ts';
import { requiresSecondFactor } from '../../policy/index.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { checkCode, newSecret, otpauthUri, qrSvg } from './totp.ts';

async function ownRow(ctx: Ctx, actor: StaffActor) {
  return ctx.db
    .selectFrom('staff_user')
    .selectAll()
    .where('partnership_id', '=', actor.partnershipId)
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
}

export async function changePassword(
  ctx: Ctx,
  actor: StaffActor,
  input: { currentPassword: string; newPassword: string; confirmPassword: string },
): Promise<void> {
  const user = await ownRow(ctx, actor);
  const errors = [];
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    errors.push({ field: 'currentPassword', message: 'Your current password is not right' });
  }
  const problem = passwordProblem(input.newPassword, user.email);
  if (problem) errors.push({ field: 'newPassword', message: problem });
  else if (input.newPassword !== input.confirmPassword) {
    errors.push({ field: 'confirmPassword', message: 'The two new passwords do not match' });
  }
  if (errors.length) {
    await record(ctx, {
      action: 'account.password_change',
      outcome: 'failure',
      entityType: 'staff_user',
      entityId: user.id,
    });
    throw new Invalid(errors).keepingRecord();
  }
  const now = ctx.clock.now();
  await ctx.db
    .updateTable('staff_user')
    .set({ password_hash: await hashPassword(input.newPassword), password_changed_at: now })
    .where('partnership_id', '=', actor.partnershipId)
    .where('id', '=', actor.userId)
    .execute();
  // Other sessions were opened with the old password: close them.
  await ctx.db
    .deleteFrom('session')
    .where('partnership_id', '=', actor.partnershipId)
    .where('user_id', '=', actor.userId)
    .execute();
  await record(ctx, { action: 'account.password_change', entityType: 'staff_user', entityId: user.id });
}

export interface SecondFactorSetup {
  secret: string;
  uri: string;
  qr: string;
}

/** Starts (or restarts) setting up an authenticator app; the secret is kept but not in force until confirmed. */
export async function beginSecondFactor(ctx: Ctx, actor: StaffActor): Promise<SecondFactorSetup> {
  const user = await ownRow(ctx, actor);
  let secret = user.totp_secret;
  if (!secret || user.totp_enabled_at) {
    if (user.totp_enabled_at) {
      throw new Invalid([
        { field: 'code', message: 'A security app is already set up. Remove it first to set up another.' },
      ]);
    }
    secret = newSecret();
    await ctx.db
      .updateTable('staff_user')
      .set({ totp_secret: secret })
      .where('partnership_id', '=', actor.partnershipId)
      .where('id', '=', actor.userId)
      .execute();
  }
  const uri = otpauthUri(secret, user.email);
  return { secret, uri, qr: await qrSvg(uri) };
}

export async function confirmSecondFactorSetup(ctx: Ctx, actor: StaffActor, code: string): Promise<void> {
  const user = await ownRow(ctx, actor);
  const step = user.totp_secret ? checkCode(user.totp_secret, code, ctx.clock.now(), null) : null;
  if (step === null) {
    await record(ctx, {
      action: 'account.second_factor_setup',
      outcome: 'failure',
      entityType: 'staff_user',
      entityId: user.id,
    });
    throw new Invalid([
      {
        field: 'code',
        message: 'The security code is not right. Enter the 6-digit code your app shows now.',
      },
    ]).keepingRecord();
  }
  await ctx.db
    .updateTable('staff_user')
    .set({ totp_enabled_at: ctx.clock.now(), totp_last_step: step })
    .where('partnership_id', '=', actor.partnershipId)
    .where('id', '=', actor.userId)
    .execute();
  await record(ctx, { action: 'account.second_factor_setup', entityType: 'staff_user', entityId: user.id });
}

export async function removeSecondFactor(ctx: Ctx, actor: StaffActor, password: string): Promise<void> {
  const user = await ownRow(ctx, actor);
  if (requiresSecondFactor(user.partnership_role)) {
    throw new Refused([
      'Administrators and information governance leads must keep a second factor. Set up a new app before removing this one, or ask another administrator to reset it.',
    ]);
  }
  if (!(await verifyPassword(user.password_hash, password))) {
    throw new Invalid([{ field: 'password', message: 'Your password is not right' }]);
  }
  await ctx.db
    .updateTable('staff_user')
    .set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null })
    .where('partnership_id', '=', actor.partnershipId)
    .where('id', '=', actor.userId)
    .execute();
  await record(ctx, { action: 'account.second_factor_remove', entityType: 'staff_user', entityId: user.id });
}
