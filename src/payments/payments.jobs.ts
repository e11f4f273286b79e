// The worker's payment work, on the `payments` queue: the delayed job that
// cancels an intent at its expiry (unconfirmed) or at the end of its
// authorization window (held), and the sweeper, scheduled every 30 s, that
// catches any the job missed.
import { Logger } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobEffects } from '../jobs/job-effects.service';
import { JobProcessor, type JobSchedule } from '../jobs/job-processor';
import type { OutboxJobData } from '../outbox/outbox.service';
import { QUEUE_NAMES } from '../queues/queue-names';
import { PAYMENT_JOBS, PaymentIntentsService } from './payment-intents.service';

export const PAYMENT_SCHEDULES = {
  expirePaymentIntents: { name: 'expire-payment-intents', everyMs: 30_000 },
} as const satisfies Record<string, JobSchedule>;

export class NotYetDueError extends Error {}

@Processor(QUEUE_NAMES.payments)
export class PaymentJobs extends JobProcessor {
  private readonly logger = new Logger(PaymentJobs.name);

  protected readonly handlers = {
    [PAYMENT_JOBS.expirePaymentIntent]: (job: Job<OutboxJobData>) => this.expirePaymentIntent(job),
    [PAYMENT_SCHEDULES.expirePaymentIntents.name]: async () => {
      const canceled = await this.intents.expireDue();
      if (canceled > 0) this.logger.log(`canceled ${canceled} expired payment intent(s)`);
      return { canceled };
    },
  };

  constructor(
    private readonly intents: PaymentIntentsService,
    private readonly effects: JobEffects,
  ) {
    super(Object.values(PAYMENT_SCHEDULES));
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
