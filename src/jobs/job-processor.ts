// A capability's worker for one queue. Each capability's jobs file holds a
// `@Processor(queue)` class extending JobProcessor: its handlers by job name,
// the schedules that add jobs to its queue, and how many jobs a worker
// process runs at once. QueueWorkers starts them, JobScheduler upserts their
// schedules.
import { WorkerHost } from '@nestjs/bullmq';
import { type Job, UnrecoverableError } from 'bullmq';

export type JobHandler = (job: Job) => Promise<unknown>;

/** A job named `name` added to the processor's queue every `everyMs`, or at the times of a cron `pattern` (UTC). */
export type JobSchedule = { readonly name: string } & ({ readonly everyMs: number } | { readonly pattern: string });

/** Jobs of one queue a worker process runs at once, unless its processor says otherwise. */
export const DEFAULT_CONCURRENCY = 5;

export abstract class JobProcessor extends WorkerHost {
  /** The handler of each job name of the queue. */
  protected abstract readonly handlers: Readonly<Record<string, JobHandler>>;

  /** @param schedules the schedules of this queue; each names a job this processor handles. */
  constructor(readonly schedules: readonly JobSchedule[] = []) {
    super();
  }

  get concurrency(): number {
    return DEFAULT_CONCURRENCY;
  }

  async process(job: Job): Promise<unknown> {
    if (!Object.hasOwn(this.handlers, job.name)) {
      throw new UnrecoverableError(`no handler for job ${job.queueName}/${job.name}`);
    }
    return this.handlers[job.name](job);
  }
}
