// The written agreement and priorities under /api/v1. Errors are problem+json (server/errors.ts); a stale
// save is a 409 whose body carries the saved version, so a client can show both.
import type { FastifyInstance } from 'fastify';
import { Conflict } from '../../errors.ts';
import { parseId } from '../../server/forms.ts';
import { apiDocs } from '../../server/openapi.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import { addPriority, getPriority, removePriority, sharedInterest, updatePriority } from './priorities.ts';
import { agreementApiInput, priorityInput, signatoryInput } from './schema.ts';
import * as service from './service.ts';

export function registerMouApi(app: FastifyInstance): void {
  const api = apiDocs('Written agreement');
  app.get(
    '/api/v1/partnership/agreement',
    api({
      summary:
        'The written agreement: the current version, its signatories and what changed since the last agreed version',
    }),
    async (request) => {
      requireStaff(request);
      const page = await service.agreementPage(request.ctx());
      return {
        current: page.current,
        signatories: page.members.map((m) => ({
          organisationId: m.organisation.id,
          organisationName: m.organisation.name,
          signatory: m.signatory
            ? { name: m.signatory.name, role: m.signatory.role, signedOn: m.signatory.signed_on }
            : null,
        })),
        changesSinceAgreed: page.comparedWith
          ? { version: page.comparedWith.version, sections: page.changes }
          : null,
        versions: page.history.map((h) => ({ version: h.version, status: h.status, agreedAt: h.agreed_at })),
      };
    },
  );

  app.get<{ Params: { n: string } }>(
    '/api/v1/partnership/agreement/versions/:n',
    api({ summary: 'One version of the written agreement, with what changed from the version before' }),
    async (request, reply) => {
      requireStaff(request);
      const n = Number(request.params.n);
      if (!Number.isInteger(n) || n < 1 || n > 100_000) return reply.callNotFound();
      const page = await service.versionPage(request.ctx(), n);
      return { version: page.version, changesFromPrevious: page.changes };
    },
  );

  app.put(
    '/api/v1/partnership/agreement',
    api({
      summary:
        'Change the written agreement (an agreed version starts a new draft version); send the revision you read',
      body: agreementApiInput,
    }),
    async (request, reply) => {
      requireStaff(request, 'mou.manage');
      const input = parseInput(agreementApiInput, request.body);
      try {
        const saved = await request.tx((ctx) => service.saveAgreement(ctx, input));
        return { ...saved, current: await service.currentVersion(request.ctx()) };
      } catch (error) {
        if (!(error instanceof Conflict)) throw error;
        return reply.code(409).type('application/problem+json').send({
          type: 'https://joinedup.example/problems/JU_CONFLICT',
          title: 'Someone else changed this',
          status: 409,
          detail: error.message,
          code: error.code,
          current: error.current,
        });
      }
    },
  );

  app.post(
    '/api/v1/partnership/agreement/signatories',
    api({
      summary: 'Record who signed the current version for a member organisation',
      body: signatoryInput,
      response: {
        status: 201,
        description: 'Whether every member has now signed, which makes the version agreed',
      },
    }),
    async (request, reply) => {
      requireStaff(request, 'mou.manage');
      const input = parseInput(signatoryInput, request.body);
      return reply.code(201).send(await request.tx((ctx) => service.recordSignatory(ctx, input)));
    },
  );

  app.get(
    '/api/v1/partnership/priorities',
    api({
      summary:
        'Each member’s priorities and targets, and which shared aims they support (the areas of shared interest)',
    }),
    async (request) => {
      requireStaff(request);
      const page = await sharedInterest(request.ctx());
      return {
        agreementVersion: page.version,
        priorities: page.byOrganisation.flatMap((o) => o.priorities.map(({ aims: _aims, ...p }) => p)),
        sharedInterest: page.table.map((row) => ({
          aim: row.aim,
          organisations: row.cells
            .filter((c) => c.priorities.length)
            .map((c) => ({ organisationId: c.organisation.id, priorityIds: c.priorities.map((p) => p.id) })),
          shared: row.shared,
        })),
        outsideAims: page.outsideAims.map((p) => p.id),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/partnership/priorities/:id',
    api({ summary: 'A member’s priority' }),
    async (request) => {
      requireStaff(request);
      return getPriority(request.ctx(), parseId(request.params.id));
    },
  );

  app.post(
    '/api/v1/partnership/priorities',
    api({
      summary: 'Add a member’s priority and target',
      body: priorityInput,
      response: { status: 201, description: 'The new priority' },
    }),
    async (request, reply) => {
      requireStaff(request, 'mou.manage');
      const input = parseInput(priorityInput, request.body);
      const { id } = await request.tx((ctx) => addPriority(ctx, input));
      return reply
        .code(201)
        .header('location', `/api/v1/partnership/priorities/${id}`)
        .send(await getPriority(request.ctx(), id));
    },
  );

  app.put<{ Params: { id: string } }>(
    '/api/v1/partnership/priorities/:id',
    api({ summary: 'Change a member’s priority', body: priorityInput }),
    async (request) => {
      requireStaff(request, 'mou.manage');
      const id = parseId(request.params.id);
      const input = parseInput(priorityInput, request.body);
      await request.tx((ctx) => updatePriority(ctx, id, input));
      return getPriority(request.ctx(), id);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/partnership/priorities/:id',
    api({
      summary: 'Remove a member’s priority',
      body: null,
      response: { status: 204, description: 'Removed' },
    }),
    async (request, reply) => {
      requireStaff(request, 'mou.manage');
      const id = parseId(request.params.id);
      await request.tx((ctx) => removePriority(ctx, id));
      return reply.code(204).send();
    },
  );
}
