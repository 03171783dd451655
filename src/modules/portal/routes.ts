// The person's own pages (/my), the invitation link that sets their password (/invitation/:token), the care
// team's invitation page (/people/:id/invite) and the /api/v1/me endpoints. Every handler asks the service,
// which asks the policy before anything leaves the store.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { handleForm, parseId } from '../../server/forms.ts';
import { apiDocs } from '../../server/openapi.ts';
import { requirePerson, requireStaff, setSessionCookie } from '../../server/sessions.ts';
import type { PreferredFormat } from '../../storage/tables.ts';
import { endSession } from '../identity/index.ts';
import { FORMAT_LABELS, REPRESENTATIVE_LABELS } from '../people/index.ts';
import { aboutMeForm } from '../people/routes.ts';
import { accessLogQuery, FORMATS, inviteInput, parseFormat, parsePage, setPasswordInput } from './schema.ts';
import * as service from './service.ts';
import { sentences } from './words.ts';

type WithId = { Params: { id: string } };
type WithToken = { Params: { token: string } };

const MAIN_CLASSES: Record<PreferredFormat, string> = {
  standard: '',
  plain: '',
  large_print: 'app-large-print',
  easy_read: 'app-easy-read',
};

function formatCookie(request: FastifyRequest): string {
  // The __Host- prefix, as for the session cookie, when cookies are sent only over HTTPS.
  return request.server.config.cookieSecure ? '__Host-joinedup-format' : 'joinedup-format';
}

/**
 * The format a page is shown in: one chosen with ?format= (remembered in a cookie), else one chosen before,
 * else the person's preferred format from their communication needs.
 */
async function pageFormat(request: FastifyRequest, reply: FastifyReply, known?: PreferredFormat | null) {
  const query = request.query as Record<string, unknown>;
  const asked = parseFormat(query.format);
  if (asked) {
    reply.setCookie(formatCookie(request), asked, {
      path: '/',
      httpOnly: true,
      secure: request.server.config.cookieSecure,
      sameSite: 'lax',
      maxAge: 365 * 24 * 3600,
    });
  }
  const format =
    asked ??
    parseFormat(request.cookies[formatCookie(request)]) ??
    (known === undefined ? await request.tx((ctx) => service.myPreferredFormat(ctx)) : known) ??
    'standard';
  const path = request.url.split('?')[0] ?? '/my';
  const keep = Object.fromEntries(
    Object.entries(query).filter((e): e is [string, string] => e[0] !== 'format' && typeof e[1] === 'string'),
  );
  return {
    format,
    easyRead: format === 'easy_read',
    mainClasses: MAIN_CLASSES[format],
    formatLinks: FORMATS.map((f) => ({
      text: FORMAT_LABELS[f],
      href: `${path}?${new URLSearchParams({ ...keep, format: f }).toString()}`,
      current: f === format,
    })),
  };
}

function settingsOf(app: FastifyInstance) {
  return { idleMinutes: app.config.sessionIdleMinutes, maxHours: app.config.sessionMaxHours };
}

export function registerPortalRoutes(app: FastifyInstance): void {
  registerMyPages(app);
  registerInvitationPages(app);
  registerInvitePages(app);
  registerPortalApi(app);
}

function registerMyPages(app: FastifyInstance): void {
  app.get('/my', async (request, reply) => {
    requirePerson(request);
    const record = await request.tx((ctx) => service.myRecord(ctx));
    const view = await pageFormat(request, reply, record.communication?.preferred_format ?? null);
    return reply.render(
      view.format === 'easy_read' ? 'portal/views/my-easy-read.njk' : 'portal/views/my.njk',
      {
        ...view,
        ...record,
        easy: view.format === 'easy_read' ? easyRead(record) : null,
        title: view.format === 'easy_read' ? 'My record' : 'Your record',
        section: 'my-record',
        width: view.format === 'easy_read' ? 'full' : 'two-thirds',
        formatLabels: FORMAT_LABELS,
        representativeLabels: REPRESENTATIVE_LABELS,
      },
    );
  });

  const aboutMePage = async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = requirePerson(request);
    return {
      ...(await pageFormat(request, reply)),
      section: 'my-about-me',
      back: '/my',
      action: '/my/about-me',
      forWhom: actor.representativeId ? 'their' : 'your',
    };
  };

  app.get('/my/about-me', async (request, reply) => {
    requirePerson(request);
    const { person, aboutMe } = await request.tx((ctx) => service.myAboutMe(ctx));
    const a = aboutMe;
    return reply.render('people/views/about-me-form.njk', {
      ...(await aboutMePage(request, reply)),
      title: `“About me” for ${person.preferredName || person.givenName}`,
      values: a
        ? {
            whatMatters: a.what_matters,
            wishes: a.wishes,
            preferences: a.preferences,
            lifeHistory: a.life_history,
            writtenWith: a.written_with,
            version: a.version,
          }
        : { version: 1 },
    });
  });

  app.post('/my/about-me', async (request, reply) => {
    const actor = requirePerson(request);
    // The shared form takes the page's own data through, so the format and navigation stay as they were.
    return aboutMeForm(request, reply, actor.personId, await aboutMePage(request, reply));
  });

  app.get('/my/access', async (request, reply) => {
    requirePerson(request);
    const page = parsePage((request.query as Record<string, unknown>).page);
    const log = await request.tx((ctx) => service.myAccessLog(ctx, page));
    const view = await pageFormat(request, reply);
    return reply.render('portal/views/access.njk', {
      ...view,
      log,
      title: 'Who has looked at my record',
      section: 'my-access',
      width: 'full',
      pagination: paginationFor(log.page, log.pages, view.format),
    });
  });
}

/** The record's free text one sentence a line, for the easy-read page. */
function easyRead(record: service.MyRecord) {
  const a = record.aboutMe;
  return {
    aboutMe: a
      ? [
          { label: 'What matters to me', lines: sentences(a.what_matters) },
          { label: 'What I want', lines: sentences(a.wishes) },
          { label: 'How I like things done', lines: sentences(a.preferences) },
          { label: 'My life', lines: sentences(a.life_history) },
        ].filter((part) => part.lines.length)
      : [],
    otherNeeds: sentences(record.communication?.other_needs),
    notes: record.notes.map((n) => ({ ...n, lines: sentences(n.body) })),
  };
}

function paginationFor(page: number, pages: number, format: PreferredFormat) {
  if (pages <= 1) return null;
  const href = (n: number) => `/my/access?page=${n}&format=${format}`;
  return {
    ...(page > 1 ? { previous: { href: href(page - 1) } } : {}),
    ...(page < pages ? { next: { href: href(page + 1) } } : {}),
    items: Array.from({ length: pages }, (_, i) => ({
      number: i + 1,
      href: href(i + 1),
      current: i + 1 === page,
    })),
  };
}

function registerInvitationPages(app: FastifyInstance): void {
  const settings = settingsOf(app);
  const unusable = (reply: FastifyReply, error: service.InvitationUnusable) =>
    reply.code(error.status).render('portal/views/invitation-unusable.njk', {
      title: error.reason === 'unknown' ? 'This link does not work' : 'This link no longer works',
      reason: error.reason,
    });

  app.get<WithToken>('/invitation/:token', async (request, reply) => {
    try {
      const invitation = await request.tx((ctx) => service.invitation(ctx, request.params.token));
      return reply.render('portal/views/invitation.njk', {
        title: 'Set your password',
        invitation,
        action: request.url,
        values: {},
      });
    } catch (error) {
      if (error instanceof service.InvitationUnusable) return unusable(reply, error);
      throw error;
    }
  });

  app.post<WithToken>('/invitation/:token', async (request, reply) => {
    const token = request.params.token;
    try {
      return await handleForm(request, reply, {
        schema: setPasswordInput,
        template: 'portal/views/invitation.njk',
        data: async () => ({
          title: 'Set your password',
          action: request.url,
          invitation: await request.tx((ctx) => service.invitation(ctx, token)),
        }),
        run: (input) => request.tx((ctx) => service.activate(ctx, token, input, settings)),
        done: async (session) => {
          // Whoever was signed in on this browser before is signed out: the new session replaces theirs.
          if (request.sessionToken) await endSession(request.server.database.db, request.sessionToken);
          setSessionCookie(request, reply, session);
          return reply.redirect('/my', 303);
        },
      });
    } catch (error) {
      if (error instanceof service.InvitationUnusable) return unusable(reply, error);
      throw error;
    }
  });
}

function registerInvitePages(app: FastifyInstance): void {
  const page = async (request: FastifyRequest, id: string) => {
    const overview = await request.tx((ctx) => service.accessOverview(ctx, id));
    const name = overview.person.preferredName || overview.person.givenName;
    return {
      ...overview,
      name,
      title: `Give ${name} access to their own record`,
      section: 'people',
      back: `/people/${id}`,
      action: `/people/${id}/invite`,
      representativeLabels: REPRESENTATIVE_LABELS,
    };
  };

  app.get<WithId>('/people/:id/invite', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    return reply.render('portal/views/invite.njk', {
      ...(await page(request, id)),
      values: { who: 'person' },
    });
  });

  app.post<WithId>('/people/:id/invite', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    return handleForm(request, reply, {
      schema: inviteInput,
      template: 'portal/views/invite.njk',
      data: () => page(request, id),
      run: (input) => request.tx((ctx) => service.invite(ctx, id, input, app.config.publicUrl)),
      // The link is shown once, here, and never stored: only its SHA-256 is kept.
      done: async (sent) =>
        reply.render('portal/views/invite-sent.njk', {
          ...(await page(request, id)),
          title: 'Invitation link ready',
          sent,
          forName: sent.representativeName,
        }),
    });
  });

  app.post<{ Params: { id: string; accountId: string } }>(
    '/people/:id/portal-accounts/:accountId/disable',
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const accountId = parseId(request.params.accountId);
      await request.tx((ctx) => service.disableAccount(ctx, id, accountId));
      return reply.redirect(`/people/${id}/invite?disabled=1`, 303);
    },
  );
}

function registerPortalApi(app: FastifyInstance): void {
  const api = apiDocs('My record');
  app.get(
    '/api/v1/me/record',
    api({
      summary: 'Your own record, for a person or their representative',
      description:
        'About me, communication needs, the care team with the lead coordinator, representatives and the notes ' +
        'the rules let the person see (never restricted or safeguarding entries). The read is audited. Staff ' +
        'are refused: they use /api/v1/people/{id}.',
    }),
    async (request) => {
      requirePerson(request);
      const r = await request.tx((ctx) => service.myRecord(ctx));
      return {
        person: r.person,
        viewer: r.viewer,
        aboutMe: r.aboutMe && {
          whatMatters: r.aboutMe.what_matters,
          wishes: r.aboutMe.wishes,
          preferences: r.aboutMe.preferences,
          lifeHistory: r.aboutMe.life_history,
          writtenWith: r.aboutMe.written_with,
          updatedAt: r.aboutMe.updated_at,
          updatedByKind: r.aboutMe.updated_by_kind,
          version: r.aboutMe.version,
        },
        communication: r.communication && {
          preferredFormat: r.communication.preferred_format,
          easyRead: r.communication.easy_read,
          largePrint: r.communication.large_print,
          bsl: r.communication.bsl,
          interpreterLanguage: r.communication.interpreter_language,
          otherNeeds: r.communication.other_needs,
        },
        careTeam: r.careTeam,
        representatives: r.representatives.map((p) => ({
          id: p.id,
          name: p.name,
          kind: p.kind,
          relationship: p.relationship,
          maySignIn: p.may_sign_in,
        })),
        notes: r.notes,
      };
    },
  );

  app.get(
    '/api/v1/me/access-log',
    api({
      summary: 'Who has looked at your record, and why',
      description:
        'Looks by staff, and by representatives other than the one asking, newest first, 20 a page; the ' +
        'person’s own reads are not listed. Reading it is audited.',
      query: accessLogQuery,
    }),
    async (request) => {
      requirePerson(request);
      const page = parsePage((request.query as Record<string, unknown>).page);
      const log = await request.tx((ctx) => service.myAccessLog(ctx, page));
      return {
        page: log.page,
        pages: log.pages,
        pageSize: log.pageSize,
        total: log.total,
        items: log.rows.map((row) => ({
          at: row.at.toISOString(),
          who: row.who,
          role: row.role,
          organisation: row.organisation,
          what: row.what,
          basis: row.bases,
          action: row.action,
          recordedBasis: row.basis,
        })),
      };
    },
  );
}
