// The summary for the person: writing it (with the plain English check against the target for text
// written for the person), publishing it, and the care team's look at the person's own copy in their format.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Conflict, Invalid } from '../../errors.ts';
import { formValues, handleForm, parseId } from '../../server/forms.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import { PERSON_FORMAT_LABELS, PERSON_FORMATS, type PersonFormat } from '../careplans/index.ts';
import { flashOf, requireWritable, type WithId } from './record-route-support.ts';
import { publishInput, summaryInput } from './record-schema.ts';
import {
  checkSummaryWording,
  publishSummary,
  type SummaryConflict,
  saveSummary,
  summaryEditor,
} from './record-summary.ts';
import { summaryForPersonPreview } from './record-summary-copies.ts';

export const formatQuery = z.object({
  format: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(PERSON_FORMATS, { error: 'Choose plain words, large print or easy read' }).optional(),
  ),
});

export function askedFormat(request: FastifyRequest): PersonFormat | null {
  return parseInput(formatQuery, request.query).format ?? null;
}

export function formatLinks(path: string, current: PersonFormat, preferred: PersonFormat | null) {
  return PERSON_FORMATS.map((f) => ({
    text: PERSON_FORMAT_LABELS[f],
    href: `${path}?format=${f}`,
    current: f === current,
    preferred: f === preferred,
  }));
}

async function editorPage(request: FastifyRequest, id: string) {
  const page = await request.tx((ctx) => summaryEditor(ctx, id));
  requireWritable(page);
  return {
    ...page,
    title: `Summary for ${page.person.givenName}`,
    section: 'meetings',
    preferredLabel: page.preferred ? PERSON_FORMAT_LABELS[page.preferred] : null,
  };
}

export function registerSummaryPages(app: FastifyInstance): void {
  const template = 'meetings/views/record/summary-form.njk';
  app.get<WithId>('/meetings/:id/record/summary', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const page = await editorPage(request, id);
    const latest = page.latest;
    return reply.render(template, {
      ...page,
      flash: flashOf(request),
      // The saved words are checked as the page opens: the person's target is 70 or more.
      wording: latest ? await checkSummaryWording(request.ctx(), latest.words) : null,
      values: latest
        ? { words: latest.words, version: latest.version, revision: latest.revision }
        : { words: '', version: 0, revision: 0 },
    });
  });

  app.post<WithId>('/meetings/:id/record/summary', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (body.intent === 'check') {
      const text = typeof body.words === 'string' ? body.words : '';
      return reply.render(template, {
        ...(await editorPage(request, id)),
        wording: await checkSummaryWording(request.ctx(), text),
        values: formValues(request),
      });
    }
    try {
      return await handleForm(request, reply, {
        schema: summaryInput,
        template,
        data: () => editorPage(request, id),
        run: (input) => request.tx((ctx) => saveSummary(ctx, id, input)),
        done: () => reply.redirect(`/meetings/${id}/record/summary?done=summary`, 303),
      });
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      const current = error.current as SummaryConflict;
      return reply.code(409).render(template, {
        ...(await editorPage(request, id)),
        conflict: current,
        errors: [{ field: 'words', message: error.message }],
        values: {
          ...formValues(request),
          version: String(current.version),
          revision: String(current.revision),
        },
      });
    }
  });

  app.post<WithId>('/meetings/:id/record/summary/publish', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    try {
      const input = parseInput(publishInput, request.body);
      await request.tx((ctx) => publishSummary(ctx, id, input));
      return reply.redirect(`/meetings/${id}/record?done=published#summary`, 303);
    } catch (error) {
      if (!(error instanceof Conflict) && !(error instanceof Invalid)) throw error;
      const page = await editorPage(request, id);
      const current = error instanceof Conflict ? (error.current as SummaryConflict) : null;
      return reply.code(error.status).render(template, {
        ...page,
        ...(current ? { conflict: current } : {}),
        errors:
          error instanceof Invalid
            ? error.fields.map((f) => ({ field: 'words', message: f.message }))
            : [{ field: 'words', message: error.message }],
        values: page.latest
          ? { words: page.latest.words, version: page.latest.version, revision: page.latest.revision }
          : { words: '', version: 0, revision: 0 },
      });
    }
  });

  app.get<WithId>('/meetings/:id/record/summary/for-person', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const asked = askedFormat(request);
    const copy = await request.tx((ctx) => summaryForPersonPreview(ctx, id, asked));
    const name = copy.person.preferredName || copy.person.givenName;
    return reply.render('meetings/views/record/summary-for-person.njk', {
      ...copy,
      meeting: { id, kindLabel: 'Meeting summary' },
      person: copy.person,
      title: `${name}’s copy of the meeting summary: ${PERSON_FORMAT_LABELS[copy.format].toLowerCase()}`,
      section: 'meetings',
      formats: formatLinks(`/meetings/${id}/record/summary/for-person`, copy.format, copy.preferred),
    });
  });
}
