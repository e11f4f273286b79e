// The worker's wallet work: asking the bank to carry out top-ups and
// withdrawals, and asking again about those whose outcome is unknown.
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobEffects } from '../jobs/job-effects.service';
import { JobHandlerRegistry } from '../jobs/job-handlers.registry';
import type { OutboxJobData } from '../outbox/outbox.service';
import { QUEUE_NAMES } from '../queues/queue-names';
import { WALLET_JOBS, WalletBankService, type WalletBankOperationKind } from './wallet-bank.service';

@Injectable()
export class WalletJobs implements OnModuleInit {
  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly bank: WalletBankService,
    private readonly effects: JobEffects,
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
  }
}
