// Group commit for requests: callers that arrive while earlier batches are in
// flight wait (at most one batch's time) and then run together, as one
// database transaction whose statements each serve the whole batch. The
// per-transaction costs (round trips, statement starts, the commit) are then
// paid once per batch instead of once per request. Each caller still gets
// its own result: `run` returns one output per input.
//
// Inputs that share a conflict key never share a batch (the later one waits
// for the next), so `run` never sees two of them at once. When a batch fails
// as a whole (not with a result per input), it is split in halves that run
// again, one after the other, and so on down to single inputs: one caller's
// problem is not every caller's, and finding it among n costs about 2 log2(n)
// extra runs, not n (a hostile caller failing every batch it joins would
// otherwise turn each of its batches into n one-input transactions).
export interface GroupCommitOptions<Input> {
  /** Batches in flight at once; more callers wait for one to finish. */
  maxConcurrentBatches: number;
  /** The most weight in one batch (an input heavier than that goes alone). */
  maxBatchSize: number;
  /** An input's share of maxBatchSize; 1 by default. */
  weight?: (input: Input) => number;
  /** Inputs that share a key go in different batches. */
  conflictKeys?: (input: Input) => readonly string[];
  /** Whether a failed batch is split and run again (by default always); otherwise its inputs all fail with it. */
  splitOnFailure?: (error: unknown) => boolean;
  /** Told when a batch failed as a whole and is split. */
  onBatchFailure?: (error: unknown, size: number) => void;
}

interface Waiting<Input, Output> {
  input: Input;
  resolve: (output: Output) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitter<Input, Output> {
  private waiting: Waiting<Input, Output>[] = [];
  private inFlight = 0;
  private drainScheduled = false;

  constructor(
    private readonly run: (inputs: Input[]) => Promise<Output[]>,
    private readonly options: GroupCommitOptions<Input>,
  ) {}

  submit(input: Input): Promise<Output> {
    return new Promise<Output>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      this.scheduleDrain();
    });
  }

  // The next turn of the event loop, so that callers arriving together leave together.
  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(() => {
      this.drainScheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.options.maxConcurrentBatches && this.waiting.length > 0) {
      const batch = this.takeBatch();
      this.inFlight++;
      void this.settle(batch).finally(() => {
        this.inFlight--;
        if (this.waiting.length > 0) this.scheduleDrain();
      });
    }
  }

  /** The oldest waiting inputs, up to the batch size, skipping any that shares a key with the batch. */
  private takeBatch(): Waiting<Input, Output>[] {
    const batch: Waiting<Input, Output>[] = [];
    const keys = new Set<string>();
    const left: Waiting<Input, Output>[] = [];
    let weight = 0;
    for (const waiting of this.waiting) {
      const size = this.options.weight?.(waiting.input) ?? 1;
      const inputKeys = this.options.conflictKeys?.(waiting.input) ?? [];
      const full = batch.length > 0 && weight + size > this.options.maxBatchSize;
      if (full || inputKeys.some((key) => keys.has(key))) {
        left.push(waiting);
        continue;
      }
      for (const key of inputKeys) keys.add(key);
      weight += size;
      batch.push(waiting);
    }
    this.waiting = left;
    return batch;
  }

  /** Runs a batch and settles each caller; never rejects. */
  private async settle(batch: Waiting<Input, Output>[]): Promise<void> {
    let outputs: Output[];
    try {
      outputs = await this.run(batch.map((w) => w.input));
    } catch (error) {
      if (batch.length === 1 || this.options.splitOnFailure?.(error) === false) {
        batch.forEach((w) => w.reject(error));
        return;
      }
      this.options.onBatchFailure?.(error, batch.length);
      // In order, so that the inputs are still decided in arrival order.
      const half = Math.ceil(batch.length / 2);
      await this.settle(batch.slice(0, half));
      await this.settle(batch.slice(half));
      return;
    }
    batch.forEach((w, i) => w.resolve(outputs[i]));
  }
}
