// Tally's BullMQ queues, through @nestjs/bullmq: one shared connection (the
// queue store's: Redis, or a pg pool on the PostgreSQL backend) and one key
// prefix (QUEUE_PREFIX) for all of them. Code that uses one queue takes it
// with @InjectQueue(QUEUE_NAMES.x); code that picks a queue by name at run
// time uses QueueRegistry.
import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import type { JobsOptions, QueueOptions } from 'bullmq';
import { AppConfig } from '../config/configuration';
import type { QueueBackend } from './queue-backend';
import { TallyQueue, TallyWorker } from './queue-classes';
import { PostgresQueueStore, QueueStore, RedisQueueStore } from './queue-store';
import { QueueRegistry } from './queue.registry';
import { QUEUE_NAMES } from './queue-names';
import { RedisModule } from './redis.module';
import { RedisService } from './redis.service';

/**
 * Default options of every Tally job: bounded retries with exponential
 * backoff, completed jobs kept an hour for inspection, failed ones a week.
 * Capabilities override per job.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 3_600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3_600 },
};

BullModule.queueClass = TallyQueue;
BullModule.workerClass = TallyWorker;

const registeredQueues = BullModule.registerQueue(...Object.values(QUEUE_NAMES).map((name) => ({ name })));

/** The queue store of `backend`; on PostgreSQL no Redis module (and so no Redis connection) exists. */
function queueStore(backend: QueueBackend): { imports: DynamicModule['imports']; provider: Provider } {
  if (backend === 'postgres') {
    return {
      imports: [],
      provider: { provide: QueueStore, inject: [AppConfig], useFactory: (c: AppConfig) => new PostgresQueueStore(c) },
    };
  }
  return {
    imports: [RedisModule],
    provider: { provide: QueueStore, inject: [RedisService], useFactory: (r: RedisService) => new RedisQueueStore(r) },
  };
}

@Global()
@Module({})
export class QueuesModule {
  static forRoot(backend: QueueBackend): DynamicModule {
    const store = queueStore(backend);
    // The store in a module of its own, so that BullModule's factory can import it.
    const storeModule: DynamicModule = {
      module: QueueStoreModule,
      imports: store.imports,
      providers: [store.provider],
      exports: [QueueStore],
    };
    return {
      module: QueuesModule,
      imports: [
        storeModule,
        BullModule.forRootAsync({
          imports: [storeModule],
          inject: [AppConfig, QueueStore],
          useFactory: (config: AppConfig, queueStore: QueueStore): QueueOptions => ({
            connection: queueStore.connection as QueueOptions['connection'],
            prefix: config.queuePrefix,
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          }),
          // The worker starts its processors once it is ready (QueueWorkers); the API runs none.
          extraOptions: { manualRegistration: true },
        }),
        registeredQueues,
      ],
      providers: [QueueRegistry],
      exports: [registeredQueues, QueueRegistry, storeModule],
    };
  }
}

@Global()
@Module({})
class QueueStoreModule {}
