// The answers of a group-committed batch (common/group-commit.ts), one per
// request, with IdempotencyService's rules for each: a request whose key is
// held elsewhere or was used for another request is refused, a stored
// response is replayed, and a request that runs has its response (or its
// error, when the error is a result of the request) stored with the batch's
// COMMIT.
import { ApiError } from '../common/errors';
import type { Sql } from '../database/sql';
import type { IdempotencyService, IdempotentOutcome, IdempotentRequest, StoredResponse } from './idempotency.service';

/** What a group-committed route answers: as IdempotencyService's outcomes, plus errors that store nothing. */
export type GroupOutcome = IdempotentOutcome | { kind: 'rejected'; error: unknown };

export class GroupOutcomes {
  readonly outcomes: GroupOutcome[];
  private readonly stored: { request: IdempotentRequest; response: StoredResponse }[] = [];

  constructor(
    private readonly requests: readonly { idempotency?: IdempotentRequest }[],
    private readonly successStatus: number,
  ) {
    this.outcomes = new Array(requests.length);
  }

  /** Locks and looks up every request's key (the batch's first round trip); settles the replays and refusals. */
  async checkKeys(sql: Sql, idempotency: IdempotencyService): Promise<void> {
    const keyed = this.requests.flatMap((r, index) => (r.idempotency ? [{ index, request: r.idempotency }] : []));
    const checks = await idempotency.checkMany(
      sql,
      keyed.map((k) => k.request),
    );
    keyed.forEach(({ index }, i) => {
      const check = checks[i];
      if (check.kind === 'rejected') this.outcomes[index] = { kind: 'rejected', error: check.error };
      if (check.kind === 'replayed') this.outcomes[index] = check;
    });
  }

  /** Whether the request still has to run. */
  open(index: number): boolean {
    return this.outcomes[index] === undefined;
  }

  succeed(index: number, body: unknown): void {
    const response = { status: this.successStatus, body };
    this.outcomes[index] = { kind: 'executed', response };
    const idempotency = this.requests[index].idempotency;
    if (idempotency) this.stored.push({ request: idempotency, response });
  }

  /**
   * The request's answer is this error. Anything but an ApiError is not an
   * answer at all (a bug, a lost connection): it is thrown, and fails the batch.
   */
  fail(index: number, error: unknown): void {
    if (!(error instanceof ApiError)) throw error;
    const idempotency = this.requests[index].idempotency;
    // As IdempotencyService.run: only errors that are a result of the request are stored.
    if (!idempotency || !error.storableForIdempotency) {
      this.outcomes[index] = { kind: 'rejected', error };
      return;
    }
    this.outcomes[index] = { kind: 'stored_error', error };
    this.stored.push({
      request: idempotency,
      response: { status: error.status, body: error.toBody(idempotency.requestId) },
    });
  }

  /** Stores the responses with the batch's COMMIT (a deferred write) and returns every answer. */
  finish(sql: Sql, idempotency: IdempotencyService): GroupOutcome[] {
    idempotency.storeMany(sql, this.stored);
    return this.outcomes;
  }
}
