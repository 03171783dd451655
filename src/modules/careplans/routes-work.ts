// Pages and /api/v1 endpoints for working from the plan: who does what, reviews, and "my work".
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Invalid } from '../../errors.ts';
import { londonDate } from '../../policy/index.ts';
import { formValues, handleForm, parseId } from '../../server/forms.ts';
import { apiDocs } from '../../server/openapi.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import { myWork } from './dashboard.ts';
import * as reviews from './reviews.ts';
import { KIND_LABELS, PRIORITY_LABELS, STATUS_LABELS } from './schema.ts';
import { contactChoices, setPlanContact, whoDoesWhat } from './who-does-what.ts';
import {
  contactInput,
  nestProgressFields,
  PROGRESS_LABELS,
  REVIEW_REASON_LABELS,
  reviewRecordInput,
  reviewRecordInputFor,
  reviewRequestInput,
} from './work-schema.ts';

type WithId = { Params: { id: string } };
type WithOrg = { Params: { id: string; organisationId: string } };
type WithReview = { Params: { id: string; reviewId: string } };

const labels = {
  statusLabels: STATUS_LABELS,
  kindLabels: KIND_LABELS,
  priorityLabels: PRIORITY_LABELS,
  reasonLabels: REVIEW_REASON_LABELS,
  progressLabels: PROGRESS_LABELS,
};

const FLASH = {
  contact: 'Contact saved.',
  requested: 'Review arranged.',
  recorded: 'Review recorded. The next yearly review date has moved on.',
} as const;

function flashFrom(request: FastifyRequest): string | undefined {
  const done = (request.query as Record<string, unknown>).done;
  return typeof done === 'string' && done in FLASH ? FLASH[done as keyof typeof FLASH] : undefined;
}

export function registerCarePlanWorkRoutes(app: FastifyInstance): void {
  registerWhoDoesWhatPages(app);
  registerReviewPages(app);
  app.get('/my-work', async (request, reply) => {
    requireStaff(request);
    const work = await request.tx((ctx) => myWork(ctx));
    return reply.render('careplans/views/work-my-work.njk', {
      ...labels,
      title: 'My work',
      section: 'my-work',
      width: 'full',
      work,
    });
  });
  registerWorkApi(app);
}

function registerWhoDoesWhatPages(app: FastifyInstance): void {
  app.get<WithId>('/people/:id/plan/who-does-what', async (request, reply) => {
    const actor = requireStaff(request);
    const id = parseId(request.params.id);
    const result = await request.tx((ctx) => whoDoesWhat(ctx, id));
    return reply.render('careplans/views/work-who-does-what.njk', {
      ...labels,
      title: `Who does what: ${result.view.person.givenName} ${result.view.person.familyName}`,
      section: 'people',
      person: result.view.person,
      result,
      me: actor.userId,
      flash: flashFrom(request),
    });
  });

  const contactPage = async (request: FastifyRequest, id: string, organisationId: string) => {
    const choices = await request.tx((ctx) => contactChoices(ctx, id, organisationId));
    return {
      choices,
      data: {
        title: `Contact for ${choices.organisationName}`,
        section: 'people',
        person: choices.person,
        staff: choices.staff,
        organisationName: choices.organisationName,
        back: `/people/${id}/plan/who-does-what`,
        action: `/people/${id}/plan/who-does-what/contacts/${organisationId}`,
      },
    };
  };

  app.get<WithOrg>('/people/:id/plan/who-does-what/contacts/:organisationId', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const organisationId = parseId(request.params.organisationId);
    const { choices, data } = await contactPage(request, id, organisationId);
    return reply.render('careplans/views/work-contact-form.njk', {
      ...data,
      values: { staffUserId: choices.current },
    });
  });

  app.post<WithOrg>('/people/:id/plan/who-does-what/contacts/:organisationId', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const organisationId = parseId(request.params.organisationId);
    return handleForm(request, reply, {
      schema: contactInput,
      template: 'careplans/views/work-contact-form.njk',
      data: async () => (await contactPage(request, id, organisationId)).data,
      run: (input) => request.tx((ctx) => setPlanContact(ctx, id, organisationId, input)),
      done: () => reply.redirect(`/people/${id}/plan/who-does-what?done=contact`, 303),
    });
  });
}

function registerReviewPages(app: FastifyInstance): void {
  app.get<WithId>('/people/:id/plan/reviews', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const view = await request.tx((ctx) => reviews.reviewsView(ctx, id));
    return reply.render('careplans/views/review-list.njk', {
      ...labels,
      title: `Reviews: ${view.person.givenName} ${view.person.familyName}`,
      section: 'people',
      person: view.person,
      view,
      flash: flashFrom(request),
    });
  });

  const requestPage = async (request: FastifyRequest, id: string) => {
    const view = await request.tx((ctx) => reviews.reviewsView(ctx, id));
    return {
      ...labels,
      title: 'Arrange a review',
      section: 'people',
      person: view.person,
      nextReviewOn: view.plan?.nextReviewOn ?? null,
      back: `/people/${id}/plan/reviews`,
      action: `/people/${id}/plan/reviews/new`,
    };
  };

  app.get<WithId>('/people/:id/plan/reviews/new', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const data = await requestPage(request, id);
    return reply.render('careplans/views/review-request-form.njk', {
      ...data,
      values: { reason: 'scheduled', dueOn: data.nextReviewOn ?? '' },
    });
  });

  app.post<WithId>('/people/:id/plan/reviews/new', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    return handleForm(request, reply, {
      schema: reviewRequestInput,
      template: 'careplans/views/review-request-form.njk',
      data: () => requestPage(request, id),
      run: (input) => request.tx((ctx) => reviews.requestReview(ctx, id, input)),
      done: () => reply.redirect(`/people/${id}/plan/reviews?done=requested`, 303),
    });
  });

  const reviewPage = async (request: FastifyRequest, id: string, reviewId: string) => {
    const detail = await request.tx((ctx) => reviews.reviewDetail(ctx, id, reviewId));
    return {
      detail,
      data: {
        ...labels,
        title: detail.review.heldOn ? 'Review' : 'Record the review',
        section: 'people',
        width: 'full',
        person: detail.person,
        detail,
        back: `/people/${id}/plan/reviews`,
        action: `/people/${id}/plan/reviews/${reviewId}`,
      },
    };
  };

  app.get<WithReview>('/people/:id/plan/reviews/:reviewId', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const reviewId = parseId(request.params.reviewId);
    const { data } = await reviewPage(request, id, reviewId);
    return reply.render('careplans/views/review-record.njk', {
      ...data,
      flash: flashFrom(request),
      values: { heldOn: londonDate(request.ctx().clock.now()) },
    });
  });

  app.post<WithReview>('/people/:id/plan/reviews/:reviewId', async (request, reply) =>
    recordFromForm(request, reply, reviewPage),
  );
}

/**
 * The review form posts one score and two answers per outcome as flat fields; they are nested before the
 * schema (which knows the plan's outcomes, so every missing score is reported at once) checks them.
 */
async function recordFromForm(
  request: FastifyRequest<WithReview>,
  reply: FastifyReply,
  reviewPage: (
    request: FastifyRequest,
    id: string,
    reviewId: string,
  ) => Promise<{ detail: Awaited<ReturnType<typeof reviews.reviewDetail>>; data: Record<string, unknown> }>,
): Promise<unknown> {
  requireStaff(request);
  const id = parseId(request.params.id);
  const reviewId = parseId(request.params.reviewId);
  const values = formValues(request);
  const { detail, data } = await reviewPage(request, id, reviewId);
  const outcomes = detail.view.outcomes;
  try {
    const input = parseInput(
      reviewRecordInputFor(outcomes),
      nestProgressFields(
        request.body,
        outcomes.map((o) => o.id),
      ),
    );
    await request.tx((ctx) => reviews.recordReview(ctx, id, reviewId, input));
    return reply.redirect(`/people/${id}/plan/reviews/${reviewId}?done=recorded`, 303);
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    return reply
      .code(422)
      .render('careplans/views/review-record.njk', { ...data, errors: error.fields, values });
  }
}

function registerWorkApi(app: FastifyInstance): void {
  const api = apiDocs('Care plans');
  app.get<WithId>(
    '/api/v1/people/:id/plan/who-does-what',
    api({
      summary: 'Who does what: the plan’s actions per organisation and per lead, overdue first',
      description: 'Only the actions the caller may see; each organisation’s contact for the plan.',
    }),
    async (request) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const r = await request.tx((ctx) => whoDoesWhat(ctx, id));
      return { personId: r.view.person.id, byOrganisation: r.byOrganisation, byLead: r.byLead };
    },
  );

  app.put<WithOrg>(
    '/api/v1/people/:id/plan/contacts/:organisationId',
    api({
      summary: 'Name an organisation’s contact for the plan',
      body: contactInput,
      response: { status: 204, description: 'Saved' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const organisationId = parseId(request.params.organisationId);
      const input = parseInput(contactInput, request.body);
      await request.tx((ctx) => setPlanContact(ctx, id, organisationId, input));
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/my-work',
    api({
      summary: 'My work: the actions I (or, for a manager, my organisation) lead, and plan reviews due',
    }),
    async (request) => {
      requireStaff(request);
      return request.tx((ctx) => myWork(ctx));
    },
  );

  app.get<WithId>(
    '/api/v1/people/:id/plan/reviews',
    api({ summary: 'The plan’s reviews: the next yearly review date, reviews arranged and reviews held' }),
    async (request) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const view = await request.tx((ctx) => reviews.reviewsView(ctx, id));
      return { nextReviewOn: view.plan?.nextReviewOn ?? null, open: view.open, held: view.held };
    },
  );

  app.post<WithId>(
    '/api/v1/people/:id/plan/reviews',
    api({
      summary: 'Schedule a review, or record that someone asked for one',
      body: reviewRequestInput,
      response: { status: 201, description: 'The review arranged' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(reviewRequestInput, request.body);
      return reply.code(201).send(await request.tx((ctx) => reviews.requestReview(ctx, id, input)));
    },
  );

  app.get<WithReview>(
    '/api/v1/people/:id/plan/reviews/:reviewId',
    api({ summary: 'One review, with the progress recorded for each outcome once held' }),
    async (request) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const d = await request.tx((ctx) => reviews.reviewDetail(ctx, id, parseId(request.params.reviewId)));
      return { review: d.review, progress: d.progress };
    },
  );

  app.post<WithReview>(
    '/api/v1/people/:id/plan/reviews/:reviewId',
    api({
      summary: 'Record a review held: progress on every outcome, a summary; sets the next yearly review',
      description:
        'progress is keyed by outcome id: { "<outcomeId>": { "score": 1-5, "working": "...", "notWorking": "..." } }, one for each of the plan’s outcomes.',
      body: reviewRecordInput,
      response: { status: 200, description: 'The next yearly review date' },
    }),
    async (request) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(reviewRecordInput, request.body);
      return request.tx((ctx) => reviews.recordReview(ctx, id, parseId(request.params.reviewId), input));
    },
  );
}
