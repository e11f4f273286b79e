import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken, getSharedConfigToken } from '@nestjs/bullmq';
import type { Queue, QueueOptions } from 'bullmq';
import { TallyQueue } from './queue-classes';
import { QUEUE_NAMES } from './queue-names';
import { QueueStore } from './queue-store';

const TALLY_QUEUES: ReadonlySet<string> = new Set(Object.values(QUEUE_NAMES));

/**
 * Queues by name, for code that picks one at run time: the outbox relay (each
 * row names its queue), the job scheduler, metrics and the dashboard. A name
 * of QUEUE_NAMES gives the queue BullModule registered (the one @InjectQueue
 * gives); any other (a test's queue) is opened with the same options and
 * closed with the app.
 */
@Injectable()
export class QueueRegistry implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(QueueRegistry.name);
  private readonly queues = new Map<string, Queue>();
  private readonly opened: Queue[] = [];

  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(getSharedConfigToken()) private readonly options: QueueOptions,
    private readonly store: QueueStore,
  ) {}

  onModuleInit(): void {
    for (const name of TALLY_QUEUES) this.get(name);
  }

  get(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = TALLY_QUEUES.has(name)
        ? this.moduleRef.get<Queue>(getQueueToken(name), { strict: false })
        : this.open(name);
      // A queue repeats its connection's errors, which BullMQ prints with console.error when nobody
      // listens; RedisService already logs them as warnings.
      queue.on('error', (error) => this.logger.debug(`queue ${name}: ${error.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  private open(name: string): Queue {
    const queue = new TallyQueue(name, this.options);
    this.opened.push(queue);
    return queue;
  }

  // The last shutdown phase: after in-flight requests and jobs have finished. BullModule's
  // queues close in the same phase, before this module's (their module is imported by this one).
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.opened.map((q) => q.close()));
    await this.store.close();
  }
}
