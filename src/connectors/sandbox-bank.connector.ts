// The built-in `sandbox` connector behaves like a bank, asynchronously (every
// call takes SANDBOX_BANK_LATENCY_MS), and keeps its own books in PostgreSQL
// (sandbox_bank_operations) so that, like a bank, it executes a reference
// once and answers status queries, across worker restarts.
//
// Test amounts, by the last three digits of the amount in minor units:
//   ...913  fails         (payout: `account_closed`, top-up: `card_declined`)
//   ...914  times out     (the call throws BankTimeoutError; the bank did it:
//                          a status query then says `succeeded`)
//   ...915  stays pending (every status query says `pending`)
//   anything else succeeds.
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/configuration';
import { DatabaseService } from '../database/database.service';
import { BankConnector, type BankOutcome, BankTimeoutError, type BankTransferRequest } from './bank-connector';

export const SANDBOX_TEST_AMOUNT_SUFFIXES = { fails: 913n, timesOut: 914n, staysPending: 915n } as const;

type Kind = 'payout' | 'top_up';

@Injectable()
export class SandboxBankConnector extends BankConnector {
  readonly name = 'sandbox';

  constructor(
    private readonly db: DatabaseService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  topUp(request: BankTransferRequest): Promise<BankOutcome> {
    return this.execute('top_up', request);
  }

  payout(request: BankTransferRequest): Promise<BankOutcome> {
    return this.execute('payout', request);
  }

  async status(reference: string): Promise<BankOutcome> {
    await this.latency();
    const operation = await this.db.prisma.sandboxBankOperation.findUnique({ where: { reference } });
    if (!operation) return { status: 'not_found' };
    return outcomeOf(operation.outcome);
  }

  private async execute(kind: Kind, request: BankTransferRequest): Promise<BankOutcome> {
    await this.latency();
    const suffix = request.amount % 1000n;
    const outcome =
      suffix === SANDBOX_TEST_AMOUNT_SUFFIXES.fails
        ? `failed:${kind === 'payout' ? 'account_closed' : 'card_declined'}`
        : suffix === SANDBOX_TEST_AMOUNT_SUFFIXES.staysPending
          ? 'pending'
          : 'succeeded';
    // The bank executes a reference once; asking again returns what it did.
    const [recorded] = await this.db.prisma.$queryRaw<{ outcome: string }[]>`
      INSERT INTO sandbox_bank_operations (reference, kind, amount, currency, outcome)
      VALUES (${request.reference}, ${kind}, ${request.amount}, ${request.currency}, ${outcome})
      ON CONFLICT (reference) DO UPDATE SET calls = sandbox_bank_operations.calls + 1
      RETURNING outcome`;
    if (suffix === SANDBOX_TEST_AMOUNT_SUFFIXES.timesOut) {
      throw new BankTimeoutError(`sandbox bank did not answer for ${request.reference}`);
    }
    return outcomeOf(recorded.outcome);
  }

  private latency(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, this.config.sandboxBankLatencyMs));
  }
}

function outcomeOf(recorded: string): BankOutcome {
  if (recorded === 'succeeded') return { status: 'succeeded' };
  if (recorded === 'pending') return { status: 'pending' };
  return { status: 'failed', reason: recorded.replace(/^failed:/, '') };
}
