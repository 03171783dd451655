// The person's own version of their plan: for the care team to check and print (/people/:id/plan/for-person)
// and for the person signed in to their own record (/my/plan), each as a page and as a PDF to keep. What it
// shows is what planView lets the viewer see; every view is audited by planView, every PDF also as an export.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { londonDate } from '../../policy/index.ts';
import { parseId } from '../../server/forms.ts';
import { requirePerson, requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import { preferredFormat } from '../people/index.ts';
import { planPdf } from './pdf.ts';
import {
  PERSON_FORMAT_LABELS,
  PERSON_FORMATS,
  type PersonFormat,
  type PersonPlan,
  personFormatFor,
  personPlan,
} from './person-view.ts';
import { type PlanView, planView } from './service.ts';

type WithId = { Params: { id: string } };

const formatQuery = z.object({
  format: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(PERSON_FORMATS, { error: 'Choose plain words, large print or easy read' }).optional(),
  ),
});

function askedFormat(request: FastifyRequest): PersonFormat | null {
  return parseInput(formatQuery, request.query).format ?? null;
}

interface Loaded {
  view: PlanView;
  format: PersonFormat;
  /** The person's preferred format, when it is one of these and the viewer may see it. */
  preferred: PersonFormat | null;
  doc: PersonPlan;
}

/** The plan as the viewer may see it, in the format asked for or else the person's preferred one. */
async function load(ctx: Ctx, personId: string, asked: PersonFormat | null): Promise<Loaded> {
  const view = await planView(ctx, personId);
  const stated = await preferredFormat(ctx, personId);
  const preferred = stated && stated !== 'standard' ? personFormatFor(stated) : null;
  const format = asked ?? personFormatFor(stated);
  return { view, format, preferred, doc: personPlan(view, format, londonDate(ctx.clock.now())) };
}

/** The PDF, with a record of the export (and its format) in the same transaction as the read. */
async function exportPdf(
  ctx: Ctx,
  personId: string,
  asked: PersonFormat | null,
): Promise<{ pdf: Buffer; format: PersonFormat }> {
  const { view, format, doc } = await load(ctx, personId, asked);
  const pdf = await planPdf(doc, { madeAt: ctx.clock.now() });
  await record(ctx, {
    action: 'care_plan.export.pdf',
    entityType: view.plan ? 'care_plan' : 'person',
    entityId: view.plan?.id ?? personId,
    personId,
    basis: view.outcomesDecision.allowed
      ? (view.outcomesDecision.basis ?? 'none')
      : view.myActions.length
        ? 'assigned_task'
        : 'none',
    detail: {
      format,
      whole: view.outcomesDecision.allowed,
      outcomes: view.outcomes.length,
      actions: view.outcomesDecision.allowed
        ? view.outcomes.reduce((n, o) => n + o.actions.length, 0)
        : view.myActions.length,
    },
  });
  return { pdf, format };
}

function sendPdf(reply: FastifyReply, pdf: Buffer, filename: string): FastifyReply {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(pdf);
}

function formatLinks(path: string, current: PersonFormat, preferred: PersonFormat | null) {
  return PERSON_FORMATS.map((f) => ({
    text: PERSON_FORMAT_LABELS[f],
    href: `${path}?format=${f}`,
    current: f === current,
    preferred: f === preferred,
  }));
}

function pdfName(format: PersonFormat): string {
  return `${format.replace('_', '-')}.pdf`;
}

export function registerPersonPlanRoutes(app: FastifyInstance): void {
  app.get<WithId>('/people/:id/plan/for-person', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const asked = askedFormat(request);
    const { view, format, preferred, doc } = await request.tx((ctx) => load(ctx, id, asked));
    const name = view.person.preferredName || view.person.givenName;
    return reply.render('careplans/views/person-plan.njk', {
      title: `${name}’s copy of the plan: ${PERSON_FORMAT_LABELS[format].toLowerCase()}`,
      section: 'people',
      back: `/people/${id}/plan`,
      person: view.person,
      name,
      view,
      doc,
      formatLabel: PERSON_FORMAT_LABELS[format],
      formats: formatLinks(`/people/${id}/plan/for-person`, format, preferred),
      pdfHref: `/people/${id}/plan/for-person.pdf?format=${format}`,
    });
  });

  app.get<WithId>('/people/:id/plan/for-person.pdf', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const asked = askedFormat(request);
    const { pdf, format } = await request.tx((ctx) => exportPdf(ctx, id, asked));
    return sendPdf(reply, pdf, `care-plan-${pdfName(format)}`);
  });

  app.get('/my/plan', async (request, reply) => {
    const actor = requirePerson(request);
    const asked = myFormat(request, reply);
    const { format, preferred, doc } = await request.tx((ctx) => load(ctx, actor.personId, asked));
    return reply.render('careplans/views/person-plan-mine.njk', {
      title: doc.title,
      section: 'my-plan',
      doc,
      formats: formatLinks('/my/plan', format, preferred),
      pdfHref: `/my/plan.pdf?format=${format}`,
      formatLabel: PERSON_FORMAT_LABELS[format],
    });
  });

  app.get('/my/plan.pdf', async (request, reply) => {
    const actor = requirePerson(request);
    const asked = myFormat(request, reply);
    const { pdf, format } = await request.tx((ctx) => exportPdf(ctx, actor.personId, asked));
    return sendPdf(reply, pdf, `my-plan-${pdfName(format)}`);
  });
}

/**
 * The format for the person's own pages: one chosen with ?format=, else the one they last chose, which the
 * portal keeps in this cookie (src/modules/portal/routes.ts) so that their plan opens the way the rest of
 * their pages do; null to use their preferred format. A choice made here is remembered the same way.
 */
function myFormat(request: FastifyRequest, reply: FastifyReply): PersonFormat | null {
  const secure = request.server.config.cookieSecure;
  const name = secure ? '__Host-joinedup-format' : 'joinedup-format';
  const asked = askedFormat(request);
  if (asked) {
    reply.setCookie(name, asked, {
      path: '/',
      httpOnly: true,
      secure,
      sameSite: 'lax',
      maxAge: 365 * 86_400,
    });
    return asked;
  }
  const kept = request.cookies[name];
  if (kept === 'standard') return 'plain';
  return PERSON_FORMATS.find((f) => f === kept) ?? null;
}
