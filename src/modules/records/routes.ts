// The timeline's pages: the person's timeline with its filters and pages, adding an update, an entry's
// history, confirming an entry and correcting one. The older notes addresses lead here.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Conflict, Invalid } from '../../errors.ts';
import { CATEGORIES, CATEGORY_LABELS } from '../../policy/index.ts';
import { formValues, handleForm, parseId } from '../../server/forms.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import { personHeader } from '../people/index.ts';
import { registerRecordsApi } from './api.ts';
import { addEntry, type CorrectionConflict, confirmEntry, correctEntry, entryToCorrect } from './changes.ts';
import {
  confirmationInput,
  correctionInput,
  entryInput,
  SHARING_LEVEL_LABELS,
  SHARING_LEVEL_TAGS,
  type TimelineQuery,
  timelineQuery,
} from './schema.ts';
import { addForm, entryHistory, timeline } from './service.ts';

type WithId = { Params: { id: string } };
type WithEntry = { Params: { id: string; entryId: string } };

const labels = {
  categoryLabels: CATEGORY_LABELS,
  levelLabels: SHARING_LEVEL_LABELS,
  levelTags: SHARING_LEVEL_TAGS,
};

const FLASH: Record<string, string> = {
  added: 'Your update is on the timeline.',
  confirmed: 'You confirmed the update is accurate.',
  corrected: 'Your correction is saved. The earlier text stays in the update’s history.',
};

function flashOf(request: FastifyRequest): string | undefined {
  const done = (request.query as Record<string, unknown>).done;
  return typeof done === 'string' ? FLASH[done] : undefined;
}

const timelinePath = (personId: string) => `/people/${personId}/timeline`;
const entryPath = (personId: string, entryId: string) => `${timelinePath(personId)}/${entryId}`;

/** Where to go back to after confirming: the timeline page the button was on, or the entry's history. */
function backTo(raw: unknown, personId: string): string {
  const base = timelinePath(personId);
  return typeof raw === 'string' && (raw === base || raw.startsWith(`${base}?`) || raw.startsWith(`${base}/`))
    ? raw
    : base;
}

function withDone(path: string, done: string, anchor = ''): string {
  const [p, q] = path.split('?');
  const params = new URLSearchParams(q ?? '');
  params.set('done', done);
  return `${p}?${params.toString()}${anchor}`;
}

function stringQuery(request: FastifyRequest): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'string' && k !== 'done') values[k] = v;
  }
  return values;
}

export function registerRecordsRoutes(app: FastifyInstance): void {
  registerTimelinePage(app);
  registerAddPages(app);
  registerEntryPages(app);
  registerNotesAddresses(app);
  registerRecordsApi(app);
}

function registerTimelinePage(app: FastifyInstance): void {
  app.get<WithId>('/people/:id/timeline', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const values = stringQuery(request);
    let errors: Invalid['fields'] | undefined;
    let query: TimelineQuery = { organisationId: null, category: null, page: 1 };
    try {
      query = parseInput(timelineQuery, request.query);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      errors = error.fields;
    }
    const view = await request.tx((ctx) => timeline(ctx, id, query));
    const filters = { organisationId: query.organisationId ?? '', category: query.category ?? '' };
    const href = (n: number) =>
      `${timelinePath(id)}?${new URLSearchParams({ ...filters, page: String(n) }).toString()}`;
    return reply.code(errors ? 422 : 200).render('records/views/timeline.njk', {
      ...labels,
      ...view,
      title: `Timeline: ${view.person.givenName} ${view.person.familyName}`,
      section: 'people',
      categories: CATEGORIES,
      values: errors ? values : filters,
      errors,
      filtered: Boolean(query.organisationId || query.category),
      organisationName: view.organisations.find((o) => o.id === query.organisationId)?.name,
      here: query.organisationId || query.category || view.page > 1 ? href(view.page) : timelinePath(id),
      pagination: view.pages > 1 ? pagination(view.page, view.pages, href) : null,
      flash: flashOf(request),
    });
  });
}

function pagination(page: number, pages: number, href: (n: number) => string) {
  const numbers = new Set([1, pages, page - 1, page, page + 1]);
  const items: Array<{ number?: number; href?: string; current?: boolean; ellipsis?: boolean }> = [];
  let last = 0;
  for (let n = 1; n <= pages; n++) {
    if (!numbers.has(n)) continue;
    if (n - last > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: href(n), current: n === page });
    last = n;
  }
  return {
    items,
    ...(page > 1 ? { previous: { href: href(page - 1) } } : {}),
    ...(page < pages ? { next: { href: href(page + 1) } } : {}),
  };
}

function registerAddPages(app: FastifyInstance): void {
  const formPage = async (request: FastifyRequest, id: string) => {
    const form = await request.tx((ctx) => addForm(ctx, id));
    return {
      ...labels,
      ...form,
      title: `Add an update to ${form.person.givenName}’s timeline`,
      section: 'people',
      action: `${timelinePath(id)}/new`,
      back: timelinePath(id),
    };
  };
  const show = async (request: FastifyRequest<WithId>, reply: FastifyReply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    return reply.render('records/views/entry-form.njk', {
      ...(await formPage(request, id)),
      values: { sharingLevel: 'care_team' },
    });
  };
  const save = async (request: FastifyRequest<WithId>, reply: FastifyReply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    return handleForm(request, reply, {
      schema: entryInput,
      template: 'records/views/entry-form.njk',
      data: () => formPage(request, id),
      run: (input) => request.tx((ctx) => addEntry(ctx, id, input)),
      done: (created) => reply.redirect(withDone(timelinePath(id), 'added', `#entry-${created.id}`), 303),
    });
  };
  app.get<WithId>('/people/:id/timeline/new', show);
  app.post<WithId>('/people/:id/timeline/new', save);
  // The form's older address, still in bookmarks and links: the same form, which posts to the new one.
  app.get<WithId>('/people/:id/notes/new', show);
  app.post<WithId>('/people/:id/notes/new', save);
}

function registerEntryPages(app: FastifyInstance): void {
  app.get<WithEntry>('/people/:id/timeline/:entryId', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const entryId = parseId(request.params.entryId);
    const history = await request.tx((ctx) => entryHistory(ctx, id, entryId));
    return reply.render('records/views/history.njk', {
      ...labels,
      ...history,
      title: `History of “${history.entry.title}”: ${history.person.givenName} ${history.person.familyName}`,
      section: 'people',
      back: timelinePath(id),
      here: entryPath(id, entryId),
      flash: flashOf(request),
    });
  });

  app.post<WithEntry>('/people/:id/timeline/:entryId/confirm', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const entryId = parseId(request.params.entryId);
    const back = backTo((request.body as Record<string, unknown> | undefined)?.back, id);
    try {
      const input = parseInput(confirmationInput, request.body);
      await request.tx((ctx) => confirmEntry(ctx, id, entryId, input));
      return reply.redirect(withDone(back, 'confirmed', `#entry-${entryId}`), 303);
    } catch (error) {
      if (!(error instanceof Conflict || error instanceof Invalid)) throw error;
      // The entry changed since it was read (or the page was out of date): show it as it is now.
      const history = await request.tx((ctx) => entryHistory(ctx, id, entryId));
      return reply.code(error.status).render('records/views/history.njk', {
        ...labels,
        ...history,
        title: `History of “${history.entry.title}”: ${history.person.givenName} ${history.person.familyName}`,
        section: 'people',
        back: timelinePath(id),
        here: entryPath(id, entryId),
        stale:
          error instanceof Conflict
            ? error.message
            : 'Your confirmation was not saved because the page was out of date. Read the update below, then confirm it if it is accurate.',
      });
    }
  });

  registerCorrectionPages(app);
}

function registerCorrectionPages(app: FastifyInstance): void {
  const page = (id: string, entryId: string, found: Awaited<ReturnType<typeof entryToCorrect>>) => ({
    ...labels,
    ...found,
    title: `Correct “${found.entry.title}”: ${found.person.givenName} ${found.person.familyName}`,
    section: 'people',
    action: `${entryPath(id, entryId)}/correct`,
    back: entryPath(id, entryId),
  });

  app.get<WithEntry>('/people/:id/timeline/:entryId/correct', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const entryId = parseId(request.params.entryId);
    const found = await request.tx((ctx) => entryToCorrect(ctx, id, entryId));
    return reply.render('records/views/correct-form.njk', {
      ...page(id, entryId, found),
      values: { title: found.entry.title, body: found.entry.body, revision: found.entry.revision },
    });
  });

  app.post<WithEntry>('/people/:id/timeline/:entryId/correct', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const entryId = parseId(request.params.entryId);
    try {
      return await handleForm(request, reply, {
        schema: correctionInput,
        template: 'records/views/correct-form.njk',
        data: async () => page(id, entryId, await request.tx((ctx) => entryToCorrect(ctx, id, entryId))),
        run: (input) => request.tx((ctx) => correctEntry(ctx, id, entryId, input)),
        done: () => reply.redirect(withDone(entryPath(id, entryId), 'corrected'), 303),
      });
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      // Both texts side by side: theirs as saved, yours still in the form, now against their revision, so
      // saving again is a deliberate choice made having read theirs.
      const conflict = error.current as CorrectionConflict;
      const found = await request.tx((ctx) => entryToCorrect(ctx, id, entryId));
      return reply.code(409).render('records/views/correct-form.njk', {
        ...page(id, entryId, found),
        conflict: conflict.current,
        errors: [{ field: 'body', message: error.message }],
        values: { ...formValues(request), revision: String(found.entry.revision) },
      });
    }
  });
}

/** The notes page's address leads to the timeline, once the viewer may open the record at all. */
function registerNotesAddresses(app: FastifyInstance): void {
  app.get<WithId>('/people/:id/notes', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    await request.tx((ctx) => personHeader(ctx, id));
    return reply.redirect(timelinePath(id), 301);
  });
}
