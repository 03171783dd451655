// Assembles the Fastify server: security headers, body parsing with limits, cookies, CSRF, sessions,
// views, errors, then each module's routes.
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { registerAuditRoutes } from '../audit/routes.ts';
import type { Config } from '../config.ts';
import { type Clock, systemClock } from '../context.ts';
import { Invalid } from '../errors.ts';
import { registerPersonPlanRoutes } from '../modules/careplans/person-view-routes.ts';
import { registerCarePlanRoutes } from '../modules/careplans/routes.ts';
import { registerCarePlanWorkRoutes } from '../modules/careplans/routes-work.ts';
import { registerContactRoutes } from '../modules/contacts/routes.ts';
import { registerDisputeRoutes } from '../modules/disputes/routes.ts';
import { registerGlossaryRoutes } from '../modules/glossary/routes.ts';
import { registerIdentityRoutes } from '../modules/identity/routes.ts';
import { registerLearningRoutes } from '../modules/learning/routes.ts';
import { registerMeetingRecordRoutes } from '../modules/meetings/record-routes.ts';
import { registerMeetingRoutes } from '../modules/meetings/routes.ts';
import { registerMouRoutes } from '../modules/mou/routes.ts';
import { registerNotifyRoutes } from '../modules/notify/routes.ts';
import { registerPartnershipRoutes } from '../modules/partnerships/routes.ts';
import { registerPeopleRoutes } from '../modules/people/routes.ts';
import { registerPortalRoutes } from '../modules/portal/routes.ts';
import { registerRecordsRoutes } from '../modules/records/routes.ts';
import { registerResourceRoutes } from '../modules/resources/routes.ts';
import { registerAgreementRoutes } from '../modules/sharing/agreements-routes.ts';
import { registerBreakGlassRoutes } from '../modules/sharing/break-glass-routes.ts';
import { registerSharingRoutes } from '../modules/sharing/routes.ts';
import { registerSuccessRoutes } from '../modules/successes/routes.ts';
import type { Database } from '../storage/database.ts';
import { registerAssets } from '../web/assets.ts';
import { createViews } from '../web/views.ts';
import { registerJsonParser } from './body.ts';
import { registerNoStore } from './caching.ts';
import { registerErrors } from './errors.ts';
import { unstorableFields } from './forms.ts';
import { type LogSettings, loggerOptions } from './logging.ts';
import { registerOpenApi } from './openapi.ts';
import { csrfBinding, registerSessions } from './sessions.ts';
import { inTransaction } from './transaction.ts';
import './types.ts';
import { registerSitePages } from './site.ts';

export interface AppOptions {
  config: Config;
  database: Database;
  clock?: Clock;
  /** The log's level and destination, or false for none (tests). See logging.ts for what a line holds. */
  logger?: LogSettings | false;
  demoSignIn?: { email: string; password: string };
  /** Sees every route as it is registered (a test checks each /api/v1 route is documented). */
  onRoute?: (route: RouteOptions) => void;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const app = Fastify({
    logger: loggerOptions(options.logger),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // Ids in logs let a support request be matched to a log line without logging who it was about.
    genReqId: () => crypto.randomUUID(),
  });
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  app.decorate('database', database);
  app.decorate('config', config);
  app.decorate('clock', options.clock ?? systemClock);
  app.decorate('demoSignIn', options.demoSignIn);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        ...(config.cookieSecure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: config.cookieSecure ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  registerJsonParser(app, config.bodyLimitBytes);
  await app.register(fastifyFormbody, { bodyLimit: config.bodyLimitBytes });
  await app.register(fastifyCookie);
  await app.register(fastifyCsrf, {
    cookieKey: config.cookieSecure ? '__Host-joinedup-csrf' : 'joinedup-csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure: config.cookieSecure },
    getUserInfo: csrfBinding,
    // The library's HMAC mode is how it binds a token to userInfo, and it insists on a key. The secret that
    // matters is the browser's random form-token cookie, which every token's hash covers; this key is not
    // relied on to be secret, and a fixed one keeps tokens valid across instances and restarts.
    csrfOpts: { hmacKey: 'joinedup form token binding' },
  });

  const views = createViews();
  app.decorateReply('render', function render(this, template: string, data: Record<string, unknown> = {}) {
    const request = this.request;
    const html = views.render(template, {
      ...data,
      actor: request.actor,
      session: request.session,
      signedIn: request.session?.stage === 'signed_in',
      csrfToken: this.generateCsrf({ userInfo: csrfBinding(request) }),
      currentPath: request.url,
      notificationCount: request.notificationCount,
    });
    this.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
    return this;
  });

  app.decorateRequest('tx', function tx(this, fn) {
    return inTransaction(database.db, this.actor, app.clock, fn);
  });
  app.decorateRequest('ctx', function ctx(this) {
    return { actor: this.actor, db: database.db, clock: app.clock };
  });

  registerSessions(app);
  // Every state-changing request carries the form's token (or, from scripts, the x-csrf-token header).
  app.addHook('preHandler', async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
    await new Promise<void>((resolve, reject) => {
      app.csrfProtection(request, reply, (error?: Error) => (error ? reject(error) : resolve()));
    });
  });
  // After the token check, so that a forged request is refused as forged whatever it holds.
  app.addHook('preHandler', async (request) => {
    const fields = [...unstorableFields(request.body), ...unstorableFields(request.query)];
    if (fields.length) throw new Invalid(fields);
  });
  registerErrors(app);
  registerNoStore(app);
  await registerAssets(app);
  // Before every module's routes, so that each /api/v1 route is seen and described.
  registerOpenApi(app);

  app.get('/healthz', async (_request, reply) => {
    const started = performance.now();
    try {
      await database.db
        .selectFrom('partnership')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      return reply.send({
        status: 'ok',
        engine: database.engine,
        databaseMs: Math.round(performance.now() - started),
      });
    } catch {
      return reply.code(503).send({ status: 'unavailable', engine: database.engine });
    }
  });

  // First, so that its header count hook runs for every page registered after it.
  registerNotifyRoutes(app);
  registerSitePages(app);
  registerIdentityRoutes(app);
  registerPartnershipRoutes(app);
  registerAgreementRoutes(app);
  registerBreakGlassRoutes(app);
  registerAuditRoutes(app);
  registerPeopleRoutes(app);
  registerRecordsRoutes(app);
  registerCarePlanRoutes(app);
  registerCarePlanWorkRoutes(app);
  registerPersonPlanRoutes(app);
  registerPortalRoutes(app);
  registerSharingRoutes(app);
  registerMouRoutes(app);
  registerContactRoutes(app);
  registerResourceRoutes(app);
  registerDisputeRoutes(app);
  registerGlossaryRoutes(app);
  registerLearningRoutes(app);
  registerSuccessRoutes(app);
  registerMeetingRoutes(app);
  registerMeetingRecordRoutes(app);
  return app;
}
