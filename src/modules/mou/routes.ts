// The written agreement's pages and the members' priorities. The JSON API is in api.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Conflict } from '../../errors.ts';
import { formValues, handleForm, parseId } from '../../server/forms.ts';
import { requireStaff } from '../../server/sessions.ts';
import { datePartValues } from '../../web/date-input.ts';
import { listOrganisations } from '../partnerships/index.ts';
import { registerMouApi } from './api.ts';
import { registerPartnershipPage } from './overview.ts';
import { addPriority, getPriority, removePriority, sharedInterest, updatePriority } from './priorities.ts';
import { agreementFormInput, priorityInput, SPARE_AIM_BOXES, signatoryInput } from './schema.ts';
import * as service from './service.ts';

const SAVED: Record<string, string> = {
  created:
    'The written agreement is saved as a draft. Record each member’s signature when they have signed it.',
  new_version:
    'Your changes start a new version. The agreed version stays in force until every member signs this one.',
  updated: 'The draft is saved.',
  unchanged: 'Nothing had changed, so nothing was saved.',
  signed: 'The signature is recorded.',
  agreed: 'Every member has signed: this version is now agreed.',
  priority: 'The priority is saved.',
  removed: 'The priority is removed.',
};

function flashOf(request: FastifyRequest): string | undefined {
  const key = (request.query as Record<string, unknown>).saved;
  return typeof key === 'string' ? SAVED[key] : undefined;
}

export function registerMouRoutes(app: FastifyInstance): void {
  registerPartnershipPage(app);
  registerAgreementPages(app);
  registerPriorityPages(app);
  registerMouApi(app);
}

/** Form values for the agreement as stored: one box per aim (with its id), one box per member. */
function agreementValues(current: service.AgreementVersion | null): Record<string, string> {
  if (!current) return { revision: '0' };
  const values: Record<string, string> = {
    purpose: current.purpose,
    revision: String(current.revision),
    ...datePartValues('reviewOn', current.reviewOn),
  };
  current.aims.forEach((aim, i) => {
    values[`aim-${i + 1}`] = aim.text;
    values[`aimId-${i + 1}`] = aim.id;
  });
  for (const [org, text] of Object.entries(current.responsibilities))
    values[`responsibilities-${org}`] = text;
  return values;
}

function aimBoxes(values: Record<string, unknown>): number {
  const used = Object.keys(values)
    .map((k) => /^aim-(\d+)$/.exec(k)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);
  return Math.min(Math.max(0, ...used) + SPARE_AIM_BOXES, 40);
}

function registerAgreementPages(app: FastifyInstance): void {
  app.get('/partnership/agreement', async (request, reply) => {
    requireStaff(request);
    const page = await service.agreementPage(request.ctx());
    return reply.render('mou/views/agreement.njk', {
      title: 'Written agreement',
      section: 'partnership',
      ...page,
      flash: flashOf(request),
    });
  });

  app.get<{ Params: { n: string } }>('/partnership/agreement/versions/:n', async (request, reply) => {
    requireStaff(request);
    const n = Number(request.params.n);
    if (!Number.isInteger(n) || n < 1 || n > 100_000) return reply.callNotFound();
    const page = await service.versionPage(request.ctx(), n);
    return reply.render('mou/views/version.njk', {
      title: `Written agreement, version ${n}`,
      section: 'partnership',
      ...page,
    });
  });

  const formPage = async (request: FastifyRequest, values: Record<string, unknown>) => ({
    title: 'Change the written agreement',
    section: 'partnership',
    organisations: await listOrganisations(request.ctx()),
    current: await service.currentVersion(request.ctx()),
    aimBoxes: aimBoxes(values),
  });

  app.get('/partnership/agreement/edit', async (request, reply) => {
    requireStaff(request, 'mou.manage');
    const values = agreementValues(await service.currentVersion(request.ctx()));
    return reply.render('mou/views/agreement-form.njk', { ...(await formPage(request, values)), values });
  });

  app.post('/partnership/agreement/edit', async (request, reply) => {
    requireStaff(request, 'mou.manage');
    return staleShowsBoth(request, reply, 'mou/views/agreement-form.njk', 'purpose', formPage, () =>
      handleForm(request, reply, {
        schema: agreementFormInput,
        template: 'mou/views/agreement-form.njk',
        data: () => formPage(request, formValues(request)),
        run: (input) => request.tx((ctx) => service.saveAgreement(ctx, input)),
        done: (saved) => reply.redirect(`/partnership/agreement?saved=${saved.outcome}`, 303),
      }),
    );
  });

  const signPage = async (request: FastifyRequest) => ({
    title: 'Record a signature',
    section: 'partnership',
    ...(await service.agreementPage(request.ctx())),
  });

  app.get('/partnership/agreement/sign', async (request, reply) => {
    requireStaff(request, 'mou.manage');
    const page = await signPage(request);
    if (!page.current) return reply.redirect('/partnership/agreement', 303);
    return reply.render('mou/views/signatory-form.njk', {
      ...page,
      values: { revision: String(page.current.revision) },
    });
  });

  app.post('/partnership/agreement/sign', async (request, reply) => {
    requireStaff(request, 'mou.manage');
    return staleShowsBoth(request, reply, 'mou/views/signatory-form.njk', 'organisationId', signPage, () =>
      handleForm(request, reply, {
        schema: signatoryInput,
        template: 'mou/views/signatory-form.njk',
        data: () => signPage(request),
        run: (input) => request.tx((ctx) => service.recordSignatory(ctx, input)),
        done: (r) => reply.redirect(`/partnership/agreement?saved=${r.agreed ? 'agreed' : 'signed'}`, 303),
      }),
    );
  });
}

/**
 * A save based on an old revision is refused: the form comes back with the person's own input, the saved
 * text beside it, and the saved revision in the hidden field, so saving again is a deliberate choice.
 */
async function staleShowsBoth(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  field: string,
  data: (request: FastifyRequest, values: Record<string, unknown>) => Promise<Record<string, unknown>>,
  run: () => Promise<unknown>,
): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof Conflict)) throw error;
    const saved = error.current as service.AgreementVersion | null;
    const values = { ...formValues(request), revision: String(saved?.revision ?? 0) };
    return reply.code(409).render(template, {
      ...(await data(request, values)),
      conflict: { saved },
      errors: [{ field, message: error.message }],
      values,
    });
  }
}

function registerPriorityPages(app: FastifyInstance): void {
  app.get('/partnership/priorities', async (request, reply) => {
    requireStaff(request);
    return reply.render('mou/views/priorities.njk', {
      title: 'Priorities and shared aims',
      section: 'partnership',
      ...(await sharedInterest(request.ctx())),
      flash: flashOf(request),
    });
  });

  const formPage = async (request: FastifyRequest, extra: Record<string, unknown>) => ({
    section: 'partnership',
    organisations: await listOrganisations(request.ctx()),
    current: await service.currentVersion(request.ctx()),
    ...extra,
  });

  app.get('/partnership/priorities/new', async (request, reply) => {
    requireStaff(request, 'mou.manage');
    const organisation = (request.query as Record<string, unknown>).organisation;
    return reply.render(
      'mou/views/priority-form.njk',
      await formPage(request, {
        title: 'Add a priority',
        action: '/partnership/priorities/new',
        values: { organisationId: typeof organisation === 'string' ? organisation : '', supportsAims: [] },
      }),
    );
  });

  app.post('/partnership/priorities/new', async (request, reply) => {
    requireStaff(request, 'mou.manage');
    return handleForm(request, reply, {
      schema: priorityInput,
      template: 'mou/views/priority-form.njk',
      data: () => formPage(request, { title: 'Add a priority', action: '/partnership/priorities/new' }),
      run: (input) => request.tx((ctx) => addPriority(ctx, input)),
      done: () => reply.redirect('/partnership/priorities?saved=priority', 303),
    });
  });

  app.get<{ Params: { id: string } }>('/partnership/priorities/:id/edit', async (request, reply) => {
    requireStaff(request, 'mou.manage');
    const id = parseId(request.params.id);
    const p = await getPriority(request.ctx(), id);
    return reply.render(
      'mou/views/priority-form.njk',
      await formPage(request, {
        title: 'Change a priority',
        action: `/partnership/priorities/${id}/edit`,
        removable: id,
        values: {
          organisationId: p.organisationId,
          priority: p.priority,
          target: p.target,
          supportsAims: p.supportsAims,
        },
      }),
    );
  });

  app.post<{ Params: { id: string } }>('/partnership/priorities/:id/edit', async (request, reply) => {
    requireStaff(request, 'mou.manage');
    const id = parseId(request.params.id);
    return handleForm(request, reply, {
      schema: priorityInput,
      template: 'mou/views/priority-form.njk',
      data: () =>
        formPage(request, {
          title: 'Change a priority',
          action: `/partnership/priorities/${id}/edit`,
          removable: id,
        }),
      run: (input) => request.tx((ctx) => updatePriority(ctx, id, input)),
      done: () => reply.redirect('/partnership/priorities?saved=priority', 303),
    });
  });

  app.post<{ Params: { id: string } }>('/partnership/priorities/:id/remove', async (request, reply) => {
    requireStaff(request, 'mou.manage');
    const id = parseId(request.params.id);
    await request.tx((ctx) => removePriority(ctx, id));
    return reply.redirect('/partnership/priorities?saved=removed', 303);
  });
}
