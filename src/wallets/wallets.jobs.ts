// The worker's wallet work, on the `wallets` queue: asking the bank to carry
// out top-ups and withdrawals, asking again about those whose outcome is
// unknown, and forgetting the recipient lookups of days past (hourly).
import { Logger } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobEffects } from '../jobs/job-effects.service';
import { JobProcessor, type JobSchedule } from '../jobs/job-processor';
import type { OutboxJobData } from '../outbox/outbox.service';
import { QUEUE_NAMES } from '../queues/queue-names';
import { RecipientLookups } from './recipient-lookups';
import { WALLET_JOBS, WalletBankService, type WalletBankOperationKind } from './wallet-bank.service';

export const WALLET_SCHEDULES = {
  pruneRecipientLookups: { name: 'prune-recipient-lookups', everyMs: 3_600_000 },
} as const satisfies Record<string, JobSchedule>;

@Processor(QUEUE_NAMES.wallets)
export class WalletJobs extends JobProcessor {
  private readonly logger = new Logger(WalletJobs.name);

  // As for payouts: the bank is called outside any transaction, each step
  // resolves the operation in its own, and the outbox row is marked
  // processed only after that, so a crash in between repeats the step.
  protected readonly handlers = {
    [WALLET_JOBS.send]: (job: Job<OutboxJobData>) => this.step(job, 'send'),
    [WALLET_JOBS.check]: (job: Job<OutboxJobData>) => this.step(job, 'check'),
    [WALLET_SCHEDULES.pruneRecipientLookups.name]: async () => {
      const deleted = await this.lookups.prune();
      this.logger.log(`pruned ${deleted} recipient lookup(s) of days past`);
      return { deleted };
    },
  };

  constructor(
    private readonly bank: WalletBankService,
    private readonly effects: JobEffects,
    private readonly lookups: RecipientLookups,
  ) {
    super(Object.values(WALLET_SCHEDULES));
  }

  private async step(job: Job<OutboxJobData>, step: 'send' | 'check') {
    const { kind, id } = job.data.payload as { kind: WalletBankOperationKind; id: string };
    const status = await this.bank.sendOrCheck(kind, id, step);
    await this.effects.onceForOutboxJob(job, async () => status);
    return status;
  }
}
