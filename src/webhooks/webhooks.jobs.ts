// The worker's webhook work: the dispatcher loop that leases due deliveries
// to this worker and makes their attempts (many at once, so one slow endpoint
// does not hold up the others), and pruning old events (hourly, on the
// `webhooks` queue).
//
// Deliveries do not travel through a queue: the lease in PostgreSQL is the
// hand-over. A queue would add nothing a lease does not already give (a
// worker that dies leaves its leases to run out, and the deliveries are
// leased again), and cost a job's add, claim and completion per delivery: on
// BullMQ's PostgreSQL backend, each a transaction of its own, that capped a
// worker at a few hundred deliveries a second.
//
// The loop leases at most as many deliveries as this worker has free slots
// (WEBHOOK_CONCURRENCY less the deliveries running here), plus a few held
// here ahead of a free slot (LEASED_AHEAD_SHARE). Whatever is leased waits
// first come, first served, so what is held ahead is what a newly busy owner
// waits behind: the dispatcher's pick (fair by owner, see
// WebhookDeliveryService) decides who goes next only if the choice is made
// when a slot is free.
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import { FailureLog } from '../common/outage-log';
import { AppConfig } from '../config/configuration';
import { JobProcessor, type JobSchedule } from '../jobs/job-processor';
import { QUEUE_NAMES } from '../queues/queue-names';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { DISPATCH_BATCH, type LeasedDelivery, WebhookDispatcher } from './webhook-dispatcher';
import { WebhookSecrets } from './webhook-secrets';

/** Deliveries a worker holds leased ahead of a free slot, as a share of its concurrency (see freeSlots). */
export const LEASED_AHEAD_SHARE = 0.5;

export const WEBHOOK_SCHEDULES = {
  pruneEvents: { name: 'prune-events', everyMs: 3_600_000 },
} as const satisfies Record<string, JobSchedule>;

@Processor(QUEUE_NAMES.webhooks)
export class WebhookJobs extends JobProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookJobs.name);
  /** The polling loop's failures: an unreachable database or queue store is one outage, not a line per pass. */
  private readonly failures = new FailureLog('webhook dispatch', this.logger);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private resealing?: Promise<void>;
  /** Leased here and waiting for a slot, oldest first. */
  private readonly leasedAhead: LeasedDelivery[] = [];
  /** The attempts running in this process. */
  private readonly attempts = new Set<Promise<void>>();
  /** After a pass held back by busy slots: wake the loop once this many have freed (0: not waiting). */
  private slotsWanted = 0;
  private slotsFreed = 0;

  protected readonly handlers = {
    [WEBHOOK_SCHEDULES.pruneEvents.name]: async () => {
      const deleted = await this.deliveries.pruneEvents();
      this.logger.log(`pruned ${deleted} event(s) past retention`);
      return { deleted };
    },
  };

  constructor(
    private readonly deliveries: WebhookDeliveryService,
    private readonly dispatcher: WebhookDispatcher,
    private readonly config: AppConfig,
    private readonly secrets: WebhookSecrets,
  ) {
    super(Object.values(WEBHOOK_SCHEDULES));
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

  /**
   * Stops leasing, gives back the leases not started (another worker takes
   * them at once) and waits for the attempts under way, each bounded by
   * WEBHOOK_TIMEOUT_MS.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await Promise.all([this.loop, this.resealing]);
    const notStarted = this.leasedAhead.splice(0);
    await this.dispatcher
      .releaseLeases(notStarted)
      .catch((error) =>
        this.logger.warn(`${notStarted.length} webhook lease(s) left to run out: ${(error as Error).message}`),
      );
    await Promise.all(this.attempts);
  }

  /**
   * How many deliveries this worker may lease now: its slots that no attempt
   * holds, plus a few held ahead (LEASED_AHEAD_SHARE of its concurrency), less
   * those already held. A few held ahead keep the slots busy between passes
   * (none at all cost a fifth of the throughput) while bounding what a newly
   * busy owner waits behind (100 deliveries at the default concurrency, well
   * under a second).
   */
  private freeSlots(): number {
    const concurrency = this.config.webhookConcurrency;
    return concurrency + Math.ceil(concurrency * LEASED_AHEAD_SHARE) - this.attempts.size - this.leasedAhead.length;
  }

  /**
   * Starts the oldest deliveries held here while slots are free; none once
   * the worker is stopping (what it holds is given back). A delivery whose
   * lease would run out during its attempt is dropped: another worker may
   * lease it again then, and it would be attempted twice at once.
   */
  private startAttempts(): void {
    while (this.running && this.attempts.size < this.config.webhookConcurrency && this.leasedAhead.length > 0) {
      const delivery = this.leasedAhead.shift()!;
      if (delivery.leasedUntil - Date.now() < this.config.webhookTimeoutMs) continue;
      const attempt: Promise<void> = this.deliveries
        .deliver(delivery)
        .then(
          () => undefined,
          // Nothing was recorded (the database failed us): the lease runs out and the delivery is leased again.
          (error) => this.failures.failed(error, 'webhook delivery not recorded', { deliveryId: delivery.deliveryId }),
        )
        .finally(() => {
          this.attempts.delete(attempt);
          this.startAttempts();
          // A dispatch pass that was held back by busy slots runs again once enough have freed.
          if (this.slotsWanted > 0 && ++this.slotsFreed >= this.slotsWanted) {
            this.slotsWanted = 0;
            this.wake?.();
          }
        });
      this.attempts.add(attempt);
    }
  }

  private async dispatchLoop(): Promise<void> {
    while (this.running) {
      let limit = 0;
      let leased = 0;
      try {
        limit = Math.min(DISPATCH_BATCH, this.freeSlots());
        if (limit > 0) {
          const deliveries = await this.dispatcher.leaseDue(limit);
          leased = deliveries.length;
          this.leasedAhead.push(...deliveries);
          this.startAttempts();
          // Only a pass that reached the database says it works again (with every slot busy, none did).
          this.failures.succeeded();
        }
      } catch (error) {
        this.failures.failed(error, 'webhook dispatch failed');
      }
      // A full batch means more is due: go again at once.
      if (leased === DISPATCH_BATCH || !this.running) continue;
      // Held back by busy slots (more may be due): go again when a quarter of the slots have
      // freed, so that passes stay few and large, or after the interval, whichever comes first.
      const heldBack = limit <= 0 || leased === limit;
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
