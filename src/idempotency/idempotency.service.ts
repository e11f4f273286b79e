// Idempotency keys as docs/api.md describes them, after Stripe and brandur.org's
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
//
// Nothing here keeps a live secret in plain text: keys are stored only as
// SHA-256, and a response that carries a new secret (a merchant key, a
// customer token, a webhook signing secret) is stored sealed (SecretBox)
// under a data key derived from the master key and the client's raw
// Idempotency-Key, which the database never holds. A retry with the key
// opens it; a reader of the database, or of a backup, cannot.
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppConfig } from '../config/configuration';
import { hashSecret } from '../auth/secrets';
import { ApiError, IdempotencyError, InvalidRequestError } from '../common/errors';
import { SealedValueError, SecretBox } from '../common/secret-box';
import { DatabaseService } from '../database/database.service';
import type { Sql } from '../database/sql';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export interface IdempotentRequest {
  principal: string;
  /** The raw key: only to open a sealed response; it is never stored or sent to PostgreSQL. */
  key: string;
  /** idempotencyKeyHash(key): how the key is locked, stored and looked up. */
  keyHash: string;
  method: string;
  path: string;
  fingerprint: string;
  requestId: string;
}

/** An idempotent request as the store needs it: the key's hash and the request's fingerprint computed once. */
export function idempotentRequest(request: {
  principal: string;
  key: string;
  method: string;
  path: string;
  body: unknown;
  requestId: string;
}): IdempotentRequest {
  return {
    principal: request.principal,
    key: request.key,
    keyHash: idempotencyKeyHash(request.key),
    method: request.method,
    path: request.path,
    fingerprint: requestFingerprint(request.method, request.path, request.body),
    requestId: request.requestId,
  };
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

/** A response to store, sealed when it carries a secret. */
export interface ResponseToStore {
  request: IdempotentRequest;
  response: StoredResponse;
  sealed?: boolean;
}

/** A stored row as the lookup reads it: the body in clear, or sealed, or (neither) no longer kept. */
interface StoredRow {
  fingerprint: string;
  status: number;
  body: unknown;
  sealed: string | null;
  kept: boolean;
}

/** What a request may do once its key is locked and looked up. */
export type IdempotencyCheck =
  { kind: 'proceed' } | { kind: 'replayed'; response: StoredResponse } | { kind: 'rejected'; error: IdempotencyError };

export type IdempotentOutcome =
  | { kind: 'executed'; response: StoredResponse }
  | { kind: 'stored_error'; error: ApiError }
  | { kind: 'replayed'; response: StoredResponse };

/**
 * The one rule of which failures are stored with their key: an ApiError
 * raised by the use case (402, 404, 409 state) is the request's result and
 * is replayed to a retry; anything else (a bug, a lost connection) and the
 * errors raised before the use case ran (validation, authentication, rate
 * limits, idempotency conflicts) store nothing, so a retry runs again.
 * Returns the response to store, or null.
 */
export function storedErrorResponse(request: IdempotentRequest, error: unknown): ResponseToStore | null {
  if (!(error instanceof ApiError) || !error.storableForIdempotency) return null;
  return { request, response: { status: error.status, body: error.toBody(request.requestId) } };
}

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

/** How a key is stored and looked up: never the key itself, which opens the sealed responses. */
export function idempotencyKeyHash(key: string): string {
  return hashSecret(key);
}

/** What seals a stored response to this principal's key (the raw key is extra key material). */
const sealingContext = (request: IdempotentRequest) => `idempotency_keys:${request.principal}:${request.keyHash}`;

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

/** 409 while another request holds the key, 422 for a stored response to another request, else replay or proceed. */
function checkKey(
  request: IdempotentRequest,
  locked: boolean,
  existing: StoredRow | undefined,
  box: SecretBox,
): IdempotencyCheck {
  if (!locked) {
    return {
      kind: 'rejected',
      error: new IdempotencyError(
        409,
        'idempotency_key_in_use',
        'A request with this Idempotency-Key is still being processed. Retry later.',
      ),
    };
  }
  if (!existing) return { kind: 'proceed' };
  if (existing.fingerprint !== request.fingerprint) {
    return {
      kind: 'rejected',
      error: new IdempotencyError(
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was used with a different request (method, path or body). Use a new key.',
      ),
    };
  }
  let body = existing.body;
  if (existing.sealed !== null) {
    try {
      body = JSON.parse(box.open(existing.sealed, sealingContext(request), request.key));
    } catch (error) {
      if (!(error instanceof SealedValueError)) throw error;
      return { kind: 'rejected', error: responseUnavailable() };
    }
  } else if (!existing.kept) {
    return { kind: 'rejected', error: responseUnavailable() };
  }
  return { kind: 'replayed', response: { status: existing.status, body } };
}

/**
 * The request ran, but its response cannot be replayed: it carried a secret
 * and was stored before responses were sealed, or was sealed with a master
 * key since removed. Retrying would run it twice, so this is final.
 */
function responseUnavailable(): IdempotencyError {
  return new IdempotencyError(
    409,
    'idempotency_response_unavailable',
    'A request with this Idempotency-Key has completed, but its response held a secret that is no longer kept. ' +
      'Read the object (or roll its secret) instead of retrying.',
  );
}

/** The stored row's columns as StoredRow, for every lookup. */
const STORED_ROW_COLUMNS = `request_fingerprint AS fingerprint, response_status AS status, response_body AS body,
  response_sealed AS sealed, (response_body IS NOT NULL OR response_sealed IS NOT NULL) AS kept`;

/** One request's stored row, by (principal, key hash). */
const lookupStatement = (request: IdempotentRequest) => ({
  text: `SELECT ${STORED_ROW_COLUMNS} FROM idempotency_keys WHERE principal = $1::text AND key_hash = $2::text`,
  values: [request.principal, request.keyHash],
});

@Injectable()
export class IdempotencyService {
  constructor(
    private readonly db: DatabaseService,
    private readonly config: AppConfig,
    private readonly box: SecretBox,
  ) {}

  /**
   * Runs `execute` once per (principal, key). `plainSql` opens a plain-SQL
   * transaction (for use cases written against `db.sql`); otherwise a Prisma
   * one, which plain-SQL code joins too.
   */
  async run(
    request: IdempotentRequest,
    execute: () => Promise<StoredResponse>,
    options: { plainSql?: boolean; sealResponse?: boolean } = {},
  ): Promise<IdempotentOutcome> {
    const body = () => this.runLocked(this.db.sql, request, execute, options.sealResponse === true);
    return options.plainSql ? this.db.sqlTransaction(body) : this.db.transaction(body);
  }

  private async runLocked(
    sql: Sql,
    request: IdempotentRequest,
    execute: () => Promise<StoredResponse>,
    sealResponse: boolean,
  ): Promise<IdempotentOutcome> {
    // The lock first, the lookup after it, as two statements (one round trip
    // in a plain transaction): a statement's snapshot predates its own lock,
    // so one statement could miss a response committed meanwhile.
    const [[{ locked }], [existing]] = (await sql.queryAll([
      {
        // On the key's hash: the raw key never reaches PostgreSQL (statement text, logs, pg_stat_activity).
        text: 'SELECT pg_try_advisory_xact_lock(hashtextextended($1::text, 0)) AS locked',
        values: [`${request.principal}\n${request.keyHash}`],
      },
      lookupStatement(request),
    ])) as [[{ locked: boolean }], [StoredRow?]];
    const check = checkKey(request, locked, existing, this.box);
    if (check.kind === 'rejected') throw check.error;
    if (check.kind === 'replayed') return check;

    const rollback = await this.db.savepoint('idempotent_request');
    try {
      const response = await execute();
      this.storeMany(sql, [{ request, response, sealed: sealResponse }]);
      return { kind: 'executed', response };
    } catch (error) {
      // Errors carry no secret: only a response that executed is sealed.
      const stored = storedErrorResponse(request, error);
      if (!stored) throw error;
      if (!(error as ApiError).keepsEffects) await rollback();
      this.storeMany(sql, [stored]);
      return { kind: 'stored_error', error: error as ApiError };
    }
  }

  /**
   * The stored response's replay, looked up on the pool without the key's
   * lock (a stored response is final, so no lock is needed to replay it), or
   * undefined when none is stored yet. It throws what the locked lookup would
   * (422 for another request, a response no longer kept). For a request that
   * must pass a check before its transaction opens: a retry of a request that
   * already ran is answered from here and is never judged again.
   */
  async storedReplay(request: IdempotentRequest): Promise<IdempotentOutcome | undefined> {
    const { text, values } = lookupStatement(request);
    const [existing] = await this.db.sql.query<StoredRow>(text, values);
    if (!existing) return undefined;
    const check = checkKey(request, true, existing, this.box);
    if (check.kind === 'rejected') throw check.error;
    return check.kind === 'replayed' ? check : undefined;
  }

  /**
   * For group-committed requests (common/group-commit.ts), in the batch's
   * transaction: takes every request's advisory lock, then looks up every
   * stored response (two statements, one round trip, as in runLocked). The
   * batch must not hold one (principal, key) twice: a transaction takes its
   * own advisory lock again without waiting.
   */
  async checkMany(sql: Sql, requests: readonly IdempotentRequest[]): Promise<IdempotencyCheck[]> {
    if (requests.length === 0) return [];
    const keys = JSON.stringify(requests.map((r, ord) => ({ principal: r.principal, key_hash: r.keyHash, ord })));
    const [locks, existing] = await Promise.all([
      sql.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_xact_lock(hashtextextended(u.principal || E'\\n' || u.key_hash, 0)) AS locked
           FROM jsonb_to_recordset($1::jsonb) AS u(principal text, key_hash text, ord int) ORDER BY u.ord`,
        [keys],
      ),
      sql.query<StoredRow & { principal: string; key_hash: string }>(
        `SELECT k.principal, k.key_hash, k.fingerprint, k.status, k.body, k.sealed, k.kept
           FROM jsonb_to_recordset($1::jsonb) AS u(principal text, key_hash text)
          -- OFFSET 0 keeps this a unique-index lookup per key, whatever the generic plan estimates.
          CROSS JOIN LATERAL (SELECT principal, key_hash, ${STORED_ROW_COLUMNS} FROM idempotency_keys i
                               WHERE i.principal = u.principal AND i.key_hash = u.key_hash OFFSET 0) k`,
        [keys],
      ),
    ]);
    const stored = new Map(existing.map((row) => [`${row.principal}\n${row.key_hash}`, row]));
    return requests.map((request, i) =>
      checkKey(request, locks[i].locked, stored.get(`${request.principal}\n${request.keyHash}`), this.box),
    );
  }

  /** Stores responses with the transaction (a deferred write: it travels with the COMMIT). */
  storeMany(sql: Sql, stored: readonly ResponseToStore[]): void {
    if (stored.length === 0) return;
    sql.defer(
      `INSERT INTO idempotency_keys (principal, key_hash, request_method, request_path, request_fingerprint,
                                     response_status, response_body, response_sealed)
       SELECT u.principal, u.key_hash, u.method, u.path, u.fingerprint, u.status,
              CASE WHEN u.sealed IS NULL THEN coalesce(u.body, 'null'::jsonb) END, u.sealed
         FROM jsonb_to_recordset($1::jsonb)
           AS u(principal text, key_hash text, method text, path text, fingerprint text, status int, body jsonb,
                sealed text)`,
      [
        JSON.stringify(
          stored.map(({ request, response, sealed }) => ({
            principal: request.principal,
            key_hash: request.keyHash,
            method: request.method,
            path: request.path,
            fingerprint: request.fingerprint,
            status: response.status,
            ...(sealed
              ? { sealed: this.box.seal(JSON.stringify(response.body ?? null), sealingContext(request), request.key) }
              : { body: response.body ?? null }),
          })),
        ),
      ],
    );
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
