// The audit trail search for the information governance lead: a page (views in web/views/audit) and
// /api/v1/audit-events, with the same filters. Each search is itself recorded in the trail.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Invalid } from '../errors.ts';
import { apiDoc } from '../server/openapi.ts';
import { requireStaff } from '../server/sessions.ts';
import { parseInput } from '../validation.ts';
import { joinDateParts, optionalIsoDate } from '../web/date-input.ts';
import {
  AUDIT_OUTCOMES,
  type AuditFilters,
  type AuditPage,
  type AuditRow,
  findPeopleByName,
  personName,
  searchAuditTrail,
  searchChoices,
} from './search.ts';

const optionalId = (message: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v.toLowerCase() : null))
    .refine((v) => v === null || z.uuid().safeParse(v).success, message);

export const auditQuery = z.preprocess(
  joinDateParts(['from', 'to']),
  z.object({
    person: z
      .string()
      .trim()
      .max(200, 'Name must be 200 characters or fewer')
      .optional()
      .transform((v) => v ?? ''),
    personId: optionalId('Choose a person from the list'),
    userId: optionalId('Select a member of staff from the list'),
    organisationId: optionalId('Select an organisation from the list'),
    from: optionalIsoDate('the “from” date', '1 11 2026'),
    to: optionalIsoDate('the “to” date', '30 11 2026'),
    action: z
      .string()
      .trim()
      .max(100, 'Action must be 100 characters or fewer')
      .regex(/^[a-z0-9_.]*$/, 'Enter an action in lower case, like person.read or agreement.end')
      .optional()
      .transform((v) => v || null),
    outcome: z
      .enum(['', ...AUDIT_OUTCOMES], { error: 'Select an outcome from the list' })
      .optional()
      .transform((v) => v || null),
    page: z.coerce
      .number({ error: 'Page must be a number' })
      .int('Page must be a whole number')
      .min(1, 'Page must be 1 or more')
      .max(100_000, 'Page must be 100000 or less')
      .default(1),
  }),
);
type AuditQuery = z.output<typeof auditQuery>;

const OUTCOME_LABELS: Record<(typeof AUDIT_OUTCOMES)[number], string> = {
  success: 'Success',
  failure: 'Failure',
  refused: 'Refused',
};

function queryOf(request: FastifyRequest): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'string') values[k] = v;
  }
  return values;
}

type Resolved =
  | { kind: 'filters'; filters: AuditFilters; personLabel: string | null }
  | { kind: 'choose'; people: Awaited<ReturnType<typeof findPeopleByName>> };

/** Turns "person" (a name) into a person id: one match is used, several are offered, none is an error. */
async function resolve(request: FastifyRequest, q: AuditQuery, api: boolean): Promise<Resolved> {
  const ctx = request.ctx();
  let personId = q.personId;
  let personLabel: string | null = null;
  if (personId) {
    personLabel = await personName(ctx, personId);
    if (!personLabel)
      throw new Invalid([{ field: 'person', message: 'That person is not in the partnership' }]);
  } else if (q.person) {
    const people = await findPeopleByName(ctx, q.person);
    if (people.length === 0) {
      throw new Invalid([
        { field: 'person', message: `No one in the partnership has a name like “${q.person}”` },
      ]);
    }
    if (people.length > 1) {
      if (api) {
        throw new Invalid([
          {
            field: 'person',
            message: `${people.length} people have a name like this: search by personId instead`,
          },
        ]);
      }
      return { kind: 'choose', people };
    }
    personId = people[0]!.id;
    personLabel = people[0]!.name;
  }
  const { person: _name, personId: _id, ...rest } = q;
  return { kind: 'filters', filters: { ...rest, personId }, personLabel };
}

/** Page numbers to show: the first, the last, and those around the current page, with gaps marked. */
function paginationItems(page: AuditPage, href: (n: number) => string) {
  const numbers = new Set([1, page.pages, page.page - 1, page.page, page.page + 1]);
  const items: Array<{ number?: number; href?: string; current?: boolean; ellipsis?: boolean }> = [];
  let last = 0;
  for (let n = 1; n <= page.pages; n++) {
    if (!numbers.has(n)) continue;
    if (n - last > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: href(n), current: n === page.page });
    last = n;
  }
  return {
    items,
    ...(page.page > 1 ? { previous: { href: href(page.page - 1) } } : {}),
    ...(page.page < page.pages ? { next: { href: href(page.page + 1) } } : {}),
  };
}

export function registerAuditRoutes(app: FastifyInstance): void {
  app.get('/audit', async (request, reply) => {
    requireStaff(request, 'audit.search');
    const values = queryOf(request);
    const base = {
      title: 'Audit trail',
      section: 'audit',
      values,
      outcomes: AUDIT_OUTCOMES.map((o) => ({ value: o, text: OUTCOME_LABELS[o] })),
      ...(await searchChoices(request.ctx())),
    };
    if (!Object.keys(values).length) return reply.render('audit/search.njk', base);
    try {
      const resolved = await resolve(request, parseInput(auditQuery, request.query), false);
      if (resolved.kind === 'choose') {
        const choose = resolved.people.map((p) => {
          const next = new URLSearchParams({ ...values, personId: p.id, page: '1' });
          next.delete('person');
          return { ...p, href: `/audit?${next.toString()}` };
        });
        return reply.render('audit/search.njk', { ...base, choose });
      }
      const result = await request.tx((ctx) => searchAuditTrail(ctx, resolved.filters));
      const href = (n: number) => `/audit?${new URLSearchParams({ ...values, page: String(n) }).toString()}`;
      return reply.render('audit/search.njk', {
        ...base,
        result,
        personLabel: resolved.personLabel,
        pagination: result.pages > 1 ? paginationItems(result, href) : null,
      });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return reply.code(422).render('audit/search.njk', { ...base, errors: error.fields });
    }
  });

  const doc = apiDoc({ summary: 'Search the audit trail', tags: ['Audit'], query: auditQuery });
  app.get('/api/v1/audit-events', doc, async (request) => {
    requireStaff(request, 'audit.search');
    const resolved = await resolve(request, parseInput(auditQuery, request.query), true);
    if (resolved.kind !== 'filters') throw new Error('unreachable: the API never offers a choice');
    const result = await request.tx((ctx) => searchAuditTrail(ctx, resolved.filters));
    return {
      items: result.rows.map(eventJson),
      page: result.page,
      pages: result.pages,
      pageSize: result.pageSize,
      total: result.total,
    };
  });
}

function eventJson(r: AuditRow) {
  return {
    id: r.id,
    seq: r.seq,
    at: r.at.toISOString(),
    action: r.action,
    outcome: r.outcome,
    user: r.actorUserId || r.actorName ? { id: r.actorUserId, name: r.actorName } : null,
    organisation: r.organisationId ? { id: r.organisationId, name: r.organisationName } : null,
    person: r.personId ? { id: r.personId, name: r.personName } : null,
    basis: r.basis,
    basisDescription: r.basisLabel,
    entity: r.entityType ? { type: r.entityType, id: r.entityId } : null,
    detail: r.detail,
  };
}
