import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { AppConfig } from '../config/configuration';
import { RedisService } from './redis.service';

/**
 * Default options of every Tally job: bounded retries with exponential
 * backoff, completed jobs kept an hour for inspection, failed ones a week.
 * Capabilities override per job (webhook delivery has its own schedule).
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 3_600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3_600 },
};

/** One BullMQ Queue object per queue name, all under QUEUE_PREFIX. */
@Injectable()
export class QueueRegistry implements OnApplicationShutdown {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisService,
  ) {}

  get prefix(): string {
    return this.config.queuePrefix;
  }

  get(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.redis.client,
        prefix: this.config.queuePrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Queues this process has touched (metrics report their depths). */
  known(): Queue[] {
    return [...this.queues.values()];
  }

  // The last shutdown phase: after in-flight requests and jobs have finished.
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
