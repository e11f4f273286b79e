// Group commit for ledger postings made outside a caller's transaction.
//
// Each posting is one call of ledger_post_entries(); callers that arrive
// while earlier batches are in flight wait (at most one batch's time) and go
// together in the next statement. A hot account (a merchant receiving every
// payment) is then locked and written once per batch instead of once per
// transfer, and the commit's WAL flush is shared. Entries stay independent:
// the function returns one result per entry.
import { isRetryableTransactionError } from '../database/database.service';
import type { EntryResult, PreparedTransfer } from './ledger.model';
import { MAX_TRANSFERS_PER_BATCH } from './ledger.model';

export interface PreparedEntry {
  entryId: string;
  transfers: PreparedTransfer[];
}

interface Waiting {
  entry: PreparedEntry;
  resolve: (result: EntryResult) => void;
  reject: (error: unknown) => void;
}

const MAX_ATTEMPTS = 5;

export class PostingBatcher {
  private waiting: Waiting[] = [];
  private inFlight = 0;
  private drainScheduled = false;

  constructor(
    /** Posts the entries in one statement; one result per entry, in order. */
    private readonly post: (entries: PreparedEntry[]) => Promise<EntryResult[]>,
    private readonly maxConcurrentBatches: number,
    /** Told when a shared statement failed and its entries were posted one by one. */
    private readonly onStatementFailure: (error: unknown, entries: number) => void = () => undefined,
  ) {}

  submit(entry: PreparedEntry): Promise<EntryResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ entry, resolve, reject });
      this.scheduleDrain();
    });
  }

  // Deferred to the next turn of the event loop so that entries submitted
  // together (a batch call, a burst of requests) leave together.
  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(() => {
      this.drainScheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.maxConcurrentBatches && this.waiting.length > 0) {
      const batch = this.takeBatch();
      this.inFlight++;
      this.settle(batch).finally(() => {
        this.inFlight--;
        if (this.waiting.length > 0) this.scheduleDrain();
      });
    }
  }

  /** Posts a batch and settles each waiting caller; never rejects. */
  private async settle(batch: Waiting[]): Promise<void> {
    try {
      const results = await this.postWithRetries(batch.map((w) => w.entry));
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (error) {
      // Any other failure of a shared statement: post each entry alone, so
      // that one caller's problem is not every caller's.
      if (batch.length > 1 && !isRetryableTransactionError(error)) {
        this.onStatementFailure(error, batch.length);
        await Promise.all(batch.map((w) => this.settle([w])));
      } else {
        batch.forEach((w) => w.reject(error));
      }
    }
  }

  /**
   * The oldest waiting entries up to the batch limit. An entry that repeats
   * a transfer id already in the batch waits for the next one, so that the
   * second copy replays the first instead of racing it.
   */
  private takeBatch(): Waiting[] {
    const taken: Waiting[] = [];
    const left: Waiting[] = [];
    const ids = new Set<string>();
    let transfers = 0;
    for (const waiting of this.waiting) {
      const size = waiting.entry.transfers.length;
      const full = taken.length > 0 && transfers + size > MAX_TRANSFERS_PER_BATCH;
      if (full || waiting.entry.transfers.some((t) => ids.has(t.id))) {
        left.push(waiting);
        continue;
      }
      for (const t of waiting.entry.transfers) ids.add(t.id);
      transfers += size;
      taken.push(waiting);
    }
    this.waiting = left;
    return taken;
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
