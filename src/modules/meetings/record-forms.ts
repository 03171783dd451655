// The record's forms for what was said and agreed: an agency's contribution, a decision with each
// attendee's stance, and an action point. Each re-renders with the input and an error summary on a mistake.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type FieldError, Invalid } from '../../errors.ts';
import { formValues, handleForm, parseId } from '../../server/forms.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import { ACTION_KINDS, KIND_LABELS } from '../careplans/index.ts';
import { recordWithChoices } from './record-page.ts';
import { formPage, requireWritable, type WithId } from './record-route-support.ts';
import {
  actionPointInput,
  CATEGORY_CHOICES,
  contributionInput,
  decisionFromForm,
  decisionInput,
} from './record-schema.ts';
import * as service from './record-service.ts';

function query(request: FastifyRequest, name: string): string {
  const v = (request.query as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : '';
}

/** The record with the choices its forms offer: owners, organisations, the plan's outcomes, kinds of action. */
async function choicesPage(request: FastifyRequest, id: string, title: string) {
  const page = await request.tx((ctx) => recordWithChoices(ctx, id));
  requireWritable(page);
  return {
    ...page,
    title,
    section: 'meetings',
    categories: CATEGORY_CHOICES,
    outcomes: page.plan?.outcomes ?? [],
    kinds: ACTION_KINDS,
    kindLabels: KIND_LABELS,
  };
}

/**
 * The decision form's errors named by its own fields: a reason missing for one attendee points at that
 * attendee's reason box, and a problem with who agreed points at the list of attendees.
 */
function decisionFieldErrors(shaped: unknown, fields: FieldError[]): FieldError[] {
  const disagreed = (shaped as { disagreed: Array<{ inviteeId: string }> }).disagreed;
  return fields.map((f) => {
    const reason = /^disagreed\.(\d+)\.reason$/.exec(f.field);
    const who = reason ? disagreed[Number(reason[1])]?.inviteeId : undefined;
    if (who) return { field: `reason-${who}`, message: f.message };
    if (f.field.startsWith('disagreed') || f.field.startsWith('agreed')) return { ...f, field: 'agreed' };
    return f;
  });
}

export function registerRecordFormPages(app: FastifyInstance): void {
  registerContributionPages(app);
  registerDecisionPages(app);
  registerActionPointPages(app);
}

function registerContributionPages(app: FastifyInstance): void {
  const title = 'Add an agency’s contribution';
  app.get<WithId>('/meetings/:id/record/contributions/new', async (request, reply) => {
    const actor = requireStaff(request);
    const id = parseId(request.params.id);
    const page = await choicesPage(request, id, title);
    const me = page.attendees.find((a) => a.staffUserId === actor.userId);
    return reply.render('meetings/views/record/contribution-form.njk', {
      ...page,
      values: {
        agendaItemId: query(request, 'item'),
        organisationId: actor.organisationId,
        speakerInviteeId: me?.id ?? '',
      },
    });
  });
  app.post<WithId>('/meetings/:id/record/contributions/new', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    return handleForm(request, reply, {
      schema: contributionInput,
      template: 'meetings/views/record/contribution-form.njk',
      data: () => choicesPage(request, id, title),
      run: (input) => request.tx((ctx) => service.addContribution(ctx, id, input)),
      done: () => reply.redirect(`/meetings/${id}/record?done=contribution#agenda`, 303),
    });
  });
}

function registerDecisionPages(app: FastifyInstance): void {
  const title = 'Record a decision';
  app.get<WithId>('/meetings/:id/record/decisions/new', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const page = await formPage(request, id, title);
    return reply.render('meetings/views/record/decision-form.njk', {
      ...page,
      values: { agendaItemId: query(request, 'item'), category: page.person ? 'social_care' : '' },
    });
  });
  app.post<WithId>('/meetings/:id/record/decisions/new', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const shaped = decisionFromForm(request.body);
    try {
      const input = parseInput(decisionInput, shaped);
      const { id: decisionId } = await request.tx((ctx) => service.recordDecision(ctx, id, input));
      return reply.redirect(`/meetings/${id}/record?done=decision#decision-${decisionId}`, 303);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return reply.code(422).render('meetings/views/record/decision-form.njk', {
        ...(await formPage(request, id, title)),
        errors: decisionFieldErrors(shaped, error.fields),
        values: formValues(request),
      });
    }
  });
}

function registerActionPointPages(app: FastifyInstance): void {
  const title = 'Add an action point';
  app.get<WithId>('/meetings/:id/record/action-points/new', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const page = await choicesPage(request, id, title);
    return reply.render('meetings/views/record/action-point-form.njk', {
      ...page,
      values: { agendaItemId: query(request, 'item'), decisionId: query(request, 'decision') },
    });
  });
  app.post<WithId>('/meetings/:id/record/action-points/new', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    return handleForm(request, reply, {
      schema: actionPointInput,
      template: 'meetings/views/record/action-point-form.njk',
      data: () => choicesPage(request, id, title),
      run: (input) => request.tx((ctx) => service.addActionPoint(ctx, id, input)),
      done: (r) => reply.redirect(`/meetings/${id}/record?done=action-point#action-point-${r.id}`, 303),
    });
  });
}
