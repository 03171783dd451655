// Notifications under /api/v1: your list with the unread count, marking read, your email preference, and
// the outbox counts for the administrator and the IG lead.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseId } from '../../server/forms.ts';
import { apiDocs } from '../../server/openapi.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import { emailPreference, listNotifications, markAllRead, markRead, setEmailPreference } from './inbox.ts';
import { outboxCounts } from './outbox.ts';
import { KINDS, listQuery, preferenceInput } from './schema.ts';

const notification = z.object({
  id: z.uuid(),
  kind: z.enum(KINDS),
  kindLabel: z.string(),
  title: z.string(),
  link: z.string().describe('A path in JoinedUp'),
  createdAt: z.string().describe('ISO 8601, UTC'),
  readAt: z.string().nullable(),
});

const page = z.object({
  items: z.array(notification),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
  unreadCount: z.number().int(),
  unreadOnly: z.boolean(),
});

const preference = z.object({ emailMode: z.enum(['immediate', 'digest']) });

export function registerNotifyApi(app: FastifyInstance): void {
  const api = apiDocs('Notifications');
  app.get(
    '/api/v1/notifications',
    api({
      summary: 'Your notifications, newest first, 20 a page, with your unread count',
      description:
        'Only notifications about what you may still read are listed: one about a person whose sharing rules have changed for you since is left out.',
      query: listQuery,
      response: { description: 'A page of notifications', schema: page },
    }),
    async (request) => {
      requireStaff(request);
      const query = parseInput(listQuery, request.query);
      return request.tx((ctx) =>
        listNotifications(ctx, { page: query.page, unreadOnly: query.unread === 'true' }),
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/notifications/:id/read',
    api({
      summary: 'Mark one of your notifications as read',
      body: null,
      response: { description: 'The notification', schema: notification },
    }),
    async (request) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      return request.tx((ctx) => markRead(ctx, id));
    },
  );

  app.post(
    '/api/v1/notifications/read-all',
    api({
      summary: 'Mark all your notifications as read',
      body: null,
      response: { description: 'How many were marked', schema: z.object({ marked: z.number().int() }) },
    }),
    async (request) => {
      requireStaff(request);
      return request.tx((ctx) => markAllRead(ctx));
    },
  );

  app.get(
    '/api/v1/notifications/preferences',
    api({
      summary: 'How you get notification emails: immediately, or in a daily digest at 07:00',
      response: { description: 'Your preference', schema: preference },
    }),
    async (request) => {
      requireStaff(request);
      return request.tx((ctx) => emailPreference(ctx));
    },
  );

  app.put(
    '/api/v1/notifications/preferences',
    api({
      summary:
        'Choose immediate emails or a daily digest (invitations with a calendar file always come at once)',
      body: preferenceInput,
      response: { description: 'Your preference', schema: preference },
    }),
    async (request) => {
      requireStaff(request);
      const input = parseInput(preferenceInput, request.body);
      return request.tx((ctx) => setEmailPreference(ctx, input.emailMode));
    },
  );

  app.get(
    '/api/v1/notifications/outbox',
    api({
      summary: 'The partnership’s email outbox: how many emails wait, were sent, failed or were withheld',
      description: 'For the administrator and the information governance lead.',
      response: { description: 'Outbox counts and the latest send errors' },
    }),
    async (request) => {
      const actor = requireStaff(request, 'outbox.view');
      const counts = await outboxCounts(request.ctx().db, actor.partnershipId);
      return { ...counts, smtpConfigured: Boolean(app.config.smtpUrl) };
    },
  );
}
