// Information sharing training: everyone's latest date and when it is due, and recording a date.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { handleForm, parseId } from '../../server/forms.ts';
import { apiDocs } from '../../server/openapi.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import { trainingRecordInput } from './schema.ts';
import { shared } from './shared-routes.ts';
import * as training from './training.ts';

type WithId = { Params: { id: string } };

const api = apiDocs('Learning');

export function registerTrainingRoutes(app: FastifyInstance): void {
  app.get('/learning/information-sharing', async (request, reply) => {
    requireStaff(request);
    const view = await training.trainingOverview(request.ctx());
    return reply.render('learning/views/training.njk', {
      ...shared(request),
      title: 'Information sharing training',
      ...view,
    });
  });

  const recordPage = async (request: FastifyRequest, id: string) => {
    const view = await training.trainingFor(request.ctx(), id);
    return {
      ...shared(request),
      title: `Information sharing training: ${view.status.staff.name}`,
      back: '/learning/information-sharing',
      action: `/learning/information-sharing/${id}`,
      ...view,
    };
  };

  app.get<WithId>('/learning/information-sharing/:id', async (request, reply) => {
    requireStaff(request);
    return reply.render('learning/views/training-record.njk', {
      ...(await recordPage(request, parseId(request.params.id))),
      values: {},
    });
  });

  app.post<WithId>('/learning/information-sharing/:id', async (request, reply) => {
    requireStaff(request, 'learning.manage');
    const id = parseId(request.params.id);
    return handleForm(request, reply, {
      schema: trainingRecordInput,
      template: 'learning/views/training-record.njk',
      data: () => recordPage(request, id),
      run: (input) => request.tx((ctx) => training.recordTraining(ctx, id, input)),
      done: () => reply.redirect(`/learning/information-sharing/${id}`, 303),
    });
  });

  app.get(
    '/api/v1/learning/information-sharing-training',
    api({ summary: 'Everyone’s information sharing training: last date, due date, overdue or not' }),
    async (request) => {
      requireStaff(request);
      const { list, counts } = await training.trainingOverview(request.ctx());
      return { counts, items: list.map(statusJson) };
    },
  );

  app.get<WithId>(
    '/api/v1/learning/information-sharing-training/:id',
    api({ summary: 'One member of staff’s information sharing training' }),
    async (request) => {
      requireStaff(request);
      const { status } = await training.trainingFor(request.ctx(), parseId(request.params.id));
      return statusJson(status);
    },
  );

  app.post<WithId>(
    '/api/v1/learning/information-sharing-training/:id',
    api({
      summary: 'Record information sharing training for a member of staff',
      body: trainingRecordInput,
      response: { status: 201, description: 'Their training status' },
    }),
    async (request, reply) => {
      requireStaff(request, 'learning.manage');
      const id = parseId(request.params.id);
      const input = parseInput(trainingRecordInput, request.body);
      await request.tx((ctx) => training.recordTraining(ctx, id, input));
      const { status } = await training.trainingFor(request.ctx(), id);
      return reply.code(201).send(statusJson(status));
    },
  );
}

function statusJson(s: training.TrainingStatus) {
  return {
    staffUserId: s.staff.id,
    name: s.staff.name,
    organisationId: s.staff.organisation_id,
    lastTrainedOn: s.lastTrainedOn,
    from: s.from,
    dueOn: s.dueOn,
    state: s.state,
  };
}
