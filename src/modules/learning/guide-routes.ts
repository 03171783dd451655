// Who does what: a page for each member organisation and each professional role (pages and API).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFound } from '../../errors.ts';
import { handleForm, parseId } from '../../server/forms.ts';
import { apiDocs } from '../../server/openapi.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import * as guides from './guides.ts';
import { guideInput, newRoleGuideInput } from './schema.ts';
import { shared } from './shared-routes.ts';

type WithId = { Params: { id: string } };
type WithKey = { Params: { key: string } };

/** Role addresses are slugs ("community-nurse"); anything else cannot name a role. */
function parseKey(key: string): string {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(key) || key.length > 120) throw new NotFound('The role');
  return key;
}

function guideValues(
  guide: { what_they_do: string; when_to_involve: string; working_together: string } | null,
) {
  return guide
    ? {
        whatTheyDo: guide.what_they_do,
        whenToInvolve: guide.when_to_involve,
        workingTogether: guide.working_together,
      }
    : {};
}

export function registerGuideRoutes(app: FastifyInstance): void {
  app.get('/learning/who-does-what', async (request, reply) => {
    requireStaff(request);
    const view = await guides.whoDoesWhat(request.ctx());
    return reply.render('learning/views/who-does-what.njk', {
      ...shared(request),
      title: 'Who does what',
      ...view,
    });
  });

  app.get<WithId>('/learning/organisations/:id', async (request, reply) => {
    requireStaff(request);
    const view = await guides.organisationPage(request.ctx(), parseId(request.params.id));
    return reply.render('learning/views/guide.njk', {
      ...shared(request),
      ...view,
      caption: view.kindLabel,
      editUrl: `/learning/organisations/${view.organisation.id}/edit`,
    });
  });

  const orgForm = async (request: FastifyRequest, id: string) => {
    const view = await guides.organisationPage(request.ctx(), id);
    return {
      ...shared(request),
      title: view.title,
      caption: view.organisation.name,
      action: `/learning/organisations/${id}/edit`,
      back: `/learning/organisations/${id}`,
      guide: view.guide,
    };
  };

  app.get<WithId>('/learning/organisations/:id/edit', async (request, reply) => {
    requireStaff(request, 'learning.manage');
    const id = parseId(request.params.id);
    // Another organisation's page is refused before its form is shown.
    await guides.checkMayEditOrganisation(request.ctx(), id);
    const data = await orgForm(request, id);
    return reply.render('learning/views/guide-form.njk', { ...data, values: guideValues(data.guide) });
  });

  app.post<WithId>('/learning/organisations/:id/edit', async (request, reply) => {
    requireStaff(request, 'learning.manage');
    const id = parseId(request.params.id);
    await guides.checkMayEditOrganisation(request.ctx(), id);
    return handleForm(request, reply, {
      schema: guideInput,
      template: 'learning/views/guide-form.njk',
      data: () => orgForm(request, id),
      run: (input) => request.tx((ctx) => guides.saveOrganisationGuide(ctx, id, input)),
      done: () => reply.redirect(`/learning/organisations/${id}`, 303),
    });
  });

  const newRoleForm = (request: FastifyRequest) => ({
    ...shared(request),
    title: 'Explain a role',
    action: '/learning/roles/new',
    back: '/learning/who-does-what',
    askName: true,
  });

  app.get('/learning/roles/new', async (request, reply) => {
    requireStaff(request, 'learning.manage');
    return reply.render('learning/views/guide-form.njk', { ...newRoleForm(request), values: {} });
  });

  app.post('/learning/roles/new', async (request, reply) => {
    requireStaff(request, 'learning.manage');
    return handleForm(request, reply, {
      schema: newRoleGuideInput,
      template: 'learning/views/guide-form.njk',
      data: () => newRoleForm(request),
      run: (input) => request.tx((ctx) => guides.createRoleGuide(ctx, input)),
      done: ({ key }) => reply.redirect(`/learning/roles/${key}`, 303),
    });
  });

  app.get<WithKey>('/learning/roles/:key', async (request, reply) => {
    requireStaff(request);
    const view = await guides.rolePage(request.ctx(), parseKey(request.params.key));
    return reply.render('learning/views/guide.njk', {
      ...shared(request),
      ...view,
      caption: 'Professional role',
      editUrl: `/learning/roles/${view.key}/edit`,
    });
  });

  const roleForm = async (request: FastifyRequest, key: string) => {
    const view = await guides.rolePage(request.ctx(), key);
    return {
      ...shared(request),
      title: view.title,
      caption: 'Professional role',
      action: `/learning/roles/${key}/edit`,
      back: `/learning/roles/${key}`,
      guide: view.guide,
    };
  };

  app.get<WithKey>('/learning/roles/:key/edit', async (request, reply) => {
    requireStaff(request, 'learning.manage');
    const data = await roleForm(request, parseKey(request.params.key));
    return reply.render('learning/views/guide-form.njk', { ...data, values: guideValues(data.guide) });
  });

  app.post<WithKey>('/learning/roles/:key/edit', async (request, reply) => {
    requireStaff(request, 'learning.manage');
    const key = parseKey(request.params.key);
    return handleForm(request, reply, {
      schema: guideInput,
      template: 'learning/views/guide-form.njk',
      data: () => roleForm(request, key),
      run: (input) => request.tx((ctx) => guides.saveRoleGuide(ctx, key, input)),
      done: () => reply.redirect(`/learning/roles/${key}`, 303),
    });
  });

  registerGuideApi(app);
}

function guideJson(
  guide: {
    what_they_do: string;
    when_to_involve: string;
    working_together: string;
    updated_at: Date | string;
    updated_by_name: string;
  } | null,
) {
  if (!guide) return null;
  return {
    whatTheyDo: guide.what_they_do,
    whenToInvolve: guide.when_to_involve,
    workingTogether: guide.working_together,
    updatedAt: new Date(guide.updated_at).toISOString(),
    updatedBy: guide.updated_by_name,
  };
}

const api = apiDocs('Learning');

function registerGuideApi(app: FastifyInstance): void {
  app.get(
    '/api/v1/learning/who-does-what',
    api({ summary: 'Every organisation and professional role, and whether its page is written' }),
    async (request) => {
      requireStaff(request);
      const view = await guides.whoDoesWhat(request.ctx());
      return {
        organisations: view.organisations.map((o) => ({
          id: o.id,
          name: o.name,
          kind: o.kind,
          written: o.written,
        })),
        roles: view.roles,
      };
    },
  );

  app.get<WithId>(
    '/api/v1/learning/organisations/:id',
    api({ summary: 'What an organisation does' }),
    async (request) => {
      requireStaff(request);
      const view = await guides.organisationPage(request.ctx(), parseId(request.params.id));
      return { organisationId: view.organisation.id, title: view.title, guide: guideJson(view.guide) };
    },
  );

  app.put<WithId>(
    '/api/v1/learning/organisations/:id',
    api({ summary: 'Write what your organisation does', body: guideInput }),
    async (request) => {
      requireStaff(request, 'learning.manage');
      const id = parseId(request.params.id);
      await guides.checkMayEditOrganisation(request.ctx(), id);
      const input = parseInput(guideInput, request.body);
      await request.tx((ctx) => guides.saveOrganisationGuide(ctx, id, input));
      const view = await guides.organisationPage(request.ctx(), id);
      return { organisationId: id, title: view.title, guide: guideJson(view.guide) };
    },
  );

  app.get<WithKey>(
    '/api/v1/learning/roles/:key',
    api({ summary: 'What a professional role does' }),
    async (request) => {
      requireStaff(request);
      const view = await guides.rolePage(request.ctx(), parseKey(request.params.key));
      return { key: view.key, name: view.name, title: view.title, guide: guideJson(view.guide) };
    },
  );

  app.put<WithKey>(
    '/api/v1/learning/roles/:key',
    api({ summary: 'Write what a professional role does', body: guideInput }),
    async (request) => {
      requireStaff(request, 'learning.manage');
      const key = parseKey(request.params.key);
      const input = parseInput(guideInput, request.body);
      await request.tx((ctx) => guides.saveRoleGuide(ctx, key, input));
      const view = await guides.rolePage(request.ctx(), key);
      return { key: view.key, name: view.name, title: view.title, guide: guideJson(view.guide) };
    },
  );
}
