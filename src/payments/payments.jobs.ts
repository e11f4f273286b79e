// The worker's payment work: the delayed job that cancels an intent at its
// expiry (unconfirmed) or at the end of its authorization window (held), and
// the sweeper that catches any the job missed.
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobEffects } from '../jobs/job-effects.service';
import { JobHandlerRegistry } from '../jobs/job-handlers.registry';
import { MAINTENANCE_SCHEDULES } from '../maintenance/maintenance.jobs';
import type { OutboxJobData } from '../outbox/outbox.service';
import { QUEUE_NAMES } from '../queues/queue-names';
import { PAYMENT_JOBS, PaymentIntentsService } from './payment-intents.service';

export class NotYetDueError extends Error {}

@Injectable()
export class PaymentJobs implements OnModuleInit {
  private readonly logger = new Logger(PaymentJobs.name);

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly intents: PaymentIntentsService,
    private readonly effects: JobEffects,
  ) {}

  onModuleInit(): void {
    this.registry.register(QUEUE_NAMES.payments, PAYMENT_JOBS.expirePaymentIntent, (job: Job<OutboxJobData>) =>
      this.expirePaymentIntent(job),
    );
    this.registry.register(QUEUE_NAMES.maintenance, MAINTENANCE_SCHEDULES.expirePaymentIntents.name, async () => {
      const canceled = await this.intents.expireDue();
      if (canceled > 0) this.logger.log(`canceled ${canceled} expired payment intent(s)`);
      return { canceled };
    });
  }

  async expirePaymentIntent(job: Pick<Job<OutboxJobData>, 'data'>): Promise<string> {
    const id = String(job.data.payload.paymentIntentId);
    const result = await this.effects.onceForOutboxJob(job, async () => {
      const outcome = await this.intents.expire(id);
      // Early (the queue's clock ran ahead): fail, so BullMQ retries later.
      if (outcome === 'not_due') throw new NotYetDueError(`${id} is not due yet`);
      return outcome;
    });
    return result.applied ? result.value : 'already_processed';
  }
}
