// Every error is mapped here, once: a page with an error summary or a refusal explained for people, an
// RFC 9457 problem+json body for the API. Nothing reaches a user as a bare 500 if it has a name.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  DomainError,
  type FieldError,
  Invalid,
  Refused,
  TooManyAttempts,
  Unauthenticated,
} from '../errors.ts';
import { MAX_BODY_DEPTH } from './body.ts';

export function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

interface Problem {
  status: number;
  code: string;
  title: string;
  detail: string;
  errors?: FieldError[];
  askWhom?: string;
  retryAfter?: number;
}

const FASTIFY_PROBLEMS: Record<string, { status: number; title: string; detail: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    title: 'What you sent is too large',
    detail: 'The form or request body is larger than JoinedUp accepts. Send less text at once.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    title: 'This type of content is not accepted',
    detail: 'Send a form (application/x-www-form-urlencoded) or JSON (application/json).',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    title: 'The request body is empty',
    detail: 'Send a JSON object in the body.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    title: 'The request body is not valid JSON',
    detail: 'Check the JSON for a missing quote, comma or bracket.',
  },
  JU_BODY_TOO_DEEP: {
    status: 400,
    title: 'The request body is nested too deeply',
    detail: `The request body is nested too deeply: JoinedUp reads JSON nested up to ${MAX_BODY_DEPTH} levels of objects and arrays. Send a flatter body.`,
  },
  FST_CSRF_INVALID_TOKEN: {
    status: 403,
    title: 'This form has expired',
    detail:
      'The form was out of date or was not sent from JoinedUp, so nothing was changed. Go back, reload the page and try again.',
  },
  FST_CSRF_MISSING_SECRET: {
    status: 403,
    title: 'This form has expired',
    detail:
      'The form was out of date or was not sent from JoinedUp, so nothing was changed. Go back, reload the page and try again.',
  },
};

export function toProblem(error: unknown): Problem {
  if (error instanceof Invalid) {
    return {
      status: 422,
      code: error.code,
      title: 'Some of what you sent needs correcting',
      detail: error.fields.map((f) => f.message).join('. '),
      errors: error.fields,
    };
  }
  if (error instanceof Refused) {
    return {
      status: 403,
      code: error.code,
      title: 'You cannot see or do this',
      detail: error.reasons.join(' '),
      ...(error.askWhom ? { askWhom: error.askWhom } : {}),
    };
  }
  if (error instanceof TooManyAttempts) {
    return {
      status: 429,
      code: error.code,
      title: 'Too many attempts',
      detail: error.message,
      retryAfter: error.retryAfterSeconds,
    };
  }
  if (error instanceof DomainError) {
    const titles: Record<number, string> = {
      401: 'Sign in to continue',
      404: 'Page not found',
      409: 'Someone else changed this',
    };
    return {
      status: error.status,
      code: error.code,
      title: titles[error.status] ?? 'There is a problem',
      detail: error.message,
    };
  }
  const fe = error as FastifyError;
  const known = fe?.code ? FASTIFY_PROBLEMS[fe.code] : undefined;
  if (known) return { ...known, code: fe.code };
  if (fe?.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return {
      status: fe.statusCode,
      code: fe.code ?? 'JU_BAD_REQUEST',
      title: 'The request could not be understood',
      detail: fe.message,
    };
  }
  return {
    status: 500,
    code: 'JU_INTERNAL',
    title: 'Sorry, there is a problem with JoinedUp',
    detail: 'Something went wrong on our side. Nothing you sent was saved. Try again later.',
  };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem) {
  if (problem.retryAfter) reply.header('retry-after', String(problem.retryAfter));
  if (isApi(request)) {
    return reply
      .code(problem.status)
      .type('application/problem+json')
      .send({
        type: `https://joinedup.example/problems/${problem.code}`,
        title: problem.title,
        status: problem.status,
        detail: problem.detail,
        code: problem.code,
        ...(problem.errors ? { errors: problem.errors } : {}),
        ...(problem.askWhom ? { askWhom: problem.askWhom } : {}),
      });
  }
  // A refusal on a person's record offers emergency access: the one way past it, always audited and reviewed.
  const person = /^\/people\/([0-9a-f-]{36})(?:\/|$)/.exec(request.url);
  const emergencyUrl =
    problem.code === 'JU_REFUSED' &&
    person &&
    request.actor.kind === 'staff' &&
    !request.url.includes('/emergency-access')
      ? `/people/${person[1]}/emergency-access`
      : undefined;
  return reply.code(problem.status).render('error.njk', {
    title: problem.title,
    problem,
    errors: problem.errors,
    emergencyUrl,
  });
}

export function registerErrors(app: FastifyInstance): void {
  app.setErrorHandler(async (error, request, reply) => {
    if (error instanceof Unauthenticated && !isApi(request)) {
      const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
      return reply.redirect(`/sign-in${next}`, 303);
    }
    const problem = toProblem(error);
    if (problem.status >= 500) {
      // The message may carry data from the request; the err serializer (logging.ts) keeps it out of the log.
      request.log.error({ err: error }, 'request failed');
    }
    return sendProblem(request, reply, problem);
  });
  app.setNotFoundHandler(async (request, reply) =>
    sendProblem(request, reply, {
      status: 404,
      code: 'JU_NOT_FOUND',
      title: 'Page not found',
      detail:
        'If you typed the web address, check it is correct. If you pasted it, check you copied all of it.',
    }),
  );
}
