// The contact directory's page, its forms and /api/v1/contacts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { handleForm, parseId } from '../../server/forms.ts';
import { apiDocs } from '../../server/openapi.ts';
import { requireStaff } from '../../server/sessions.ts';
import type { ContactIssue } from '../../storage/tables.ts';
import { parseInput } from '../../validation.ts';
import { listOrganisations } from '../partnerships/index.ts';
import { type ContactInput, contactInput, ISSUE_LABELS, ISSUES } from './schema.ts';
import * as service from './service.ts';

type WithId = { Params: { id: string } };

const FLASH: Record<string, string> = {
  saved: 'The contact is saved.',
  removed: 'The contact is removed.',
};

function issueOf(value: unknown): ContactIssue | null {
  return typeof value === 'string' && (ISSUES as readonly string[]).includes(value)
    ? (value as ContactIssue)
    : null;
}

function formValuesOf(c: service.Contact): Record<string, string> {
  return {
    organisationId: c.organisationId,
    issue: c.issue,
    contactName: c.contactName,
    phone: c.phone ?? '',
    email: c.email ?? '',
    hours: c.hours,
    outOfHours: c.outOfHours ? 'yes' : '',
    notes: c.notes,
  };
}

export function registerContactRoutes(app: FastifyInstance): void {
  app.get('/contacts', async (request, reply) => {
    requireStaff(request);
    const query = request.query as Record<string, unknown>;
    const page = await service.directory(request.ctx(), issueOf(query.issue));
    return reply.render('contacts/views/directory.njk', {
      title: 'Who to contact',
      section: 'partnership',
      issues: ISSUES,
      issueLabels: ISSUE_LABELS,
      ...page,
      flash: typeof query.done === 'string' ? FLASH[query.done] : undefined,
    });
  });

  const formPage = async (request: FastifyRequest, extra: Record<string, unknown>) => {
    const actor = requireStaff(request);
    const organisations = (await listOrganisations(request.ctx())).filter((o) =>
      service.canManageFor(actor, o.id),
    );
    return { section: 'partnership', issues: ISSUES, issueLabels: ISSUE_LABELS, organisations, ...extra };
  };

  app.get('/contacts/new', async (request, reply) => {
    requireStaff(request, 'contacts.manage');
    const organisation = (request.query as Record<string, unknown>).organisation;
    return reply.render(
      'contacts/views/contact-form.njk',
      await formPage(request, {
        title: 'Add a contact',
        action: '/contacts/new',
        values: { organisationId: typeof organisation === 'string' ? organisation : '' },
      }),
    );
  });

  app.post('/contacts/new', async (request, reply) => {
    requireStaff(request, 'contacts.manage');
    return handleForm(request, reply, {
      schema: contactInput,
      template: 'contacts/views/contact-form.njk',
      data: () => formPage(request, { title: 'Add a contact', action: '/contacts/new' }),
      run: (input) => request.tx((ctx) => service.addContact(ctx, input)),
      done: () =>
        reply.redirect(`/contacts?done=saved#org-${(request.body as ContactInput).organisationId}`, 303),
    });
  });

  app.get<WithId>('/contacts/:id/edit', async (request, reply) => {
    requireStaff(request, 'contacts.manage');
    const id = parseId(request.params.id);
    const contact = await service.getContact(request.ctx(), id);
    return reply.render(
      'contacts/views/contact-form.njk',
      await formPage(request, {
        title: 'Change a contact',
        action: `/contacts/${id}/edit`,
        removable: id,
        values: formValuesOf(contact),
      }),
    );
  });

  app.post<WithId>('/contacts/:id/edit', async (request, reply) => {
    requireStaff(request, 'contacts.manage');
    const id = parseId(request.params.id);
    return handleForm(request, reply, {
      schema: contactInput,
      template: 'contacts/views/contact-form.njk',
      data: () =>
        formPage(request, { title: 'Change a contact', action: `/contacts/${id}/edit`, removable: id }),
      run: (input) => request.tx((ctx) => service.updateContact(ctx, id, input)),
      done: () =>
        reply.redirect(`/contacts?done=saved#org-${(request.body as ContactInput).organisationId}`, 303),
    });
  });

  app.post<WithId>('/contacts/:id/remove', async (request, reply) => {
    requireStaff(request, 'contacts.manage');
    const id = parseId(request.params.id);
    await request.tx((ctx) => service.removeContact(ctx, id));
    return reply.redirect('/contacts?done=removed', 303);
  });

  registerContactApi(app);
}

function contactJson(c: service.Contact) {
  const { updatedAt, ...rest } = c;
  return { ...rest, updatedAt: updatedAt.toISOString() };
}

function registerContactApi(app: FastifyInstance): void {
  const api = apiDocs('Contacts');
  app.get(
    '/api/v1/contacts',
    api({ summary: 'Who to contact at each member organisation, for which kind of issue' }),
    async (request) => {
      requireStaff(request);
      const page = await service.directory(
        request.ctx(),
        issueOf((request.query as Record<string, unknown>).issue),
      );
      return {
        organisations: page.members.map((m) => ({
          id: m.organisation.id,
          name: m.organisation.name,
          contacts: m.contacts.map(contactJson),
          missingIssues: m.missing,
        })),
      };
    },
  );

  app.get<WithId>('/api/v1/contacts/:id', api({ summary: 'A contact' }), async (request) => {
    requireStaff(request);
    return contactJson(await service.getContact(request.ctx(), parseId(request.params.id)));
  });

  app.post(
    '/api/v1/contacts',
    api({
      summary: 'Add a contact',
      body: contactInput,
      response: { status: 201, description: 'The new contact' },
    }),
    async (request, reply) => {
      requireStaff(request, 'contacts.manage');
      const input = parseInput(contactInput, request.body);
      const { id } = await request.tx((ctx) => service.addContact(ctx, input));
      return reply
        .code(201)
        .header('location', `/api/v1/contacts/${id}`)
        .send(contactJson(await service.getContact(request.ctx(), id)));
    },
  );

  app.put<WithId>(
    '/api/v1/contacts/:id',
    api({ summary: 'Change a contact', body: contactInput }),
    async (request) => {
      requireStaff(request, 'contacts.manage');
      const id = parseId(request.params.id);
      const input = parseInput(contactInput, request.body);
      await request.tx((ctx) => service.updateContact(ctx, id, input));
      return contactJson(await service.getContact(request.ctx(), id));
    },
  );

  app.delete<WithId>(
    '/api/v1/contacts/:id',
    api({ summary: 'Remove a contact', body: null, response: { status: 204, description: 'Removed' } }),
    async (request, reply) => {
      requireStaff(request, 'contacts.manage');
      const id = parseId(request.params.id);
      await request.tx((ctx) => service.removeContact(ctx, id));
      return reply.code(204).send();
    },
  );
}
