// The care team: the organisations and named staff who support a person, one of them the lead coordinator.
import { randomUUID } from 'node:crypto';
import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { Invalid, NotFound } from '../../errors.ts';
import { actorPartnership, requirePersonAccess } from '../../policy/index.ts';
import type { CareTeamMemberInput } from './schema.ts';
import { staffOnly } from './service.ts';
import * as store from './store.ts';

async function requireTeamWrite(ctx: Ctx, personId: string) {
  const actor = staffOnly(ctx);
  await requirePersonAccess(ctx, personId, 'social_care', 'write', 'care_team');
  return actor.partnershipId;
}

export async function addMember(ctx: Ctx, personId: string, input: CareTeamMemberInput) {
  const partnershipId = await requireTeamWrite(ctx, personId);
  const org = await ctx.db
    .selectFrom('organisation')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', input.organisationId)
    .executeTakeFirst();
  if (!org)
    throw new Invalid([
      { field: 'organisationId', message: 'Select one of the partnership’s organisations' },
    ]);
  if (input.staffUserId) {
    const staff = await ctx.db
      .selectFrom('staff_user')
      .select(['organisation_id', 'disabled_at'])
      .where('partnership_id', '=', partnershipId)
      .where('id', '=', input.staffUserId)
      .executeTakeFirst();
    if (!staff || staff.disabled_at)
      throw new Invalid([{ field: 'staffUserId', message: 'Select an active member of staff' }]);
    if (staff.organisation_id !== input.organisationId) {
      throw new Invalid([
        { field: 'staffUserId', message: 'Select someone who works for the organisation you chose' },
      ]);
    }
  }
  const existing = await ctx.db
    .selectFrom('care_team_member')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where('person_id', '=', personId)
    .where('organisation_id', '=', input.organisationId)
    .where((eb) =>
      input.staffUserId ? eb('staff_user_id', '=', input.staffUserId) : eb('staff_user_id', 'is', null),
    )
    .executeTakeFirst();
  if (existing)
    throw new Invalid([
      {
        field: input.staffUserId ? 'staffUserId' : 'organisationId',
        message: 'They are already on the care team',
      },
    ]);
  const id = randomUUID();
  await ctx.db
    .insertInto('care_team_member')
    .values({
      partnership_id: partnershipId,
      id,
      person_id: personId,
      organisation_id: input.organisationId,
      staff_user_id: input.staffUserId,
      role_in_team: input.roleInTeam,
      is_lead: false,
      added_at: ctx.clock.now(),
    })
    .execute();
  await record(ctx, {
    action: 'care_team.add',
    entityType: 'care_team_member',
    entityId: id,
    personId,
    detail: { organisationId: input.organisationId, staffUserId: input.staffUserId },
  });
  return { id };
}

export async function removeMember(ctx: Ctx, personId: string, memberId: string) {
  const partnershipId = await requireTeamWrite(ctx, personId);
  const member = await ctx.db
    .selectFrom('care_team_member')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('person_id', '=', personId)
    .where('id', '=', memberId)
    .executeTakeFirst();
  if (!member) throw new NotFound('The care team member');
  if (member.is_lead) {
    throw new Invalid([
      { field: 'memberId', message: 'Name another lead coordinator before removing this one' },
    ]);
  }
  await ctx.db
    .deleteFrom('care_team_member')
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', memberId)
    .execute();
  await record(ctx, {
    action: 'care_team.remove',
    entityType: 'care_team_member',
    entityId: memberId,
    personId,
    detail: { organisationId: member.organisation_id, staffUserId: member.staff_user_id },
  });
}

export async function setLead(ctx: Ctx, personId: string, memberId: string) {
  const partnershipId = await requireTeamWrite(ctx, personId);
  const member = await ctx.db
    .selectFrom('care_team_member')
    .select(['id', 'staff_user_id'])
    .where('partnership_id', '=', partnershipId)
    .where('person_id', '=', personId)
    .where('id', '=', memberId)
    .executeTakeFirst();
  if (!member) throw new Invalid([{ field: 'memberId', message: 'Select someone on the care team' }]);
  if (!member.staff_user_id)
    throw new Invalid([{ field: 'memberId', message: 'The lead coordinator must be a named person' }]);
  await ctx.db
    .updateTable('care_team_member')
    .set({ is_lead: false })
    .where('partnership_id', '=', partnershipId)
    .where('person_id', '=', personId)
    .where('is_lead', '=', true)
    .execute();
  await ctx.db
    .updateTable('care_team_member')
    .set({ is_lead: true })
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', memberId)
    .execute();
  await record(ctx, {
    action: 'care_team.lead',
    entityType: 'care_team_member',
    entityId: memberId,
    personId,
  });
}

/** Staff of the partnership, grouped by organisation, to choose care team members from. */
export async function staffToChoose(ctx: Ctx) {
  const actor = staffOnly(ctx);
  return ctx.db
    .selectFrom('staff_user as u')
    .innerJoin('organisation as o', (j) =>
      j.onRef('o.partnership_id', '=', 'u.partnership_id').onRef('o.id', '=', 'u.organisation_id'),
    )
    .select(['u.id', 'u.name', 'u.professional_role', 'u.organisation_id', 'o.name as organisation_name'])
    .where('u.partnership_id', '=', actor.partnershipId)
    .where('u.disabled_at', 'is', null)
    .where('u.partnership_role', 'in', ['practitioner', 'manager', 'volunteer', 'senior_leader'])
    .orderBy('o.name')
    .orderBy('u.name')
    .execute();
}

/**
 * The care team's named members, for choosing who may see an entry. Names who is on the team, nothing of the
 * person's record: call it once the record is open (personHeader).
 */
export async function namedCareTeam(ctx: Ctx, personId: string) {
  const team = await store.careTeam(ctx.db, actorPartnership(ctx), personId);
  return team.flatMap((m) =>
    m.staff_user_id && m.staff_name
      ? [{ staffUserId: m.staff_user_id, name: m.staff_name, organisationName: m.organisation_name }]
      : [],
  );
}
