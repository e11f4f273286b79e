// Tally's errors as exceptions: every error response has one shape,
// {"error": {type, code, message, param?, request_id}}, and a TallyError
// carries those fields. A request that got no response at all, after the
// retries, is a TallyConnectionError.
import type { components } from './schema';

export type ApiErrorDetail = components['schemas']['ApiErrorDetailView'];

export class TallyError extends Error {
  /** The HTTP status: 400, 402, 404, 409, 429... */
  readonly status: number;
  /** The error's class: `invalid_request_error`, `payment_error`, `rate_limit_error`... */
  readonly type: ApiErrorDetail['type'];
  /** What went wrong, stable for code to branch on: `insufficient_funds`, `parameter_invalid`... */
  readonly code: string;
  /** The request field at fault, when there is one (`amount`, `to.phone`). */
  readonly param: string | undefined;
  /** Quote it to the operator: it finds the request in Tally's logs. */
  readonly requestId: string | undefined;

  constructor(status: number, detail: Omit<ApiErrorDetail, 'request_id'> & { request_id?: string }) {
    super(detail.message);
    this.name = 'TallyError';
    this.status = status;
    this.type = detail.type;
    this.code = detail.code;
    this.param = detail.param;
    this.requestId = detail.request_id;
  }
}

/** No response from Tally (refused, reset, timed out), after every retry. */
export class TallyConnectionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TallyConnectionError';
  }
}

/** What every method of the client resolves to (openapi-fetch's result): the body or the error, and the response. */
export interface ApiResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The body type of a result's success (openapi-fetch types `data` as absent in the error case). */
export type DataOf<Result extends ApiResult> = NonNullable<Result['data']>;

/**
 * The body of a successful response, or a TallyError thrown for an error
 * (every Tally operation answers a success with a body):
 *
 *   const intent = await unwrap(tally.POST('/v1/payment_intents', { body: { amount: 1099, currency: 'cny' } }));
 */
export async function unwrap<Result extends ApiResult>(request: Promise<Result>): Promise<DataOf<Result>> {
  const result = await request;
  if (result.response.ok) return result.data as DataOf<Result>;
  throw toTallyError(result.response, result.error);
}

function toTallyError(response: Response, body: unknown): TallyError {
  const detail = (body as { error?: Partial<ApiErrorDetail> } | undefined)?.error;
  if (detail && typeof detail.type === 'string' && typeof detail.code === 'string') {
    return new TallyError(response.status, {
      type: detail.type,
      code: detail.code,
      message: detail.message ?? `Tally answered ${response.status}`,
      param: detail.param ?? undefined,
      request_id: detail.request_id ?? response.headers.get('request-id') ?? undefined,
    });
  }
  // Not Tally's error shape: a proxy in between answered (a 502 page, say).
  return new TallyError(response.status, {
    type: 'api_error',
    code: 'unexpected_response',
    message: `Tally answered ${response.status} ${response.statusText} without an error body`,
    request_id: response.headers.get('request-id') ?? undefined,
  });
}
