// The joint care plan's pages and /api/v1 endpoints.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formValues, handleForm, parseId, withConflict } from '../../server/forms.ts';
import { apiDocs } from '../../server/openapi.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import { wordingCheck } from '../glossary/index.ts';
import { listOrganisations } from '../partnerships/index.ts';
import { signOff } from './agreement.ts';
import { planPage } from './plan-page.ts';
import { FREQUENCIES, frequencyOf, parseRule } from './recurrence.ts';
import {
  ACTION_KINDS,
  actionInput,
  KIND_LABELS,
  outcomeInput,
  PRIORITY_LABELS,
  STATUS_LABELS,
  signOffInput,
  statusInput,
} from './schema.ts';
import * as service from './service.ts';

type WithId = { Params: { id: string } };
type WithItem = { Params: { id: string; itemId: string } };

const FREQUENCY_LABELS = {
  yearly: 'Every year',
  monthly: 'Every month',
  fortnightly: 'Every two weeks',
  weekly: 'Every week',
  daily: 'Every day',
};
const labels = {
  priorityLabels: PRIORITY_LABELS,
  statusLabels: STATUS_LABELS,
  kindLabels: KIND_LABELS,
  frequencyLabels: FREQUENCY_LABELS,
};

export function registerCarePlanRoutes(app: FastifyInstance): void {
  app.get<WithId>('/people/:id/plan', async (request, reply) => {
    const actor = requireStaff(request);
    const id = parseId(request.params.id);
    const { view, agreement } = await request.tx((ctx) => planPage(ctx, id));
    return reply.render('careplans/views/plan.njk', {
      ...labels,
      title: `Care plan: ${view.person.givenName} ${view.person.familyName}`,
      section: 'people',
      person: view.person,
      view,
      agreement,
      me: actor.userId,
    });
  });

  app.post<WithId>('/people/:id/plan/sign-off', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const input = parseInput(signOffInput, request.body);
    await request.tx((ctx) => signOff(ctx, id, input));
    return reply.redirect(`/people/${id}/plan`, 303);
  });

  registerOutcomePages(app);
  registerActionPages(app);
  registerCarePlanApi(app);
}

async function planBasics(request: FastifyRequest, id: string) {
  const view = await request.tx((ctx) => service.planView(ctx, id));
  return { view, person: view.person };
}

function registerOutcomePages(app: FastifyInstance): void {
  const page = (person: { givenName: string }, id: string, extra: Record<string, unknown>) => ({
    ...labels,
    section: 'people',
    back: `/people/${id}/plan`,
    person,
    ...extra,
  });

  app.get<WithId>('/people/:id/plan/outcomes/new', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const { person } = await planBasics(request, id);
    return reply.render(
      'careplans/views/outcome-form.njk',
      page(person, id, { title: 'Add an outcome', action: `/people/${id}/plan/outcomes/new`, values: {} }),
    );
  });

  app.post<WithId>('/people/:id/plan/outcomes/new', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const data = async () =>
      page((await planBasics(request, id)).person, id, {
        title: 'Add an outcome',
        action: `/people/${id}/plan/outcomes/new`,
      });
    return checkWordingOr(request, reply, 'careplans/views/outcome-form.njk', data, 'words', () =>
      handleForm(request, reply, {
        schema: outcomeInput,
        template: 'careplans/views/outcome-form.njk',
        data,
        run: (input) => request.tx((ctx) => service.addOutcome(ctx, id, input)),
        done: () => reply.redirect(`/people/${id}/plan`, 303),
      }),
    );
  });

  app.get<WithItem>('/people/:id/plan/outcomes/:itemId/edit', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const itemId = parseId(request.params.itemId);
    const { view, person } = await planBasics(request, id);
    const outcome = view.outcomes.find((o) => o.id === itemId);
    if (!outcome) return reply.callNotFound();
    return reply.render(
      'careplans/views/outcome-form.njk',
      page(person, id, {
        title: 'Change an outcome',
        action: `/people/${id}/plan/outcomes/${itemId}/edit`,
        values: { words: outcome.words, priority: outcome.priority, revision: outcome.revision },
      }),
    );
  });

  app.post<WithItem>('/people/:id/plan/outcomes/:itemId/edit', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const itemId = parseId(request.params.itemId);
    const data = async () =>
      page((await planBasics(request, id)).person, id, {
        title: 'Change an outcome',
        action: `/people/${id}/plan/outcomes/${itemId}/edit`,
      });
    return checkWordingOr(request, reply, 'careplans/views/outcome-form.njk', data, 'words', () =>
      withConflict(request, reply, 'careplans/views/outcome-form.njk', data, 'words', () =>
        handleForm(request, reply, {
          schema: outcomeInput,
          template: 'careplans/views/outcome-form.njk',
          data,
          run: (input) => request.tx((ctx) => service.updateOutcome(ctx, id, itemId, input)),
          done: () => reply.redirect(`/people/${id}/plan`, 303),
        }),
      ),
    );
  });
}

/**
 * The "Check wording" button re-renders the form, as typed, with the plain English check of `field` (jargon
 * and reading ease, see the glossary module). Nothing is saved: the check is advice, never a gate.
 */
async function checkWordingOr(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  data: () => Promise<Record<string, unknown>>,
  field: string,
  save: () => Promise<unknown>,
): Promise<unknown> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (body.intent !== 'check') return save();
  const text = typeof body[field] === 'string' ? body[field] : '';
  const wording = await wordingCheck(request.ctx(), text);
  return reply.render(template, { ...(await data()), wording, values: formValues(request) });
}

function registerActionPages(app: FastifyInstance): void {
  const page = async (request: FastifyRequest, id: string, extra: Record<string, unknown>) => {
    const { view, person } = await planBasics(request, id);
    const ctx = request.ctx();
    const organisations = await listOrganisations(ctx);
    const staff = await ctx.db
      .selectFrom('staff_user as u')
      .innerJoin('organisation as o', (j) =>
        j.onRef('o.partnership_id', '=', 'u.partnership_id').onRef('o.id', '=', 'u.organisation_id'),
      )
      .select(['u.id', 'u.name', 'u.professional_role', 'u.organisation_id', 'o.name as organisation_name'])
      .where('u.partnership_id', '=', requireStaff(request).partnershipId)
      .where('u.disabled_at', 'is', null)
      .orderBy('o.name')
      .orderBy('u.name')
      .execute();
    const team = view.access.facts.careTeam;
    return {
      ...labels,
      section: 'people',
      back: `/people/${id}/plan`,
      person,
      outcomes: view.outcomes,
      kinds: ACTION_KINDS,
      frequencies: FREQUENCIES,
      organisations,
      staff: staff.filter((s) =>
        team.some(
          (m) => m.staffUserId === s.id || (m.staffUserId === null && m.organisationId === s.organisation_id),
        ),
      ),
      ...extra,
    };
  };

  app.get<WithId>('/people/:id/plan/actions/new', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const outcomeId = (request.query as Record<string, unknown>).outcome;
    return reply.render(
      'careplans/views/action-form.njk',
      await page(request, id, {
        title: 'Add an action',
        action: `/people/${id}/plan/actions/new`,
        values: { outcomeId, timing: 'once' },
      }),
    );
  });

  app.post<WithId>('/people/:id/plan/actions/new', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const data = () =>
      page(request, id, { title: 'Add an action', action: `/people/${id}/plan/actions/new` });
    return checkWordingOr(request, reply, 'careplans/views/action-form.njk', data, 'what', () =>
      handleForm(request, reply, {
        schema: actionInput,
        template: 'careplans/views/action-form.njk',
        data,
        run: (input) => request.tx((ctx) => service.addAction(ctx, id, input)),
        done: () => reply.redirect(`/people/${id}/plan`, 303),
      }),
    );
  });

  const findAction = async (request: FastifyRequest, id: string, itemId: string) => {
    const { view, person } = await planBasics(request, id);
    const action = [...view.outcomes.flatMap((o) => o.actions), ...view.myActions].find(
      (a) => a.id === itemId,
    );
    return { view, person, action };
  };

  app.get<WithItem>('/people/:id/plan/actions/:itemId/edit', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const itemId = parseId(request.params.itemId);
    const { action } = await findAction(request, id, itemId);
    if (!action) return reply.callNotFound();
    const repeats = action.recurrence !== null;
    return reply.render(
      'careplans/views/action-form.njk',
      await page(request, id, {
        title: 'Change an action',
        action: `/people/${id}/plan/actions/${itemId}/edit`,
        values: {
          outcomeId: action.outcomeId,
          what: action.what,
          kind: action.kind,
          leadStaffId: action.leadStaffId,
          supportingOrganisationIds: action.supportingOrganisationIds,
          timing: repeats ? 'repeats' : 'once',
          dueOn: action.dueOn,
          frequency: repeats ? frequencyOf(action.recurrence!) : '',
          startsOn: repeats
            ? (action.startsOn ?? parseRule(action.recurrence!).options.dtstart.toISOString().slice(0, 10))
            : '',
          revision: action.revision,
        },
      }),
    );
  });

  app.post<WithItem>('/people/:id/plan/actions/:itemId/edit', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const itemId = parseId(request.params.itemId);
    const data = () =>
      page(request, id, { title: 'Change an action', action: `/people/${id}/plan/actions/${itemId}/edit` });
    return checkWordingOr(request, reply, 'careplans/views/action-form.njk', data, 'what', () =>
      withConflict(request, reply, 'careplans/views/action-form.njk', data, 'what', () =>
        handleForm(request, reply, {
          schema: actionInput,
          template: 'careplans/views/action-form.njk',
          data,
          run: (input) => request.tx((ctx) => service.updateAction(ctx, id, itemId, input)),
          done: () => reply.redirect(`/people/${id}/plan`, 303),
        }),
      ),
    );
  });

  const statusPage = async (request: FastifyRequest, id: string, itemId: string) => {
    const { person, action } = await findAction(request, id, itemId);
    return {
      person,
      action,
      data: {
        ...labels,
        section: 'people',
        person,
        actionRow: action,
        title: 'Update progress',
        back: `/people/${id}/plan`,
        action: `/people/${id}/plan/actions/${itemId}/status`,
      },
    };
  };

  app.get<WithItem>('/people/:id/plan/actions/:itemId/status', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const itemId = parseId(request.params.itemId);
    const { action, data } = await statusPage(request, id, itemId);
    if (!action) return reply.callNotFound();
    return reply.render('careplans/views/status-form.njk', {
      ...data,
      values: { status: action.status, stoppedReason: action.stoppedReason, revision: action.revision },
    });
  });

  app.post<WithItem>('/people/:id/plan/actions/:itemId/status', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const itemId = parseId(request.params.itemId);
    const data = async () => (await statusPage(request, id, itemId)).data;
    return withConflict(request, reply, 'careplans/views/status-form.njk', data, 'status', () =>
      handleForm(request, reply, {
        schema: statusInput,
        template: 'careplans/views/status-form.njk',
        data,
        run: (input) => request.tx((ctx) => service.setActionStatus(ctx, id, itemId, input)),
        done: () => reply.redirect(`/people/${id}/plan`, 303),
      }),
    );
  });
}

function registerCarePlanApi(app: FastifyInstance): void {
  const api = apiDocs('Care plans');
  app.get<WithId>(
    '/api/v1/people/:id/plan',
    api({ summary: 'A person’s joint care plan: outcomes, actions, warnings and sign-offs' }),
    async (request) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const { view, agreement } = await request.tx((ctx) => planPage(ctx, id));
      return {
        plan: view.plan,
        outcomes: view.outcomesDecision.allowed
          ? view.outcomes
          : { shared: false, reasons: view.outcomesDecision.reasons },
        myActions: view.myActions,
        warnings: view.warnings.map((w) => ({ kind: w.kind, message: w.message })),
        agreement: { parties: agreement.parties, changesSinceAgreed: agreement.changes },
      };
    },
  );

  app.post<WithId>(
    '/api/v1/people/:id/plan/outcomes',
    api({
      summary: 'Add an outcome, in the person’s words',
      body: outcomeInput,
      response: { status: 201, description: 'The new outcome' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(outcomeInput, request.body);
      return reply.code(201).send(await request.tx((ctx) => service.addOutcome(ctx, id, input)));
    },
  );

  app.put<WithItem>(
    '/api/v1/people/:id/plan/outcomes/:itemId',
    api({
      summary: 'Change an outcome',
      body: outcomeInput,
      response: { status: 204, description: 'Changed' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(outcomeInput, request.body);
      await request.tx((ctx) => service.updateOutcome(ctx, id, parseId(request.params.itemId), input));
      return reply.code(204).send();
    },
  );

  app.post<WithId>(
    '/api/v1/people/:id/plan/actions',
    api({
      summary: 'Add an action with one named lead',
      body: actionInput,
      response: { status: 201, description: 'The new action' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(actionInput, request.body);
      return reply.code(201).send(await request.tx((ctx) => service.addAction(ctx, id, input)));
    },
  );

  app.put<WithItem>(
    '/api/v1/people/:id/plan/actions/:itemId',
    api({
      summary: 'Change an action',
      body: actionInput,
      response: { status: 204, description: 'Changed' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(actionInput, request.body);
      await request.tx((ctx) => service.updateAction(ctx, id, parseId(request.params.itemId), input));
      return reply.code(204).send();
    },
  );

  app.post<WithItem>(
    '/api/v1/people/:id/plan/actions/:itemId/status',
    api({
      summary: 'Change an action’s status',
      body: statusInput,
      response: { status: 204, description: 'Changed' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(statusInput, request.body);
      await request.tx((ctx) => service.setActionStatus(ctx, id, parseId(request.params.itemId), input));
      return reply.code(204).send();
    },
  );

  app.post<WithId>(
    '/api/v1/people/:id/plan/sign-offs',
    api({
      summary: 'Agree the plan, for an organisation or for the person',
      body: signOffInput,
      response: { status: 201, description: 'The sign-off' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(signOffInput, request.body);
      return reply.code(201).send(await request.tx((ctx) => signOff(ctx, id, input)));
    },
  );
}
