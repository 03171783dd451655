// The register of information sharing agreements under /api/v1: the same rules as the pages, as JSON, with
// problem+json errors (a stale version is 409).
import type { FastifyInstance } from 'fastify';
import { parseId } from '../../server/forms.ts';
import { apiDocs } from '../../server/openapi.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
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

const api = apiDocs('Sharing agreements');
const STALE =
  ' Send the version you read; if someone changed it since, the answer is 409 and nothing is saved.';

export function registerAgreementApi(app: FastifyInstance): void {
  app.get(
    '/api/v1/agreements',
    api({ summary: 'The register of information sharing agreements, with review warnings' }),
    async (request) => {
      requireStaff(request);
      return { items: (await service.listAgreements(request.ctx())).map(agreementJson) };
    },
  );

  app.post(
    '/api/v1/agreements',
    api({
      summary: 'Record a draft sharing agreement (information governance lead)',
      body: newAgreementInput,
      response: { status: 201, description: 'The new draft; its address is in the Location header' },
    }),
    async (request, reply) => {
      requireStaff(request, 'agreement.manage');
      const input = parseInput(newAgreementInput, request.body);
      const agreement = await request.tx((ctx) => service.createAgreement(ctx, input));
      return reply
        .code(201)
        .header('location', `/api/v1/agreements/${agreement.id}`)
        .send(agreementJson(agreement));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/agreements/:id',
    api({ summary: 'A sharing agreement, its parties and signatures' }),
    async (request) => {
      requireStaff(request);
      return agreementJson(await service.getAgreement(request.ctx(), parseId(request.params.id)));
    },
  );

  app.put<{ Params: { id: string } }>(
    '/api/v1/agreements/:id',
    api({
      summary: 'Change an agreement’s terms and dates',
      description: `An active agreement keeps its signed purposes, categories, lawful basis and start date.${STALE}`,
      body: agreementChangeInput,
    }),
    async (request) => {
      requireStaff(request, 'agreement.manage');
      const id = parseId(request.params.id);
      const input = parseInput(agreementChangeInput, request.body);
      return agreementJson(await request.tx((ctx) => service.updateAgreement(ctx, id, input)));
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/agreements/:id/parties',
    api({
      summary: 'Add a party, or record its signature',
      description: `With signatoryName, signatoryRole and signedOn, records the signature.${STALE}`,
      body: partyInput,
    }),
    async (request) => {
      requireStaff(request, 'agreement.manage');
      const id = parseId(request.params.id);
      const input = parseInput(partyInput, request.body);
      return agreementJson(await request.tx((ctx) => signing.recordParty(ctx, id, input)));
    },
  );

  app.delete<{ Params: { id: string; organisationId: string } }>(
    '/api/v1/agreements/:id/parties/:organisationId',
    api({
      summary: 'Remove a party from a draft agreement',
      description: STALE.trim(),
      body: removePartyInput.pick({ version: true }),
    }),
    async (request) => {
      requireStaff(request, 'agreement.manage');
      const id = parseId(request.params.id);
      const input = parseInput(removePartyInput, {
        ...((request.body ?? {}) as Record<string, unknown>),
        organisationId: request.params.organisationId,
      });
      return agreementJson(
        await request.tx((ctx) => signing.removeParty(ctx, id, input.organisationId, input.version)),
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/agreements/:id/status',
    api({
      summary: 'Make an agreement active (every party signed) or end it now',
      description: STALE.trim(),
      body: statusInput,
    }),
    async (request) => {
      requireStaff(request, 'agreement.manage');
      const id = parseId(request.params.id);
      const input = parseInput(statusInput, request.body);
      return agreementJson(await request.tx((ctx) => signing.changeStatus(ctx, id, input)));
    },
  );
}

function agreementJson(a: Agreement) {
  return {
    id: a.id,
    title: a.title,
    purposes: a.purposes,
    categories: a.categories,
    lawfulBasis: a.lawfulBasis,
    status: a.status,
    state: a.state,
    inForce: a.inForce,
    startsOn: a.startsOn,
    reviewOn: a.reviewOn,
    endsOn: a.endsOn,
    review: a.review,
    version: a.version,
    parties: a.parties.map((p) => ({
      organisationId: p.organisationId,
      organisationName: p.organisationName,
      signed: p.signedOn !== null,
      signatoryName: p.signatoryName || null,
      signatoryRole: p.signatoryRole || null,
      signedOn: p.signedOn,
    })),
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}
