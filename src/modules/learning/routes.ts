// Learning together: the overview, joint training sessions and shadowing (pages and API). The pages on
// what each organisation and role does, and information sharing training, register from their own files.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { handleForm, parseId } from '../../server/forms.ts';
import { apiDocs } from '../../server/openapi.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import { datePartValues } from '../../web/date-input.ts';
import { listOrganisations } from '../partnerships/index.ts';
import { staffDirectory } from './common.ts';
import { registerGuideRoutes } from './guide-routes.ts';
import { placementInput, sessionInput, TRAINING_KINDS } from './schema.ts';
import * as sessions from './sessions.ts';
import { shared } from './shared-routes.ts';
import { trainingOverview } from './training.ts';
import { registerTrainingRoutes } from './training-routes.ts';

type WithId = { Params: { id: string } };

export function registerLearningRoutes(app: FastifyInstance): void {
  app.get('/learning', async (request, reply) => {
    requireStaff(request);
    const ctx = request.ctx();
    const [list, placements, training] = await Promise.all([
      sessions.listSessions(ctx),
      sessions.listPlacements(ctx),
      trainingOverview(ctx),
    ]);
    return reply.render('learning/views/overview.njk', {
      ...shared(request),
      title: 'Learning together',
      width: 'full',
      upcoming: list.upcoming,
      past: list.past,
      placements,
      trainingCounts: training.counts,
    });
  });

  registerSessionPages(app);
  registerShadowingPages(app);
  registerGuideRoutes(app);
  registerTrainingRoutes(app);
  registerLearningApi(app);
}

function registerSessionPages(app: FastifyInstance): void {
  const formPage = async (request: FastifyRequest, extra: Record<string, unknown>) => {
    const ctx = request.ctx();
    const [organisations, staff] = await Promise.all([listOrganisations(ctx), staffDirectory(ctx)]);
    return { ...shared(request), kinds: TRAINING_KINDS, organisations, staff, ...extra };
  };

  app.get('/learning/sessions/new', async (request, reply) => {
    requireStaff(request, 'learning.manage');
    return reply.render(
      'learning/views/session-form.njk',
      await formPage(request, {
        title: 'Add a training session',
        action: '/learning/sessions/new',
        back: '/learning',
        values: { organisationIds: [], attendeeIds: [] },
      }),
    );
  });

  app.post('/learning/sessions/new', async (request, reply) => {
    requireStaff(request, 'learning.manage');
    return handleForm(request, reply, {
      schema: sessionInput,
      template: 'learning/views/session-form.njk',
      data: () =>
        formPage(request, {
          title: 'Add a training session',
          action: '/learning/sessions/new',
          back: '/learning',
        }),
      run: (input) => request.tx((ctx) => sessions.createSession(ctx, input)),
      done: ({ id }) => reply.redirect(`/learning/sessions/${id}`, 303),
    });
  });

  app.get<WithId>('/learning/sessions/:id', async (request, reply) => {
    requireStaff(request);
    const view = await sessions.getSession(request.ctx(), parseId(request.params.id));
    // Not `session`: every page is given the sign-in session under that name.
    const { session: training, ...rest } = view;
    return reply.render('learning/views/session.njk', {
      ...shared(request),
      title: training.topic,
      training,
      ...rest,
    });
  });

  app.get<WithId>('/learning/sessions/:id/edit', async (request, reply) => {
    requireStaff(request, 'learning.manage');
    const { session, attendeeIds } = await sessions.getSession(request.ctx(), parseId(request.params.id));
    return reply.render(
      'learning/views/session-form.njk',
      await formPage(request, {
        title: 'Change a training session',
        action: `/learning/sessions/${session.id}/edit`,
        back: `/learning/sessions/${session.id}`,
        values: {
          topic: session.topic,
          kind: session.kind,
          description: session.description,
          ...datePartValues('heldOn', session.held_on),
          location: session.location,
          ledBy: session.led_by,
          organisationIds: session.organisation_ids,
          attendeeIds,
        },
      }),
    );
  });

  app.post<WithId>('/learning/sessions/:id/edit', async (request, reply) => {
    requireStaff(request, 'learning.manage');
    const id = parseId(request.params.id);
    return handleForm(request, reply, {
      schema: sessionInput,
      template: 'learning/views/session-form.njk',
      data: () =>
        formPage(request, {
          title: 'Change a training session',
          action: `/learning/sessions/${id}/edit`,
          back: `/learning/sessions/${id}`,
        }),
      run: (input) => request.tx((ctx) => sessions.updateSession(ctx, id, input)),
      done: () => reply.redirect(`/learning/sessions/${id}`, 303),
    });
  });
}

function registerShadowingPages(app: FastifyInstance): void {
  const formPage = async (request: FastifyRequest) => ({
    ...shared(request),
    title: 'Arrange shadowing',
    action: '/learning/shadowing/new',
    back: '/learning',
    staff: await staffDirectory(request.ctx()),
  });

  app.get('/learning/shadowing/new', async (request, reply) => {
    requireStaff(request, 'learning.manage');
    return reply.render('learning/views/placement-form.njk', { ...(await formPage(request)), values: {} });
  });

  app.post('/learning/shadowing/new', async (request, reply) => {
    requireStaff(request, 'learning.manage');
    return handleForm(request, reply, {
      schema: placementInput,
      template: 'learning/views/placement-form.njk',
      data: () => formPage(request),
      run: (input) => request.tx((ctx) => sessions.createPlacement(ctx, input)),
      done: () => reply.redirect('/learning#shadowing', 303),
    });
  });
}

function sessionJson(view: Awaited<ReturnType<typeof sessions.getSession>>) {
  const s = view.session;
  return {
    id: s.id,
    topic: s.topic,
    kind: s.kind,
    description: s.description,
    heldOn: s.held_on,
    location: s.location,
    ledBy: s.led_by,
    organisationIds: s.organisation_ids,
    attendeeIds: view.attendeeIds,
  };
}

const api = apiDocs('Learning');

function registerLearningApi(app: FastifyInstance): void {
  app.get(
    '/api/v1/learning/sessions',
    api({ summary: 'Joint training sessions, coming up and held' }),
    async (request) => {
      requireStaff(request);
      const { upcoming, past } = await sessions.listSessions(request.ctx());
      const item = (s: (typeof past)[number]) => ({
        id: s.id,
        topic: s.topic,
        kind: s.kind,
        heldOn: s.held_on,
        location: s.location,
        attendees: s.attendee_count,
      });
      return { upcoming: upcoming.map(item), past: past.map(item) };
    },
  );

  app.post(
    '/api/v1/learning/sessions',
    api({
      summary: 'Add a training session',
      body: sessionInput,
      response: { status: 201, description: 'The session' },
    }),
    async (request, reply) => {
      requireStaff(request, 'learning.manage');
      const input = parseInput(sessionInput, request.body);
      const { id } = await request.tx((ctx) => sessions.createSession(ctx, input));
      const view = await sessions.getSession(request.ctx(), id);
      return reply.code(201).header('location', `/api/v1/learning/sessions/${id}`).send(sessionJson(view));
    },
  );

  app.get<WithId>(
    '/api/v1/learning/sessions/:id',
    api({ summary: 'A training session and who attended' }),
    async (request) => {
      requireStaff(request);
      return sessionJson(await sessions.getSession(request.ctx(), parseId(request.params.id)));
    },
  );

  app.put<WithId>(
    '/api/v1/learning/sessions/:id',
    api({ summary: 'Change a training session and its attendees', body: sessionInput }),
    async (request) => {
      requireStaff(request, 'learning.manage');
      const id = parseId(request.params.id);
      const input = parseInput(sessionInput, request.body);
      await request.tx((ctx) => sessions.updateSession(ctx, id, input));
      return sessionJson(await sessions.getSession(request.ctx(), id));
    },
  );

  app.get('/api/v1/learning/shadowing', api({ summary: 'Shadowing placements' }), async (request) => {
    requireStaff(request);
    const list = await sessions.listPlacements(request.ctx());
    return {
      items: list.map((p) => ({
        id: p.id,
        shadowStaffId: p.shadow?.id ?? null,
        hostStaffId: p.host?.id ?? null,
        place: p.place,
        startsOn: p.startsOn,
        endsOn: p.endsOn,
        purpose: p.purpose,
        state: p.state,
      })),
    };
  });

  app.post(
    '/api/v1/learning/shadowing',
    api({
      summary: 'Arrange shadowing across organisations',
      body: placementInput,
      response: { status: 201, description: 'The placement' },
    }),
    async (request, reply) => {
      requireStaff(request, 'learning.manage');
      const input = parseInput(placementInput, request.body);
      const { id } = await request.tx((ctx) => sessions.createPlacement(ctx, input));
      return reply.code(201).send({ id, ...input });
    },
  );
}
