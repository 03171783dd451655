// The person's meeting notes in their own pages (/my/meetings): each meeting about them with a published
// summary, in their format: the one chosen here (remembered with the rest of their pages' choice), else their
// preferred one. Their representative, signed in for them, sees the same. Nothing else of the record is here.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseId } from '../../server/forms.ts';
import { apiDocs } from '../../server/openapi.ts';
import { requirePerson } from '../../server/sessions.ts';
import { PERSON_FORMATS, type PersonFormat } from '../careplans/index.ts';
import type { WithId } from './record-route-support.ts';
import { mySummaries, mySummary } from './record-summary-copies.ts';
import { askedFormat, formatLinks, formatQuery } from './record-summary-routes.ts';

function formatCookie(request: FastifyRequest): string {
  // The same cookie as the rest of the person's pages (portal and "My plan"), so every page opens alike.
  return request.server.config.cookieSecure ? '__Host-joinedup-format' : 'joinedup-format';
}

/** The format chosen with ?format= (and remembered), else the one chosen before; null for their preferred one. */
function myFormat(request: FastifyRequest, reply: FastifyReply): PersonFormat | null {
  const asked = askedFormat(request);
  const secure = request.server.config.cookieSecure;
  if (asked) {
    reply.setCookie(formatCookie(request), asked, {
      path: '/',
      httpOnly: true,
      secure,
      sameSite: 'lax',
      maxAge: 365 * 86_400,
    });
    return asked;
  }
  const kept = request.cookies[formatCookie(request)];
  if (kept === 'standard') return 'plain';
  return PERSON_FORMATS.find((f) => f === kept) ?? null;
}

export function registerMyMeetingPages(app: FastifyInstance): void {
  app.get('/my/meetings', async (request, reply) => {
    requirePerson(request);
    const format = myFormat(request, reply);
    const meetings = await request.tx((ctx) => mySummaries(ctx));
    return reply.render('meetings/views/record/my-meetings.njk', {
      title: 'My meetings',
      section: 'my-meetings',
      easy: format === 'easy_read',
      // Larger text where the person chose large print or easy read, as on the rest of their pages.
      mainClasses:
        format === 'large_print' ? 'app-large-print' : format === 'easy_read' ? 'app-easy-read' : '',
      meetings,
    });
  });

  app.get<WithId>('/my/meetings/:id', async (request, reply) => {
    requirePerson(request);
    const id = parseId(request.params.id);
    const asked = myFormat(request, reply);
    const copy = await request.tx((ctx) => mySummary(ctx, id, asked));
    return reply.render('meetings/views/record/my-meeting.njk', {
      title: copy.doc.title,
      section: 'my-meetings',
      doc: copy.doc,
      formats: formatLinks(`/my/meetings/${id}`, copy.format, copy.preferred),
    });
  });

  const api = apiDocs('My record');
  app.get(
    '/api/v1/me/meetings',
    api({
      summary: 'The meetings about you with notes written for you (a published summary), newest first',
      description:
        'For a person signed in to their own record, or their representative. The read is audited.',
    }),
    async (request) => {
      requirePerson(request);
      return { items: await request.tx((ctx) => mySummaries(ctx)) };
    },
  );

  app.get<WithId>(
    '/api/v1/me/meetings/:id',
    api({
      summary: 'The notes from one of your meetings, in your format',
      description:
        'The latest published summary, who came and what happens next, as plain words, large print or easy read ' +
        '(your preferred format unless you ask for another). Drafts, and anything the sharing rules keep from you, ' +
        'are never included. The read is audited.',
      query: formatQuery,
    }),
    async (request) => {
      requirePerson(request);
      const id = parseId(request.params.id);
      const copy = await request.tx((ctx) => mySummary(ctx, id, askedFormat(request)));
      return { meetingId: copy.meetingId, format: copy.format, version: copy.version, notes: copy.doc };
    },
  );
}
