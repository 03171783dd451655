// Meetings under /api/v1. A meeting about a person follows the same sharing rules as its page. Dates are
// ISO dates and times are London wall-clock times ("14:30"); instants in responses are UTC.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseId } from '../../server/forms.ts';
import { apiDocs } from '../../server/openapi.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import { recordAttendance } from './attendance.ts';
import { cancelMeeting, changeMeeting } from './changes.ts';
import { createFeed, feedStatus, revokeFeed } from './feed.ts';
import { scheduleMeeting } from './schedule.ts';
import { attendanceInput, cancelInput, changeInput, scheduleInput, venueInput } from './schema.ts';
import { meetingPage, meetingsOverview, personMeetings, venueList } from './service.ts';
import { setVenue } from './venues.ts';

type WithId = { Params: { id: string } };

function appUrl(request: FastifyRequest): string {
  return request.server.config.publicUrl;
}

export function registerMeetingApi(app: FastifyInstance): void {
  const api = apiDocs('Meetings');
  app.get(
    '/api/v1/meetings',
    api({
      summary:
        'Partnership meetings and meetings about the people on your caseload, from 4 weeks ago on (upcoming and past)',
    }),
    async (request) => {
      requireStaff(request);
      return request.tx((ctx) => meetingsOverview(ctx));
    },
  );

  app.post(
    '/api/v1/meetings',
    api({
      summary: 'Schedule a meeting or a repeating series, and send the invitations',
      description:
        'Give personId for a meeting about a person (kinds planning, review, case_review, phone_check_in) or leave it out for a partnership meeting (partnership_board, joint_briefing). date is the first meeting’s London date (YYYY-MM-DD); startTime and endTime are London times like 14:30. A series repeats weekly, fortnightly or monthly with a count or an until date, at most 26 meetings; rotationOrganisationIds (2 or more, each with a venue) take turns to host. venueOrganisationId takes the address from that organisation’s venue; otherwise give location. A video or hybrid meeting needs videoLink.',
      body: scheduleInput,
      response: { status: 201, description: 'The first meeting, with the ids of every occurrence' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const input = parseInput(scheduleInput, request.body);
      const result = await request.tx((ctx) => scheduleMeeting(ctx, input, { appUrl: appUrl(request) }));
      const page = await request.tx((ctx) => meetingPage(ctx, result.id));
      return reply
        .code(201)
        .header('location', `/api/v1/meetings/${result.id}`)
        .send({ ...page, occurrenceIds: result.ids, seriesId: result.seriesId });
    },
  );

  app.get<WithId>(
    '/api/v1/meetings/:id',
    api({ summary: 'A meeting: when, where, who is invited, attendance and what you may do' }),
    async (request) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      return request.tx((ctx) => meetingPage(ctx, id));
    },
  );

  app.put<WithId>(
    '/api/v1/meetings/:id',
    api({
      summary: 'Change or reschedule a meeting (one occurrence), and send the changed invitations',
      description:
        'Send the revision you read: a stale revision is refused with 409 Conflict. The whole meeting is replaced, invitees included; those taken off get a cancellation.',
      body: changeInput,
    }),
    async (request) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(changeInput, request.body);
      await request.tx((ctx) => changeMeeting(ctx, id, input, { appUrl: appUrl(request) }));
      return request.tx((ctx) => meetingPage(ctx, id));
    },
  );

  app.post<WithId>(
    '/api/v1/meetings/:id/cancellation',
    api({
      summary: 'Cancel a meeting (or it and every later one in its series) with the reason',
      body: cancelInput,
      response: { status: 201, description: 'The ids of the meetings cancelled' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(cancelInput, request.body);
      const result = await request.tx((ctx) => cancelMeeting(ctx, id, input, { appUrl: appUrl(request) }));
      return reply.code(201).send(result);
    },
  );

  app.put<WithId>(
    '/api/v1/meetings/:id/attendance',
    api({
      summary: 'Record who was present, sent apologies or was absent, once the meeting has started',
      body: attendanceInput,
    }),
    async (request) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(attendanceInput, request.body);
      await request.tx((ctx) => recordAttendance(ctx, id, input));
      return request.tx((ctx) => meetingPage(ctx, id));
    },
  );

  app.get<WithId>(
    '/api/v1/people/:id/meetings',
    api({ summary: 'A person’s meetings, coming up and past (cancelled ones marked)' }),
    async (request) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      return request.tx((ctx) => personMeetings(ctx, id));
    },
  );

  app.get(
    '/api/v1/meeting-venues',
    api({ summary: 'Each member organisation’s meeting venue, where one is recorded' }),
    async (request) => {
      requireStaff(request);
      return { items: await venueList(request.ctx()) };
    },
  );

  app.put<{ Params: { organisationId: string } }>(
    '/api/v1/meeting-venues/:organisationId',
    api({
      summary: 'Set an organisation’s meeting venue (its managers and senior leaders, or an administrator)',
      body: venueInput,
    }),
    async (request) => {
      requireStaff(request);
      const organisationId = parseId(request.params.organisationId);
      const input = parseInput(venueInput, request.body);
      await request.tx((ctx) => setVenue(ctx, organisationId, input));
      return { items: await venueList(request.ctx()) };
    },
  );

  app.get(
    '/api/v1/calendar-feed',
    api({ summary: 'Whether you have a personal calendar feed, and when it was made' }),
    async (request) => {
      requireStaff(request);
      return feedStatus(request.ctx());
    },
  );

  app.post(
    '/api/v1/calendar-feed',
    api({
      summary: 'Make a new personal calendar feed address, replacing any other',
      description: 'The address is returned once: only a hash of its secret is kept.',
      body: null,
      response: { status: 201, description: 'The feed’s address' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const { token } = await request.tx((ctx) => createFeed(ctx));
      return reply.code(201).send({ url: `${appUrl(request).replace(/\/$/, '')}/calendar/${token}.ics` });
    },
  );

  app.delete(
    '/api/v1/calendar-feed',
    api({ summary: 'Stop your calendar feed: its address stops working at once', body: null }),
    async (request) => {
      requireStaff(request);
      return request.tx((ctx) => revokeFeed(ctx));
    },
  );
}
