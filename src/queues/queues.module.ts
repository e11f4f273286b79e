// Tally's BullMQ queues, through @nestjs/bullmq: one Redis connection (the
// shared RedisService.client) and one key prefix (QUEUE_PREFIX) for all of
// them. Code that uses one queue takes it with @InjectQueue(QUEUE_NAMES.x);
// code that picks a queue by name at run time uses QueueRegistry.
import { Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import type { JobsOptions, QueueOptions } from 'bullmq';
import { AppConfig } from '../config/configuration';
import { OwnConnectionWorker } from './own-connection-worker';
import { QueueRegistry } from './queue.registry';
import { QUEUE_NAMES } from './queue-names';
import { RedisModule } from './redis.module';
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

BullModule.workerClass = OwnConnectionWorker;

const registeredQueues = BullModule.registerQueue(...Object.values(QUEUE_NAMES).map((name) => ({ name })));

@Global()
@Module({
  imports: [
    RedisModule,
    BullModule.forRootAsync({
      imports: [RedisModule],
      inject: [AppConfig, RedisService],
      useFactory: (config: AppConfig, redis: RedisService): QueueOptions => ({
        connection: redis.client,
        prefix: config.queuePrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
      // The worker starts its processors once it is ready (QueueWorkers); the API runs none.
      extraOptions: { manualRegistration: true },
    }),
    registeredQueues,
  ],
  providers: [QueueRegistry],
  exports: [registeredQueues, QueueRegistry],
})
export class QueuesModule {}
