// The worker's settlement and payout work: the delayed settlement job written
// at capture, a settlement sweeper, the payout send and status-query jobs,
// and the daily payout schedule.
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobEffects } from '../jobs/job-effects.service';
import { JobHandlerRegistry } from '../jobs/job-handlers.registry';
import { MAINTENANCE_SCHEDULES } from '../maintenance/maintenance.jobs';
import type { OutboxJobData } from '../outbox/outbox.service';
import { QUEUE_NAMES } from '../queues/queue-names';
import { PayoutsService } from './payouts.service';
import { PAYOUT_JOBS, SETTLEMENT_JOBS } from '../queues/job-names';
import { SettlementService } from './settlement.service';

@Injectable()
export class SettlementJobs implements OnModuleInit {
  private readonly logger = new Logger(SettlementJobs.name);

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly settlement: SettlementService,
    private readonly payouts: PayoutsService,
    private readonly effects: JobEffects,
  ) {}

  onModuleInit(): void {
    this.registry.register(QUEUE_NAMES.settlement, SETTLEMENT_JOBS.settleMerchant, (job: Job<OutboxJobData>) =>
      this.effects.onceForOutboxJob(job, async () => {
        const { merchantId, currency } = job.data.payload as { merchantId: string; currency: string };
        const settled = await this.settlement.settleDue(merchantId, currency);
        return settled?.id ?? null;
      }),
    );
    this.registry.register(QUEUE_NAMES.maintenance, MAINTENANCE_SCHEDULES.settleDuePayments.name, async () => {
      const batches = await this.settlement.settleAllDue();
      if (batches > 0) this.logger.log(`settled ${batches} batch(es) found by the sweeper`);
      return { batches };
    });
    // Sending and checking call the bank outside any transaction; each step
    // resolves the payout in its own transaction, and marks the outbox row
    // processed only after that, so a crash in between repeats the step (the
    // bank answers a repeated reference with what it did the first time).
    for (const [name, step] of [
      [PAYOUT_JOBS.sendPayout, 'send'],
      [PAYOUT_JOBS.checkPayout, 'check'],
    ] as const) {
      this.registry.register(QUEUE_NAMES.payouts, name, async (job: Job<OutboxJobData>) => {
        const status = await this.payouts.sendOrCheck(String(job.data.payload.payoutId), step);
        await this.effects.onceForOutboxJob(job, async () => status);
        return status;
      });
    }
    this.registry.register(QUEUE_NAMES.maintenance, MAINTENANCE_SCHEDULES.dailyPayouts.name, async () => {
      const created = await this.payouts.payOutDailyMerchants();
      this.logger.log(`daily payouts: ${created} created`);
      return { created };
    });
  }
}
