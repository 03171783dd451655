import type { Config } from '../config.ts';
import type { Actor, Clock, Ctx } from '../context.ts';
import type { ActiveSession } from '../modules/identity/index.ts';
import type { Database } from '../storage/database.ts';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    config: Config;
    clock: Clock;
    /** The demo account shown on the sign-in page, when the demo partnership is loaded. */
    demoSignIn: { email: string; password: string } | undefined;
  }
  interface FastifyRequest {
    session: ActiveSession | null;
    sessionToken: string | null;
    actor: Actor;
    /** Runs fn in a transaction with this request's actor. */
    tx<T>(fn: (ctx: Ctx) => Promise<T>): Promise<T>;
    /** A context outside a transaction, for reads. */
    ctx(): Ctx;
  }
  interface FastifyReply {
    render(template: string, data?: Record<string, unknown>): FastifyReply;
  }
}
