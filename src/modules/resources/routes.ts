// Resources and joint funding bids: pages and /api/v1 endpoints.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Conflict } from '../../errors.ts';
import { formValues, handleForm, parseId } from '../../server/forms.ts';
import { requireStaff } from '../../server/sessions.ts';
import { datePartValues } from '../../web/date-input.ts';
import { listOrganisations } from '../partnerships/index.ts';
import { registerResourceApi } from './api.ts';
import {
  BID_STATUS_LABELS,
  BID_STATUSES,
  bidInput,
  commitmentInput,
  RESOURCE_KIND_LABELS,
  RESOURCE_KINDS,
} from './schema.ts';
import * as service from './service.ts';

type WithId = { Params: { id: string } };

const poundsFormat = new Intl.NumberFormat('en-GB', {
  style: 'currency',
  currency: 'GBP',
  maximumFractionDigits: 0,
});

/** Formatters the templates call: views format, but the design system's Nunjucks has no number filters. */
const formatters = {
  pounds: (n: number) => poundsFormat.format(n),
  hours: (n: number) =>
    `${Number.isInteger(n) ? n : n.toFixed(2).replace(/0$/, '')} ${n === 1 ? 'hour' : 'hours'}`,
};

const labels = {
  ...formatters,
  kinds: RESOURCE_KINDS,
  kindLabels: RESOURCE_KIND_LABELS,
  statuses: BID_STATUSES,
  statusLabels: BID_STATUS_LABELS,
};

const FLASH: Record<string, string> = {
  commitment: 'The commitment is saved.',
  removed: 'The commitment is removed.',
  bid: 'The funding bid is saved.',
};

export function registerResourceRoutes(app: FastifyInstance): void {
  app.get('/partnership/resources', async (request, reply) => {
    requireStaff(request);
    const done = (request.query as Record<string, unknown>).done;
    return reply.render('resources/views/resources.njk', {
      ...labels,
      title: 'Resources and joint funding',
      section: 'partnership',
      ...(await service.resourcesPage(request.ctx())),
      flash: typeof done === 'string' ? FLASH[done] : undefined,
    });
  });
  registerCommitmentPages(app);
  registerBidPages(app);
  registerResourceApi(app);
}

async function organisationsFor(request: FastifyRequest) {
  const actor = requireStaff(request);
  return (await listOrganisations(request.ctx())).map((o) => ({
    ...o,
    canManage: service.canManageFor(actor, [o.id]),
  }));
}

function registerCommitmentPages(app: FastifyInstance): void {
  const page = async (request: FastifyRequest, extra: Record<string, unknown>) => ({
    ...labels,
    section: 'partnership',
    organisations: (await organisationsFor(request)).filter((o) => o.canManage),
    ...extra,
  });

  app.get('/partnership/resources/new', async (request, reply) => {
    requireStaff(request, 'resources.manage');
    const organisation = (request.query as Record<string, unknown>).organisation;
    return reply.render(
      'resources/views/commitment-form.njk',
      await page(request, {
        title: 'Add a commitment',
        action: '/partnership/resources/new',
        values: { organisationId: typeof organisation === 'string' ? organisation : '' },
      }),
    );
  });

  app.post('/partnership/resources/new', async (request, reply) => {
    requireStaff(request, 'resources.manage');
    return handleForm(request, reply, {
      schema: commitmentInput,
      template: 'resources/views/commitment-form.njk',
      data: () => page(request, { title: 'Add a commitment', action: '/partnership/resources/new' }),
      run: (input) => request.tx((ctx) => service.addCommitment(ctx, input)),
      done: () => reply.redirect('/partnership/resources?done=commitment', 303),
    });
  });

  app.get<WithId>('/partnership/resources/:id/edit', async (request, reply) => {
    requireStaff(request, 'resources.manage');
    const id = parseId(request.params.id);
    const c = await service.getCommitment(request.ctx(), id);
    return reply.render(
      'resources/views/commitment-form.njk',
      await page(request, {
        title: 'Change a commitment',
        action: `/partnership/resources/${id}/edit`,
        removable: id,
        values: {
          organisationId: c.organisationId,
          kind: c.kind,
          description: c.description,
          hoursPerWeek: c.hoursPerWeek === null ? '' : String(c.hoursPerWeek),
          amountPerYear: c.amountPerYear === null ? '' : String(c.amountPerYear),
          ...datePartValues('startsOn', c.startsOn),
          ...datePartValues('endsOn', c.endsOn),
        },
      }),
    );
  });

  app.post<WithId>('/partnership/resources/:id/edit', async (request, reply) => {
    requireStaff(request, 'resources.manage');
    const id = parseId(request.params.id);
    return handleForm(request, reply, {
      schema: commitmentInput,
      template: 'resources/views/commitment-form.njk',
      data: () =>
        page(request, {
          title: 'Change a commitment',
          action: `/partnership/resources/${id}/edit`,
          removable: id,
        }),
      run: (input) => request.tx((ctx) => service.updateCommitment(ctx, id, input)),
      done: () => reply.redirect('/partnership/resources?done=commitment', 303),
    });
  });

  app.post<WithId>('/partnership/resources/:id/remove', async (request, reply) => {
    requireStaff(request, 'resources.manage');
    const id = parseId(request.params.id);
    await request.tx((ctx) => service.removeCommitment(ctx, id));
    return reply.redirect('/partnership/resources?done=removed', 303);
  });
}

function bidValues(b: service.Bid): Record<string, string | string[]> {
  return {
    title: b.title,
    funder: b.funder,
    amount: String(b.amount),
    leadOrganisationId: b.leadOrganisationId,
    partnerOrganisationIds: b.partnerOrganisationIds,
    status: b.status,
    notes: b.notes,
    revision: String(b.revision),
    ...datePartValues('deadlineOn', b.deadlineOn),
    ...datePartValues('submittedOn', b.submittedOn),
    ...datePartValues('decisionOn', b.decisionOn),
  };
}

function registerBidPages(app: FastifyInstance): void {
  const page = async (request: FastifyRequest, extra: Record<string, unknown>) => ({
    ...labels,
    section: 'partnership',
    organisations: await organisationsFor(request),
    ...extra,
  });

  app.get('/partnership/funding-bids/new', async (request, reply) => {
    requireStaff(request, 'resources.manage');
    return reply.render(
      'resources/views/bid-form.njk',
      await page(request, {
        title: 'Add a joint funding bid',
        action: '/partnership/funding-bids/new',
        values: { status: 'drafting' },
      }),
    );
  });

  app.post('/partnership/funding-bids/new', async (request, reply) => {
    requireStaff(request, 'resources.manage');
    return handleForm(request, reply, {
      schema: bidInput,
      template: 'resources/views/bid-form.njk',
      data: () =>
        page(request, { title: 'Add a joint funding bid', action: '/partnership/funding-bids/new' }),
      run: (input) => request.tx((ctx) => service.addBid(ctx, input)),
      done: () => reply.redirect('/partnership/resources?done=bid#bids', 303),
    });
  });

  app.get<WithId>('/partnership/funding-bids/:id/edit', async (request, reply) => {
    requireStaff(request, 'resources.manage');
    const id = parseId(request.params.id);
    const bid = await service.getBid(request.ctx(), id);
    return reply.render(
      'resources/views/bid-form.njk',
      await page(request, {
        title: 'Change a joint funding bid',
        action: `/partnership/funding-bids/${id}/edit`,
        editing: true,
        values: bidValues(bid),
      }),
    );
  });

  app.post<WithId>('/partnership/funding-bids/:id/edit', async (request, reply) => {
    requireStaff(request, 'resources.manage');
    const id = parseId(request.params.id);
    const data = () =>
      page(request, {
        title: 'Change a joint funding bid',
        action: `/partnership/funding-bids/${id}/edit`,
        editing: true,
      });
    return showBothWhenStale(request, reply, data, () =>
      handleForm(request, reply, {
        schema: bidInput,
        template: 'resources/views/bid-form.njk',
        data,
        run: (input) => request.tx((ctx) => service.updateBid(ctx, id, input)),
        done: () => reply.redirect('/partnership/resources?done=bid#bids', 303),
      }),
    );
  });
}

async function showBothWhenStale(
  request: FastifyRequest,
  reply: FastifyReply,
  data: () => Promise<Record<string, unknown>>,
  run: () => Promise<unknown>,
): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof Conflict)) throw error;
    const saved = error.current as service.Bid;
    return reply.code(409).render('resources/views/bid-form.njk', {
      ...(await data()),
      conflict: { saved },
      errors: [{ field: 'title', message: error.message }],
      values: { ...formValues(request), revision: String(saved.revision) },
    });
  }
}
