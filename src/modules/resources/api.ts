// Resources and joint funding bids under /api/v1.
import type { FastifyInstance } from 'fastify';
import { parseId } from '../../server/forms.ts';
import { apiDocs } from '../../server/openapi.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import { bidInput, commitmentInput } from './schema.ts';
import * as service from './service.ts';

type WithId = { Params: { id: string } };

function bidJson(b: service.Bid) {
  return { ...b, updatedAt: b.updatedAt.toISOString() };
}

export function registerResourceApi(app: FastifyInstance): void {
  const api = apiDocs('Resources');
  app.get(
    '/api/v1/partnership/resources',
    api({
      summary: 'What each member commits (staff time, funding, other assets) and the joint funding bids',
    }),
    async (request) => {
      requireStaff(request);
      const page = await service.resourcesPage(request.ctx());
      return {
        totals: page.totals,
        organisations: page.members.map((m) => ({
          id: m.organisation.id,
          name: m.organisation.name,
          hoursPerWeek: m.hours,
          fundingPerYear: m.funding,
          commitments: m.commitments,
        })),
        fundingBids: page.bids.map(({ canManage: _c, ...b }) => bidJson(b)),
      };
    },
  );

  app.post(
    '/api/v1/partnership/resources/commitments',
    api({
      summary: 'Record a member’s commitment',
      body: commitmentInput,
      response: { status: 201, description: 'The new commitment' },
    }),
    async (request, reply) => {
      requireStaff(request, 'resources.manage');
      const input = parseInput(commitmentInput, request.body);
      const { id } = await request.tx((ctx) => service.addCommitment(ctx, input));
      return reply.code(201).send(await service.getCommitment(request.ctx(), id));
    },
  );

  app.put<WithId>(
    '/api/v1/partnership/resources/commitments/:id',
    api({ summary: 'Change a commitment', body: commitmentInput }),
    async (request) => {
      requireStaff(request, 'resources.manage');
      const id = parseId(request.params.id);
      const input = parseInput(commitmentInput, request.body);
      await request.tx((ctx) => service.updateCommitment(ctx, id, input));
      return service.getCommitment(request.ctx(), id);
    },
  );

  app.delete<WithId>(
    '/api/v1/partnership/resources/commitments/:id',
    api({ summary: 'Remove a commitment', body: null, response: { status: 204, description: 'Removed' } }),
    async (request, reply) => {
      requireStaff(request, 'resources.manage');
      const id = parseId(request.params.id);
      await request.tx((ctx) => service.removeCommitment(ctx, id));
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/partnership/funding-bids',
    api({ summary: 'The joint funding bids, with totals by status' }),
    async (request) => {
      requireStaff(request);
      const page = await service.resourcesPage(request.ctx());
      return { items: page.bids.map(({ canManage: _c, ...b }) => bidJson(b)), byStatus: page.byStatus };
    },
  );

  app.get<WithId>(
    '/api/v1/partnership/funding-bids/:id',
    api({ summary: 'A joint funding bid' }),
    async (request) => {
      requireStaff(request);
      return bidJson(await service.getBid(request.ctx(), parseId(request.params.id)));
    },
  );

  app.post(
    '/api/v1/partnership/funding-bids',
    api({
      summary: 'Add a joint funding bid',
      body: bidInput,
      response: { status: 201, description: 'The new bid' },
    }),
    async (request, reply) => {
      requireStaff(request, 'resources.manage');
      const input = parseInput(bidInput, request.body);
      const { id } = await request.tx((ctx) => service.addBid(ctx, input));
      return reply
        .code(201)
        .header('location', `/api/v1/partnership/funding-bids/${id}`)
        .send(bidJson(await service.getBid(request.ctx(), id)));
    },
  );

  app.put<WithId>(
    '/api/v1/partnership/funding-bids/:id',
    api({ summary: 'Change a joint funding bid; send the revision you read', body: bidInput }),
    async (request) => {
      requireStaff(request, 'resources.manage');
      const id = parseId(request.params.id);
      const input = parseInput(bidInput, request.body);
      await request.tx((ctx) => service.updateBid(ctx, id, input));
      return bidJson(await service.getBid(request.ctx(), id));
    },
  );
}
