// The worker's webhook work: the dispatcher loop that hands due deliveries
// to the `webhooks` queue, the delivery jobs themselves (many at once, so
// one slow endpoint does not hold up the others), and pruning old events
// (hourly, on the same queue).
//
// The loop hands over at most as many deliveries as this worker has free
// slots (WEBHOOK_CONCURRENCY less the deliveries running here and the jobs
// already waiting in the queue). The queue is first come, first served: a
// backlog in it would make an owner who has just become busy wait behind
// everyone else's deliveries, while the dispatcher's pick (fair by owner,
// see WebhookDeliveryService) decides who goes next only if the choice is
// made when a slot is free.
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue, Processor } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { AppConfig } from '../config/configuration';
import { JobProcessor, type JobSchedule } from '../jobs/job-processor';
import { QUEUE_NAMES } from '../queues/queue-names';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { DISPATCH_BATCH, type DeliverJobData, WEBHOOK_JOBS, WebhookDispatcher } from './webhook-dispatcher';
import { WebhookSecrets } from './webhook-secrets';

/** Deliveries a worker keeps queued beyond its free slots, as a share of its concurrency (see freeSlots). */
export const QUEUED_AHEAD_SHARE = 0.5;

export const WEBHOOK_SCHEDULES = {
  pruneEvents: { name: 'prune-events', everyMs: 3_600_000 },
} as const satisfies Record<string, JobSchedule>;

@Processor(QUEUE_NAMES.webhooks)
export class WebhookJobs extends JobProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookJobs.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private resealing?: Promise<void>;
  /** Deliveries running in this process. */
  private runningDeliveries = 0;
  /** After a pass held back by busy slots: wake the loop once this many have freed (0: not waiting). */
  private slotsWanted = 0;
  private slotsFreed = 0;

  protected readonly handlers = {
    [WEBHOOK_JOBS.deliver]: async (job: Job<DeliverJobData>) => {
      this.runningDeliveries++;
      try {
        return await this.deliveries.deliver(job.data);
      } finally {
        this.runningDeliveries--;
        // A dispatch pass that was held back by busy slots runs again once enough have freed.
        if (this.slotsWanted > 0 && ++this.slotsFreed >= this.slotsWanted) {
          this.slotsWanted = 0;
          this.wake?.();
        }
      }
    },
    [WEBHOOK_SCHEDULES.pruneEvents.name]: async () => {
      const deleted = await this.deliveries.pruneEvents();
      this.logger.log(`pruned ${deleted} event(s) past retention`);
      return { deleted };
    },
  };

  constructor(
    private readonly deliveries: WebhookDeliveryService,
    private readonly dispatcher: WebhookDispatcher,
    @InjectQueue(QUEUE_NAMES.webhooks) private readonly queue: Queue,
    private readonly config: AppConfig,
    private readonly secrets: WebhookSecrets,
  ) {
    super(Object.values(WEBHOOK_SCHEDULES));
  }

  override get concurrency(): number {
    return this.config.webhookConcurrency;
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.dispatchLoop();
    // Secrets from before sealing, or sealed with a master key since rotated out of first place.
    this.resealing = this.secrets
      .reseal()
      .then(() => undefined)
      .catch((error) => this.logger.error(`sealing webhook secrets failed: ${(error as Error).message}`));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await Promise.all([this.loop, this.resealing]);
  }

  /**
   * How many deliveries this worker may hand over now: its slots that no
   * delivery holds, plus a few queued ahead (QUEUED_AHEAD_SHARE of its
   * concurrency), less the jobs already waiting. The queue serves first come,
   * first served, so what waits in it is what a newly busy owner waits behind:
   * a few queued ahead keep the slots busy between passes (none at all cost a
   * fifth of the throughput) while bounding that wait (100 deliveries at the
   * default concurrency, well under a second).
   */
  private async freeSlots(): Promise<number> {
    const waiting = await this.queue.getWaitingCount();
    const queuedAhead = Math.ceil(this.config.webhookConcurrency * QUEUED_AHEAD_SHARE);
    return this.config.webhookConcurrency + queuedAhead - this.runningDeliveries - waiting;
  }

  private async dispatchLoop(): Promise<void> {
    while (this.running) {
      let limit = 0;
      let handed = 0;
      try {
        limit = Math.min(DISPATCH_BATCH, await this.freeSlots());
        handed = limit > 0 ? await this.dispatcher.dispatchDue(limit) : 0;
      } catch (error) {
        this.logger.error(`webhook dispatch failed: ${(error as Error).message}`);
      }
      // A full batch means more is due: go again at once.
      if (handed === DISPATCH_BATCH || !this.running) continue;
      // Held back by busy slots (more may be due): go again when a quarter of the slots have
      // freed, so that passes stay few and large, or after the interval, whichever comes first.
      const heldBack = limit <= 0 || handed === limit;
      this.slotsFreed = 0;
      this.slotsWanted = heldBack ? Math.max(1, Math.ceil(this.config.webhookConcurrency / 4)) : 0;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.config.webhookDispatchIntervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
