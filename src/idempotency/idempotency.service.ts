// Idempotency keys as PRODUCT.md defines them, after Stripe and brandur.org's
// "Implementing Stripe-like idempotency keys in Postgres".
//
// The whole request runs in one transaction that first takes a transaction-
// scoped advisory lock on (principal, key). Holding it means no other request
// with this key is running: a request that cannot take it gets 409
// idempotency_key_in_use at once. With the lock held, a stored response is
// replayed (or 422 if it was for another request); otherwise the use case runs
// and its response is inserted before COMMIT, so the response is stored if
// and only if the effects are. A use-case error that is a result (402, 404,
// 409 state_error) rolls the effects back to a savepoint and is stored; an
// unexpected failure rolls everything back and stores nothing, so a retry runs.
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppConfig } from '../config/configuration';
import { ApiError, IdempotencyError, InvalidRequestError } from '../common/errors';
import { DatabaseService } from '../database/database.service';
import { Prisma } from '../generated/prisma/client';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export interface IdempotentRequest {
  principal: string;
  key: string;
  method: string;
  path: string;
  fingerprint: string;
  requestId: string;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

export type IdempotentOutcome =
  | { kind: 'executed'; response: StoredResponse }
  | { kind: 'stored_error'; error: ApiError }
  | { kind: 'replayed'; response: StoredResponse };

/** Sorts object keys so that `{a,b}` and `{b,a}` fingerprint alike. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()}\n${path}\n${canonicalJson(body ?? {})}`)
    .digest('hex');
}

/** Validates the header value: 1..255 printable ASCII characters. */
export function parseIdempotencyKey(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const key = Array.isArray(value) ? value[0] : value;
  if (!key || key.length > MAX_IDEMPOTENCY_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    throw new InvalidRequestError(
      'idempotency_key_invalid',
      `The Idempotency-Key header must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters without spaces.`,
      'Idempotency-Key',
    );
  }
  return key;
}

@Injectable()
export class IdempotencyService {
  constructor(
    private readonly db: DatabaseService,
    private readonly config: AppConfig,
  ) {}

  async run(request: IdempotentRequest, execute: () => Promise<StoredResponse>): Promise<IdempotentOutcome> {
    return this.db.transaction(async (tx) => {
      const [{ locked }] = await tx.$queryRaw<{ locked: boolean }[]>`
        SELECT pg_try_advisory_xact_lock(hashtextextended(${`${request.principal}\n${request.key}`}, 0)) AS locked`;
      if (!locked) {
        throw new IdempotencyError(
          409,
          'idempotency_key_in_use',
          'A request with this Idempotency-Key is still being processed. Retry later.',
        );
      }
      const existing = await tx.idempotencyKey.findUnique({
        where: { principal_key: { principal: request.principal, key: request.key } },
      });
      if (existing) {
        if (existing.requestFingerprint !== request.fingerprint) {
          throw new IdempotencyError(
            422,
            'idempotency_key_reused',
            'This Idempotency-Key was used with a different request (method, path or body). Use a new key.',
          );
        }
        return { kind: 'replayed', response: { status: existing.responseStatus, body: existing.responseBody } };
      }

      await tx.$executeRaw`SAVEPOINT idempotent_request`;
      let outcome: IdempotentOutcome;
      try {
        outcome = { kind: 'executed', response: await execute() };
      } catch (error) {
        if (!(error instanceof ApiError) || !error.storableForIdempotency) throw error;
        if (!error.keepsEffects) await tx.$executeRaw`ROLLBACK TO SAVEPOINT idempotent_request`;
        outcome = { kind: 'stored_error', error };
      }
      const stored =
        outcome.kind === 'stored_error'
          ? { status: outcome.error.status, body: outcome.error.toBody(request.requestId) }
          : outcome.response;
      await tx.idempotencyKey.create({
        data: {
          principal: request.principal,
          key: request.key,
          requestMethod: request.method,
          requestPath: request.path,
          requestFingerprint: request.fingerprint,
          responseStatus: stored.status,
          responseBody: (stored.body ?? null) as Prisma.InputJsonValue,
        },
      });
      return outcome;
    });
  }

  /** Deletes keys older than the retention; returns how many. */
  async pruneExpired(now = new Date(), batchSize = 10_000): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.idempotencyKeyTtlHours * 3_600_000);
    let total = 0;
    for (;;) {
      // Batches keep each delete's locks and WAL small on a busy table.
      const deleted = await this.db.prisma.$executeRaw`
        DELETE FROM idempotency_keys WHERE id IN (
          SELECT id FROM idempotency_keys WHERE created_at < ${cutoff} ORDER BY id LIMIT ${batchSize})`;
      total += deleted;
      if (deleted < batchSize) return total;
    }
  }
}
