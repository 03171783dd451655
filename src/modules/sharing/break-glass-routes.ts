// Pages and /api/v1 endpoints for emergency (break-glass) access and its review by the information
// governance lead.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Invalid } from '../../errors.ts';
import { handleForm, parseId } from '../../server/forms.ts';
import { apiDocs } from '../../server/openapi.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import {
  breakGlassInput,
  emergencySearchInput,
  REASON_MIN_LENGTH,
  reviewInput,
} from './break-glass-schema.ts';
import type { BreakGlassUse } from './break-glass-service.ts';
import * as service from './break-glass-service.ts';

const VIEWS = 'sharing/views';
type WithId = { Params: { id: string } };

const OUTCOME_LABELS = { appropriate: 'Appropriate', not_appropriate: 'Not appropriate' };

function hasQuery(request: FastifyRequest): boolean {
  return Object.keys((request.query ?? {}) as Record<string, unknown>).length > 0;
}

function queryValues(request: FastifyRequest): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'string') values[k] = v;
  }
  return values;
}

export function registerBreakGlassRoutes(app: FastifyInstance): void {
  registerEmergencyAccessPages(app);
  registerReviewPages(app);
  registerBreakGlassApi(app);
}

function registerEmergencyAccessPages(app: FastifyInstance): void {
  app.get('/emergency-access', async (request, reply) => {
    requireStaff(request);
    const page = {
      title: 'Emergency access: find the person',
      section: 'emergency-access',
      hours: service.BREAK_GLASS_HOURS,
    };
    if (!hasQuery(request)) return reply.render(`${VIEWS}/break-glass-search.njk`, { ...page, values: {} });
    try {
      const search = parseInput(emergencySearchInput, request.query);
      const results = await request.tx((ctx) => service.findPeople(ctx, search));
      return reply.render(`${VIEWS}/break-glass-search.njk`, {
        ...page,
        values: queryValues(request),
        results,
        searched: true,
      });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return reply.code(422).render(`${VIEWS}/break-glass-search.njk`, {
        ...page,
        values: queryValues(request),
        errors: error.fields,
      });
    }
  });

  const formPage = async (request: FastifyRequest, id: string) => {
    const access = await service.emergencyAccessFor(request.ctx(), id);
    return {
      title: `Emergency access to ${access.person.name}’s record`,
      section: 'emergency-access',
      hours: service.BREAK_GLASS_HOURS,
      minLength: REASON_MIN_LENGTH,
      ...access,
    };
  };

  app.get<WithId>('/people/:id/emergency-access', async (request, reply) => {
    requireStaff(request);
    const data = await formPage(request, parseId(request.params.id));
    return reply.render(`${VIEWS}/break-glass-form.njk`, { ...data, values: {} });
  });

  app.post<WithId>('/people/:id/emergency-access', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    return handleForm(request, reply, {
      schema: breakGlassInput,
      template: `${VIEWS}/break-glass-form.njk`,
      data: () => formPage(request, id),
      run: (input) => request.tx((ctx) => service.breakGlass(ctx, id, input)),
      done: () => reply.redirect(`/people/${id}`, 303),
    });
  });
}

function registerReviewPages(app: FastifyInstance): void {
  app.get('/break-glass/reviews', async (request, reply) => {
    requireStaff(request, 'break_glass.review');
    const queue = await service.reviewQueue(request.ctx());
    return reply.render(`${VIEWS}/break-glass-reviews.njk`, {
      title: 'Emergency access reviews',
      section: 'break-glass-reviews',
      outcomeLabels: OUTCOME_LABELS,
      ...queue,
    });
  });

  const reviewPage = async (request: FastifyRequest, id: string) => ({
    title: 'Review emergency access',
    section: 'break-glass-reviews',
    outcomeLabels: OUTCOME_LABELS,
    use: await service.getUse(request.ctx(), id),
  });

  app.get<WithId>('/break-glass/:id/review', async (request, reply) => {
    requireStaff(request, 'break_glass.review');
    return reply.render(`${VIEWS}/break-glass-review.njk`, {
      ...(await reviewPage(request, parseId(request.params.id))),
      values: {},
    });
  });

  app.post<WithId>('/break-glass/:id/review', async (request, reply) => {
    requireStaff(request, 'break_glass.review');
    const id = parseId(request.params.id);
    return handleForm(request, reply, {
      schema: reviewInput,
      template: `${VIEWS}/break-glass-review.njk`,
      data: () => reviewPage(request, id),
      run: (input) => request.tx((ctx) => service.reviewUse(ctx, id, input)),
      done: () => reply.redirect('/break-glass/reviews', 303),
    });
  });
}

function registerBreakGlassApi(app: FastifyInstance): void {
  const api = apiDocs('Emergency access');
  app.get(
    '/api/v1/emergency-access/people',
    api({ summary: 'Find a person to open in an emergency', query: emergencySearchInput }),
    async (request) => {
      requireStaff(request);
      const search = parseInput(emergencySearchInput, request.query);
      return { items: await request.tx((ctx) => service.findPeople(ctx, search)) };
    },
  );

  app.post<WithId>(
    '/api/v1/people/:id/emergency-access',
    api({
      summary: 'Open a person’s record in an emergency, with a written reason (time-limited, reviewed)',
      body: breakGlassInput,
      response: { status: 201, description: 'The emergency access and when it ends' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(breakGlassInput, request.body);
      const use = await request.tx((ctx) => service.breakGlass(ctx, id, input));
      return reply.code(201).send({
        id: use.id,
        personId: id,
        startedAt: use.startedAt.toISOString(),
        expiresAt: use.expiresAt.toISOString(),
        hours: service.BREAK_GLASS_HOURS,
      });
    },
  );

  app.get(
    '/api/v1/break-glass',
    api({ summary: 'Emergency accesses waiting for review, and those reviewed' }),
    async (request) => {
      requireStaff(request, 'break_glass.review');
      const queue = await service.reviewQueue(request.ctx());
      return { waiting: queue.waiting.map(useJson), reviewed: queue.reviewed.map(useJson) };
    },
  );

  app.get<WithId>('/api/v1/break-glass/:id', api({ summary: 'An emergency access' }), async (request) => {
    requireStaff(request, 'break_glass.review');
    return useJson(await service.getUse(request.ctx(), parseId(request.params.id)));
  });

  app.post<WithId>(
    '/api/v1/break-glass/:id/review',
    api({ summary: 'Review an emergency access', body: reviewInput }),
    async (request) => {
      requireStaff(request, 'break_glass.review');
      const id = parseId(request.params.id);
      const input = parseInput(reviewInput, request.body);
      return useJson(await request.tx((ctx) => service.reviewUse(ctx, id, input)));
    },
  );
}

function useJson(u: BreakGlassUse) {
  return {
    id: u.id,
    person: { id: u.personId, name: u.personName },
    staff: {
      id: u.staffUserId,
      name: u.staffName,
      professionalRole: u.staffRole,
      organisation: u.organisationName,
    },
    reason: u.reason,
    startedAt: u.startedAt.toISOString(),
    expiresAt: u.expiresAt.toISOString(),
    inForce: u.inForce,
    review: u.review
      ? {
          outcome: u.review.outcome,
          note: u.review.note,
          reviewer: u.review.reviewerName,
          reviewedAt: u.review.reviewedAt.toISOString(),
        }
      : null,
    opened: u.opened.map((e) => ({
      at: e.at.toISOString(),
      action: e.action,
      outcome: e.outcome,
      shown: e.shown,
      withheld: e.withheld,
    })),
  };
}
