// Meeting pages: the list, a person's meetings, scheduling, the meeting, its changes, cancellation and
// attendance, and its calendar file. Venues and the personal calendar feed are in routes-venues-feed.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { handleForm, parseId, withConflict } from '../../server/forms.ts';
import { requireStaff } from '../../server/sessions.ts';
import { datePartValues } from '../../web/date-input.ts';
import { REPRESENTATIVE_LABELS } from '../people/index.ts';
import { registerMeetingApi } from './api.ts';
import { recordAttendance } from './attendance.ts';
import { cancelMeeting, changeMeeting } from './changes.ts';
import { meetingInvite } from './feed.ts';
import { registerFeedPages, registerVenuePages } from './routes-venues-feed.ts';
import { scheduleFormData, scheduleMeeting } from './schedule.ts';
import {
  ATTENDANCE,
  ATTENDANCE_LABELS,
  attendanceInput,
  cancelInput,
  changeInput,
  KIND_LABELS,
  MODE_LABELS,
  MODES,
  REPEAT_LABELS,
  scheduleInput,
} from './schema.ts';
import { REPEATS, SERIES_CAP } from './series.ts';
import { meetingPage, meetingsOverview, personMeetings, venueList } from './service.ts';
import { londonParts } from './time.ts';

type WithId = { Params: { id: string } };

const FLASH: Record<string, string> = {
  scheduled: 'The meeting is scheduled and the invitations are on their way.',
  series: 'The meetings are scheduled and the invitations are on their way.',
  changed: 'The meeting is changed. Everyone invited has the new version.',
  cancelled: 'The meeting is cancelled. Everyone invited has been told.',
  attendance: 'Attendance is recorded.',
  venue: 'The venue is saved.',
  revoked: 'Your calendar feed is stopped. Its address no longer works.',
};

export function flashOf(request: FastifyRequest): string | undefined {
  const done = (request.query as Record<string, unknown>).done;
  return typeof done === 'string' ? FLASH[done] : undefined;
}

const labels = {
  kindLabels: KIND_LABELS,
  modeLabels: MODE_LABELS,
  modes: MODES,
  repeatLabels: REPEAT_LABELS,
  repeats: REPEATS,
  seriesCap: SERIES_CAP,
  representativeLabels: REPRESENTATIVE_LABELS,
  attendanceLabels: ATTENDANCE_LABELS,
  attendanceValues: ATTENDANCE,
};

export function appUrl(request: FastifyRequest): string {
  return request.server.config.publicUrl;
}

export function registerMeetingRoutes(app: FastifyInstance): void {
  app.get('/meetings', async (request, reply) => {
    requireStaff(request);
    return reply.render('meetings/views/list.njk', {
      title: 'Meetings',
      section: 'meetings',
      ...(await request.tx((ctx) => meetingsOverview(ctx))),
      flash: flashOf(request),
    });
  });
  app.get<WithId>('/people/:id/meetings', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const data = await request.tx((ctx) => personMeetings(ctx, id));
    return reply.render('meetings/views/person.njk', {
      title: `Meetings: ${data.person.givenName} ${data.person.familyName}`,
      section: 'people',
      ...data,
      flash: flashOf(request),
    });
  });
  registerSchedulePages(app);
  registerVenuePages(app);
  registerFeedPages(app);
  registerMeetingPages(app);
  registerMeetingApi(app);
}

function registerSchedulePages(app: FastifyInstance): void {
  const page = async (request: FastifyRequest, personId: string | null) => {
    const data = await request.tx((ctx) => scheduleFormData(ctx, personId));
    return {
      ...labels,
      ...data,
      title: data.person
        ? `Schedule a meeting about ${data.person.givenName}`
        : 'Schedule a partnership meeting',
      section: data.person ? 'people' : 'meetings',
      back: data.person ? `/people/${data.person.id}/meetings` : '/meetings',
      action: '/meetings/new',
      repeatable: true,
      submitText: 'Schedule and send invitations',
      me: requireStaff(request),
      organiserId: requireStaff(request).userId,
    };
  };
  app.get('/meetings/new', async (request, reply) => {
    requireStaff(request);
    const person = (request.query as Record<string, unknown>).person;
    const personId = typeof person === 'string' && person !== '' ? parseId(person) : null;
    return reply.render('meetings/views/form.njk', {
      ...(await page(request, personId)),
      values: { invitePerson: personId ? 'yes' : '', repeat: 'none' },
    });
  });
  app.post('/meetings/new', async (request, reply) => {
    requireStaff(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const personId =
      typeof body.personId === 'string' && body.personId !== '' ? parseId(body.personId) : null;
    return handleForm(request, reply, {
      schema: scheduleInput,
      template: 'meetings/views/form.njk',
      data: () => page(request, personId),
      run: (input) => request.tx((ctx) => scheduleMeeting(ctx, input, { appUrl: appUrl(request) })),
      done: (r) => reply.redirect(`/meetings/${r.id}?done=${r.seriesId ? 'series' : 'scheduled'}`, 303),
    });
  });
}

/** The form's boxes filled from the meeting as it is. */
function valuesOf(page: Awaited<ReturnType<typeof meetingPage>>): Record<string, unknown> {
  const m = page.meeting;
  const start = londonParts(m.startsAt);
  return {
    kind: m.kind,
    title: m.title === KIND_LABELS[m.kind] ? '' : m.title,
    ...datePartValues('date', start.date),
    startTime: start.time,
    endTime: londonParts(m.endsAt).time,
    mode: m.mode,
    venueOrganisationId: m.venueOrganisationId ?? '',
    location: m.venueOrganisationId ? '' : (m.location ?? ''),
    videoLink: m.videoLink ?? '',
    agenda: m.agenda,
    staffIds: m.invitees.filter((i) => i.staffUserId).map((i) => i.staffUserId),
    invitePerson: m.invitees.some((i) => i.kind === 'person') ? 'yes' : '',
    representativeIds: m.invitees.filter((i) => i.representativeId).map((i) => i.representativeId),
    revision: String(m.revision),
  };
}

function registerMeetingPages(app: FastifyInstance): void {
  app.get<WithId>('/meetings/:id', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const page = await request.tx((ctx) => meetingPage(ctx, id));
    const venues = page.meeting.venueOrganisationId ? await venueList(request.ctx()) : [];
    return reply.render('meetings/views/show.njk', {
      title: page.meeting.title,
      section: page.person ? 'people' : 'meetings',
      ...page,
      venueAccess: venues.find((v) => v.id === page.meeting.venueOrganisationId)?.accessNotes || null,
      flash: flashOf(request),
    });
  });

  app.get<WithId>('/meetings/:id/invite.ics', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const invite = await request.tx((ctx) => meetingInvite(ctx, id, appUrl(request)));
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${invite.filename}"`)
      .type('text/calendar; charset=utf-8')
      .send(invite.content);
  });

  const changePage = async (request: FastifyRequest, id: string) => {
    const meeting = await request.tx((ctx) => meetingPage(ctx, id));
    const form = await request.tx((ctx) => scheduleFormData(ctx, meeting.meeting.personId));
    return {
      meetingPage: meeting,
      data: {
        ...labels,
        ...form,
        title: 'Change or reschedule the meeting',
        section: form.person ? 'people' : 'meetings',
        back: `/meetings/${id}`,
        action: `/meetings/${id}/change`,
        repeatable: false,
        submitText: 'Save and send the changes',
        me: requireStaff(request),
        organiserId: meeting.meeting.organiserId,
        organiserName: meeting.meeting.organiserName ?? meeting.meeting.updatedByName,
      },
    };
  };
  app.get<WithId>('/meetings/:id/change', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const { meetingPage: page, data } = await changePage(request, id);
    if (!page.can.change) return reply.redirect(`/meetings/${id}`, 303);
    return reply.render('meetings/views/form.njk', { ...data, values: valuesOf(page) });
  });
  app.post<WithId>('/meetings/:id/change', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const data = async () => (await changePage(request, id)).data;
    return withConflict(request, reply, 'meetings/views/form.njk', data, 'date', () =>
      handleForm(request, reply, {
        schema: changeInput,
        template: 'meetings/views/form.njk',
        data,
        run: (input) => request.tx((ctx) => changeMeeting(ctx, id, input, { appUrl: appUrl(request) })),
        done: () => reply.redirect(`/meetings/${id}?done=changed`, 303),
      }),
    );
  });

  const stepPage = async (request: FastifyRequest, id: string, title: string) => ({
    ...labels,
    ...(await request.tx((ctx) => meetingPage(ctx, id))),
    title,
  });
  app.get<WithId>('/meetings/:id/cancel', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const page = await stepPage(request, id, 'Cancel the meeting');
    if (!page.can.cancel) return reply.redirect(`/meetings/${id}`, 303);
    return reply.render('meetings/views/cancel.njk', {
      ...page,
      values: { revision: String(page.meeting.revision), scope: 'this' },
    });
  });
  app.post<WithId>('/meetings/:id/cancel', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const data = () => stepPage(request, id, 'Cancel the meeting');
    return withConflict(request, reply, 'meetings/views/cancel.njk', data, 'reason', () =>
      handleForm(request, reply, {
        schema: cancelInput,
        template: 'meetings/views/cancel.njk',
        data,
        run: (input) => request.tx((ctx) => cancelMeeting(ctx, id, input, { appUrl: appUrl(request) })),
        done: () => reply.redirect(`/meetings/${id}?done=cancelled`, 303),
      }),
    );
  });

  app.get<WithId>('/meetings/:id/attendance', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const page = await stepPage(request, id, 'Record attendance');
    if (!page.can.attendance) return reply.redirect(`/meetings/${id}`, 303);
    const values = Object.fromEntries(
      page.meeting.invitees.map((i) => [`attendance-${i.id}`, i.attendance ?? '']),
    );
    return reply.render('meetings/views/attendance.njk', { ...page, values });
  });
  app.post<WithId>('/meetings/:id/attendance', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    return handleForm(request, reply, {
      schema: attendanceInput,
      template: 'meetings/views/attendance.njk',
      data: () => stepPage(request, id, 'Record attendance'),
      run: (input) => request.tx((ctx) => recordAttendance(ctx, id, input)),
      done: () => reply.redirect(`/meetings/${id}?done=attendance`, 303),
    });
  });
}
