// The one place where anything thrown becomes an HTTP response in the error
// shape docs/api.md describes. Nothing internal (stack, SQL, class names) reaches a
// client: unknown errors are logged with the request id and answered as 500
// api_error.
import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, InternalApiError, InvalidRequestError, RateLimitError, ReplayedErrorResponse } from './errors';

/** Bodies larger than this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

interface FrameworkError {
  code?: string;
  statusCode?: number;
  status?: number;
  name?: string;
  message?: string;
}

function httpExceptionToApiError(exception: HttpException, request?: FastifyRequest): ApiError {
  const status = exception.getStatus();
  if (status === HttpStatus.NOT_FOUND) {
    const where = request ? ` (${request.method}: ${request.url.split('?')[0]})` : '';
    return new InvalidRequestError('route_not_found', `Unrecognized request URL${where}.`, undefined, 404);
  }
  if (status === HttpStatus.PAYLOAD_TOO_LARGE) return bodyTooLarge();
  if (status >= 400 && status < 500) {
    return new InvalidRequestError('invalid_request', exception.message, undefined, status);
  }
  return new InternalApiError();
}

function bodyTooLarge(): ApiError {
  return new InvalidRequestError(
    'body_too_large',
    `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
    undefined,
    HttpStatus.PAYLOAD_TOO_LARGE,
  );
}

/** Errors that Fastify raises while reading the request, before Nest runs. */
function frameworkErrorToApiError(error: FrameworkError): ApiError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return bodyTooLarge();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new InvalidRequestError(
        'unsupported_media_type',
        'Send request bodies as application/json.',
        undefined,
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      );
    case 'FST_ERR_BAD_URL':
      return new InvalidRequestError('invalid_url', 'The URL is not valid: it has a malformed %-escape.');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new InvalidRequestError(
        'path_parameter_too_long',
        'A path parameter of the URL is too long to be an id.',
        undefined,
        HttpStatus.URI_TOO_LONG,
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new InvalidRequestError('invalid_json', 'The request body is not valid JSON.');
    default:
      break;
  }
  const status = error.statusCode ?? error.status;
  if (error.name === 'SyntaxError' && status === 400) {
    return new InvalidRequestError('invalid_json', 'The request body is not valid JSON.');
  }
  if (typeof status === 'number' && status >= 400 && status < 500 && error.code?.startsWith('FST_')) {
    return new InvalidRequestError('invalid_request', 'The request could not be read.', undefined, status);
  }
  return null;
}

export function toApiError(exception: unknown, request?: FastifyRequest): ApiError {
  if (exception instanceof ApiError) return exception;
  if (exception instanceof HttpException) {
    // Nest wraps Fastify's own request errors (body too large, malformed JSON) with the original as cause.
    const cause = exception.cause as FrameworkError | undefined;
    const fromFramework = cause && typeof cause === 'object' ? frameworkErrorToApiError(cause) : null;
    return fromFramework ?? httpExceptionToApiError(exception, request);
  }
  if (typeof exception === 'object' && exception !== null) {
    const mapped = frameworkErrorToApiError(exception as FrameworkError);
    if (mapped) return mapped;
  }
  return new InternalApiError();
}

const logger = new Logger('ApiExceptionFilter');

/** Writes `exception` as the error response; shared by the Nest filter and Fastify's error handler. */
export function sendApiError(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
  if (exception instanceof ReplayedErrorResponse) {
    void reply.status(exception.status).header('content-type', 'application/json; charset=utf-8').send(exception.body);
    return;
  }
  const apiError = toApiError(exception, request);
  if (apiError.status >= 500) {
    logger.error(
      { err: exception, requestId: request.id, method: request.method, url: request.url },
      'unhandled error',
    );
  }
  if (apiError instanceof RateLimitError) reply.header('Retry-After', String(apiError.retryAfterSeconds));
  void reply
    .status(apiError.status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(apiError.toBody(String(request.id)));
}

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // A failed readiness check: load balancers read the 503, operators the details.
    if (exception instanceof ServiceUnavailableException && request.url.startsWith('/health/')) {
      void reply.status(503).send(exception.getResponse());
      return;
    }
    sendApiError(exception, request, reply);
  }
}
