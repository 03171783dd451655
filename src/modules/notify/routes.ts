// Notification pages: the list (mark read, mark all read), email preferences, and the outbox for the
// administrator and the IG lead; plus the hook that puts the unread count in every staff page's header.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { handleForm, parseId } from '../../server/forms.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import { registerNotifyApi } from './api.ts';
import {
  emailPreference,
  listNotifications,
  markAllRead,
  markRead,
  setEmailPreference,
  unreadCount,
} from './inbox.ts';
import { outboxCounts } from './outbox.ts';
import { EMAIL_MODES, listQuery, preferenceInput } from './schema.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Unread notifications, for the header; set for signed-in staff pages only. */
    notificationCount: number | null;
  }
}

const FLASH: Record<string, string> = {
  read: 'The notification is marked as read.',
  all: 'All your notifications are marked as read.',
  preferences: 'Your email preference is saved.',
};

function flashOf(request: FastifyRequest): string | undefined {
  const done = (request.query as Record<string, unknown>).done;
  return typeof done === 'string' ? FLASH[done] : undefined;
}

/** Requests that render a page in the layout: not the API, assets, feeds or downloads. */
function isPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0] ?? '';
  return !/^\/(api|static|assets|fhir|healthz)(\/|$)/.test(path) && !/\.[a-z]{2,4}$/i.test(path);
}

export function registerNotifyRoutes(app: FastifyInstance): void {
  app.decorateRequest('notificationCount', null);
  // One indexed count per staff page (more only when a notification must be decided again).
  app.addHook('preHandler', async (request) => {
    if (request.actor.kind !== 'staff' || request.session?.stage !== 'signed_in' || !isPage(request)) return;
    request.notificationCount = await request.tx((ctx) => unreadCount(ctx));
  });

  app.get('/notifications', async (request, reply) => {
    requireStaff(request);
    const query = parseInput(listQuery, request.query);
    const page = await request.tx((ctx) =>
      listNotifications(ctx, { page: query.page, unreadOnly: query.unread === 'true' }),
    );
    // The count read with the list, so the header and the list agree on this page whatever happened between.
    request.notificationCount = page.unreadCount;
    const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
    const filter = page.unreadOnly ? '&unread=true' : '';
    return reply.render('notify/views/list.njk', {
      title: page.page > 1 ? `Notifications (page ${page.page} of ${pages})` : 'Notifications',
      section: 'notifications',
      width: 'full',
      ...page,
      returnTo: request.url,
      pagination:
        pages > 1
          ? {
              ...(page.page > 1
                ? { previous: { href: `/notifications?page=${page.page - 1}${filter}` } }
                : {}),
              ...(page.page < pages
                ? { next: { href: `/notifications?page=${page.page + 1}${filter}` } }
                : {}),
              items: Array.from({ length: pages }, (_, i) => ({
                number: i + 1,
                href: `/notifications?page=${i + 1}${filter}`,
                current: i + 1 === page.page,
              })),
            }
          : null,
      flash: flashOf(request),
    });
  });

  app.post<{ Params: { id: string } }>('/notifications/:id/read', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    await request.tx((ctx) => markRead(ctx, id));
    return reply.redirect(`${backTo(request)}done=read`, 303);
  });

  app.post('/notifications/read-all', async (request, reply) => {
    requireStaff(request);
    await request.tx((ctx) => markAllRead(ctx));
    return reply.redirect('/notifications?done=all', 303);
  });

  const preferencesPage = {
    title: 'How you get notification emails',
    section: 'notifications',
    modes: EMAIL_MODES,
  };
  app.get('/notifications/preferences', async (request, reply) => {
    requireStaff(request);
    const { emailMode } = await request.tx((ctx) => emailPreference(ctx));
    return reply.render('notify/views/preferences.njk', {
      ...preferencesPage,
      values: { emailMode },
      flash: flashOf(request),
    });
  });
  app.post('/notifications/preferences', async (request, reply) => {
    requireStaff(request);
    return handleForm(request, reply, {
      schema: preferenceInput,
      template: 'notify/views/preferences.njk',
      data: () => preferencesPage,
      run: (input) => request.tx((ctx) => setEmailPreference(ctx, input.emailMode)),
      done: () => reply.redirect('/notifications/preferences?done=preferences', 303),
    });
  });

  app.get('/notifications/outbox', async (request, reply) => {
    const actor = requireStaff(request, 'outbox.view');
    const counts = await outboxCounts(request.ctx().db, actor.partnershipId);
    return reply.render('notify/views/outbox.njk', {
      title: 'Email outbox',
      section: 'notifications',
      counts,
      smtpConfigured: Boolean(app.config.smtpUrl),
    });
  });

  registerNotifyApi(app);
}

/** Back to the list page the form was on (a same-site /notifications path only), ready for ?done=. */
function backTo(request: FastifyRequest): string {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const to = typeof body.returnTo === 'string' ? body.returnTo : '';
  const safe = /^\/notifications(\?[\w=&-]*)?$/.test(to)
    ? to.replace(/([?&])done=\w+&?/, '$1')
    : '/notifications';
  const clean = safe.replace(/[?&]$/, '');
  return clean.includes('?') ? `${clean}&` : `${clean}?`;
}
