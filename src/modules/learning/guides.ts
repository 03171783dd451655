// A page for each member organisation and each professional role: what they do, when to involve them, and
// how to work well with them. Understanding each other's roles is the guide's first remedy for differences
// in organisational culture. Each organisation writes its own page; role pages are shared.
import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { Invalid, NotFound } from '../../errors.ts';
import { authorise } from '../../policy/index.ts';
import { getOrganisation, KIND_LABELS, listOrganisations, requirePermission } from '../partnerships/index.ts';
import { actorName, mayActFor, partnershipOf, requireActFor, staffDirectory } from './common.ts';
import type { GuideInput, NewRoleGuideInput } from './schema.ts';
import * as store from './store.ts';

/** "Community nurse" -> "community-nurse": the role's address. */
export function roleKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** "What a community nurse does", "What an NHS information governance lead does", "What a GP does". */
export function roleTitle(name: string): string {
  const first = name.split(/\s+/)[0] ?? '';
  const isAcronym = first.length > 1 && first === first.toUpperCase();
  const shown = isAcronym ? name : name.charAt(0).toLowerCase() + name.slice(1);
  const vowelSound = isAcronym ? /^[AEFHILMNORSX]/.test(first) : /^[aeiou]/i.test(first);
  return `What ${vowelSound ? 'an' : 'a'} ${shown} does`;
}

/** Paragraphs as written (blank lines and single line breaks both start a new one), for showing a page. */
function paragraphs(
  guide: { what_they_do: string; when_to_involve: string; working_together: string } | undefined,
) {
  const split = (text: string | undefined) =>
    (text ?? '')
      .split(/\r?\n/)
      .map((p) => p.trim())
      .filter(Boolean);
  return {
    whatTheyDo: split(guide?.what_they_do),
    whenToInvolve: split(guide?.when_to_involve),
    workingTogether: split(guide?.working_together),
  };
}

function guideColumns(ctx: Ctx, input: GuideInput) {
  return {
    what_they_do: input.whatTheyDo,
    when_to_involve: input.whenToInvolve,
    working_together: input.workingTogether,
    updated_at: ctx.clock.now(),
    updated_by_name: actorName(ctx),
  };
}

/** Every organisation and professional role, and whether its page has been written. */
export async function whoDoesWhat(ctx: Ctx) {
  requirePermission(ctx.actor, 'partnership.view');
  const partnershipId = partnershipOf(ctx);
  const [organisations, orgGuides, roleGuides, staff] = await Promise.all([
    listOrganisations(ctx),
    store.organisationGuides(ctx.db, partnershipId),
    store.roleGuides(ctx.db, partnershipId),
    staffDirectory(ctx),
  ]);
  const written = new Set(orgGuides.map((g) => g.organisation_id));
  const roles = new Map<string, { key: string; name: string; written: boolean; staff: number }>();
  for (const g of roleGuides)
    roles.set(g.role_key, { key: g.role_key, name: g.role_name, written: true, staff: 0 });
  for (const s of staff) {
    const key = roleKey(s.professional_role);
    if (!key) continue;
    const role = roles.get(key) ?? { key, name: s.professional_role, written: false, staff: 0 };
    role.staff += 1;
    roles.set(key, role);
  }
  return {
    organisations: organisations.map((o) => ({
      ...o,
      kindLabel: KIND_LABELS[o.kind],
      written: written.has(o.id),
    })),
    roles: [...roles.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export async function organisationPage(ctx: Ctx, organisationId: string) {
  const organisation = await getOrganisation(ctx, organisationId);
  const partnershipId = partnershipOf(ctx);
  const [guide, staff] = await Promise.all([
    store.organisationGuide(ctx.db, partnershipId, organisationId),
    staffDirectory(ctx),
  ]);
  return {
    organisation,
    kindLabel: KIND_LABELS[organisation.kind],
    title: `What ${organisation.name} does`,
    guide: guide ?? null,
    paragraphs: paragraphs(guide),
    staff: staff.filter((s) => s.organisation_id === organisationId),
    canEdit: authorise(ctx.actor, 'learning.manage').allowed && mayActFor(ctx, organisationId),
  };
}

export async function saveOrganisationGuide(ctx: Ctx, organisationId: string, input: GuideInput) {
  const organisation = await getOrganisation(ctx, organisationId);
  requireActFor(ctx, organisation.id, organisation.name);
  const partnershipId = partnershipOf(ctx);
  const existed = await store.organisationGuide(ctx.db, partnershipId, organisationId);
  await store.saveOrganisationGuide(ctx.db, {
    partnership_id: partnershipId,
    organisation_id: organisationId,
    ...guideColumns(ctx, input),
  });
  await record(ctx, {
    action: existed ? 'organisation_guide.update' : 'organisation_guide.create',
    entityType: 'organisation',
    entityId: organisationId,
  });
}

async function roleName(ctx: Ctx, key: string): Promise<string | null> {
  const guide = await store.roleGuide(ctx.db, partnershipOf(ctx), key);
  if (guide) return guide.role_name;
  const staff = (await staffDirectory(ctx)).find((s) => roleKey(s.professional_role) === key);
  return staff?.professional_role ?? null;
}

export async function rolePage(ctx: Ctx, key: string) {
  requirePermission(ctx.actor, 'partnership.view');
  const partnershipId = partnershipOf(ctx);
  const [guide, staff] = await Promise.all([
    store.roleGuide(ctx.db, partnershipId, key),
    staffDirectory(ctx),
  ]);
  const holders = staff.filter((s) => roleKey(s.professional_role) === key);
  const name = guide?.role_name ?? holders[0]?.professional_role;
  if (!name) throw new NotFound('The role');
  return {
    key,
    name,
    title: roleTitle(name),
    guide: guide ?? null,
    paragraphs: paragraphs(guide),
    staff: holders,
    canEdit: authorise(ctx.actor, 'learning.manage').allowed,
  };
}

export async function saveRoleGuide(ctx: Ctx, key: string, input: GuideInput) {
  requirePermission(ctx.actor, 'learning.manage');
  const name = await roleName(ctx, key);
  if (!name) throw new NotFound('The role');
  const partnershipId = partnershipOf(ctx);
  const existed = await store.roleGuide(ctx.db, partnershipId, key);
  await store.saveRoleGuide(ctx.db, {
    partnership_id: partnershipId,
    role_key: key,
    role_name: name,
    ...guideColumns(ctx, input),
  });
  await record(ctx, {
    action: existed ? 'role_guide.update' : 'role_guide.create',
    entityType: 'role_guide',
    detail: { role: name },
  });
}

/** A page for a role nobody on JoinedUp holds yet (an occupational therapist the team works with). */
export async function createRoleGuide(ctx: Ctx, input: NewRoleGuideInput) {
  requirePermission(ctx.actor, 'learning.manage');
  const key = roleKey(input.roleName);
  if (!key) throw new Invalid([{ field: 'roleName', message: 'Enter a name with letters or numbers in it' }]);
  if (await store.roleGuide(ctx.db, partnershipOf(ctx), key)) {
    throw new Invalid([
      { field: 'roleName', message: 'This role already has a page: change that page instead' },
    ]);
  }
  const staffName = await roleName(ctx, key);
  await store.saveRoleGuide(ctx.db, {
    partnership_id: partnershipOf(ctx),
    role_key: key,
    role_name: staffName ?? input.roleName,
    ...guideColumns(ctx, input),
  });
  await record(ctx, {
    action: 'role_guide.create',
    entityType: 'role_guide',
    detail: { role: input.roleName },
  });
  return { key };
}

/** Refuses, before a form is shown or read, someone who may not write this organisation's page. */
export async function checkMayEditOrganisation(ctx: Ctx, organisationId: string): Promise<void> {
  const organisation = await getOrganisation(ctx, organisationId);
  requireActFor(ctx, organisation.id, organisation.name);
}
