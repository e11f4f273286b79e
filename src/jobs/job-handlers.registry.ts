// Capabilities register their job handlers here (in their module's
// onModuleInit); the worker runs one BullMQ Worker per registered queue.
import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';

export type JobHandler = (job: Job) => Promise<unknown>;

export interface QueueHandlers {
  concurrency: number;
  handlers: Map<string, JobHandler>;
}

@Injectable()
export class JobHandlerRegistry {
  private readonly queues = new Map<string, QueueHandlers>();

  register(queue: string, jobName: string, handler: JobHandler, options: { concurrency?: number } = {}): void {
    const entry = this.queues.get(queue) ?? { concurrency: 1, handlers: new Map<string, JobHandler>() };
    if (entry.handlers.has(jobName)) throw new Error(`a handler for ${queue}/${jobName} is already registered`);
    entry.handlers.set(jobName, handler);
    entry.concurrency = Math.max(entry.concurrency, options.concurrency ?? 5);
    this.queues.set(queue, entry);
  }

  entries(): [string, QueueHandlers][] {
    return [...this.queues.entries()];
  }
}
