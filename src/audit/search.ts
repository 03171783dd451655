// Queries over the audit trail for the information governance lead: searching it by person, user,
// organisation, date, action and outcome, and finding what someone did during an emergency access.
// Searching is itself recorded: looking at who looked at a person's record is a look at that record too.
import type { Ctx } from '../context.ts';
import { Invalid, Refused } from '../errors.ts';
import { authorise, roleLabel } from '../policy/index.ts';
import type { Db } from '../storage/database.ts';
import type { AuditOutcome, PartnershipRole } from '../storage/tables.ts';
import { record } from './record.ts';

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_OUTCOMES = ['success', 'failure', 'refused'] as const satisfies readonly AuditOutcome[];

export interface AuditFilters {
  personId: string | null;
  userId: string | null;
  organisationId: string | null;
  /** London calendar dates, inclusive. */
  from: string | null;
  to: string | null;
  /** An action, or the start of one: "person.read" finds "person.read.summary" too. */
  action: string | null;
  outcome: AuditOutcome | null;
  page: number;
}

export interface AuditRow {
  id: string;
  seq: number;
  at: Date;
  actorUserId: string | null;
  actorName: string | null;
  organisationId: string | null;
  organisationName: string | null;
  action: string;
  outcome: AuditOutcome;
  personId: string | null;
  personName: string | null;
  basis: string | null;
  basisLabel: string;
  entityType: string | null;
  entityId: string | null;
  detail: Record<string, unknown>;
}

export interface AuditPage {
  rows: AuditRow[];
  total: number;
  page: number;
  pages: number;
  pageSize: number;
}

function requireSearch(ctx: Ctx): string {
  const decision = authorise(ctx.actor, 'audit.search');
  if (!decision.allowed) throw new Refused(decision.reasons, decision.askWhom);
  const actor = ctx.actor;
  if (actor.kind === 'staff') return actor.partnershipId;
  if (actor.kind === 'system' && actor.partnershipId) return actor.partnershipId;
  throw new Refused(['Only someone in a partnership can search its audit trail.']);
}

/** The instant a London calendar day begins, in UTC. */
export function londonDayStart(date: string): Date {
  const midnightUtc = new Date(`${date}T00:00:00Z`);
  // The clocks change at 01:00 UTC, so the offset at 00:00 UTC is the offset at London midnight.
  const name =
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'shortOffset' })
      .formatToParts(midnightUtc)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const hours = Number(/GMT([+-]\d+)/.exec(name)?.[1] ?? 0);
  return new Date(midnightUtc.getTime() - hours * 3_600_000);
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function filtered(db: Db, partnershipId: string, f: AuditFilters) {
  let q = db.selectFrom('audit_event as e').where('e.partnership_id', '=', partnershipId);
  if (f.personId) q = q.where('e.person_id', '=', f.personId);
  if (f.userId) q = q.where('e.actor_user_id', '=', f.userId);
  if (f.organisationId) q = q.where('e.actor_organisation_id', '=', f.organisationId);
  if (f.from) q = q.where('e.at', '>=', londonDayStart(f.from));
  if (f.to) q = q.where('e.at', '<', londonDayStart(nextDay(f.to)));
  if (f.outcome) q = q.where('e.outcome', '=', f.outcome);
  const action = f.action;
  if (action) {
    q = q.where((eb) =>
      eb.or([eb('e.action', '=', action), eb('e.action', 'like', `${escapeLike(action)}.%`)]),
    );
  }
  return q;
}

/** One page of the trail, newest first, with names; the search itself is recorded. */
export async function searchAuditTrail(ctx: Ctx, filters: AuditFilters): Promise<AuditPage> {
  const partnershipId = requireSearch(ctx);
  if (filters.from && filters.to && filters.from > filters.to) {
    throw new Invalid([{ field: 'to', message: 'The end date must be the same as or after the start date' }]);
  }
  const count = await filtered(ctx.db, partnershipId, filters)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const total = Number(count.n);
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const page = Math.min(Math.max(1, filters.page), pages);
  const rows = await filtered(ctx.db, partnershipId, filters)
    .leftJoin('staff_user as u', (j) =>
      j.onRef('u.partnership_id', '=', 'e.partnership_id').onRef('u.id', '=', 'e.actor_user_id'),
    )
    .leftJoin('organisation as o', (j) =>
      j.onRef('o.partnership_id', '=', 'e.partnership_id').onRef('o.id', '=', 'e.actor_organisation_id'),
    )
    .leftJoin('person as p', (j) =>
      j.onRef('p.partnership_id', '=', 'e.partnership_id').onRef('p.id', '=', 'e.person_id'),
    )
    .select([
      'e.id',
      'e.seq',
      'e.at',
      'e.actor_user_id',
      'u.name as actor_name',
      'e.actor_organisation_id',
      'o.name as organisation_name',
      'e.action',
      'e.outcome',
      'e.person_id',
      'p.given_name',
      'p.family_name',
      'e.basis',
      'e.entity_type',
      'e.entity_id',
      'e.detail',
    ])
    .orderBy('e.at', 'desc')
    .orderBy('e.seq', 'desc')
    .limit(AUDIT_PAGE_SIZE)
    .offset((page - 1) * AUDIT_PAGE_SIZE)
    .execute();
  const titles = await agreementTitles(
    ctx.db,
    partnershipId,
    rows.map((r) => r.basis),
  );
  await record(ctx, {
    action: 'audit.search',
    ...(filters.personId ? { personId: filters.personId } : {}),
    basis: 'role:ig_lead',
    detail: { filters: { ...filters, page }, total },
  });
  return {
    rows: rows.map((r) => ({
      id: r.id,
      seq: Number(r.seq),
      at: new Date(r.at),
      actorUserId: r.actor_user_id,
      actorName: r.actor_name ?? systemName(r.detail),
      organisationId: r.actor_organisation_id,
      organisationName: r.organisation_name,
      action: r.action,
      outcome: r.outcome,
      personId: r.person_id,
      personName: r.given_name === null ? null : `${r.given_name} ${r.family_name}`,
      basis: r.basis,
      basisLabel: describeBasis(r.basis, titles),
      entityType: r.entity_type,
      entityId: r.entity_id,
      detail: r.detail,
    })),
    total,
    page,
    pages,
    pageSize: AUDIT_PAGE_SIZE,
  };
}

function systemName(detail: Record<string, unknown>): string | null {
  return typeof detail?.system === 'string' ? `System (${detail.system})` : null;
}

const AGREEMENT = /agreement:([0-9a-f-]{36})/g;

async function agreementTitles(db: Db, partnershipId: string, bases: ReadonlyArray<string | null>) {
  const ids = [...new Set(bases.flatMap((b) => [...(b ?? '').matchAll(AGREEMENT)].map((m) => m[1]!)))];
  if (!ids.length) return new Map<string, string>();
  const rows = await db
    .selectFrom('sharing_agreement')
    .select(['id', 'title'])
    .where('partnership_id', '=', partnershipId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.title]));
}

const BASIS_LABELS: Record<string, string> = {
  care_team: 'on the care team',
  organisation_on_care_team: 'manager of an organisation on the care team',
  break_glass: 'emergency access (break-glass)',
  own_organisation: 'own organisation’s information',
  consent: 'consent',
  best_interests: 'best-interests decision',
  safeguarding: 'safeguarding',
  vital_interests: 'vital interests',
  self: 'the person themselves',
  representative: 'the person’s representative',
  system: 'the system',
  emergency_search: 'searching for someone in an emergency',
  none: 'none',
};

function roleName(role: string): string {
  const label: string | undefined = roleLabel(role as PartnershipRole);
  return label ? label.toLowerCase() : role;
}

/** The recorded basis in words: "on the care team; consent; agreement: Riverside ...". */
export function describeBasis(basis: string | null, titles: ReadonlyMap<string, string> = new Map()): string {
  if (!basis) return '';
  return basis
    .split(' | ')
    .map((part) =>
      part
        .split(';')
        .map((token) => {
          if (token.startsWith('agreement:')) {
            const id = token.slice('agreement:'.length);
            return `agreement: ${titles.get(id) ?? id}`;
          }
          if (token.startsWith('role:')) return `role: ${roleName(token.slice('role:'.length))}`;
          return BASIS_LABELS[token] ?? token;
        })
        .join('; '),
    )
    .join(' | ');
}

/** People whose names contain every word given, for choosing whose trail to search. Names and birth dates only. */
export async function findPeopleByName(ctx: Ctx, name: string) {
  const partnershipId = requireSearch(ctx);
  const words = name.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
  if (!words.length) return [];
  let q = ctx.db
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name', 'date_of_birth'])
    .where('partnership_id', '=', partnershipId);
  for (const word of words) {
    const like = `%${escapeLike(word)}%`;
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['given_name']), 'like', like),
        eb(eb.fn('lower', ['family_name']), 'like', like),
        eb(eb.fn('lower', ['preferred_name']), 'like', like),
      ]),
    );
  }
  const rows = await q.orderBy('family_name').orderBy('given_name').limit(20).execute();
  return rows.map((r) => ({
    id: r.id,
    name: `${r.given_name} ${r.family_name}`,
    dateOfBirth: r.date_of_birth,
  }));
}

/** Whose actions can be searched for: the partnership's staff and organisations, by name. */
export async function searchChoices(ctx: Ctx) {
  const partnershipId = requireSearch(ctx);
  const [staff, organisations] = await Promise.all([
    ctx.db
      .selectFrom('staff_user as u')
      .innerJoin('organisation as o', (j) =>
        j.onRef('o.partnership_id', '=', 'u.partnership_id').onRef('o.id', '=', 'u.organisation_id'),
      )
      .select(['u.id', 'u.name', 'o.name as organisation_name'])
      .where('u.partnership_id', '=', partnershipId)
      .orderBy('u.name')
      .execute(),
    ctx.db
      .selectFrom('organisation')
      .select(['id', 'name'])
      .where('partnership_id', '=', partnershipId)
      .orderBy('name')
      .execute(),
  ]);
  return { staff, organisations };
}

export async function personName(ctx: Ctx, personId: string): Promise<string | null> {
  const partnershipId = requireSearch(ctx);
  const row = await ctx.db
    .selectFrom('person')
    .select(['given_name', 'family_name'])
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', personId)
    .executeTakeFirst();
  return row ? `${row.given_name} ${row.family_name}` : null;
}

export interface AccessWindow {
  id: string;
  staffUserId: string;
  personId: string;
  from: Date;
  to: Date;
}

export interface WindowEvent {
  at: Date;
  action: string;
  outcome: AuditOutcome;
  basis: string | null;
  detail: Record<string, unknown>;
}

/**
 * What each member of staff did with each person's record inside a window of time, such as an emergency
 * access: the audit rows with that user, that person and a time inside the window, oldest first.
 */
export async function eventsInWindows(
  db: Db,
  partnershipId: string,
  windows: readonly AccessWindow[],
): Promise<Map<string, WindowEvent[]>> {
  const result = new Map<string, WindowEvent[]>(windows.map((w) => [w.id, []]));
  if (!windows.length) return result;
  const rows = await db
    .selectFrom('audit_event')
    .select(['at', 'action', 'outcome', 'basis', 'detail', 'actor_user_id', 'person_id'])
    .where('partnership_id', '=', partnershipId)
    .where((eb) =>
      eb.or(
        windows.map((w) =>
          eb.and([
            eb('actor_user_id', '=', w.staffUserId),
            eb('person_id', '=', w.personId),
            eb('at', '>=', w.from),
            eb('at', '<=', w.to),
          ]),
        ),
      ),
    )
    .orderBy('at')
    .orderBy('seq')
    .execute();
  for (const row of rows) {
    const at = new Date(row.at);
    for (const w of windows) {
      if (w.staffUserId !== row.actor_user_id || w.personId !== row.person_id) continue;
      if (at < w.from || at > w.to) continue;
      result
        .get(w.id)
        ?.push({ at, action: row.action, outcome: row.outcome, basis: row.basis, detail: row.detail });
    }
  }
  return result;
}
