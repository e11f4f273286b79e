// Group-committed use cases: concurrent requests (each with its own
// idempotency key) run together as one plain-SQL transaction whose
// statements each serve the whole batch (common/group-commit.ts says why).
// GroupCommits owns everything but the decision: the committer, the
// transaction, the batch's idempotency keys (locked and looked up in the
// batch's first round trip, beside the use case's own first reads), the
// per-request answers and the stored responses, written with the COMMIT
// under IdempotencyService's rules. A use case supplies only its first reads
// and its decision loop.
import { Injectable, Logger } from '@nestjs/common';
import { ApiError } from '../common/errors';
import { GroupCommitter } from '../common/group-commit';
import { AppConfig } from '../config/configuration';
import { DatabaseService, mayBeCausedByOneInput } from '../database/database.service';
import type { Sql } from '../database/sql';
import {
  IdempotencyService,
  storedErrorResponse,
  type IdempotentOutcome,
  type IdempotentRequest,
  type ResponseToStore,
} from './idempotency.service';

/** The status every group-committed route answers a success with (see GroupCommitted()). */
export const GROUP_COMMITTED_SUCCESS_STATUS = 200;

/** What a group-committed route answers: as IdempotencyService's outcomes, plus errors that store nothing. */
export type GroupOutcome = IdempotentOutcome | { kind: 'rejected'; error: unknown };

/** A request to a group-committed use case carries its idempotency key, if it sent one. */
export interface GroupRequest {
  idempotency?: IdempotentRequest;
}

/** The answers of one batch, as the use case's decision loop gives them. */
export class GroupAnswers {
  readonly outcomes: GroupOutcome[];
  private readonly stored: ResponseToStore[] = [];

  constructor(private readonly requests: readonly GroupRequest[]) {
    this.outcomes = new Array(requests.length);
  }

  /** Whether the request still has to be decided (not replayed, not refused for its key, not answered). */
  open(index: number): boolean {
    return this.outcomes[index] === undefined;
  }

  succeed(index: number, body: unknown): void {
    const response = { status: GROUP_COMMITTED_SUCCESS_STATUS, body };
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
    const stored = idempotency ? storedErrorResponse(idempotency, error) : null;
    if (!stored) {
      this.outcomes[index] = { kind: 'rejected', error };
      return;
    }
    this.outcomes[index] = { kind: 'stored_error', error };
    this.stored.push(stored);
  }

  /** Settles the replays and the refusals of the keys' check. */
  settleKeys(
    checks: readonly { index: number; check: Awaited<ReturnType<IdempotencyService['checkMany']>>[number] }[],
  ) {
    for (const { index, check } of checks) {
      if (check.kind === 'rejected') this.outcomes[index] = { kind: 'rejected', error: check.error };
      if (check.kind === 'replayed') this.outcomes[index] = check;
    }
  }

  responsesToStore(): readonly ResponseToStore[] {
    return this.stored;
  }
}

export interface GroupUseCase<R extends GroupRequest, Read> {
  /** For logs: what the batches are of. */
  name: string;
  /** Requests in one batch at most. */
  maxBatchSize: number;
  /** Keys of requests that must not share a batch, beside their idempotency key. */
  conflictKeys?: (request: R) => readonly string[];
  /** The batch's first reads and locks, sent in the round trip that checks the idempotency keys. */
  read(sql: Sql, requests: readonly R[]): Promise<Read>;
  /**
   * Decides every request still open (answers.succeed / answers.fail), in
   * arrival order, and queues the batch's writes; they commit with the answers.
   */
  decide(sql: Sql, requests: readonly R[], answers: GroupAnswers, read: Read): Promise<void>;
}

@Injectable()
export class GroupCommits {
  constructor(
    private readonly db: DatabaseService,
    private readonly idempotency: IdempotencyService,
    private readonly config: AppConfig,
  ) {}

  /** A submit function for the use case: each call resolves with its request's answer. */
  create<R extends GroupRequest, Read>(useCase: GroupUseCase<R, Read>): (request: R) => Promise<GroupOutcome> {
    const logger = new Logger(useCase.name);
    const committer = new GroupCommitter<R, GroupOutcome>((requests) => this.runBatch(useCase, requests), {
      // One request's bad data must not fail the others: the batch is split to isolate it.
      splitOnFailure: mayBeCausedByOneInput,
      maxConcurrentBatches: this.config.groupCommitConcurrentBatches,
      maxBatchSize: useCase.maxBatchSize,
      // A transaction takes its own advisory lock again, so one key may not appear twice in a batch.
      conflictKeys: (r) => [
        ...(useCase.conflictKeys?.(r) ?? []),
        ...(r.idempotency ? [`${r.idempotency.principal}\n${r.idempotency.keyHash}`] : []),
      ],
      onBatchFailure: (error, size) =>
        logger.warn(`a batch of ${size} requests failed as a whole and is split in halves: ${String(error)}`),
    });
    return (request) => committer.submit(request);
  }

  private runBatch<R extends GroupRequest, Read>(
    useCase: GroupUseCase<R, Read>,
    requests: readonly R[],
  ): Promise<GroupOutcome[]> {
    return this.db.sqlTransaction(async (sql) => {
      const answers = new GroupAnswers(requests);
      const keyed = requests.flatMap((r, index) => (r.idempotency ? [{ index, request: r.idempotency }] : []));
      const [checks, read] = await Promise.all([
        this.idempotency.checkMany(
          sql,
          keyed.map((k) => k.request),
        ),
        useCase.read(sql, requests),
      ]);
      answers.settleKeys(keyed.map(({ index }, i) => ({ index, check: checks[i] })));
      await useCase.decide(sql, requests, answers, read);
      this.idempotency.storeMany(sql, answers.responsesToStore());
      return answers.outcomes;
    });
  }
}
