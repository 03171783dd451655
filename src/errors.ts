// The domain's errors, each a value with a code. src/server/errors.ts maps each once to an error page
// and to an RFC 9457 problem+json body.

export interface FieldError {
  /** The input's name, as the form and the API know it ("email", "organisationId"). */
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  /**
   * When set, the transaction that raised this error still commits what it recorded before throwing (a
   * failed sign-in, a refusal): the record of the attempt must outlive the attempt. A service only sets it
   * before it has changed anything else.
   */
  keepRecord = false;

  keepingRecord(): this {
    this.keepRecord = true;
    return this;
  }
}

export class Invalid extends DomainError {
  readonly code = 'JU_INVALID';
  readonly status = 422;
  constructor(readonly fields: FieldError[]) {
    super(fields.map((f) => `${f.field}: ${f.message}`).join('; '));
    this.name = 'Invalid';
  }
}

export class NotFound extends DomainError {
  readonly code = 'JU_NOT_FOUND';
  readonly status = 404;
  constructor(readonly what: string) {
    super(`${what} was not found`);
    this.name = 'NotFound';
  }
}

export class Refused extends DomainError {
  readonly code = 'JU_REFUSED';
  readonly status = 403;
  constructor(
    readonly reasons: string[],
    /** Who can help: shown on the refusal page. */
    readonly askWhom?: string,
  ) {
    super(reasons.join(' '));
    this.name = 'Refused';
  }
}

export class Conflict<T = unknown> extends DomainError {
  readonly code = 'JU_CONFLICT';
  readonly status = 409;
  constructor(
    message: string,
    readonly current?: T,
  ) {
    super(message);
    this.name = 'Conflict';
  }
}

export class Unauthenticated extends DomainError {
  readonly code = 'JU_SIGN_IN_REQUIRED';
  readonly status = 401;
  constructor(message = 'Sign in to continue.') {
    super(message);
    this.name = 'Unauthenticated';
  }
}

export class TooManyAttempts extends DomainError {
  readonly code = 'JU_TOO_MANY_ATTEMPTS';
  readonly status = 429;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'TooManyAttempts';
  }
}
