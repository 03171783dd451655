// The pages of a meeting's record (/meetings/:id/record and the forms under it), the person's meeting
// notes in the portal (/my/meetings) and the record's /api/v1 endpoints. Each handler parses its input and
// asks a service; the services ask the policy before anything leaves the store.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Conflict, Invalid } from '../../errors.ts';
import { formValues, handleForm, parseId } from '../../server/forms.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import { wordingCheck } from '../glossary/index.ts';
import { registerRecordApi } from './record-api.ts';
import { registerRecordFormPages } from './record-forms.ts';
import { addAllToPlan, addToPlan } from './record-plan.ts';
import { registerMyMeetingPages } from './record-portal.ts';
import { formPage, renderRecord, type WithId, type WithItem } from './record-route-support.ts';
import { addToPlanInput, agendaItemInput, minutesInput, moveInput } from './record-schema.ts';
import * as service from './record-service.ts';
import { registerSummaryPages } from './record-summary-routes.ts';

export function registerMeetingRecordRoutes(app: FastifyInstance): void {
  app.get<WithId>('/meetings/:id/record', async (request, reply) => {
    requireStaff(request);
    return renderRecord(request, reply, parseId(request.params.id));
  });
  registerAgendaPages(app);
  registerPlanSteps(app);
  registerRecordFormPages(app);
  registerSummaryPages(app);
  registerMyMeetingPages(app);
  registerRecordApi(app);
}

function registerAgendaPages(app: FastifyInstance): void {
  const title = 'Add an agenda item';
  app.get<WithId>('/meetings/:id/record/agenda/new', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const page = await formPage(request, id, title);
    return reply.render('meetings/views/record/agenda-item-form.njk', {
      ...page,
      values: { category: page.person ? 'social_care' : '' },
    });
  });
  app.post<WithId>('/meetings/:id/record/agenda/new', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    return handleForm(request, reply, {
      schema: agendaItemInput,
      template: 'meetings/views/record/agenda-item-form.njk',
      data: () => formPage(request, id, title),
      run: (input) => request.tx((ctx) => service.addAgendaItem(ctx, id, input)),
      done: () => reply.redirect(`/meetings/${id}/record?done=agenda#agenda`, 303),
    });
  });

  app.post<WithItem>('/meetings/:id/record/agenda/:itemId/move', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const itemId = parseId(request.params.itemId);
    const input = parseInput(moveInput, request.body);
    await request.tx((ctx) => service.moveAgendaItem(ctx, id, itemId, input.direction));
    return reply.redirect(`/meetings/${id}/record?done=moved#item-${itemId}`, 303);
  });

  const minutesPage = async (request: FastifyRequest, id: string, itemId: string) => {
    const page = await formPage(request, id, 'Minutes');
    const item = page.agenda.find((i) => i.id === itemId);
    if (!item) return null;
    return { ...page, item, title: `Minutes of item ${item.number}: ${item.title}` };
  };

  app.get<WithItem>('/meetings/:id/record/agenda/:itemId/minutes', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const page = await minutesPage(request, id, parseId(request.params.itemId));
    if (!page) return reply.callNotFound();
    // The saved minutes are checked as the page opens, so the writer sees at once what may need plainer words.
    const wording = page.item.minutes ? await wordingCheck(request.ctx(), page.item.minutes, 'staff') : null;
    return reply.render('meetings/views/record/minutes-form.njk', {
      ...page,
      wording,
      values: { minutes: page.item.minutes, revision: page.item.revision },
    });
  });

  app.post<WithItem>('/meetings/:id/record/agenda/:itemId/minutes', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const itemId = parseId(request.params.itemId);
    const data = async () => {
      const page = await minutesPage(request, id, itemId);
      if (!page) throw new Invalid([{ field: 'minutes', message: 'This agenda item was removed' }]);
      return page;
    };
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (body.intent === 'check') {
      const text = typeof body.minutes === 'string' ? body.minutes : '';
      return reply.render('meetings/views/record/minutes-form.njk', {
        ...(await data()),
        wording: await wordingCheck(request.ctx(), text, 'staff'),
        values: formValues(request),
      });
    }
    try {
      return await handleForm(request, reply, {
        schema: minutesInput,
        template: 'meetings/views/record/minutes-form.njk',
        data,
        run: (input) => request.tx((ctx) => service.saveMinutes(ctx, id, itemId, input)),
        done: () => reply.redirect(`/meetings/${id}/record?done=minutes#item-${itemId}`, 303),
      });
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      const current = error.current as service.MinutesConflict;
      return reply.code(409).render('meetings/views/record/minutes-form.njk', {
        ...(await data()),
        conflict: current,
        errors: [{ field: 'minutes', message: error.message }],
        values: { ...formValues(request), revision: String(current.revision) },
      });
    }
  });
}

/** "Add to the care plan", for one action point or all of them; a problem comes back on the record page. */
function registerPlanSteps(app: FastifyInstance): void {
  const fail = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    field: string,
    error: unknown,
  ) => {
    if (!(error instanceof Invalid) && !(error instanceof Conflict)) throw error;
    const messages = error instanceof Invalid ? error.fields.map((f) => f.message) : [error.message];
    reply.code(error.status);
    return renderRecord(request, reply, id, { errors: messages.map((message) => ({ field, message })) });
  };

  app.post<{ Params: { id: string; pointId: string } }>(
    '/meetings/:id/record/action-points/:pointId/add-to-plan',
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const pointId = parseId(request.params.pointId);
      const input = parseInput(addToPlanInput, request.body);
      try {
        const result = await request.tx((ctx) => addToPlan(ctx, id, pointId, input));
        return reply.redirect(
          `/meetings/${id}/record?done=${result.added ? 'added' : 'already'}#action-point-${pointId}`,
          303,
        );
      } catch (error) {
        return fail(request, reply, id, `action-point-${pointId}`, error);
      }
    },
  );

  app.post<WithId>('/meetings/:id/record/action-points/add-to-plan', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const input = parseInput(addToPlanInput, request.body);
    try {
      const added = await request.tx((ctx) => addAllToPlan(ctx, id, input));
      return reply.redirect(
        `/meetings/${id}/record?done=${added.length ? 'added-all' : 'already'}#action-points`,
        303,
      );
    } catch (error) {
      return fail(request, reply, id, 'action-points', error);
    }
  });
}
