// The one error vocabulary of the API (docs/api.md, "Errors"). Use cases throw
// ApiError subclasses with a stable `code`; the global exception filter turns
// them, and everything else, into the public error shape.
import { HttpStatus } from '@nestjs/common';

export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'idempotency_error'
  | 'payment_error'
  | 'state_error'
  | 'rate_limit_error'
  | 'api_error';

export interface ErrorBody {
  error: {
    type: ErrorType;
    code: string;
    message: string;
    param?: string;
    request_id: string;
  };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: ErrorType,
    readonly code: string,
    message: string,
    readonly param?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /**
   * Whether an idempotent request that failed with this error stores it for
   * replay. Errors raised by the use case itself (402, 404, 409 state) are a
   * result of executing; errors raised before execution (validation, auth,
   * rate limits, idempotency conflicts) are not, and store nothing.
   */
  get storableForIdempotency(): boolean {
    return true;
  }

  /**
   * Whether the changes made before this error commit with it. Normally a
   * failed request changes nothing; a declined payment records its
   * `last_payment_error` on the payment intent and still answers 402.
   */
  get keepsEffects(): boolean {
    return false;
  }

  toBody(requestId: string): ErrorBody {
    return {
      error: {
        type: this.type,
        code: this.code,
        message: this.message,
        ...(this.param !== undefined ? { param: this.param } : {}),
        request_id: requestId,
      },
    };
  }
}

/** A request rejected before it ran: never stored for idempotency. */
export class RequestRejectedError extends ApiError {
  override get storableForIdempotency(): boolean {
    return false;
  }
}

export class InvalidRequestError extends RequestRejectedError {
  constructor(code: string, message: string, param?: string, status = HttpStatus.BAD_REQUEST) {
    super(status, 'invalid_request_error', code, message, param);
  }
}

/** 404 for an object that does not exist or belongs to another principal. */
export class ResourceMissingError extends ApiError {
  constructor(resource: string, id: string, param?: string) {
    super(HttpStatus.NOT_FOUND, 'invalid_request_error', 'resource_missing', `No such ${resource}: '${id}'`, param);
  }
}

export class AuthenticationError extends RequestRejectedError {
  constructor(code: string, message: string) {
    super(HttpStatus.UNAUTHORIZED, 'authentication_error', code, message);
  }
}

export class PermissionError extends RequestRejectedError {
  constructor(code: string, message: string) {
    super(HttpStatus.FORBIDDEN, 'permission_error', code, message);
  }
}

export class IdempotencyError extends RequestRejectedError {
  constructor(status: 409 | 422 | 400, code: string, message: string) {
    super(status, 'idempotency_error', code, message);
  }
}

export class StateError extends ApiError {
  constructor(code: string, message: string) {
    super(HttpStatus.CONFLICT, 'state_error', code, message);
  }
}

export class PaymentError extends ApiError {
  constructor(code: string, message: string, param?: string) {
    super(HttpStatus.PAYMENT_REQUIRED, 'payment_error', code, message, param);
  }
}

/** A declined payment whose record (the intent's last_payment_error, an event) commits with the 402. */
export class DeclinedPaymentError extends PaymentError {
  override get keepsEffects(): boolean {
    return true;
  }
}

/** 429; the exception filter sends `retryAfterSeconds` as Retry-After. */
export class RateLimitError extends RequestRejectedError {
  constructor(
    /** Whole seconds until the client has budget again (at least 1). */
    readonly retryAfterSeconds: number,
    code = 'rate_limited',
    message = 'Too many requests; slow down and retry after the Retry-After interval.',
  ) {
    super(HttpStatus.TOO_MANY_REQUESTS, 'rate_limit_error', code, message);
  }
}

export class InternalApiError extends RequestRejectedError {
  constructor() {
    super(
      HttpStatus.INTERNAL_SERVER_ERROR,
      'api_error',
      'internal_error',
      'An internal error occurred. It has been logged; retry later or contact support with the request id.',
    );
  }
}

/**
 * Not an error: a stored error response being replayed for an idempotent
 * retry. Thrown so that the exception filter sends it verbatim.
 */
export class ReplayedErrorResponse extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super('replayed error response');
  }
}
