// The worker's ledger work: the delayed job that releases a pending transfer
// at its timeout, and the sweeper that catches any the job missed (a lost
// Redis, a clock difference). The database decides: an expiry before the
// pending transfer's `expires_at` is refused, and a hold resolved meanwhile
// is left alone.
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobEffects } from '../jobs/job-effects.service';
import { JobHandlerRegistry } from '../jobs/job-handlers.registry';
import { MAINTENANCE_SCHEDULES } from '../maintenance/maintenance.jobs';
import type { OutboxJobData } from '../outbox/outbox.service';
import { QUEUE_NAMES } from '../queues/queue-names';
import { LEDGER_JOBS, LedgerService } from './ledger.service';

export class HoldNotYetExpiredError extends Error {}

@Injectable()
export class LedgerJobs implements OnModuleInit {
  private readonly logger = new Logger(LedgerJobs.name);

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly ledger: LedgerService,
    private readonly effects: JobEffects,
  ) {}

  onModuleInit(): void {
    this.registry.register(QUEUE_NAMES.ledger, LEDGER_JOBS.expirePending, (job: Job<OutboxJobData>) =>
      this.expirePending(job),
    );
    this.registry.register(QUEUE_NAMES.maintenance, MAINTENANCE_SCHEDULES.expireLedgerHolds.name, async () => {
      const expired = await this.ledger.expireDueHolds();
      if (expired > 0) this.logger.log(`expired ${expired} pending ledger transfer(s)`);
      return { expired };
    });
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
