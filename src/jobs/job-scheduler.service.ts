// Upserts the schedules each processor declares (BullMQ job schedulers on
// the processor's queue) at boot and every minute, so that a Redis flush
// loses none, and removes the schedulers of a queue that its processor no
// longer declares (a schedule renamed, or moved to another queue), which
// would otherwise add jobs that no handler takes.
import { Injectable, Logger } from '@nestjs/common';
import type { RepeatOptions } from 'bullmq';
import { QueueRegistry } from '../queues/queue.registry';
import type { JobProcessor, JobSchedule } from './job-processor';

const UPSERT_EVERY_MS = 60_000;

@Injectable()
export class JobScheduler {
  private readonly logger = new Logger(JobScheduler.name);
  private timer?: NodeJS.Timeout;

  constructor(private readonly queues: QueueRegistry) {}

  /** Upserts now and every minute; the processors' workers must have started (their queue is the worker's). */
  async start(processors: readonly JobProcessor[]): Promise<void> {
    await this.upsert(processors);
    this.timer = setInterval(() => {
      this.upsert(processors).catch((error) => this.logger.warn(`schedule upsert failed: ${(error as Error).message}`));
    }, UPSERT_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async upsert(processors: readonly JobProcessor[]): Promise<void> {
    const byQueue = new Map<string, JobSchedule[]>();
    for (const processor of processors) {
      const queue = processor.worker.name;
      byQueue.set(queue, [...(byQueue.get(queue) ?? []), ...processor.schedules]);
    }
    for (const [name, schedules] of byQueue) {
      const queue = this.queues.get(name);
      for (const schedule of schedules) {
        await queue.upsertJobScheduler(schedule.name, repeatOf(schedule), { name: schedule.name });
      }
      const declared = new Set(schedules.map((s) => s.name));
      for (const scheduler of await queue.getJobSchedulers()) {
        if (declared.has(scheduler.key)) continue;
        await queue.removeJobScheduler(scheduler.key);
        this.logger.log(`removed schedule ${name}/${scheduler.key}, which no processor declares`);
      }
    }
  }
}

function repeatOf(schedule: JobSchedule): Omit<RepeatOptions, 'key'> {
  return 'pattern' in schedule ? { pattern: schedule.pattern, tz: 'UTC' } : { every: schedule.everyMs };
}
