// Disputes under /api/v1. A dispute about a person follows the same sharing rules as its page.
import type { FastifyInstance } from 'fastify';
import { parseId } from '../../server/forms.ts';
import { apiDocs } from '../../server/openapi.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import { procedure, setProcedure } from './procedure.ts';
import {
  escalateInput,
  mediatorInput,
  outcomeInput,
  personViewInput,
  procedureInput,
  raiseInput,
  viewInput,
} from './schema.ts';
import { disputePage, listDisputes } from './service.ts';
import * as steps from './steps.ts';

type WithId = { Params: { id: string } };

export function registerDisputeApi(app: FastifyInstance): void {
  const api = apiDocs('Disputes');
  app.get(
    '/api/v1/disputes',
    api({
      summary:
        'The disagreements you may see: partnership-wide ones, and those about people whose record you may open',
    }),
    async (request) => {
      requireStaff(request);
      const list = await request.tx((ctx) => listDisputes(ctx));
      return { items: [...list.open, ...list.resolved] };
    },
  );

  app.post(
    '/api/v1/disputes',
    api({
      summary: 'Raise a disagreement, with your view',
      body: raiseInput,
      response: { status: 201, description: 'The dispute' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const input = parseInput(raiseInput, request.body);
      const { id } = await request.tx((ctx) => steps.raiseDispute(ctx, input));
      const page = await request.tx((ctx) => disputePage(ctx, id));
      return reply.code(201).header('location', `/api/v1/disputes/${id}`).send(page);
    },
  );

  app.get<WithId>(
    '/api/v1/disputes/:id',
    api({ summary: 'A disagreement: its stages, every view and the outcome' }),
    async (request) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      return request.tx((ctx) => disputePage(ctx, id));
    },
  );

  app.post<WithId>(
    '/api/v1/disputes/:id/views',
    api({
      summary: 'Add your organisation’s view (views are added, never changed)',
      body: viewInput,
      response: { status: 201, description: 'The dispute' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(viewInput, request.body);
      await request.tx((ctx) => steps.addView(ctx, id, input.words));
      return reply.code(201).send(await request.tx((ctx) => disputePage(ctx, id)));
    },
  );

  app.post<WithId>(
    '/api/v1/disputes/:id/person-views',
    api({
      summary: 'Record the person’s own view and how it was asked for',
      body: personViewInput,
      response: { status: 201, description: 'The dispute' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(personViewInput, request.body);
      await request.tx((ctx) => steps.recordPersonView(ctx, id, input));
      return reply.code(201).send(await request.tx((ctx) => disputePage(ctx, id)));
    },
  );

  app.post<WithId>(
    '/api/v1/disputes/:id/escalations',
    api({
      summary: 'Move the disagreement to the next stage, with the reason',
      body: escalateInput,
      response: { status: 201, description: 'The dispute' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(escalateInput, request.body);
      await request.tx((ctx) => steps.escalate(ctx, id, input));
      return reply.code(201).send(await request.tx((ctx) => disputePage(ctx, id)));
    },
  );

  app.put<WithId>(
    '/api/v1/disputes/:id/mediator',
    api({ summary: 'Name the mediator', body: mediatorInput }),
    async (request) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(mediatorInput, request.body);
      await request.tx((ctx) => steps.nameMediator(ctx, id, input));
      return request.tx((ctx) => disputePage(ctx, id));
    },
  );

  app.post<WithId>(
    '/api/v1/disputes/:id/outcome',
    api({ summary: 'Record what was agreed, which closes the disagreement', body: outcomeInput }),
    async (request) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(outcomeInput, request.body);
      await request.tx((ctx) => steps.resolve(ctx, id, input.outcome));
      return request.tx((ctx) => disputePage(ctx, id));
    },
  );

  app.get(
    '/api/v1/dispute-procedure',
    api({ summary: 'The dispute procedure’s stages and their target times in working days' }),
    async (request) => {
      requireStaff(request);
      return { stages: (await procedure(request.ctx())).stages };
    },
  );

  app.put(
    '/api/v1/dispute-procedure',
    api({ summary: 'Set the target time of each stage, in working days', body: procedureInput }),
    async (request) => {
      requireStaff(request, 'disputes.procedure');
      const input = parseInput(procedureInput, request.body);
      await request.tx((ctx) => setProcedure(ctx, input));
      return { stages: (await procedure(request.ctx())).stages };
    },
  );
}
