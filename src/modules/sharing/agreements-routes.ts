// Pages and /api/v1 endpoints for the register of information sharing agreements.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { Conflict } from '../../errors.ts';
import { authorise, CATEGORIES, CATEGORY_LABELS, londonDate } from '../../policy/index.ts';
import { formValues, handleForm, parseId } from '../../server/forms.ts';
import { requireStaff } from '../../server/sessions.ts';
import { datePartValues } from '../../web/date-input.ts';
import { listOrganisations } from '../partnerships/index.ts';
import { registerAgreementApi } from './agreements-api.ts';
import {
  agreementChangeInput,
  newAgreementInput,
  partyInput,
  removePartyInput,
  statusInput,
} from './agreements-schema.ts';
import type { Agreement } from './agreements-service.ts';
import * as service from './agreements-service.ts';
import * as signing from './agreements-signing.ts';
import { PURPOSE_LABELS, PURPOSES } from './schema.ts';

const VIEWS = 'sharing/views';
const categoryItems = CATEGORIES.map((c) => ({ value: c, text: capitalise(CATEGORY_LABELS[c]) }));
const purposeItems = PURPOSES.map((p) => ({ value: p, text: PURPOSE_LABELS[p] }));

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** What every agreement page needs to format an agreement. */
function common(request: FastifyRequest) {
  return {
    section: 'agreements',
    canManage: authorise(request.actor, 'agreement.manage').allowed,
    categoryLabels: CATEGORY_LABELS,
    purposeLabels: PURPOSE_LABELS,
    stateLabels: service.STATE_LABELS,
    reviewWarningDays: service.REVIEW_WARNING_DAYS,
  };
}

/** The values of a multi-choice field as sent (one value or several), to tick the boxes again. */
function chosen(request: FastifyRequest, field: string): string[] {
  const value = ((request.body ?? {}) as Record<string, unknown>)[field];
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' && value ? [value] : [];
}

function termValues(a: Agreement): Record<string, string> {
  return {
    title: a.title,
    lawfulBasis: a.lawfulBasis,
    version: String(a.version),
    ...datePartValues('startsOn', a.startsOn),
    ...datePartValues('reviewOn', a.reviewOn),
    ...datePartValues('endsOn', a.endsOn),
  };
}

/**
 * A form that changes an agreement at a version. Besides field errors, a stale version re-renders the same
 * form with what the person typed, beside the version someone else saved, so that neither is lost.
 */
async function versionedForm<S extends z.ZodType>(
  request: FastifyRequest,
  reply: FastifyReply,
  options: {
    schema: S;
    template: string;
    data: () => Promise<Record<string, unknown>>;
    run: (input: z.output<S>) => Promise<Agreement>;
    done: (agreement: Agreement) => unknown;
  },
): Promise<unknown> {
  try {
    return await handleForm(request, reply, options);
  } catch (error) {
    if (!(error instanceof Conflict)) throw error;
    const latest = error.current as Agreement;
    return reply.code(409).render(options.template, {
      ...(await options.data()),
      errors: [{ field: 'current-version', message: error.message }],
      values: { ...formValues(request), version: String(latest.version) },
      current: latest,
    });
  }
}

export function registerAgreementRoutes(app: FastifyInstance): void {
  registerAgreementPages(app);
  registerAgreementFormPages(app);
  registerAgreementApi(app);
}

function registerAgreementPages(app: FastifyInstance): void {
  app.get('/agreements', async (request, reply) => {
    requireStaff(request);
    const agreements = await service.listAgreements(request.ctx());
    return reply.render(`${VIEWS}/agreement-list.njk`, {
      ...common(request),
      title: 'Information sharing agreements',
      agreements,
    });
  });

  app.get<{ Params: { id: string } }>('/agreements/:id', async (request, reply) => {
    requireStaff(request);
    const agreement = await service.getAgreement(request.ctx(), parseId(request.params.id));
    return reply.render(`${VIEWS}/agreement-show.njk`, {
      ...common(request),
      title: agreement.title,
      agreement,
      activationProblems: signing.activationProblems(agreement, londonDate(request.server.clock.now())),
    });
  });
}

function registerAgreementFormPages(app: FastifyInstance): void {
  const newForm = async (request: FastifyRequest) => ({
    ...common(request),
    title: 'Record a sharing agreement',
    action: '/agreements/new',
    back: '/agreements',
    creating: true,
    categoryItems,
    purposeItems,
    organisations: await listOrganisations(request.ctx()),
    selected: {
      purposes: chosen(request, 'purposes'),
      categories: chosen(request, 'categories'),
      parties: chosen(request, 'parties'),
    },
  });

  app.get('/agreements/new', async (request, reply) => {
    requireStaff(request, 'agreement.manage');
    return reply.render(`${VIEWS}/agreement-form.njk`, { ...(await newForm(request)), values: {} });
  });

  app.post('/agreements/new', async (request, reply) => {
    requireStaff(request, 'agreement.manage');
    return handleForm(request, reply, {
      schema: newAgreementInput,
      template: `${VIEWS}/agreement-form.njk`,
      data: () => newForm(request),
      run: (input) => request.tx((ctx) => service.createAgreement(ctx, input)),
      done: (agreement) => reply.redirect(`/agreements/${agreement.id}`, 303),
    });
  });

  const editForm = (request: FastifyRequest, agreement: Agreement) => ({
    ...common(request),
    title: `Change ${agreement.title}`,
    action: `/agreements/${agreement.id}/edit`,
    back: `/agreements/${agreement.id}`,
    agreement,
    categoryItems,
    purposeItems,
    selected: request.body
      ? { purposes: chosen(request, 'purposes'), categories: chosen(request, 'categories') }
      : { purposes: agreement.purposes, categories: agreement.categories },
  });

  app.get<{ Params: { id: string } }>('/agreements/:id/edit', async (request, reply) => {
    requireStaff(request, 'agreement.manage');
    const agreement = service.openForChange(
      await service.getAgreement(request.ctx(), parseId(request.params.id)),
    );
    return reply.render(`${VIEWS}/agreement-form.njk`, {
      ...editForm(request, agreement),
      values: termValues(agreement),
    });
  });

  app.post<{ Params: { id: string } }>('/agreements/:id/edit', async (request, reply) => {
    requireStaff(request, 'agreement.manage');
    const id = parseId(request.params.id);
    return versionedForm(request, reply, {
      schema: agreementChangeInput,
      template: `${VIEWS}/agreement-form.njk`,
      data: async () => editForm(request, await service.getAgreement(request.ctx(), id)),
      run: (input) => request.tx((ctx) => service.updateAgreement(ctx, id, input)),
      done: () => reply.redirect(`/agreements/${id}`, 303),
    });
  });

  const partiesPage = async (request: FastifyRequest, id: string) => {
    const agreement = service.openForChange(await service.getAgreement(request.ctx(), id));
    return {
      ...common(request),
      title: `Parties and signatures: ${agreement.title}`,
      agreement,
      organisations: await listOrganisations(request.ctx()),
    };
  };

  app.get<{ Params: { id: string } }>('/agreements/:id/parties', async (request, reply) => {
    requireStaff(request, 'agreement.manage');
    const data = await partiesPage(request, parseId(request.params.id));
    return reply.render(`${VIEWS}/agreement-parties.njk`, {
      ...data,
      values: { version: String(data.agreement.version) },
    });
  });

  app.post<{ Params: { id: string } }>('/agreements/:id/parties', async (request, reply) => {
    requireStaff(request, 'agreement.manage');
    const id = parseId(request.params.id);
    return versionedForm(request, reply, {
      schema: partyInput,
      template: `${VIEWS}/agreement-parties.njk`,
      data: () => partiesPage(request, id),
      run: (input) => request.tx((ctx) => signing.recordParty(ctx, id, input)),
      done: () => reply.redirect(`/agreements/${id}/parties`, 303),
    });
  });

  app.post<{ Params: { id: string } }>('/agreements/:id/parties/remove', async (request, reply) => {
    requireStaff(request, 'agreement.manage');
    const id = parseId(request.params.id);
    return versionedForm(request, reply, {
      schema: removePartyInput,
      template: `${VIEWS}/agreement-parties.njk`,
      data: () => partiesPage(request, id),
      run: (input) => request.tx((ctx) => signing.removeParty(ctx, id, input.organisationId, input.version)),
      done: () => reply.redirect(`/agreements/${id}/parties`, 303),
    });
  });

  const statusPage = async (request: FastifyRequest, id: string) => {
    const agreement = service.openForChange(await service.getAgreement(request.ctx(), id));
    return {
      ...common(request),
      title: `Make active or end: ${agreement.title}`,
      agreement,
      activationProblems: signing.activationProblems(agreement, londonDate(request.server.clock.now())),
    };
  };

  app.get<{ Params: { id: string } }>('/agreements/:id/status', async (request, reply) => {
    requireStaff(request, 'agreement.manage');
    const data = await statusPage(request, parseId(request.params.id));
    return reply.render(`${VIEWS}/agreement-status.njk`, {
      ...data,
      values: { version: String(data.agreement.version) },
    });
  });

  app.post<{ Params: { id: string } }>('/agreements/:id/status', async (request, reply) => {
    requireStaff(request, 'agreement.manage');
    const id = parseId(request.params.id);
    return versionedForm(request, reply, {
      schema: statusInput,
      template: `${VIEWS}/agreement-status.njk`,
      data: () => statusPage(request, id),
      run: (input) => request.tx((ctx) => signing.changeStatus(ctx, id, input)),
      done: () => reply.redirect(`/agreements/${id}`, 303),
    });
  });
}
