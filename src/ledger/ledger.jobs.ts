// The worker's ledger work, on the `ledger` queue: the delayed job that
// releases a pending transfer at its timeout, and the sweeper, scheduled
// every LEDGER_EXPIRY_SWEEP_SECONDS, that catches any the job missed (a lost
// Redis, a clock difference). The database decides: an expiry before the
// pending transfer's `expires_at` is refused, and a hold resolved meanwhile
// is left alone.
import { Logger } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { AppConfig } from '../config/configuration';
import { JobEffects } from '../jobs/job-effects.service';
import { JobProcessor } from '../jobs/job-processor';
import type { OutboxJobData } from '../outbox/outbox.service';
import { QUEUE_NAMES } from '../queues/queue-names';
import { LEDGER_JOBS, LedgerService } from './ledger.service';

/** The ledger's schedules (the sweeper's period is LEDGER_EXPIRY_SWEEP_SECONDS). */
export const LEDGER_SCHEDULES = { expireLedgerHolds: { name: 'expire-ledger-holds' } } as const;

export class HoldNotYetExpiredError extends Error {}

@Processor(QUEUE_NAMES.ledger)
export class LedgerJobs extends JobProcessor {
  private readonly logger = new Logger(LedgerJobs.name);

  protected readonly handlers = {
    [LEDGER_JOBS.expirePending]: (job: Job<OutboxJobData>) => this.expirePending(job),
    [LEDGER_SCHEDULES.expireLedgerHolds.name]: async () => {
      const expired = await this.ledger.expireDueHolds();
      if (expired > 0) this.logger.log(`expired ${expired} pending ledger transfer(s)`);
      return { expired };
    },
  };

  constructor(
    private readonly ledger: LedgerService,
    private readonly effects: JobEffects,
    config: AppConfig,
  ) {
    super([{ ...LEDGER_SCHEDULES.expireLedgerHolds, everyMs: config.ledgerExpirySweepSeconds * 1000 }]);
  }

  async expirePending(job: Pick<Job<OutboxJobData>, 'data'>): Promise<string> {
    const pendingId = String(job.data.payload.pendingId);
    const outcome = await this.effects.onceForOutboxJob(job, async () => {
      const result = await this.ledger.expirePending(pendingId);
      // Early (the queue's clock ran ahead): fail, so BullMQ retries later.
      if (result === 'not_expired') throw new HoldNotYetExpiredError(`${pendingId} has not expired yet`);
      return result;
    });
    return outcome.applied ? outcome.value : 'already_processed';
  }
}
