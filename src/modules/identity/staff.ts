// Administration of staff accounts: who works in which member organisation, and what they may do.
import { randomUUID } from 'node:crypto';
import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { type FieldError, Invalid, NotFound, Refused } from '../../errors.ts';
import { authorise } from '../../policy/index.ts';
import { uniqueOrInvalid } from '../../storage/unique.ts';
import { getOrganisation, partnershipOf } from '../partnerships/index.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import type { CreateStaffInput, StaffStatusChange, UpdateStaffInput } from './schema.ts';

function requireAdmin(ctx: Ctx): string {
  const decision = authorise(ctx.actor, 'staff.manage');
  if (!decision.allowed) throw new Refused(decision.reasons, decision.askWhom);
  return partnershipOf(ctx);
}

const PUBLIC_COLUMNS = [
  'u.id',
  'u.partnership_id',
  'u.organisation_id',
  'u.email',
  'u.name',
  'u.professional_role',
  'u.partnership_role',
  'u.totp_enabled_at',
  'u.failed_sign_ins',
  'u.locked_until',
  'u.disabled_at',
  'u.created_at',
  'o.name as organisation_name',
] as const;

export async function listStaff(ctx: Ctx) {
  const partnershipId = requireAdmin(ctx);
  return ctx.db
    .selectFrom('staff_user as u')
    .innerJoin('organisation as o', (j) =>
      j.onRef('o.partnership_id', '=', 'u.partnership_id').onRef('o.id', '=', 'u.organisation_id'),
    )
    .select(PUBLIC_COLUMNS)
    .where('u.partnership_id', '=', partnershipId)
    .orderBy('o.name')
    .orderBy('u.name')
    .execute();
}

export async function getStaff(ctx: Ctx, id: string) {
  const partnershipId = requireAdmin(ctx);
  const row = await ctx.db
    .selectFrom('staff_user as u')
    .innerJoin('organisation as o', (j) =>
      j.onRef('o.partnership_id', '=', 'u.partnership_id').onRef('o.id', '=', 'u.organisation_id'),
    )
    .select(PUBLIC_COLUMNS)
    .where('u.partnership_id', '=', partnershipId)
    .where('u.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFound('The member of staff');
  return row;
}

/** A field error when the organisation is not one of the partnership's, so it is reported with the others. */
async function organisationProblem(ctx: Ctx, organisationId: string): Promise<FieldError | null> {
  try {
    await getOrganisation(ctx, organisationId);
    return null;
  } catch (error) {
    if (error instanceof NotFound) {
      return { field: 'organisationId', message: 'Select one of the partnership’s organisations' };
    }
    throw error;
  }
}

const EMAIL_TAKEN = { field: 'email', message: 'An account with this email address already exists' };

/**
 * Whether an email address already signs in, as staff or as a person's own account: sign-in looks an address
 * up in both, so one address must belong to one account.
 */
async function emailSignsIn(ctx: Ctx, email: string): Promise<boolean> {
  const wanted = email.trim().toLowerCase();
  const taken = await ctx.db
    .selectFrom('staff_user')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', wanted))
    .unionAll(
      ctx.db
        .selectFrom('person_account')
        .select('id')
        .where((eb) => eb(eb.fn('lower', ['email']), '=', wanted)),
    )
    .executeTakeFirst();
  return taken !== undefined;
}

/**
 * Creates a staff account. `passwordHash` lets the demo loader hash its one shared password once rather
 * than once per account (argon2id is deliberately slow).
 */
export async function createStaff(
  ctx: Ctx,
  input: CreateStaffInput,
  options: { passwordHash?: string } = {},
) {
  const partnershipId = requireAdmin(ctx);
  const errors: FieldError[] = [];
  const organisation = await organisationProblem(ctx, input.organisationId);
  if (organisation) errors.push(organisation);
  const problem = passwordProblem(input.password, input.email);
  if (problem) errors.push({ field: 'password', message: problem });
  if (await emailSignsIn(ctx, input.email)) errors.push(EMAIL_TAKEN);
  if (errors.length) throw new Invalid(errors);
  const now = ctx.clock.now();
  const id = randomUUID();
  const insert = ctx.db.insertInto('staff_user').values({
    partnership_id: partnershipId,
    id,
    organisation_id: input.organisationId,
    email: input.email,
    name: input.name,
    professional_role: input.professionalRole,
    partnership_role: input.partnershipRole,
    password_hash: options.passwordHash ?? (await hashPassword(input.password)),
    password_changed_at: now,
    totp_secret: null,
    totp_enabled_at: null,
    totp_last_step: null,
    last_failed_at: null,
    locked_until: null,
    disabled_at: null,
    created_at: now,
  });
  await uniqueOrInvalid(() => insert.execute(), { staff_user_email: EMAIL_TAKEN });
  await record(ctx, {
    action: 'staff.create',
    entityType: 'staff_user',
    entityId: id,
    detail: { organisationId: input.organisationId, partnershipRole: input.partnershipRole },
  });
  return { id };
}

export async function updateStaff(ctx: Ctx, id: string, input: UpdateStaffInput) {
  const partnershipId = requireAdmin(ctx);
  const before = await getStaff(ctx, id);
  const errors: FieldError[] = [];
  const organisation = await organisationProblem(ctx, input.organisationId);
  if (organisation) errors.push(organisation);
  if (ctx.actor.kind === 'staff' && ctx.actor.userId === id && input.partnershipRole !== 'admin') {
    errors.push({
      field: 'partnershipRole',
      message: 'You cannot remove your own administrator role; ask another administrator',
    });
  }
  if (errors.length) throw new Invalid(errors);
  await ctx.db
    .updateTable('staff_user')
    .set({
      name: input.name,
      organisation_id: input.organisationId,
      professional_role: input.professionalRole,
      partnership_role: input.partnershipRole,
    })
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .execute();
  if (before.partnership_role !== input.partnershipRole || before.organisation_id !== input.organisationId) {
    // What someone may see changed: make them sign in again under the new role.
    await ctx.db
      .deleteFrom('session')
      .where('partnership_id', '=', partnershipId)
      .where('user_id', '=', id)
      .execute();
  }
  await record(ctx, {
    action: 'staff.update',
    entityType: 'staff_user',
    entityId: id,
    detail: {
      before: { organisationId: before.organisation_id, partnershipRole: before.partnership_role },
      after: { organisationId: input.organisationId, partnershipRole: input.partnershipRole },
    },
  });
}

export async function changeStaffStatus(ctx: Ctx, id: string, change: StaffStatusChange) {
  const partnershipId = requireAdmin(ctx);
  await getStaff(ctx, id);
  if (ctx.actor.kind === 'staff' && ctx.actor.userId === id && change === 'disable') {
    throw new Invalid([{ field: 'change', message: 'You cannot disable your own account' }]);
  }
  const now = ctx.clock.now();
  const set =
    change === 'disable'
      ? { disabled_at: now }
      : change === 'enable'
        ? { disabled_at: null }
        : change === 'unlock'
          ? {
              failed_sign_ins: 0,
              last_failed_at: null,
              locked_until: null,
              second_factor_failures: 0,
              second_factor_locked_until: null,
            }
          : { totp_secret: null, totp_enabled_at: null, totp_last_step: null };
  await ctx.db
    .updateTable('staff_user')
    .set(set)
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .execute();
  if (change === 'disable' || change === 'reset_second_factor') {
    await ctx.db
      .deleteFrom('session')
      .where('partnership_id', '=', partnershipId)
      .where('user_id', '=', id)
      .execute();
  }
  await record(ctx, { action: `staff.${change}`, entityType: 'staff_user', entityId: id });
}
