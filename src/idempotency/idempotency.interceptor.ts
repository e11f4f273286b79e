import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  HttpCode,
  HttpStatus,
  Injectable,
  NestInterceptor,
  SetMetadata,
  type Type,
} from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { lastValueFrom, Observable, of } from 'rxjs';
import { defaultIfEmpty, mergeMap } from 'rxjs/operators';
import { principalKey } from '../auth/principal';
import { ReplayedErrorResponse } from '../common/errors';
import { GROUP_COMMITTED_SUCCESS_STATUS, type GroupOutcome } from './group-committed';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  IdempotencyService,
  type IdempotentRequest,
  parseIdempotencyKey,
  idempotentRequest,
} from './idempotency.service';

declare module 'fastify' {
  interface FastifyRequest {
    /** For a @GroupCommitted() handler: the request's idempotency key and fingerprint, if it sent a key. */
    idempotentRequest?: IdempotentRequest;
  }
}

/** Nest's metadata key for @HttpCode (from @nestjs/common/constants). */
const HTTP_CODE_METADATA = '__httpCode__';
const PLAIN_SQL_METADATA = 'tally:plain-sql-transaction';
const GROUP_COMMITTED_METADATA = 'tally:group-committed';
const SECRET_RESPONSE_METADATA = 'tally:secret-response';
const CHECK_BEFORE_TRANSACTION_METADATA = 'tally:check-before-transaction';

/** A check of a request that must not run inside its transaction (see CheckBeforeTransaction). */
export interface RequestCheck {
  /** Throws the request's refusal (an error that stores nothing, such as a 400). */
  check(request: FastifyRequest): Promise<void>;
}

/**
 * Marks a handler whose response carries a secret shown once (a merchant
 * key, a customer token, a webhook signing secret): its idempotency record
 * keeps the response sealed under the client's Idempotency-Key, so that a
 * retry can replay it and the database alone cannot reveal it.
 */
export const SecretResponse = () => SetMetadata(SECRET_RESPONSE_METADATA, true);

/**
 * Marks a handler whose use case is written against `db.sql` only: an
 * idempotent request then runs in a plain-SQL transaction (see
 * DatabaseService), not a Prisma one.
 */
export const PlainSqlTransaction = () => SetMetadata(PLAIN_SQL_METADATA, true);

/**
 * Marks a handler whose use case handles idempotency itself, inside a
 * transaction it shares with other requests (common/group-commit.ts): the
 * interceptor opens no transaction, hands the handler the key as
 * `request.idempotentRequest`, and answers the outcome the handler returns
 * (an IdempotentOutcome, or `{ kind: 'rejected', error }`) exactly as for
 * other handlers. Such a route answers a success with 200 OK.
 */
export const GroupCommitted = () =>
  applyDecorators(SetMetadata(GROUP_COMMITTED_METADATA, true), HttpCode(GROUP_COMMITTED_SUCCESS_STATUS));

/**
 * Marks a handler whose requests must pass `check` (a provider) before their
 * transaction opens, because it may wait (on DNS, say) and a wait inside the
 * transaction would hold a pooled connection. The interceptor runs it after
 * authentication and rate limiting (guards), and, for a request with an
 * Idempotency-Key, after the key's lookup: a retry of a request that already
 * ran gets its stored response and is never judged again, so a judgement
 * that changed since (a DNS answer, a setting, another replica) cannot turn
 * a success already sent into a refusal. A refusal stores nothing. The body
 * is not validated yet (pipes run inside the interceptor).
 */
export const CheckBeforeTransaction = (check: Type<RequestCheck>) =>
  SetMetadata(CHECK_BEFORE_TRANSACTION_METADATA, check);

/** An outcome as the response: the body, or the error to throw (a replayed error as first sent). */
function respond(outcome: GroupOutcome, reply: FastifyReply, successStatus: number): Observable<unknown> {
  switch (outcome.kind) {
    case 'executed':
      return of(outcome.response.body);
    case 'stored_error':
    case 'rejected':
      throw outcome.error;
    case 'replayed':
      void reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
      if (outcome.response.status !== successStatus) {
        // A stored error: the exception filter sends it exactly as first sent.
        throw new ReplayedErrorResponse(outcome.response.status, outcome.response.body);
      }
      return of(outcome.response.body);
  }
}

/**
 * Applies IdempotencyService to every POST that carries an Idempotency-Key.
 * It runs after the guards, so authentication and rate-limit failures never
 * reach it; validation runs inside (pipes come after interceptors) and its
 * errors store nothing because they are RequestRejectedErrors.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const checkType = this.reflector.get<Type<RequestCheck> | undefined>(
      CHECK_BEFORE_TRANSACTION_METADATA,
      context.getHandler(),
    );
    const check = checkType && this.moduleRef.get(checkType, { strict: false });
    if (request.method !== 'POST' || !request.principal) {
      await check?.check(request);
      return next.handle();
    }
    const key = parseIdempotencyKey(request.headers[IDEMPOTENCY_KEY_HEADER]);
    const reply = http.getResponse<FastifyReply>();
    const successStatus = this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    const path = request.url;
    const keyed: IdempotentRequest | undefined =
      key === undefined
        ? undefined
        : idempotentRequest({
            principal: principalKey(request.principal),
            key,
            method: request.method,
            path,
            body: request.body,
            requestId: String(request.id),
          });
    if (check) {
      const replay = keyed && (await this.idempotency.storedReplay(keyed));
      if (replay) return respond(replay, reply, successStatus);
      await check.check(request);
    }
    if (this.reflector.get<boolean>(GROUP_COMMITTED_METADATA, context.getHandler())) {
      request.idempotentRequest = keyed;
      return next.handle().pipe(mergeMap((outcome: GroupOutcome) => respond(outcome, reply, successStatus)));
    }
    if (keyed === undefined) return next.handle();

    const outcome = await this.idempotency.run(
      keyed,
      async () => {
        // Re-subscribing re-runs the handler: a retried transaction runs it afresh.
        const body = await lastValueFrom(next.handle().pipe(defaultIfEmpty(undefined)));
        return { status: successStatus, body };
      },
      {
        plainSql: this.reflector.get<boolean>(PLAIN_SQL_METADATA, context.getHandler()) === true,
        sealResponse: this.reflector.get<boolean>(SECRET_RESPONSE_METADATA, context.getHandler()) === true,
      },
    );
    return respond(outcome, reply, successStatus);
  }
}
