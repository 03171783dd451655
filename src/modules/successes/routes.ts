// The successes feed, posting a success, giving thanks, taking either down (pages and API).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFound } from '../../errors.ts';
import { formValues, handleForm, parseId } from '../../server/forms.ts';
import { apiDocs } from '../../server/openapi.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import { staffDirectory } from '../learning/index.ts';
import { listOrganisations } from '../partnerships/index.ts';
import { SUCCESS_KIND_LABELS, SUCCESS_KINDS, successInput, thanksInput } from './schema.ts';
import * as service from './service.ts';

type WithId = { Params: { id: string } };

const shared = { section: 'partnership', kindLabels: SUCCESS_KIND_LABELS };

/** The success being thanked for, if the link names one still on the feed. */
async function successFor(request: FastifyRequest, id: unknown) {
  if (typeof id !== 'string' || !id) return null;
  try {
    return await service.getSuccess(request.ctx(), parseId(id));
  } catch (error) {
    if (error instanceof NotFound) return null;
    throw error;
  }
}

export function registerSuccessRoutes(app: FastifyInstance): void {
  app.get('/successes', async (request, reply) => {
    requireStaff(request);
    const items = await service.feed(request.ctx());
    return reply.render('successes/views/feed.njk', { ...shared, title: 'Successes', items });
  });

  const successForm = async (request: FastifyRequest) => ({
    ...shared,
    title: 'Share a success',
    kinds: SUCCESS_KINDS,
    organisations: await listOrganisations(request.ctx()),
  });

  app.get('/successes/new', async (request, reply) => {
    requireStaff(request);
    return reply.render('successes/views/success-form.njk', {
      ...(await successForm(request)),
      values: { organisationIds: [] },
    });
  });

  app.post('/successes/new', async (request, reply) => {
    requireStaff(request);
    return handleForm(request, reply, {
      schema: successInput,
      template: 'successes/views/success-form.njk',
      data: () => successForm(request),
      run: (input) => request.tx((ctx) => service.postSuccess(ctx, input)),
      done: ({ id }) => reply.redirect(`/successes#success-${id}`, 303),
    });
  });

  /** Colleagues in other organisations: the people one may thank here. */
  const thanksForm = async (request: FastifyRequest, successId: unknown) => {
    const actor = requireStaff(request);
    const ctx = request.ctx();
    const people = (await staffDirectory(ctx)).filter((s) => s.organisation_id !== actor.organisationId);
    return { ...shared, title: 'Thank someone', people, success: await successFor(request, successId) };
  };

  app.get('/successes/thanks/new', async (request, reply) => {
    requireStaff(request);
    const query = request.query as Record<string, unknown>;
    const data = await thanksForm(request, query.success);
    return reply.render('successes/views/thanks-form.njk', {
      ...data,
      values: { successId: data.success?.id ?? '', toStaffId: typeof query.to === 'string' ? query.to : '' },
    });
  });

  app.post('/successes/thanks/new', async (request, reply) => {
    requireStaff(request);
    return handleForm(request, reply, {
      schema: thanksInput,
      template: 'successes/views/thanks-form.njk',
      data: () => thanksForm(request, formValues(request).successId),
      run: (input) => request.tx((ctx) => service.giveThanks(ctx, input)),
      done: ({ id }) => reply.redirect(`/successes#thanks-${id}`, 303),
    });
  });

  app.get<WithId>('/successes/:id/remove', async (request, reply) => {
    requireStaff(request);
    const success = await service.getSuccess(request.ctx(), parseId(request.params.id));
    return reply.render('successes/views/remove.njk', {
      ...shared,
      title: 'Take down this success',
      what: success.title,
      action: `/successes/${success.id}/remove`,
    });
  });

  app.post<WithId>('/successes/:id/remove', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    await request.tx((ctx) => service.removeSuccess(ctx, id));
    return reply.redirect('/successes', 303);
  });

  app.get<WithId>('/successes/thanks/:id/remove', async (request, reply) => {
    requireStaff(request);
    const thanks = await service.getThanks(request.ctx(), parseId(request.params.id));
    return reply.render('successes/views/remove.njk', {
      ...shared,
      title: 'Take down these thanks',
      what: `${thanks.from_name} thanked ${thanks.to_name}: “${thanks.message}”`,
      action: `/successes/thanks/${thanks.id}/remove`,
    });
  });

  app.post<WithId>('/successes/thanks/:id/remove', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    await request.tx((ctx) => service.removeThanks(ctx, id));
    return reply.redirect('/successes', 303);
  });

  registerSuccessApi(app);
}

function thanksJson(t: {
  id: string;
  message: string;
  success_id: string | null;
  given_at: Date | string;
  from_staff_id: string;
  from_name: string;
  to_staff_id: string;
  to_name: string;
}) {
  return {
    id: t.id,
    from: { staffUserId: t.from_staff_id, name: t.from_name },
    to: { staffUserId: t.to_staff_id, name: t.to_name },
    message: t.message,
    successId: t.success_id,
    givenAt: new Date(t.given_at).toISOString(),
  };
}

const api = apiDocs('Successes');

function registerSuccessApi(app: FastifyInstance): void {
  app.get(
    '/api/v1/successes',
    api({ summary: 'The feed of successes and thanks, newest first' }),
    async (request) => {
      requireStaff(request);
      const items = await service.feed(request.ctx());
      return {
        items: items.map((item) =>
          item.kind === 'success'
            ? {
                kind: 'success',
                id: item.success.id,
                title: item.success.title,
                story: item.success.story,
                successKind: item.success.kind,
                organisationIds: item.success.organisation_ids,
                postedBy: { staffUserId: item.success.posted_by, name: item.success.poster_name },
                postedAt: item.at.toISOString(),
                thanks: item.success.thanks.map(thanksJson),
              }
            : { kind: 'thanks', ...thanksJson(item.thanks) },
        ),
      };
    },
  );

  app.post(
    '/api/v1/successes',
    api({
      summary: 'Post a success to the feed',
      description:
        'Partnership-level text: a link to a person’s record, an NHS number or a postcode is refused.',
      body: successInput,
      response: { status: 201, description: 'The success' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const input = parseInput(successInput, request.body);
      const { id } = await request.tx((ctx) => service.postSuccess(ctx, input));
      return reply.code(201).send({ id, ...input });
    },
  );

  app.delete<WithId>(
    '/api/v1/successes/:id',
    api({
      summary: 'Take down a success (its poster or a manager)',
      body: null,
      response: { status: 204, description: 'Taken down' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      await request.tx((ctx) => service.removeSuccess(ctx, id));
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/thanks',
    api({
      summary: 'Thank someone in another organisation',
      body: thanksInput,
      response: { status: 201, description: 'The thanks' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const input = parseInput(thanksInput, request.body);
      const { id } = await request.tx((ctx) => service.giveThanks(ctx, input));
      return reply.code(201).send(thanksJson(await service.getThanks(request.ctx(), id)));
    },
  );

  app.get('/api/v1/thanks/received', api({ summary: 'Thanks you have received' }), async (request) => {
    requireStaff(request);
    return { items: (await service.thanksReceived(request.ctx(), 50)).map(thanksJson) };
  });

  app.delete<WithId>(
    '/api/v1/thanks/:id',
    api({
      summary: 'Take down thanks (whoever gave them or a manager)',
      body: null,
      response: { status: 204, description: 'Taken down' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      await request.tx((ctx) => service.removeThanks(ctx, id));
      return reply.code(204).send();
    },
  );
}
