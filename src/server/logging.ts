// What the server's log may hold. A line lets a request be followed (method, route pattern, status, time,
// request id) and an error be found in the code (its type, code and stack frames), and nothing more: no
// addresses (ids and query strings say whom a request was about), no headers (cookies, tokens), no bodies,
// and no error messages (PostgreSQL's and ours can repeat what was sent: 'invalid input syntax ... "Jo Bloggs"').
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';

export interface LogSettings {
  level: string;
  /** Where lines go; standard output when absent. Tests pass a stream they read. */
  stream?: { write(line: string): void };
}

function route(request: FastifyRequest): string {
  // An address that matched no route is not logged at all: it may be anything someone typed.
  return request.routeOptions?.url ?? '(no route)';
}

function requestValue(request: FastifyRequest) {
  return { method: request.method, route: route(request) };
}

/** Fastify passes a reply, or only { statusCode } when there is no request (a refusal while closing). */
function replyValue(reply: Partial<FastifyReply> & { statusCode: number }) {
  const request = reply.request;
  return request
    ? { method: request.method, route: route(request), statusCode: reply.statusCode }
    : { statusCode: reply.statusCode };
}

function errorValue(error: unknown) {
  if (!(error instanceof Error)) return { type: typeof error };
  const e = error as Error & { code?: unknown; statusCode?: unknown };
  return {
    type: e.name,
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.statusCode === 'number' ? { statusCode: e.statusCode } : {}),
    // The frames only: the first line of a stack is the message again.
    stack: (e.stack ?? '')
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .join('\n'),
  };
}

type LoggerOption = NonNullable<FastifyServerOptions['logger']>;

/** Fastify's logger options with JoinedUp's serializers, whoever asks for a logger. */
export function loggerOptions(settings: LogSettings | false | undefined): LoggerOption {
  if (!settings) return false;
  return {
    level: settings.level,
    ...(settings.stream ? { stream: settings.stream } : {}),
    // Fastify's type wants an error's message logged; leaving it out is the point.
    serializers: { req: requestValue, res: replyValue, err: errorValue as never },
    // Nothing above logs headers; this stops a future `log.info({ req: request.headers })` from doing so.
    redact: {
      paths: [
        'req.headers',
        'res.headers',
        'headers',
        'cookie',
        'cookies',
        'authorization',
        'body',
        'password',
      ],
      censor: '[not logged]',
    },
  };
}
