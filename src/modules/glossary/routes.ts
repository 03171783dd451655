// The glossary's pages (list and search, add, change, remove), the jargon check page, and the API.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authorise } from '../../policy/index.ts';
import { handleForm, parseId } from '../../server/forms.ts';
import { apiDocs } from '../../server/openapi.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import { listOrganisations } from '../partnerships/index.ts';
import { PERSON_FACING_TARGET, STAFF_TARGET } from './reading-ease.ts';
import { checkInput, glossaryTermInput } from './schema.ts';
import * as service from './service.ts';

type WithId = { Params: { id: string } };

function query(request: FastifyRequest): string {
  const q = (request.query as Record<string, unknown>).q;
  return typeof q === 'string' ? q.trim().slice(0, 100) : '';
}

export function registerGlossaryRoutes(app: FastifyInstance): void {
  const shared = (request: FastifyRequest) => ({
    section: 'partnership',
    canManage: authorise(request.actor, 'glossary.manage').allowed,
  });

  app.get('/glossary', async (request, reply) => {
    requireStaff(request);
    const q = query(request);
    const { terms, builtIn } = await service.listTerms(request.ctx(), q);
    return reply.render('glossary/views/list.njk', {
      ...shared(request),
      title: 'Glossary',
      q,
      terms,
      builtIn,
    });
  });

  const formPage = async (request: FastifyRequest, extra: Record<string, unknown>) => ({
    ...shared(request),
    organisations: await listOrganisations(request.ctx()),
    back: '/glossary',
    ...extra,
  });

  app.get('/glossary/new', async (request, reply) => {
    requireStaff(request, 'glossary.manage');
    return reply.render(
      'glossary/views/term-form.njk',
      await formPage(request, { title: 'Add a term', action: '/glossary/new', values: { usedBy: [] } }),
    );
  });

  app.post('/glossary/new', async (request, reply) => {
    requireStaff(request, 'glossary.manage');
    return handleForm(request, reply, {
      schema: glossaryTermInput,
      template: 'glossary/views/term-form.njk',
      data: () => formPage(request, { title: 'Add a term', action: '/glossary/new' }),
      run: (input) => request.tx((ctx) => service.createTerm(ctx, input)),
      done: (row) => reply.redirect(`/glossary#term-${row.id}`, 303),
    });
  });

  app.get<WithId>('/glossary/:id/edit', async (request, reply) => {
    requireStaff(request, 'glossary.manage');
    const term = await service.getTerm(request.ctx(), parseId(request.params.id));
    return reply.render(
      'glossary/views/term-form.njk',
      await formPage(request, {
        title: `Change “${term.term}”`,
        action: `/glossary/${term.id}/edit`,
        removeUrl: `/glossary/${term.id}/remove`,
        values: {
          term: term.term,
          meaning: term.meaning,
          preferred: term.preferred,
          usedBy: term.used_by_organisation_ids,
        },
      }),
    );
  });

  app.post<WithId>('/glossary/:id/edit', async (request, reply) => {
    requireStaff(request, 'glossary.manage');
    const id = parseId(request.params.id);
    return handleForm(request, reply, {
      schema: glossaryTermInput,
      template: 'glossary/views/term-form.njk',
      data: () => formPage(request, { title: 'Change a term', action: `/glossary/${id}/edit` }),
      run: (input) => request.tx((ctx) => service.updateTerm(ctx, id, input)),
      done: () => reply.redirect(`/glossary#term-${id}`, 303),
    });
  });

  app.get<WithId>('/glossary/:id/remove', async (request, reply) => {
    requireStaff(request, 'glossary.manage');
    const term = await service.getTerm(request.ctx(), parseId(request.params.id));
    return reply.render('glossary/views/remove.njk', {
      ...shared(request),
      title: `Remove “${term.term}”`,
      term,
      back: `/glossary/${term.id}/edit`,
    });
  });

  app.post<WithId>('/glossary/:id/remove', async (request, reply) => {
    requireStaff(request, 'glossary.manage');
    const id = parseId(request.params.id);
    await request.tx((ctx) => service.removeTerm(ctx, id));
    return reply.redirect('/glossary', 303);
  });

  const checkPage = {
    title: 'Check wording',
    targets: { person: PERSON_FACING_TARGET, staff: STAFF_TARGET },
  };

  app.get('/glossary/check', async (request, reply) => {
    requireStaff(request);
    return reply.render('glossary/views/check.njk', {
      ...shared(request),
      ...checkPage,
      values: { audience: 'person' },
    });
  });

  app.post('/glossary/check', async (request, reply) => {
    requireStaff(request);
    return handleForm(request, reply, {
      schema: checkInput,
      template: 'glossary/views/check.njk',
      data: () => ({ ...shared(request), ...checkPage }),
      run: (input) => service.wordingCheck(request.ctx(), input.text, input.audience),
      done: (wording) =>
        reply.render('glossary/views/check.njk', {
          ...shared(request),
          ...checkPage,
          wording,
          values: { text: wording.text, audience: wording.audience },
        }),
    });
  });

  registerGlossaryApi(app);
}

function termJson(t: {
  id: string;
  term: string;
  meaning: string;
  preferred: string;
  used_by_organisation_ids: string[];
  updated_at: Date | string;
}) {
  return {
    id: t.id,
    term: t.term,
    meaning: t.meaning,
    preferred: t.preferred,
    usedBy: t.used_by_organisation_ids,
    updatedAt: new Date(t.updated_at).toISOString(),
  };
}

const api = apiDocs('Glossary');
const searchQuery = z.object({ q: z.string().optional() });

function registerGlossaryApi(app: FastifyInstance): void {
  app.get(
    '/api/v1/glossary',
    api({
      summary:
        'The glossary, searched by term, meaning or wording; and the built-in abbreviations it does not define',
      query: searchQuery,
    }),
    async (request) => {
      requireStaff(request);
      const { terms, builtIn } = await service.listTerms(request.ctx(), query(request));
      return {
        items: terms.map(termJson),
        builtIn: builtIn.map((b) => ({ term: b.term, meaning: b.meaning, preferred: b.preferred })),
      };
    },
  );

  app.post(
    '/api/v1/glossary',
    api({
      summary: 'Add a term',
      body: glossaryTermInput,
      response: { status: 201, description: 'The term' },
    }),
    async (request, reply) => {
      requireStaff(request, 'glossary.manage');
      const input = parseInput(glossaryTermInput, request.body);
      const row = await request.tx((ctx) => service.createTerm(ctx, input));
      return reply.code(201).header('location', `/api/v1/glossary/${row.id}`).send(termJson(row));
    },
  );

  app.get<WithId>('/api/v1/glossary/:id', api({ summary: 'A glossary term' }), async (request) => {
    requireStaff(request);
    return termJson(await service.getTerm(request.ctx(), parseId(request.params.id)));
  });

  app.put<WithId>(
    '/api/v1/glossary/:id',
    api({ summary: 'Change a term', body: glossaryTermInput }),
    async (request) => {
      requireStaff(request, 'glossary.manage');
      const id = parseId(request.params.id);
      const input = parseInput(glossaryTermInput, request.body);
      await request.tx((ctx) => service.updateTerm(ctx, id, input));
      return termJson(await service.getTerm(request.ctx(), id));
    },
  );

  app.delete<WithId>(
    '/api/v1/glossary/:id',
    api({ summary: 'Remove a term', body: null, response: { status: 204, description: 'Removed' } }),
    async (request, reply) => {
      requireStaff(request, 'glossary.manage');
      const id = parseId(request.params.id);
      await request.tx((ctx) => service.removeTerm(ctx, id));
      return reply.code(204).send();
    },
  );

  /** The jargon check for any text: findings with positions, suggestions, and reading ease. */
  app.post(
    '/api/v1/glossary/check',
    api({
      summary: 'Check wording: jargon with positions and suggestions, and Flesch reading ease',
      description: `Positions are UTF-16 offsets (text.slice(start, end)). Reading-ease targets: ${PERSON_FACING_TARGET}+ for the person, ${STAFF_TARGET}+ for staff.`,
      body: checkInput,
    }),
    async (request) => {
      requireStaff(request);
      const input = parseInput(checkInput, request.body);
      const { findings, readingEase, audience } = await service.wordingCheck(
        request.ctx(),
        input.text,
        input.audience,
      );
      return { audience, findings, readingEase };
    },
  );
}
