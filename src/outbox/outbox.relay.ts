// Runs in the worker: copies committed outbox rows to BullMQ.
//
// - relayBatch(): rows not yet dispatched, oldest first, locked with SKIP
//   LOCKED (several workers share the work), added to their queue with the
//   row id as job id, then marked dispatched in the same transaction. If the
//   process dies between the add and the commit, the row is added again and
//   BullMQ ignores the duplicate job id.
// - redispatchStale(): overdue rows, neither processed nor dead-lettered
//   OUTBOX_REDISPATCH_AFTER_SECONDS after they were both dispatched and due
//   (run_at), are added again. A job still in the queue store makes that a
//   no-op; a job lost with Redis (a flush, a failover without persistence) is
//   recreated. A delayed job whose time has not come is not overdue: it waits
//   in the queue, and is only looked at once it should have run.
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
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

  /** Re-adds rows handed over and due long ago but still unprocessed; returns how many. */
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
      return this.handOver(tx, rows);
    });
  }

  /** Adds the locked rows' jobs to BullMQ, then marks the rows dispatched; returns how many. */
  private async handOver(tx: Tx, rows: OutboxRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    await this.addJobs(rows);
    await tx.$executeRaw`
      UPDATE outbox_messages SET dispatched_at = now() WHERE id = ANY(${rows.map((r) => r.id)}::text[])`;
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
          const redispatched = await this.redispatchStale();
          if (redispatched > 0) this.logger.warn(`redispatched ${redispatched} unprocessed outbox message(s)`);
        }
      } catch (error) {
        this.logger.error(`outbox relay failed: ${(error as Error).message}`);
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
