// The worker process's BullMQ Workers: @nestjs/bullmq builds one for each
// processor (a provider extending JobProcessor) when start() asks it to, not
// at module init, so that no job runs before the app is ready. Jobs whose
// attempts are exhausted are dead-lettered on their outbox row (failed_at,
// last_error), so the relay stops redispatching them and an operator can see
// and replay them.
import { Injectable, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { BullRegistrar } from '@nestjs/bullmq';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { FailureLog } from '../common/outage-log';
import { DatabaseService } from '../database/database.service';
import { JobProcessor } from './job-processor';

@Injectable()
export class QueueWorkers {
  private readonly logger = new Logger(QueueWorkers.name);
  private readonly workers: Worker[] = [];
  /** The workers' connections to the queue store fail together in an outage: one warning for all. */
  private readonly failures = new FailureLog('queue workers', this.logger);

  constructor(
    private readonly registrar: BullRegistrar,
    private readonly discovery: DiscoveryService,
    private readonly db: DatabaseService,
  ) {}

  /** This process's processors. */
  processors(): JobProcessor[] {
    return this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is JobProcessor => instance instanceof JobProcessor);
  }

  start(): void {
    this.registrar.register();
    for (const processor of this.processors()) {
      const worker = processor.worker;
      const queue = worker.name;
      worker.concurrency = processor.concurrency;
      worker.on('failed', (job, error) => {
        if (!job) return;
        const exhausted = job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError;
        this.logger.warn(
          `job ${queue}/${job.name} ${job.id} failed (attempt ${job.attemptsMade}${exhausted ? ', giving up' : ''}): ${error.message}`,
        );
        if (exhausted) void this.deadLetter(job, error);
      });
      worker.on('error', (error) => this.failures.failed(error, `queue ${queue} worker`, { queue }));
      // A worker that fetches again (a job, or an empty queue) reaches its store.
      worker.on('active', () => this.failures.succeeded());
      worker.on('drained', () => this.failures.succeeded());
      this.workers.push(worker);
      this.logger.debug(`processing queue ${queue} (concurrency ${worker.concurrency})`);
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
