// The worker's webhook work: the dispatcher loop that hands due deliveries
// to the `webhooks` queue, the delivery jobs themselves (many at once, so
// one slow endpoint does not hold up the others), and pruning old events.
//
// The loop hands over at most as many deliveries as this worker has free
// slots (WEBHOOK_CONCURRENCY less the deliveries running here and the jobs
// already waiting in the queue). The queue is first come, first served: a
// backlog in it would make an owner who has just become busy wait behind
// everyone else's deliveries, while the dispatcher's pick (fair by owner,
// see WebhookDeliveryService) decides who goes next only if the choice is
// made when a slot is free.
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AppConfig } from '../config/configuration';
import { JobHandlerRegistry } from '../jobs/job-handlers.registry';
import { MAINTENANCE_SCHEDULES } from '../maintenance/maintenance.jobs';
import { QueueRegistry } from '../queues/queue.registry';
import { QUEUE_NAMES } from '../queues/queue-names';
import { DISPATCH_BATCH, type DeliverJobData, WEBHOOK_JOBS, WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookSecrets } from './webhook-secrets';

@Injectable()
export class WebhookJobs implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookJobs.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private resealing?: Promise<void>;
  /** Deliveries running in this process. */
  private runningDeliveries = 0;

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly deliveries: WebhookDeliveryService,
    private readonly queues: QueueRegistry,
    private readonly config: AppConfig,
    private readonly secrets: WebhookSecrets,
  ) {}

  onModuleInit(): void {
    this.registry.register(
      QUEUE_NAMES.webhooks,
      WEBHOOK_JOBS.deliver,
      async (job: Job<DeliverJobData>) => {
        this.runningDeliveries++;
        try {
          return await this.deliveries.deliver(job.data);
        } finally {
          this.runningDeliveries--;
        }
      },
      { concurrency: this.config.webhookConcurrency },
    );
    this.registry.register(QUEUE_NAMES.maintenance, MAINTENANCE_SCHEDULES.pruneEvents.name, async () => {
      const deleted = await this.deliveries.pruneEvents();
      this.logger.log(`pruned ${deleted} event(s) past retention`);
      return { deleted };
    });
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

  /** Slots of this worker that no delivery holds and no queued job will take. */
  private async freeSlots(): Promise<number> {
    const waiting = await this.queues.get(QUEUE_NAMES.webhooks).getWaitingCount();
    return this.config.webhookConcurrency - this.runningDeliveries - waiting;
  }

  private async dispatchLoop(): Promise<void> {
    while (this.running) {
      let handed = 0;
      try {
        handed = await this.deliveries.dispatchDue(Math.min(DISPATCH_BATCH, await this.freeSlots()));
      } catch (error) {
        this.logger.error(`webhook dispatch failed: ${(error as Error).message}`);
      }
      // A full batch means more is due: go again at once.
      if (handed < DISPATCH_BATCH && this.running) {
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
}
