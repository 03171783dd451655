// The timeline under /api/v1: the list with its filters, adding an update, confirming and correcting an
// entry, and an entry's history. The older /notes endpoints stay for the clients that use them.
import type { FastifyInstance } from 'fastify';
import { Conflict } from '../../errors.ts';
import { parseId } from '../../server/forms.ts';
import { apiDocs } from '../../server/openapi.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import { addEntry, type CorrectionConflict, confirmEntry, correctEntry } from './changes.ts';
import { entryJson } from './entries.ts';
import { confirmationInput, correctionInput, entryInput, timelineQuery } from './schema.ts';
import { entryHistory, notesFor, timeline } from './service.ts';

type WithId = { Params: { id: string } };
type WithEntry = { Params: { id: string; entryId: string } };

export function registerRecordsApi(app: FastifyInstance): void {
  const api = apiDocs('Timeline');

  app.get<WithId>(
    '/api/v1/people/:id/timeline',
    api({
      summary: 'The updates on a person’s timeline that you may read, newest first',
      description:
        'Updates you may not read are left out, and are not counted in total or pages. organisations lists ' +
        'the organisations whose updates you may read, to filter by.',
      query: timelineQuery,
    }),
    async (request) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const query = parseInput(timelineQuery, request.query);
      const view = await request.tx((ctx) => timeline(ctx, id, query));
      return {
        items: view.entries.map(entryJson),
        total: view.total,
        page: view.page,
        pages: view.pages,
        pageSize: view.pageSize,
        organisations: view.organisations,
      };
    },
  );

  app.post<WithId>(
    '/api/v1/people/:id/timeline',
    api({
      summary: 'Add an update to a person’s timeline, in your organisation’s name',
      body: entryInput,
      response: { status: 201, description: 'The update; its history is at the Location header' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(entryInput, request.body);
      const entry = await request.tx(async (ctx) => {
        const created = await addEntry(ctx, id, input);
        return (await entryHistory(ctx, id, created.id)).entry;
      });
      return reply
        .code(201)
        .header('location', `/api/v1/people/${id}/timeline/${entry.id}/history`)
        .send(entryJson(entry));
    },
  );

  app.get<WithEntry>(
    '/api/v1/people/:id/timeline/:entryId/history',
    api({
      summary: 'An update with every revision, newest first, and who confirmed each',
      description: 'An update you may not read is not found.',
    }),
    async (request) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const entryId = parseId(request.params.entryId);
      const history = await request.tx((ctx) => entryHistory(ctx, id, entryId));
      return {
        entry: entryJson(history.entry),
        revisions: history.revisions.map((r) => ({
          revision: r.revision,
          current: r.current,
          title: r.title,
          body: r.body,
          writtenByName: r.writtenByName,
          writtenAt: r.writtenAt.toISOString(),
          reason: r.reason,
          supersededAt: r.supersededAt?.toISOString() ?? null,
          supersededByName: r.supersededByName,
          confirmations: r.confirmations.map((c) => ({ ...c, at: c.at.toISOString() })),
        })),
      };
    },
  );

  app.post<WithEntry>(
    '/api/v1/people/:id/timeline/:entryId/confirmations',
    api({
      summary: 'Confirm that the revision of an update you read is accurate',
      description:
        'Anyone who may read the update may confirm it, except whoever wrote its current text. A 409 means it ' +
        'was corrected after you read it: read it again.',
      body: confirmationInput,
      response: { status: 201, description: 'The update, with your confirmation' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const entryId = parseId(request.params.entryId);
      const input = parseInput(confirmationInput, request.body);
      const entry = await request.tx((ctx) => confirmEntry(ctx, id, entryId, input));
      return reply.code(201).send(entryJson(entry));
    },
  );

  app.post<WithEntry>(
    '/api/v1/people/:id/timeline/:entryId/corrections',
    api({
      summary: 'Correct an update: a new revision, with why; the earlier text stays in its history',
      description:
        'Only the organisation that wrote the update may correct it. Send the revision you read: if someone ' +
        'corrected it since, the 409 body holds their correction (current) and yours (yours), and nothing ' +
        'is saved.',
      body: correctionInput,
      response: { status: 201, description: 'The corrected update' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const entryId = parseId(request.params.entryId);
      const input = parseInput(correctionInput, request.body);
      try {
        const entry = await request.tx((ctx) => correctEntry(ctx, id, entryId, input));
        return reply.code(201).send(entryJson(entry));
      } catch (error) {
        if (!(error instanceof Conflict)) throw error;
        const conflict = error.current as CorrectionConflict;
        // RFC 9457 allows members of its own: both texts, so a client can show them and let someone choose.
        return reply
          .code(409)
          .type('application/problem+json')
          .send({
            type: `https://joinedup.example/problems/${error.code}`,
            title: 'Someone else changed this',
            status: 409,
            detail: error.message,
            code: error.code,
            current: entryJson(conflict.current),
            yours: conflict.yours,
          });
      }
    },
  );

  registerNotesApi(app);
}

/** The notes endpoints from before the timeline: the same entries, in the shape their clients know. */
function registerNotesApi(app: FastifyInstance): void {
  const api = apiDocs('People');
  app.get<WithId>(
    '/api/v1/people/:id/notes',
    api({ summary: 'The notes on a person’s record that you may see (see the timeline endpoints)' }),
    async (request) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const notes = await request.tx((ctx) => notesFor(ctx, id));
      return {
        items: notes.visible.map((n) => ({
          id: n.id,
          title: n.title,
          body: n.body,
          category: n.category,
          sharingLevel: n.sharing_level,
          organisationId: n.organisation_id,
          organisationName: n.organisation_name,
          authorName: n.author_name,
          writtenAt: n.written_at,
          revision: n.revision,
        })),
      };
    },
  );

  app.post<WithId>(
    '/api/v1/people/:id/notes',
    api({
      summary: 'Add a note to a person’s record (an update on their timeline)',
      body: entryInput,
      response: { status: 201, description: 'The new note' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(entryInput, request.body);
      const created = await request.tx((ctx) => addEntry(ctx, id, input));
      return reply.code(201).send(created);
    },
  );
}
