// The worker process's BullMQ Workers: one per registered queue, dispatching
// each job to the handler registered for its name. Jobs whose attempts are
// exhausted are dead-lettered on their outbox row (failed_at, last_error), so
// the relay stops redispatching them and an operator can see and replay them.
import { Injectable, Logger } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { AppConfig } from '../config/configuration';
import { DatabaseService } from '../database/database.service';
import { RedisService } from '../queues/redis.service';
import { JobHandlerRegistry } from './job-handlers.registry';

@Injectable()
export class QueueWorkers {
  private readonly logger = new Logger(QueueWorkers.name);
  private readonly workers: Worker[] = [];

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly redis: RedisService,
    private readonly config: AppConfig,
    private readonly db: DatabaseService,
  ) {}

  start(): void {
    for (const [queue, entry] of this.registry.entries()) {
      const worker = new Worker(
        queue,
        async (job: Job) => {
          const handler = entry.handlers.get(job.name);
          if (!handler) throw new UnrecoverableError(`no handler for job ${queue}/${job.name}`);
          return handler(job);
        },
        {
          connection: this.redis.connect(`worker:${queue}`),
          prefix: this.config.queuePrefix,
          concurrency: entry.concurrency,
        },
      );
      worker.on('failed', (job, error) => {
        if (!job) return;
        const exhausted = job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError;
        this.logger.warn(
          `job ${queue}/${job.name} ${job.id} failed (attempt ${job.attemptsMade}${exhausted ? ', giving up' : ''}): ${error.message}`,
        );
        if (exhausted) void this.deadLetter(job, error);
      });
      worker.on('error', (error) => this.logger.error(`worker ${queue}: ${error.message}`));
      this.workers.push(worker);
      this.logger.log(`processing queue ${queue} (concurrency ${entry.concurrency})`);
    }
  }

  private async deadLetter(job: Job, error: Error): Promise<void> {
    const outboxId = (job.data as { outboxId?: unknown })?.outboxId;
    if (typeof outboxId !== 'string') return;
    try {
      await this.db.prisma.outboxMessage.updateMany({
        where: { id: outboxId, processedAt: null },
        data: { failedAt: new Date(), lastError: error.message.slice(0, 2_000) },
      });
    } catch (dbError) {
      this.logger.error(`could not dead-letter outbox ${outboxId}: ${(dbError as Error).message}`);
    }
  }

  /** Stops taking jobs and waits for the active ones to finish. */
  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers.length = 0;
  }
}
