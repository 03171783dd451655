// What the care steps of the generator look up: the partnership's organisations and staff, which people
// still need rows of a kind, and their care teams.
import type { OrganisationKind, PartnershipRole } from '../src/storage/tables.ts';
import type { GenerationContext } from './rows.ts';

/** People are handled this many at a time, so that memory stays flat however many there are. */
export const CHUNK = 2_500;
export const DAY = 86_400_000;

export interface StaffRef {
  id: string;
  organisationId: string;
  name: string;
  role: PartnershipRole;
}

export interface Directory {
  organisations: Map<string, { id: string; name: string; kind: OrganisationKind }>;
  staff: Map<string, StaffRef>;
  /** Who may be named on a care team, by organisation (never the coordinator: they lead only their own). */
  teamStaff: Map<string, StaffRef[]>;
  /** Who may lead a care team: practitioners and managers. */
  leaders: StaffRef[];
}

export interface Member {
  organisationId: string;
  staffUserId: string | null;
  isLead: boolean;
}

const directories = new WeakMap<GenerationContext, Directory>();

export async function directory(g: GenerationContext): Promise<Directory> {
  const known = directories.get(g);
  if (known) return known;
  const [organisations, staff] = await Promise.all([
    g.db
      .selectFrom('organisation')
      .select(['id', 'name', 'kind'])
      .where('partnership_id', '=', g.partnershipId)
      .execute(),
    g.db
      .selectFrom('staff_user')
      .select(['id', 'organisation_id', 'name', 'partnership_role'])
      .where('partnership_id', '=', g.partnershipId)
      .where('disabled_at', 'is', null)
      .orderBy('id')
      .execute(),
  ]);
  const refs = staff.map((s) => ({
    id: s.id,
    organisationId: s.organisation_id,
    name: s.name,
    role: s.partnership_role,
  }));
  const onTeams = refs.filter(
    (s) => s.id !== g.coordinatorId && ['practitioner', 'manager', 'volunteer'].includes(s.role),
  );
  const teamStaff = new Map<string, StaffRef[]>();
  for (const s of onTeams) teamStaff.set(s.organisationId, [...(teamStaff.get(s.organisationId) ?? []), s]);
  const made: Directory = {
    organisations: new Map(organisations.map((o) => [o.id, o])),
    staff: new Map(refs.map((s) => [s.id, s])),
    teamStaff,
    leaders: onTeams.filter((s) => s.role !== 'volunteer'),
  };
  directories.set(g, made);
  return made;
}

/** The partnership's people with no rows in `table` (and, when asked, only those with a care team). */
export async function peopleWithout(
  g: GenerationContext,
  table: 'care_team_member' | 'consent' | 'care_plan' | 'note',
  withTeam = true,
): Promise<string[]> {
  const [people, have, teams] = await Promise.all([
    g.db
      .selectFrom('person')
      .select('id')
      .where('partnership_id', '=', g.partnershipId)
      .orderBy('id')
      .execute(),
    g.db
      .selectFrom(table)
      .select('person_id')
      .distinct()
      .where('partnership_id', '=', g.partnershipId)
      .execute(),
    withTeam
      ? g.db
          .selectFrom('care_team_member')
          .select('person_id')
          .distinct()
          .where('partnership_id', '=', g.partnershipId)
          .execute()
      : null,
  ]);
  const done = new Set(have.map((r) => r.person_id));
  const teamed = teams ? new Set(teams.map((r) => r.person_id)) : null;
  return people.map((p) => p.id).filter((id) => !done.has(id) && (!teamed || teamed.has(id)));
}

export async function teamsOf(g: GenerationContext, personIds: string[]): Promise<Map<string, Member[]>> {
  const rows = await g.db
    .selectFrom('care_team_member')
    .select(['person_id', 'organisation_id', 'staff_user_id', 'is_lead'])
    .where('partnership_id', '=', g.partnershipId)
    .where('person_id', 'in', personIds)
    .orderBy('is_lead', 'desc')
    .orderBy('added_at')
    .execute();
  const teams = new Map<string, Member[]>();
  for (const r of rows) {
    const member = { organisationId: r.organisation_id, staffUserId: r.staff_user_id, isLead: r.is_lead };
    teams.set(r.person_id, [...(teams.get(r.person_id) ?? []), member]);
  }
  return teams;
}

export function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export function isoDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}
