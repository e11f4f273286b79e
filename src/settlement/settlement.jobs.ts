// The worker's settlement and payout work. On the `settlement` queue: the
// delayed settlement job written at capture, and a sweeper scheduled every
// SETTLEMENT_SWEEP_SECONDS. On the `payouts` queue: the payout send and
// status-query jobs, and the daily payouts at 02:00 UTC.
import { Logger } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { AppConfig } from '../config/configuration';
import { JobEffects } from '../jobs/job-effects.service';
import { JobProcessor, type JobSchedule } from '../jobs/job-processor';
import type { OutboxJobData } from '../outbox/outbox.service';
import { PAYOUT_JOBS, SETTLEMENT_JOBS } from '../queues/job-names';
import { QUEUE_NAMES } from '../queues/queue-names';
import { PayoutsService } from './payouts.service';
import { SettlementService } from './settlement.service';

/** Settlement's schedules (the sweeper's period is SETTLEMENT_SWEEP_SECONDS). */
export const SETTLEMENT_SCHEDULES = { settleDuePayments: { name: 'settle-due-payments' } } as const;

export const PAYOUT_SCHEDULES = {
  dailyPayouts: { name: 'daily-payouts', pattern: '0 2 * * *' },
} as const satisfies Record<string, JobSchedule>;

@Processor(QUEUE_NAMES.settlement)
export class SettlementJobs extends JobProcessor {
  private readonly logger = new Logger(SettlementJobs.name);

  protected readonly handlers = {
    [SETTLEMENT_JOBS.settleMerchant]: (job: Job<OutboxJobData>) =>
      this.effects.onceForOutboxJob(job, async () => {
        const { merchantId, currency } = job.data.payload as { merchantId: string; currency: string };
        const settled = await this.settlement.settleDue(merchantId, currency);
        return settled?.id ?? null;
      }),
    [SETTLEMENT_SCHEDULES.settleDuePayments.name]: async () => {
      const batches = await this.settlement.settleAllDue();
      if (batches > 0) this.logger.log(`settled ${batches} batch(es) found by the sweeper`);
      return { batches };
    },
  };

  constructor(
    private readonly settlement: SettlementService,
    private readonly effects: JobEffects,
    config: AppConfig,
  ) {
    super([{ ...SETTLEMENT_SCHEDULES.settleDuePayments, everyMs: config.settlementSweepSeconds * 1000 }]);
  }
}

@Processor(QUEUE_NAMES.payouts)
export class PayoutJobs extends JobProcessor {
  private readonly logger = new Logger(PayoutJobs.name);

  // Sending and checking call the bank outside any transaction; each step
  // resolves the payout in its own transaction, and marks the outbox row
  // processed only after that, so a crash in between repeats the step (the
  // bank answers a repeated reference with what it did the first time).
  protected readonly handlers = {
    [PAYOUT_JOBS.sendPayout]: (job: Job<OutboxJobData>) => this.step(job, 'send'),
    [PAYOUT_JOBS.checkPayout]: (job: Job<OutboxJobData>) => this.step(job, 'check'),
    [PAYOUT_SCHEDULES.dailyPayouts.name]: async () => {
      const created = await this.payouts.payOutDailyMerchants();
      this.logger.log(`daily payouts: ${created} created`);
      return { created };
    },
  };

  constructor(
    private readonly payouts: PayoutsService,
    private readonly effects: JobEffects,
  ) {
    super(Object.values(PAYOUT_SCHEDULES));
  }

  private async step(job: Job<OutboxJobData>, step: 'send' | 'check') {
    const status = await this.payouts.sendOrCheck(String(job.data.payload.payoutId), step);
    await this.effects.onceForOutboxJob(job, async () => status);
    return status;
  }
}
