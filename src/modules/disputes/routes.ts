// Dispute pages: the list, raising one, the dispute itself with a page for each step, and the procedure.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { Refused } from '../../errors.ts';
import { handleForm, parseId } from '../../server/forms.ts';
import { requireStaff } from '../../server/sessions.ts';
import { planView } from '../careplans/index.ts';
import { listOrganisations } from '../partnerships/index.ts';
import { caseload } from '../people/index.ts';
import { registerDisputeApi } from './api.ts';
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

const FLASH: Record<string, string> = {
  raised: 'The disagreement is recorded. Each organisation in it can now add its view.',
  view: 'Your view is added.',
  person: 'Their view is recorded.',
  escalated: 'The disagreement has moved to the next stage.',
  mediator: 'The mediator is named.',
  resolved: 'The outcome is recorded and the disagreement is closed.',
  procedure: 'The target times are saved. They apply to each stage that starts from now.',
};

function flashOf(request: FastifyRequest): string | undefined {
  const done = (request.query as Record<string, unknown>).done;
  return typeof done === 'string' ? FLASH[done] : undefined;
}

export function registerDisputeRoutes(app: FastifyInstance): void {
  app.get('/disputes', async (request, reply) => {
    requireStaff(request);
    return reply.render('disputes/views/list.njk', {
      title: 'Disagreements',
      section: 'partnership',
      ...(await request.tx((ctx) => listDisputes(ctx))),
      flash: flashOf(request),
    });
  });
  registerProcedurePages(app);
  registerRaisePages(app);
  registerDisputePages(app);
  registerDisputeApi(app);
}

function registerProcedurePages(app: FastifyInstance): void {
  const page = async (request: FastifyRequest) => ({
    title: 'How disagreements are resolved',
    section: 'partnership',
    ...(await procedure(request.ctx())),
  });
  app.get('/disputes/procedure', async (request, reply) => {
    requireStaff(request);
    const data = await page(request);
    const values = Object.fromEntries(
      data.stages.map((s) => [`stage${s.stage}Days`, String(s.targetWorkingDays)]),
    );
    return reply.render('disputes/views/procedure.njk', { ...data, values, flash: flashOf(request) });
  });
  app.post('/disputes/procedure', async (request, reply) => {
    requireStaff(request, 'disputes.procedure');
    return handleForm(request, reply, {
      schema: procedureInput,
      template: 'disputes/views/procedure.njk',
      data: () => page(request),
      run: (input) => request.tx((ctx) => setProcedure(ctx, input)),
      done: () => reply.redirect('/disputes/procedure?done=procedure', 303),
    });
  });
}

/** What the raise form needs: the person and their plan's actions the raiser can see, or the whole partnership. */
async function raiseForm(request: FastifyRequest, about: string) {
  if (about === 'partnership') {
    return {
      title: 'Raise a disagreement',
      section: 'partnership',
      about,
      person: null,
      actions: [],
      organisations: await listOrganisations(request.ctx()),
    };
  }
  const personId = parseId(about);
  const view = await request.tx((ctx) => planView(ctx, personId));
  const team = new Set(view.access.facts.careTeam.map((m) => m.organisationId));
  const actions = [...view.outcomes.flatMap((o) => o.actions), ...view.myActions].filter(
    (a, i, all) => all.findIndex((b) => b.id === a.id) === i,
  );
  return {
    title: `Raise a disagreement about ${view.person.givenName} ${view.person.familyName}’s care`,
    section: 'partnership',
    about,
    person: view.person,
    actions,
    organisations: (await listOrganisations(request.ctx())).filter((o) => team.has(o.id)),
  };
}

function registerRaisePages(app: FastifyInstance): void {
  app.get('/disputes/new', async (request, reply) => {
    const actor = requireStaff(request);
    const about = (request.query as Record<string, unknown>).about;
    if (typeof about === 'string' && about !== '') {
      const data = await raiseForm(request, about);
      // A link may start the form filled in, as a meeting's record does for a disagreement recorded there.
      const query = request.query as Record<string, unknown>;
      const given = (name: string): string => {
        const v = query[name];
        return typeof v === 'string' ? v : '';
      };
      return reply.render('disputes/views/new.njk', {
        ...data,
        me: actor,
        values: {
          actionId: given('action'),
          title: given('title').slice(0, 200),
          details: given('details'),
          partyOrganisationIds: given('party') ? [given('party')] : [],
        },
      });
    }
    return reply.render('disputes/views/new-about.njk', {
      title: 'What is the disagreement about?',
      section: 'partnership',
      people: await caseload(request.ctx(), null),
    });
  });

  app.post('/disputes/new', async (request, reply) => {
    const actor = requireStaff(request);
    const personId = (request.body as Record<string, unknown> | undefined)?.personId;
    const about = typeof personId === 'string' && personId !== '' ? personId : 'partnership';
    return handleForm(request, reply, {
      schema: raiseInput,
      template: 'disputes/views/new.njk',
      data: async () => ({ ...(await raiseForm(request, about)), me: actor }),
      run: (input) => request.tx((ctx) => steps.raiseDispute(ctx, input)),
      done: (r) => reply.redirect(`/disputes/${r.id}?done=raised`, 303),
    });
  });
}

interface Step {
  path: string;
  title: string;
  schema: z.ZodType;
  /** Which of the page's permissions this step needs. */
  can: 'addView' | 'personView' | 'escalate' | 'mediator' | 'resolve';
  run: (request: FastifyRequest, id: string, input: never) => Promise<unknown>;
  done: string;
}

const STEPS: Step[] = [
  {
    path: 'view',
    can: 'addView',
    title: 'Add your view',
    schema: viewInput,
    run: (request, id, input: z.output<typeof viewInput>) =>
      request.tx((ctx) => steps.addView(ctx, id, input.words)),
    done: 'view',
  },
  {
    path: 'person-view',
    can: 'personView',
    title: 'Record the person’s view',
    schema: personViewInput,
    run: (request, id, input: z.output<typeof personViewInput>) =>
      request.tx((ctx) => steps.recordPersonView(ctx, id, input)),
    done: 'person',
  },
  {
    path: 'escalate',
    can: 'escalate',
    title: 'Move to the next stage',
    schema: escalateInput,
    run: (request, id, input: z.output<typeof escalateInput>) =>
      request.tx((ctx) => steps.escalate(ctx, id, input)),
    done: 'escalated',
  },
  {
    path: 'mediator',
    can: 'mediator',
    title: 'Name the mediator',
    schema: mediatorInput,
    run: (request, id, input: z.output<typeof mediatorInput>) =>
      request.tx((ctx) => steps.nameMediator(ctx, id, input)),
    done: 'mediator',
  },
  {
    path: 'outcome',
    can: 'resolve',
    title: 'Record what was agreed',
    schema: outcomeInput,
    run: (request, id, input: z.output<typeof outcomeInput>) =>
      request.tx((ctx) => steps.resolve(ctx, id, input.outcome)),
    done: 'resolved',
  },
];

function registerDisputePages(app: FastifyInstance): void {
  app.get<WithId>('/disputes/:id', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const page = await request.tx((ctx) => disputePage(ctx, id));
    return reply.render('disputes/views/show.njk', {
      title: page.dispute.title,
      section: 'partnership',
      ...page,
      flash: flashOf(request),
    });
  });

  for (const step of STEPS) {
    const page = async (request: FastifyRequest, id: string) => ({
      ...(await request.tx((ctx) => disputePage(ctx, id))),
      title: step.title,
      section: 'partnership',
      step: step.path,
    });
    app.get<WithId>(`/disputes/:id/${step.path}`, async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const data = await page(request, id);
      if (data.dispute.status !== 'open') return reply.redirect(`/disputes/${id}`, 303);
      if (!data.can[step.can]) {
        throw new Refused(
          [
            'Only staff of the organisations in this disagreement (and, to move it on or close it, a senior leader) can do this.',
          ],
          `${data.dispute.raisedByName}, who raised it`,
        );
      }
      return reply.render('disputes/views/step.njk', {
        ...data,
        values: {
          fromStage: String(data.dispute.stage),
          mediatorName: data.dispute.mediatorName ?? '',
          mediatorRole: data.dispute.mediatorRole ?? '',
        },
      });
    });
    app.post<WithId>(`/disputes/:id/${step.path}`, async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      return handleForm(request, reply, {
        schema: step.schema,
        template: 'disputes/views/step.njk',
        data: () => page(request, id),
        run: (input) => step.run(request, id, input as never),
        done: () => reply.redirect(`/disputes/${id}?done=${step.done}`, 303),
      });
    });
  }
}
