// The home page, member organisations (pages and API).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorise, roleLabel } from '../../policy/index.ts';
import { handleForm, parseId } from '../../server/forms.ts';
import { apiDocs } from '../../server/openapi.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import { myUpcomingMeetings } from '../meetings/index.ts';
import { thanksReceived } from '../successes/index.ts';
import { KIND_LABELS, ORGANISATION_KINDS, organisationInput } from './schema.ts';
import * as service from './service.ts';

export function registerPartnershipRoutes(app: FastifyInstance): void {
  const shared = (request: FastifyRequest) => ({
    kindLabels: KIND_LABELS,
    kinds: ORGANISATION_KINDS,
    canManage: authorise(request.actor, 'organisation.manage').allowed,
    section: 'organisations',
  });

  app.get('/', async (request, reply) => {
    const actor = requireStaff(request);
    const home = await service.home(request.ctx());
    return reply.render('partnerships/views/home.njk', {
      ...shared(request),
      section: 'home',
      title: 'Home',
      ...home,
      thanksReceived: await thanksReceived(request.ctx()),
      upcomingMeetings: await request.tx((ctx) => myUpcomingMeetings(ctx)),
      me: { ...home.me, roleLabel: roleLabel(actor.role) },
    });
  });

  app.get('/organisations', async (request, reply) => {
    requireStaff(request);
    const { partnership, organisations, staffCounts } = await service.overview(request.ctx());
    return reply.render('partnerships/views/organisations.njk', {
      ...shared(request),
      title: 'Member organisations',
      partnership,
      organisations,
      staffCounts,
    });
  });

  const formPage = (request: FastifyRequest, extra: Record<string, unknown>) => ({
    ...shared(request),
    ...extra,
  });

  app.get('/organisations/new', async (request, reply) => {
    requireStaff(request, 'organisation.manage');
    return reply.render(
      'partnerships/views/organisation-form.njk',
      formPage(request, {
        title: 'Add an organisation',
        action: '/organisations/new',
        back: '/organisations',
        values: {},
      }),
    );
  });

  app.post('/organisations/new', async (request, reply) => {
    requireStaff(request, 'organisation.manage');
    return handleForm(request, reply, {
      schema: organisationInput,
      template: 'partnerships/views/organisation-form.njk',
      data: () =>
        formPage(request, {
          title: 'Add an organisation',
          action: '/organisations/new',
          back: '/organisations',
        }),
      run: (input) => request.tx((ctx) => service.createOrganisation(ctx, input)),
      done: (org) => reply.redirect(`/organisations/${org.id}`, 303),
    });
  });

  app.get<{ Params: { id: string } }>('/organisations/:id', async (request, reply) => {
    requireStaff(request);
    const { organisation, staff } = await service.organisationWithStaff(
      request.ctx(),
      parseId(request.params.id),
    );
    return reply.render('partnerships/views/organisation.njk', {
      ...shared(request),
      title: organisation.name,
      organisation,
      staff,
    });
  });

  app.get<{ Params: { id: string } }>('/organisations/:id/edit', async (request, reply) => {
    requireStaff(request, 'organisation.manage');
    const org = await service.getOrganisation(request.ctx(), parseId(request.params.id));
    return reply.render(
      'partnerships/views/organisation-form.njk',
      formPage(request, {
        title: `Change ${org.name}`,
        action: `/organisations/${org.id}/edit`,
        back: `/organisations/${org.id}`,
        values: { name: org.name, kind: org.kind },
      }),
    );
  });

  app.post<{ Params: { id: string } }>('/organisations/:id/edit', async (request, reply) => {
    requireStaff(request, 'organisation.manage');
    const id = parseId(request.params.id);
    return handleForm(request, reply, {
      schema: organisationInput,
      template: 'partnerships/views/organisation-form.njk',
      data: () =>
        formPage(request, {
          title: 'Change an organisation',
          action: `/organisations/${id}/edit`,
          back: `/organisations/${id}`,
        }),
      run: (input) => request.tx((ctx) => service.updateOrganisation(ctx, id, input)),
      done: () => reply.redirect(`/organisations/${id}`, 303),
    });
  });

  const api = apiDocs('Partnership');
  app.get(
    '/api/v1/partnership',
    api({ summary: 'Your partnership and its member organisations' }),
    async (request) => {
      requireStaff(request);
      const { partnership, organisations } = await service.overview(request.ctx());
      return {
        id: partnership.id,
        name: partnership.name,
        organisations: organisations.map(organisationJson),
      };
    },
  );

  app.get('/api/v1/organisations', api({ summary: 'The member organisations' }), async (request) => {
    requireStaff(request);
    return { items: (await service.listOrganisations(request.ctx())).map(organisationJson) };
  });

  app.post(
    '/api/v1/organisations',
    api({
      summary: 'Add an organisation',
      body: organisationInput,
      response: { status: 201, description: 'The new organisation; its address is in the Location header' },
    }),
    async (request, reply) => {
      requireStaff(request, 'organisation.manage');
      const input = parseInput(organisationInput, request.body);
      const org = await request.tx((ctx) => service.createOrganisation(ctx, input));
      return reply
        .code(201)
        .header('location', `/api/v1/organisations/${org.id}`)
        .send(organisationJson(org));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/organisations/:id',
    api({ summary: 'An organisation' }),
    async (request) => {
      requireStaff(request);
      return organisationJson(await service.getOrganisation(request.ctx(), parseId(request.params.id)));
    },
  );

  app.put<{ Params: { id: string } }>(
    '/api/v1/organisations/:id',
    api({ summary: 'Change an organisation', body: organisationInput }),
    async (request) => {
      requireStaff(request, 'organisation.manage');
      const id = parseId(request.params.id);
      const input = parseInput(organisationInput, request.body);
      await request.tx((ctx) => service.updateOrganisation(ctx, id, input));
      return organisationJson(await service.getOrganisation(request.ctx(), id));
    },
  );
}

function organisationJson(o: { id: string; name: string; kind: string }) {
  return { id: o.id, name: o.name, kind: o.kind };
}
