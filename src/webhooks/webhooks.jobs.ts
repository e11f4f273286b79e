// The worker's webhook work: the dispatcher loop that hands due deliveries
// to the `webhooks` queue, the delivery jobs themselves (many at once, so
// one slow endpoint does not hold up the others), and pruning old events.
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AppConfig } from '../config/configuration';
import { JobHandlerRegistry } from '../jobs/job-handlers.registry';
import { MAINTENANCE_SCHEDULES } from '../maintenance/maintenance.jobs';
import { QUEUE_NAMES } from '../queues/queue-names';
import { type DeliverJobData, WEBHOOK_JOBS, WebhookDeliveryService } from './webhook-delivery.service';

@Injectable()
export class WebhookJobs implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookJobs.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly deliveries: WebhookDeliveryService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register(
      QUEUE_NAMES.webhooks,
      WEBHOOK_JOBS.deliver,
      (job: Job<DeliverJobData>) => this.deliveries.deliver(job.data),
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
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async dispatchLoop(): Promise<void> {
    while (this.running) {
      let handed = 0;
      try {
        handed = await this.deliveries.dispatchDue();
      } catch (error) {
        this.logger.error(`webhook dispatch failed: ${(error as Error).message}`);
      }
      // A full batch means more is due: go again at once.
      if (handed < 500 && this.running) {
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
