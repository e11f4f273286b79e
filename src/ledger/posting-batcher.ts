// Group commit for ledger postings made outside a caller's transaction.
//
// Each posting is one call of ledger_post_entries(); callers that arrive
// while earlier batches are in flight wait (at most one batch's time) and go
// together in the next statement. A hot account (a merchant receiving every
// payment) is then locked and written once per batch instead of once per
// transfer, and the commit's WAL flush is shared. Entries stay independent:
// the function returns one result per entry.
import { GroupCommitter } from '../common/group-commit';
import { isRetryableTransactionError, mayBeCausedByOneInput } from '../database/database.service';
import type { EntryResult, PreparedTransfer } from './ledger.model';
import { MAX_TRANSFERS_PER_BATCH } from './ledger.model';

export interface PreparedEntry {
  entryId: string;
  transfers: PreparedTransfer[];
}

const MAX_ATTEMPTS = 5;

export class PostingBatcher {
  private readonly committer: GroupCommitter<PreparedEntry, EntryResult>;

  constructor(
    /** Posts the entries in one statement; one result per entry, in order. */
    private readonly post: (entries: PreparedEntry[]) => Promise<EntryResult[]>,
    maxConcurrentBatches: number,
    /** Told when a shared statement failed and its entries are posted again in halves. */
    onStatementFailure: (error: unknown, entries: number) => void = () => undefined,
  ) {
    this.committer = new GroupCommitter((entries) => this.postWithRetries(entries), {
      maxConcurrentBatches,
      maxBatchSize: MAX_TRANSFERS_PER_BATCH,
      weight: (entry) => entry.transfers.length,
      // A transfer id twice in one statement would race itself; the second copy waits and replays the first.
      conflictKeys: (entry) => entry.transfers.map((t) => t.id),
      // Retries are exhausted, or the database is unreachable: the same would happen apart. A failure
      // one entry's data may cause: post the entries apart (in halves) to isolate it.
      splitOnFailure: (error) => !isRetryableTransactionError(error) && mayBeCausedByOneInput(error),
      onBatchFailure: onStatementFailure,
    });
  }

  submit(entry: PreparedEntry): Promise<EntryResult> {
    return this.committer.submit(entry);
  }

  private async postWithRetries(entries: PreparedEntry[]): Promise<EntryResult[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.post(entries);
      } catch (error) {
        if (!isRetryableTransactionError(error) || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  }
}
