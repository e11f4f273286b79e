import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { InvalidRequestError } from './errors';
import { shownKey, unstorableStringError, unstorableStringPath } from './request-input';

interface DeclaredInputs {
  body: boolean;
  query: boolean;
}

/** Per handler, read once: its decorators never change. */
const declaredByHandler = new WeakMap<object, DeclaredInputs>();

/** Which of body and query a handler declares (with @Body() / @Query()). */
function declaredInputs(context: ExecutionContext): DeclaredInputs {
  const handler = context.getHandler();
  let declared = declaredByHandler.get(handler);
  if (!declared) {
    const args: Record<string, unknown> =
      Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {};
    const types = new Set(Object.keys(args).map((key) => Number(key.split(':')[0])));
    declared = { body: types.has(RouteParamtypes.BODY), query: types.has(RouteParamtypes.QUERY) };
    declaredByHandler.set(handler, declared);
  }
  return declared;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  return typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
}

function unknownParameter(value: unknown): InvalidRequestError {
  const [first] = value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
  if (first === undefined) {
    return new InvalidRequestError('invalid_body', 'This endpoint takes no request body.');
  }
  const param = shownKey(first);
  return new InvalidRequestError('parameter_unknown', `Received unknown parameter: ${param}`, param);
}

/**
 * The first interceptor of every route, before idempotency opens a
 * transaction: a route that declares no body or no query refuses one (so
 * an unknown field is a 400 everywhere, not only where a DTO would see it),
 * and no path, query or body string that PostgreSQL cannot store gets past
 * it. Validation of the declared DTOs follows in ApiValidationPipe.
 */
@Injectable()
export class RequestInputInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const declared = declaredInputs(context);
    if (!declared.body && !isEmpty(request.body)) throw unknownParameter(request.body);
    if (!declared.query && !isEmpty(request.query)) throw unknownParameter(request.query);
    for (const input of [request.params, request.query, request.body]) {
      const param = unstorableStringPath(input);
      if (param !== null) throw unstorableStringError(param);
    }
    return next.handle();
  }
}
