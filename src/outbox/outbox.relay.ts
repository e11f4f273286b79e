// Runs in the worker: copies committed outbox rows to BullMQ.
//
// - relayBatch(): rows not yet dispatched, oldest first, locked with SKIP
//   LOCKED (several workers share the work), added to their queue with the
//   row id as job id, then marked dispatched in the same transaction. If the
//   process dies between the add and the commit, the row is added again and
//   BullMQ ignores the duplicate job id.
// - redispatchStale(): overdue rows, neither processed nor dead-lettered
//   OUTBOX_REDISPATCH_AFTER_SECONDS after they were both dispatched and due
//   (run_at), are looked up in their queue: a job lost with Redis (a flush, a
//   failover without persistence) is recreated, and the sweep warns about it;
//   a job still in the queue store (waiting for a worker, or retrying with
//   backoff) is left alone, noted at debug only. A delayed job whose time has
//   not come is not overdue: it waits in the queue, and is only looked at
//   once it should have run.
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { FailureLog } from '../common/outage-log';
import { AppConfig } from '../config/configuration';
import { DatabaseService, Tx } from '../database/database.service';
import { QueueRegistry } from '../queues/queue.registry';
import type { OutboxJobData } from './outbox.service';

interface OutboxRow {
  id: string;
  queue: string;
  job_name: string;
  payload: Record<string, unknown>;
  run_at: Date;
}

@Injectable()
export class OutboxRelay implements OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  /** The polling loop's failures: an unreachable database or queue store is one outage, not a line per pass. */
  private readonly failures = new FailureLog('outbox relay', this.logger);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly db: DatabaseService,
    private readonly queues: QueueRegistry,
    private readonly config: AppConfig,
  ) {}

  /** Dispatches up to `limit` undispatched rows; returns how many. */
  async relayBatch(limit = 200): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.$queryRaw<OutboxRow[]>`
        SELECT id, queue, job_name, payload, run_at FROM outbox_messages
        WHERE dispatched_at IS NULL
        ORDER BY created_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED`;
      return this.handOver(tx, rows);
    });
  }

  /**
   * Re-adds the jobs of rows handed over and due long ago but still
   * unprocessed, if they are missing from their queue; returns how many.
   */
  async redispatchStale(limit = 1_000): Promise<number> {
    const staleBefore = new Date(Date.now() - this.config.outboxRedispatchAfterSeconds * 1000);
    return this.db.transaction(async (tx) => {
      // GREATEST(...) as in outbox_messages_overdue_idx, which serves this scan.
      const rows = await tx.$queryRaw<OutboxRow[]>`
        SELECT id, queue, job_name, payload, run_at FROM outbox_messages
        WHERE dispatched_at IS NOT NULL AND processed_at IS NULL AND failed_at IS NULL
          AND GREATEST(dispatched_at, run_at) <= ${staleBefore}
        ORDER BY GREATEST(dispatched_at, run_at)
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED`;
      if (rows.length === 0) return 0;
      // Re-adding a job still in its queue would be a no-op (BullMQ keeps the existing id): only look for lost ones.
      const missing = await this.withoutJobs(rows);
      await this.handOver(tx, missing, rows);
      const queued = rows.length - missing.length;
      if (queued > 0) {
        this.logger.debug(`${queued} overdue outbox message(s) still in their queue (waiting, or retrying)`);
      }
      return missing.length;
    });
  }

  /** Re-adds what the queues lost (redispatchStale): a warning only when some job was missing. */
  async sweep(): Promise<number> {
    const redispatched = await this.redispatchStale();
    if (redispatched > 0) {
      this.logger.warn(`redispatched ${redispatched} outbox message(s) whose job was missing from its queue`);
    }
    return redispatched;
  }

  /** The rows whose job is not in their queue store. */
  private async withoutJobs(rows: OutboxRow[]): Promise<OutboxRow[]> {
    const missing: OutboxRow[] = [];
    // A lookup per row, a hundred at a time: overdue rows are few unless the workers fall far behind.
    for (let start = 0; start < rows.length; start += 100) {
      const chunk = rows.slice(start, start + 100);
      const jobs = await Promise.all(chunk.map((row) => this.queues.get(row.queue).getJob(row.id)));
      chunk.forEach((row, i) => jobs[i] === undefined && missing.push(row));
    }
    return missing;
  }

  /**
   * Adds the jobs of `rows` to BullMQ, then marks `marked` (the rows, unless
   * given) dispatched now; returns how many jobs it added.
   */
  private async handOver(tx: Tx, rows: OutboxRow[], marked = rows): Promise<number> {
    if (marked.length === 0) return 0;
    await this.addJobs(rows);
    await tx.$executeRaw`
      UPDATE outbox_messages SET dispatched_at = now() WHERE id = ANY(${marked.map((r) => r.id)}::text[])`;
    return rows.length;
  }

  private async addJobs(rows: OutboxRow[]): Promise<void> {
    const byQueue = new Map<string, OutboxRow[]>();
    for (const row of rows) {
      const queueRows = byQueue.get(row.queue);
      if (queueRows) queueRows.push(row);
      else byQueue.set(row.queue, [row]);
    }
    const now = Date.now();
    for (const [queueName, queueRows] of byQueue) {
      await this.queues.get(queueName).addBulk(
        queueRows.map((row) => ({
          name: row.job_name,
          data: { outboxId: row.id, payload: row.payload } satisfies OutboxJobData,
          opts: { jobId: row.id, delay: Math.max(0, new Date(row.run_at).getTime() - now) },
        })),
      );
    }
  }

  /** Starts the polling loop (the worker calls this at boot). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.runLoop();
  }

  private async runLoop(): Promise<void> {
    let lastSweep = 0;
    while (this.running) {
      let relayed = 0;
      try {
        relayed = await this.relayBatch();
        const sweepEveryMs = Math.max(1_000, (this.config.outboxRedispatchAfterSeconds * 1000) / 2);
        if (Date.now() - lastSweep >= sweepEveryMs) {
          lastSweep = Date.now();
          await this.sweep();
        }
        this.failures.succeeded();
      } catch (error) {
        this.failures.failed(error, 'outbox relay failed');
      }
      // A full batch means more is waiting: go again at once.
      if (relayed === 0 && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.config.outboxPollIntervalMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }
}
