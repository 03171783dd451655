// Pages and /api/v1 endpoints for consent, capacity assessments, other lawful bases and the sharing
// decision log of one person. Every route asks the service, which asks the policy; none decides access.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { CATEGORIES, CATEGORY_LABELS, londonDate } from '../../policy/index.ts';
import { handleForm, parseId } from '../../server/forms.ts';
import { type ApiDoc, apiDocs } from '../../server/openapi.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import { type SharingOverview, sharingOverview } from './overview.ts';
import {
  BASIS_KINDS,
  BASIS_LABELS,
  CONSENT_STATUSES,
  capacityInput,
  consentInput,
  DATE_FIELDS,
  DECISION_LABELS,
  DECISIONS,
  endBasisInput,
  fromForm,
  lawfulBasisInput,
  MANUAL_BASES,
  MANUAL_BASIS_LABELS,
  OBTAINED_HOW,
  OBTAINED_LABELS,
  PURPOSE_LABELS,
  PURPOSES,
  STATUS_LABELS,
  sharingDecisionInput,
} from './schema.ts';
import * as service from './service.ts';

type PersonParams = { Params: { id: string } };
type BasisParams = { Params: { id: string; basisId: string } };

const FLASH: Record<string, string> = {
  consent: 'The consent decision has been recorded.',
  capacity: 'The capacity assessment has been recorded.',
  basis: 'The lawful basis has been recorded.',
  ended: 'The lawful basis has ended. Sharing on it has stopped.',
  decision: 'The decision has been added to the sharing decision log.',
};

/** Labels and choices every sharing form shows. */
const CHOICES = {
  categories: CATEGORIES.map((c) => ({ value: c, text: sentence(CATEGORY_LABELS[c]) })),
  purposes: PURPOSES.map((p) => ({ value: p, text: PURPOSE_LABELS[p] })),
  statuses: CONSENT_STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s] })),
  obtainedHow: OBTAINED_HOW.map((o) => ({ value: o, text: OBTAINED_LABELS[o] })),
  basisKinds: BASIS_KINDS.map((k) => ({ value: k, text: BASIS_LABELS[k] })),
  decisions: DECISIONS.map((d) => ({ value: d, text: DECISION_LABELS[d] })),
  manualBases: MANUAL_BASES.map((b) => ({ value: b, text: MANUAL_BASIS_LABELS[b] })),
};

function sentence(label: string): string {
  return label.charAt(0).toUpperCase() + label.slice(1);
}

function today(request: FastifyRequest): string {
  return londonDate(request.server.clock.now());
}

/** For the API's description: today's date moves only a refinement, which JSON Schema cannot show. */
const ANY_DAY = '2026-01-01';

/** The ticked boxes of each list field, from a form's body or a link's query, to tick them again. */
function ticked(source: unknown): Record<string, string[]> {
  const body = (source ?? {}) as Record<string, unknown>;
  const out: Record<string, string[]> = {};
  for (const key of ['categories', 'purposes']) {
    const v = body[key];
    out[key] = typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
  }
  return out;
}

/** A link may open the consent form filled in, as "withdraw" on the Sharing tab does. */
function prefill(query: unknown): Record<string, string> {
  const q = (query ?? {}) as Record<string, unknown>;
  const values: Record<string, string> = {};
  for (const key of ['organisationId', 'status', 'kind', 'decision']) {
    const v = q[key];
    if (typeof v === 'string') values[key] = v;
  }
  return values;
}

interface FormSpec<S extends z.ZodType> {
  path: string;
  what: string;
  template: string;
  title: string;
  schema: (request: FastifyRequest) => S;
  run: (request: FastifyRequest, personId: string, input: z.output<S>) => Promise<unknown>;
  flash: keyof typeof FLASH;
}

export function registerSharingRoutes(app: FastifyInstance): void {
  app.get<PersonParams>('/people/:id/sharing', async (request, reply) => {
    requireStaff(request);
    const personId = parseId(request.params.id);
    const overview = await request.tx((ctx) => sharingOverview(ctx, personId));
    const recorded = (request.query as Record<string, unknown>).recorded;
    return reply.render('sharing/views/sharing.njk', {
      title: `Sharing – ${overview.person.name}`,
      width: 'full',
      tab: 'sharing',
      person: overview.person,
      overview,
      categories: CHOICES.categories,
      flash: typeof recorded === 'string' ? FLASH[recorded] : undefined,
    });
  });

  formRoutes(app, {
    path: 'consents/new',
    what: 'consent',
    template: 'sharing/views/consent-form.njk',
    title: 'Record a consent decision',
    schema: (request) => fromForm(consentInput(today(request)), DATE_FIELDS.consent),
    run: (request, personId, input) => request.tx((ctx) => service.recordConsent(ctx, personId, input)),
    flash: 'consent',
  });
  formRoutes(app, {
    path: 'capacity/new',
    what: 'capacity_assessment',
    template: 'sharing/views/capacity-form.njk',
    title: 'Record a capacity assessment',
    schema: (request) => fromForm(capacityInput(today(request)), DATE_FIELDS.capacity),
    run: (request, personId, input) =>
      request.tx((ctx) => service.recordCapacityAssessment(ctx, personId, input)),
    flash: 'capacity',
  });
  formRoutes(app, {
    path: 'lawful-bases/new',
    what: 'lawful_basis',
    template: 'sharing/views/lawful-basis-form.njk',
    title: 'Record another lawful basis for sharing',
    schema: () => fromForm(lawfulBasisInput, DATE_FIELDS.lawfulBasis),
    run: (request, personId, input) => request.tx((ctx) => service.recordLawfulBasis(ctx, personId, input)),
    flash: 'basis',
  });
  formRoutes(app, {
    path: 'sharing-decisions/new',
    what: 'sharing_decision',
    template: 'sharing/views/decision-form.njk',
    title: 'Record a decision to share or not to share',
    schema: () => sharingDecisionInput,
    run: (request, personId, input) =>
      request.tx((ctx) => service.recordSharingDecision(ctx, personId, input)),
    flash: 'decision',
  });

  const endPage = async (request: FastifyRequest, personId: string, basisId: string) => {
    const overview = await request.tx((ctx) =>
      service.mayRecord(ctx, personId, 'lawful_basis').then(() => sharingOverview(ctx, personId)),
    );
    const basis = overview.lawfulBases.find((b) => b.id === basisId);
    if (!basis) return null;
    return {
      title: `End the ${basis.kindLabel.toLowerCase()} basis`,
      tab: 'sharing',
      person: overview.person,
      basis,
      action: `/people/${personId}/lawful-bases/${basisId}/end`,
      back: `/people/${personId}/sharing`,
    };
  };

  app.get<BasisParams>('/people/:id/lawful-bases/:basisId/end', async (request, reply) => {
    requireStaff(request);
    const personId = parseId(request.params.id);
    const data = await endPage(request, personId, parseId(request.params.basisId));
    if (!data) return reply.callNotFound();
    return reply.render('sharing/views/end-basis.njk', { ...data, values: {} });
  });

  app.post<BasisParams>('/people/:id/lawful-bases/:basisId/end', async (request, reply) => {
    requireStaff(request);
    const personId = parseId(request.params.id);
    const basisId = parseId(request.params.basisId);
    await request.tx((ctx) => service.mayRecord(ctx, personId, 'lawful_basis'));
    return handleForm(request, reply, {
      schema: endBasisInput,
      template: 'sharing/views/end-basis.njk',
      data: async () => (await endPage(request, personId, basisId)) ?? {},
      run: (input) => request.tx((ctx) => service.endLawfulBasis(ctx, personId, basisId, input)),
      done: () => reply.redirect(`/people/${personId}/sharing?recorded=ended`, 303),
    });
  });

  registerSharingApi(app);
}

/** A form page and its POST: refuse first, then read the input, then record, then back to the Sharing tab. */
function formRoutes<S extends z.ZodType>(app: FastifyInstance, form: FormSpec<S>): void {
  const page = async (request: FastifyRequest, personId: string) => {
    const data = await request.tx((ctx) => service.recordingForm(ctx, personId, form.what));
    return {
      ...data,
      ...CHOICES,
      title: form.title,
      tab: 'sharing',
      action: `/people/${personId}/${form.path}`,
      back: `/people/${personId}/sharing`,
    };
  };

  app.get<PersonParams>(`/people/:id/${form.path}`, async (request, reply) => {
    requireStaff(request);
    const personId = parseId(request.params.id);
    return reply.render(form.template, {
      ...(await page(request, personId)),
      values: prefill(request.query),
      checked: ticked(request.query),
    });
  });

  app.post<PersonParams>(`/people/:id/${form.path}`, async (request, reply) => {
    requireStaff(request);
    const personId = parseId(request.params.id);
    const shown = await page(request, personId);
    return handleForm(request, reply, {
      schema: form.schema(request),
      template: form.template,
      data: () => ({ ...shown, checked: ticked(request.body) }),
      run: (input) => form.run(request, personId, input),
      done: () => reply.redirect(`/people/${personId}/sharing?recorded=${form.flash}`, 303),
    });
  });
}

/** The JSON API: the same services and schemas, problem+json for every error. */
function registerSharingApi(app: FastifyInstance): void {
  const api = apiDocs('Sharing');
  const overviewOf = async (request: FastifyRequest<PersonParams>) => {
    requireStaff(request);
    const personId = parseId(request.params.id);
    return request.tx((ctx) => sharingOverview(ctx, personId));
  };

  app.get<PersonParams>(
    '/api/v1/people/:id/sharing',
    api({ summary: 'Who may see what of a person’s record, and on which basis' }),
    async (request) => sharingJson(await overviewOf(request)),
  );
  app.get<PersonParams>(
    '/api/v1/people/:id/consents',
    api({ summary: 'A person’s consent decisions, and those in force now' }),
    async (request) => {
      const o = await overviewOf(request);
      return { current: o.consentNow, items: o.consents };
    },
  );
  app.get<PersonParams>(
    '/api/v1/people/:id/capacity-assessments',
    api({ summary: 'A person’s capacity assessments, each for one decision' }),
    async (request) => ({
      items: (await overviewOf(request)).capacityAssessments,
    }),
  );
  app.get<PersonParams>(
    '/api/v1/people/:id/lawful-bases',
    api({ summary: 'Lawful bases other than consent: best interests, safeguarding, vital interests' }),
    async (request) => ({
      items: (await overviewOf(request)).lawfulBases,
    }),
  );
  app.get<PersonParams>(
    '/api/v1/people/:id/sharing-decisions',
    api({ summary: 'The sharing decision log' }),
    async (request) => ({
      items: (await overviewOf(request)).decisions,
    }),
  );

  const create = <S extends z.ZodType>(
    path: string,
    what: string,
    schema: (request: FastifyRequest) => S,
    run: (request: FastifyRequest, personId: string, input: z.output<S>) => Promise<Record<string, unknown>>,
    doc: Pick<ApiDoc, 'summary' | 'body'>,
  ) =>
    app.post<PersonParams>(
      `/api/v1/people/:id/${path}`,
      api({ ...doc, response: { status: 201, description: 'What was recorded' } }),
      async (request, reply: FastifyReply) => {
        requireStaff(request);
        const personId = parseId(request.params.id);
        await request.tx((ctx) => service.mayRecord(ctx, personId, what));
        const input = parseInput(schema(request), request.body);
        return reply.code(201).send(rowJson(await run(request, personId, input)));
      },
    );

  create(
    'consents',
    'consent',
    (r) => consentInput(today(r)),
    (r, id, input) => r.tx((ctx) => service.recordConsent(ctx, id, input)),
    { summary: 'Record a consent decision: given, refused or withdrawn', body: consentInput(ANY_DAY) },
  );
  create(
    'capacity-assessments',
    'capacity_assessment',
    (r) => capacityInput(today(r)),
    (r, id, input) => r.tx((ctx) => service.recordCapacityAssessment(ctx, id, input)),
    { summary: 'Record a capacity assessment for one decision', body: capacityInput(ANY_DAY) },
  );
  create(
    'lawful-bases',
    'lawful_basis',
    () => lawfulBasisInput,
    (r, id, input) => r.tx((ctx) => service.recordLawfulBasis(ctx, id, input)),
    { summary: 'Record a lawful basis other than consent', body: lawfulBasisInput },
  );
  create(
    'sharing-decisions',
    'sharing_decision',
    () => sharingDecisionInput,
    (r, id, input) => r.tx((ctx) => service.recordSharingDecision(ctx, id, input)),
    { summary: 'Record a decision to share or not to share', body: sharingDecisionInput },
  );

  app.post<BasisParams>(
    '/api/v1/people/:id/lawful-bases/:basisId/end',
    api({ summary: 'End a lawful basis: sharing on it stops', body: endBasisInput }),
    async (request) => {
      requireStaff(request);
      const personId = parseId(request.params.id);
      const basisId = parseId(request.params.basisId);
      await request.tx((ctx) => service.mayRecord(ctx, personId, 'lawful_basis'));
      const input = parseInput(endBasisInput, request.body);
      return rowJson(await request.tx((ctx) => service.endLawfulBasis(ctx, personId, basisId, input)));
    },
  );
}

function sharingJson(o: SharingOverview) {
  return {
    person: { id: o.person.id, name: o.person.name },
    you: o.you,
    whoCanSee: o.whoCanSee,
    consentNow: o.consentNow,
    consents: o.consents,
    capacityAssessments: o.capacityAssessments,
    lawfulBases: o.lawfulBases,
    decisions: o.decisions,
  };
}

/** A stored row as the API shows it: camelCase names, no partnership id. */
function rowJson(row: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === 'partnership_id') continue;
    out[key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
  }
  return out;
}
