// The meeting venues pages and the personal calendar feed: making, stopping and serving it (the feed itself
// needs no session: the secret address is the key).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFound } from '../../errors.ts';
import { handleForm, parseId } from '../../server/forms.ts';
import { requireStaff } from '../../server/sessions.ts';
import { inTransaction } from '../../server/transaction.ts';
import { createFeed, feedCalendar, feedOwner, feedStatus, revokeFeed } from './feed.ts';
import { appUrl, flashOf } from './routes.ts';
import { venueInput } from './schema.ts';
import { venueList } from './service.ts';
import { mayKeepVenue, setVenue } from './venues.ts';

export function registerVenuePages(app: FastifyInstance): void {
  app.get('/meetings/venues', async (request, reply) => {
    const actor = requireStaff(request);
    const venues = await venueList(request.ctx());
    return reply.render('meetings/views/venues.njk', {
      title: 'Meeting venues',
      section: 'meetings',
      venues: venues.map((v) => ({ ...v, canKeep: mayKeepVenue(actor, v.id) })),
      flash: flashOf(request),
    });
  });
  type WithOrg = { Params: { organisationId: string } };
  const page = async (request: FastifyRequest, organisationId: string) => {
    const organisation = (await venueList(request.ctx())).find((v) => v.id === organisationId);
    if (!organisation) throw new NotFound('The organisation');
    return { title: 'Meeting venue', section: 'meetings', organisation };
  };
  app.get<WithOrg>('/meetings/venues/:organisationId', async (request, reply) => {
    requireStaff(request);
    const data = await page(request, parseId(request.params.organisationId));
    return reply.render('meetings/views/venue-form.njk', {
      ...data,
      values: { address: data.organisation.address ?? '', accessNotes: data.organisation.accessNotes },
    });
  });
  app.post<WithOrg>('/meetings/venues/:organisationId', async (request, reply) => {
    requireStaff(request);
    const organisationId = parseId(request.params.organisationId);
    return handleForm(request, reply, {
      schema: venueInput,
      template: 'meetings/views/venue-form.njk',
      data: () => page(request, organisationId),
      run: (input) => request.tx((ctx) => setVenue(ctx, organisationId, input)),
      done: () => reply.redirect('/meetings/venues?done=venue', 303),
    });
  });
}

export function registerFeedPages(app: FastifyInstance): void {
  const page = async (request: FastifyRequest) => ({
    title: 'Your calendar feed',
    section: 'meetings',
    status: await feedStatus(request.ctx()),
  });
  app.get('/meetings/calendar-feed', async (request, reply) => {
    requireStaff(request);
    return reply.render('meetings/views/feed.njk', { ...(await page(request)), flash: flashOf(request) });
  });
  // The new address is shown in the response to the POST itself (never stored, never in a redirect's URL).
  app.post('/meetings/calendar-feed', async (request, reply) => {
    requireStaff(request);
    const { token } = await request.tx((ctx) => createFeed(ctx));
    return reply.render('meetings/views/feed.njk', {
      ...(await page(request)),
      feedUrl: `${appUrl(request).replace(/\/$/, '')}/calendar/${token}.ics`,
    });
  });
  app.post('/meetings/calendar-feed/revoke', async (request, reply) => {
    requireStaff(request);
    await request.tx((ctx) => revokeFeed(ctx));
    return reply.redirect('/meetings/calendar-feed?done=revoked', 303);
  });

  // No session: the token is the key. Unknown, malformed and revoked tokens are all simply not found.
  app.get<{ Params: { file: string } }>('/calendar/:file', async (request, reply) => {
    const match = /^(.+)\.ics$/.exec(request.params.file);
    if (!match) throw new NotFound('The calendar');
    const db = request.server.database.db;
    const owner = await feedOwner(db, match[1]!);
    const content = await inTransaction(db, owner, request.server.clock, (ctx) =>
      feedCalendar(ctx, appUrl(request)),
    );
    return reply
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .type('text/calendar; charset=utf-8')
      .send(content);
  });
}
