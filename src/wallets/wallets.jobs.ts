// The worker's wallet work: asking the bank to carry out top-ups and
// withdrawals, asking again about those whose outcome is unknown, and
// forgetting the recipient lookups of days past.
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobEffects } from '../jobs/job-effects.service';
import { JobHandlerRegistry } from '../jobs/job-handlers.registry';
import type { OutboxJobData } from '../outbox/outbox.service';
import { MAINTENANCE_SCHEDULES } from '../maintenance/maintenance.jobs';
import { QUEUE_NAMES } from '../queues/queue-names';
import { RecipientLookups } from './recipient-lookups';
import { WALLET_JOBS, WalletBankService, type WalletBankOperationKind } from './wallet-bank.service';

@Injectable()
export class WalletJobs implements OnModuleInit {
  private readonly logger = new Logger(WalletJobs.name);

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly bank: WalletBankService,
    private readonly effects: JobEffects,
    private readonly lookups: RecipientLookups,
  ) {}

  onModuleInit(): void {
    // As for payouts: the bank is called outside any transaction, each step
    // resolves the operation in its own, and the outbox row is marked
    // processed only after that, so a crash in between repeats the step.
    for (const [name, step] of [
      [WALLET_JOBS.send, 'send'],
      [WALLET_JOBS.check, 'check'],
    ] as const) {
      this.registry.register(QUEUE_NAMES.wallets, name, async (job: Job<OutboxJobData>) => {
        const { kind, id } = job.data.payload as { kind: WalletBankOperationKind; id: string };
        const status = await this.bank.sendOrCheck(kind, id, step);
        await this.effects.onceForOutboxJob(job, async () => status);
        return status;
      });
    }
    this.registry.register(QUEUE_NAMES.maintenance, MAINTENANCE_SCHEDULES.pruneRecipientLookups.name, async () => {
      const deleted = await this.lookups.prune();
      this.logger.log(`pruned ${deleted} recipient lookup(s) of days past`);
      return { deleted };
    });
  }
}
