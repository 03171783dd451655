// Puts the signed-in actor on every request, and keeps half-signed-in sessions to the pages they need.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, PersonActor, StaffActor } from '../context.ts';
import { Refused, Unauthenticated } from '../errors.ts';
import {
  type ActiveSession,
  findPersonSession,
  findSession,
  hashToken,
  type PersonSession,
} from '../modules/identity/index.ts';
import { authorise, type Permission } from '../policy/index.ts';

const ANONYMOUS: Actor = Object.freeze({ kind: 'anonymous' });

export function sessionCookieName(secure: boolean): string {
  // The __Host- prefix makes browsers refuse the cookie unless it is Secure, host-only and for the whole site.
  return secure ? '__Host-joinedup' : 'joinedup';
}

export function registerSessions(app: FastifyInstance): void {
  const name = sessionCookieName(app.config.cookieSecure);
  const settings = { idleMinutes: app.config.sessionIdleMinutes, maxHours: app.config.sessionMaxHours };
  app.decorateRequest('session', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('actor', null as never);
  app.addHook('onRequest', async (request) => {
    request.actor = ANONYMOUS;
    if (
      request.url.startsWith('/assets/') ||
      request.url.startsWith('/static/') ||
      request.url === '/healthz'
    )
      return;
    const token = request.cookies[name];
    if (!token) return;
    const session = await findSession(app.database.db, token, app.clock.now(), settings);
    if (session) {
      request.session = session;
      request.sessionToken = token;
      if (session.stage === 'signed_in') request.actor = staffActor(session);
      return;
    }
    // A person's session never fills request.session, which is for staff only: no staff page can be
    // reached with it, whatever the page checks.
    const personSession = await findPersonSession(app.database.db, token, app.clock.now(), settings);
    if (!personSession) return;
    request.sessionToken = token;
    request.actor = personActor(personSession);
  });
}

/**
 * What a form token is bound to besides the browser's form-token cookie: the session it was shown in, so that
 * a token from one session (planted with a tossed cookie, or left from before signing in) is refused in
 * another. Before signing in there is no session; the sign-in form's token is bound to that state alone.
 */
export function csrfBinding(request: FastifyRequest): string {
  return request.sessionToken ? `session:${hashToken(request.sessionToken)}` : 'before sign-in';
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  const config = request.server.config;
  reply.setCookie(sessionCookieName(config.cookieSecure), token, {
    path: '/',
    httpOnly: true,
    secure: config.cookieSecure,
    sameSite: 'lax',
    maxAge: config.sessionMaxHours * 3600,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(sessionCookieName(request.server.config.cookieSecure), { path: '/' });
}

export function staffActor(session: ActiveSession): StaffActor {
  return {
    kind: 'staff',
    userId: session.userId,
    partnershipId: session.partnershipId,
    organisationId: session.organisationId,
    role: session.role,
    name: session.name,
  };
}

export function personActor(session: PersonSession): PersonActor {
  return {
    kind: 'person',
    partnershipId: session.partnershipId,
    personId: session.personId,
    accountId: session.accountId,
    representativeId: session.representativeId,
    name: session.name,
  };
}

/**
 * The signed-in member of staff, or Unauthenticated. Sessions part-way through signing in do not count.
 * With a permission, someone without it is Refused before their input is even read, so that a refusal is
 * never hidden behind (or given away by) field errors.
 */
export function requireStaff(request: FastifyRequest, permission?: Permission): StaffActor {
  if (request.actor.kind === 'person') {
    throw new Refused(['This page is for care staff. Your own record is under “My record”.']);
  }
  const session = request.session;
  if (session?.stage !== 'signed_in') throw new Unauthenticated();
  const actor = staffActor(session);
  if (permission) {
    const decision = authorise(actor, permission);
    if (!decision.allowed) throw new Refused(decision.reasons, decision.askWhom);
  }
  return actor;
}

/** The person (or their authorised representative) signed in to their own record, or Unauthenticated. */
export function requirePerson(request: FastifyRequest): PersonActor {
  const actor = request.actor;
  if (actor.kind === 'person') return actor;
  if (request.session) {
    throw new Refused([
      'These pages are for a person signed in to their own record, or their representative. Staff see a person’s record from “People”.',
    ]);
  }
  throw new Unauthenticated();
}
