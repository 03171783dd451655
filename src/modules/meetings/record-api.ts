// A meeting's record under /api/v1: the same services and sharing rules as its pages. A stale save of the
// minutes or the summary is a 409 problem with both versions: `current` (saved) and `yours` (sent).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Conflict } from '../../errors.ts';
import { parseId } from '../../server/forms.ts';
import { apiDocs } from '../../server/openapi.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import { wordingCheck } from '../glossary/index.ts';
import { meetingRecord } from './record-page.ts';
import { addAllToPlan, addToPlan } from './record-plan.ts';
import type { WithId, WithItem } from './record-route-support.ts';
import {
  actionPointInput,
  addToPlanInput,
  agendaItemInput,
  contributionInput,
  decisionInput,
  minutesInput,
  moveInput,
  publishInput,
  summaryInput,
} from './record-schema.ts';
import * as service from './record-service.ts';
import { checkSummaryWording, publishSummary, saveSummary } from './record-summary.ts';
import { summaryForPersonPreview } from './record-summary-copies.ts';
import { askedFormat, formatQuery } from './record-summary-routes.ts';

/** The wording check as data: jargon found with what to write instead, and reading ease against the target. */
function wordingOf(check: Awaited<ReturnType<typeof wordingCheck>>) {
  return { audience: check.audience, findings: check.findings, readingEase: check.readingEase };
}

function conflictProblem(reply: FastifyReply, error: Conflict, yours: unknown) {
  return reply.code(409).type('application/problem+json').send({
    type: 'https://joinedup.example/problems/JU_CONFLICT',
    title: 'Someone else changed this',
    status: 409,
    detail: error.message,
    code: error.code,
    current: error.current,
    yours,
  });
}

async function withConflict<T>(reply: FastifyReply, yours: unknown, run: () => Promise<T>) {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Conflict) return conflictProblem(reply, error, yours);
    throw error;
  }
}

export function registerRecordApi(app: FastifyInstance): void {
  registerRecordReads(app);
  registerAgendaApi(app);
  registerWhatWasSaidApi(app);
  registerPlanApi(app);
  registerSummaryApi(app);
}

const api = apiDocs('Meeting records');

function registerRecordReads(app: FastifyInstance): void {
  app.get<WithId>(
    '/api/v1/meetings/:id/record',
    api({
      summary: 'A meeting’s record: agenda and minutes, contributions, decisions, action points and summary',
      description:
        'Only what the sharing rules let you read: each part of a meeting about a person has a data category. ' +
        'The read is audited.',
    }),
    async (request) => {
      requireStaff(request);
      return request.tx((ctx) => meetingRecord(ctx, parseId(request.params.id)));
    },
  );
}

function registerAgendaApi(app: FastifyInstance): void {
  app.post<WithId>(
    '/api/v1/meetings/:id/agenda-items',
    api({
      summary: 'Add an item at the end of the agenda',
      body: agendaItemInput,
      response: { status: 201, description: 'The new item’s id' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(agendaItemInput, request.body);
      return reply.code(201).send(await request.tx((ctx) => service.addAgendaItem(ctx, id, input)));
    },
  );

  app.post<WithItem>(
    '/api/v1/meetings/:id/agenda-items/:itemId/move',
    api({ summary: 'Move an agenda item one place up or down', body: moveInput }),
    async (request) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const itemId = parseId(request.params.itemId);
      const input = parseInput(moveInput, request.body);
      await request.tx((ctx) => service.moveAgendaItem(ctx, id, itemId, input.direction));
      return { ok: true };
    },
  );

  app.put<WithItem>(
    '/api/v1/meetings/:id/agenda-items/:itemId/minutes',
    api({
      summary: 'Save an agenda item’s minutes, with the revision you started from',
      description:
        'Answers with the new revision and the plain English check of the minutes. A save based on an older ' +
        'revision is refused with 409, holding both versions.',
      body: minutesInput,
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const itemId = parseId(request.params.itemId);
      const input = parseInput(minutesInput, request.body);
      return withConflict(reply, input, async () => {
        const saved = await request.tx((ctx) => service.saveMinutes(ctx, id, itemId, input));
        return { ...saved, wording: wordingOf(await wordingCheck(request.ctx(), input.minutes, 'staff')) };
      });
    },
  );
}

function registerWhatWasSaidApi(app: FastifyInstance): void {
  app.post<WithId>(
    '/api/v1/meetings/:id/contributions',
    api({
      summary: 'Record an agency’s contribution: the organisation, who spoke for it and what they reported',
      body: contributionInput,
      response: { status: 201, description: 'The new contribution’s id' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(contributionInput, request.body);
      return reply.code(201).send(await request.tx((ctx) => service.addContribution(ctx, id, input)));
    },
  );

  app.post<WithId>(
    '/api/v1/meetings/:id/decisions',
    api({
      summary: 'Record a decision: what, why, the attendees who agreed, and who disagreed and why',
      body: decisionInput,
      response: { status: 201, description: 'The new decision’s id' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(decisionInput, request.body);
      return reply.code(201).send(await request.tx((ctx) => service.recordDecision(ctx, id, input)));
    },
  );

  app.post<WithId>(
    '/api/v1/meetings/:id/action-points',
    api({
      summary:
        'Add an action point: what, its owner (a member of staff), the due date and the outcome it serves',
      body: actionPointInput,
      response: { status: 201, description: 'The new action point’s id' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(actionPointInput, request.body);
      return reply.code(201).send(await request.tx((ctx) => service.addActionPoint(ctx, id, input)));
    },
  );
}

function registerPlanApi(app: FastifyInstance): void {
  app.post<{ Params: { id: string; pointId: string } }>(
    '/api/v1/meetings/:id/action-points/:pointId/plan-action',
    api({
      summary: 'Add an action point to the person’s care plan as an action led by its owner',
      description:
        '201 with the new plan action’s id; 200 with the same id when it was already added (nothing is added ' +
        'twice). Send the plan revision you saw to be told (409) if the plan changed since.',
      body: addToPlanInput,
      response: { status: 201, description: 'The action point and the plan action it became' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const pointId = parseId(request.params.pointId);
      const input = parseInput(addToPlanInput, request.body);
      return withConflict(reply, input, async () => {
        const result = await request.tx((ctx) => addToPlan(ctx, id, pointId, input));
        return reply.code(result.added ? 201 : 200).send(result);
      });
    },
  );

  app.post<WithId>(
    '/api/v1/meetings/:id/action-points/plan-actions',
    api({
      summary: 'Add every action point not yet in the care plan, all or none',
      body: addToPlanInput,
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(addToPlanInput, request.body);
      return withConflict(reply, input, async () => ({
        added: await request.tx((ctx) => addAllToPlan(ctx, id, input)),
      }));
    },
  );
}

function registerSummaryApi(app: FastifyInstance): void {
  app.put<WithId>(
    '/api/v1/meetings/:id/summary',
    api({
      summary: 'Save the summary for the person as a draft, with the version and revision you started from',
      description:
        'Version 0 and revision 0 write the first draft. Changing a published summary starts the next version. ' +
        'Answers with the plain English check against the target for text written for the person; a stale save ' +
        'is refused with 409, holding both versions.',
      body: summaryInput,
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(summaryInput, request.body);
      return withConflict(reply, input, async () => {
        const saved = await request.tx((ctx) => saveSummary(ctx, id, input));
        return { ...saved, wording: wordingOf(await checkSummaryWording(request.ctx(), input.words)) };
      });
    },
  );

  app.post<WithId>(
    '/api/v1/meetings/:id/summary/publish',
    api({
      summary: 'Publish the draft summary: the person sees it from now on',
      body: publishInput,
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(publishInput, request.body);
      return withConflict(reply, input, () => request.tx((ctx) => publishSummary(ctx, id, input)));
    },
  );

  app.get<WithId>(
    '/api/v1/meetings/:id/summary/for-person',
    api({
      summary: 'The person’s copy of the latest summary, in their format or the one asked for',
      description:
        'What the person sees (or will see, for a draft), made only from what they may see. Audited.',
      query: formatQuery,
    }),
    async (request) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const copy = await request.tx((ctx) => summaryForPersonPreview(ctx, id, askedFormat(request)));
      return {
        meetingId: id,
        status: copy.status,
        version: copy.version,
        format: copy.format,
        notes: copy.doc,
      };
    },
  );
}
