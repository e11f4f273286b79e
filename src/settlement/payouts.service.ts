// Payouts: money from a merchant's available balance to its bank account.
// Creating one holds the amount (a pending ledger transfer available -> bank
// clearing) and writes the send job to the outbox. The worker calls the bank
// connector with the payout id as the bank's idempotency key; success posts
// the hold, failure voids it (the money is available again), and an unknown
// outcome (a timeout, or `pending`) leaves the payout pending and asks the
// bank again later. The payout row is locked for each resolution and the hold
// can be resolved once, so a payout ends paid or failed, never both, and the
// bank is never asked to pay a reference twice.
import { Injectable, Logger } from '@nestjs/common';
import { InvalidRequestError, ResourceMissingError } from '../common/errors';
import { newId } from '../common/ids';
import { toMinorUnits } from '../common/money';
import { ListQueryDto, paginate } from '../common/pagination';
import { askBank, BankConnector, type BankOutcome, nextStatusCheckDelayMs } from '../connectors/bank-connector';
import { DatabaseService, Tx } from '../database/database.service';
import { EventsService } from '../events/events.service';
import type { Payout } from '../generated/prisma/client';
import { LedgerService } from '../ledger/ledger.service';
import type { StoredBankAccount } from '../merchants/merchants.view';
import { OutboxService } from '../outbox/outbox.service';
import { AccountsService } from '../accounts/accounts.service';
import { refusalError } from '../accounts/funds';
import { QUEUE_NAMES } from '../queues/queue-names';
import { PAYOUT_JOBS } from '../queues/job-names';
import { balanceView, type BalanceView, type PayoutMethod, payoutView } from './payouts.view';

const holdId = (payoutId: string) => `${payoutId}:hold`;

@Injectable()
export class PayoutsService {
  private readonly logger = new Logger(PayoutsService.name);

  constructor(
    private readonly db: DatabaseService,
    private readonly ledger: LedgerService,
    private readonly accounts: AccountsService,
    private readonly connector: BankConnector,
    private readonly events: EventsService,
    private readonly outbox: OutboxService,
  ) {}

  /** The merchant's balance per currency: available (can be paid out) and pending (not yet settled). */
  async balance(merchantId: string): Promise<BalanceView> {
    const accounts = await this.ledger.listAccounts({
      ownerRef: `merchant:${merchantId}`,
      orderBy: 'asc',
      take: 1_000,
    });
    return balanceView(accounts);
  }

  async create(
    merchantId: string,
    input: { amount: number; currency: string },
    method: PayoutMethod = 'manual',
    scheduleKey?: string,
  ) {
    return this.db.transaction(async (tx) => {
      const [locked] = await tx.$queryRaw<
        { id: string }[]
      >`SELECT id FROM merchants WHERE id = ${merchantId} FOR UPDATE`;
      if (!locked) throw new ResourceMissingError('merchant', merchantId);
      const merchant = await tx.merchant.findUniqueOrThrow({ where: { id: merchantId } });
      if (!merchant.bankAccount) {
        throw new InvalidRequestError('bank_account_missing', 'Add a bank account to the merchant before paying out.');
      }
      const amount = toMinorUnits(input.amount);
      const id = newId('payout');
      const available = await this.accounts.merchantAvailable(merchantId, input.currency);
      const clearing = await this.accounts.bankClearing(input.currency);
      const payout = await tx.payout.create({
        data: {
          id,
          merchantId,
          amount,
          currency: input.currency,
          method,
          scheduleKey: scheduleKey ?? null,
          bankAccount: merchant.bankAccount,
        },
      });
      this.outbox.enqueue(this.db.sql, {
        queue: QUEUE_NAMES.payouts,
        name: PAYOUT_JOBS.sendPayout,
        payload: { payoutId: id },
      });
      // The hold last (the available account stays locked until COMMIT only); refused, it rolls all back.
      const [held] = await this.ledger.postEntries([
        [
          {
            id: holdId(id),
            kind: 'pending',
            debitAccountId: available,
            creditAccountId: clearing,
            amount,
            currency: input.currency,
            reference: id,
          },
        ],
      ]);
      if (!held.ok) throw refusalError(held.error, 'payout');
      return payoutView(payout);
    });
  }

  async list(merchantId: string, query: ListQueryDto) {
    return paginate(
      query,
      '/v1/payouts',
      (w) =>
        this.db.client.payout.findMany({
          where: { merchantId, id: w.idFilter },
          orderBy: { id: w.orderBy },
          take: w.take,
        }),
      payoutView,
    );
  }

  async retrieve(merchantId: string, id: string) {
    const payout = await this.db.client.payout.findUnique({ where: { id } });
    if (!payout || payout.merchantId !== merchantId) throw new ResourceMissingError('payout', id, 'id');
    return payoutView(payout);
  }

  /**
   * The worker's step: asks the bank to pay (the first time) or what became of
   * the payout (afterwards), then resolves it. Returns the status after.
   */
  async sendOrCheck(payoutId: string, step: 'send' | 'check'): Promise<Payout['status']> {
    const payout = await this.db.prisma.payout.findUnique({ where: { id: payoutId } });
    if (!payout || payout.status !== 'pending') return payout?.status ?? 'failed';
    await this.db.prisma.payout.update({ where: { id: payoutId }, data: { attempts: { increment: 1 } } });
    const outcome = await askBank(
      step,
      payout.id,
      () =>
        this.connector.payout({
          reference: payout.id,
          amount: payout.amount,
          currency: payout.currency,
          bankAccount: payout.bankAccount as unknown as StoredBankAccount,
        }),
      (reference) => this.connector.status(reference),
      () => this.logger.warn(`payout ${payout.id}: the bank did not answer; asking again later`),
    );
    return this.resolve(payout.id, outcome, payout.attempts + 1);
  }

  private async resolve(payoutId: string, outcome: BankOutcome, attempt: number): Promise<Payout['status']> {
    return this.db.transaction(async (tx) => {
      const [locked] = await tx.$queryRaw<{ status: Payout['status'] }[]>`
        SELECT status FROM payouts WHERE id = ${payoutId} FOR UPDATE`;
      if (locked.status !== 'pending') return locked.status;
      if (outcome.status === 'succeeded') {
        await this.ledger.postEntry([{ id: `${payoutId}:paid`, kind: 'post_pending', pendingId: holdId(payoutId) }]);
        return this.finish(tx, payoutId, { status: 'paid', arrivedAt: new Date() }, 'payout.paid');
      }
      if (outcome.status === 'failed') {
        await this.ledger.postEntry([
          { id: `${payoutId}:returned`, kind: 'void_pending', pendingId: holdId(payoutId) },
        ]);
        return this.finish(tx, payoutId, { status: 'failed', failureReason: outcome.reason }, 'payout.failed');
      }
      this.outbox.enqueue(this.db.sql, {
        queue: QUEUE_NAMES.payouts,
        name: PAYOUT_JOBS.checkPayout,
        payload: { payoutId },
        runAt: new Date(Date.now() + nextStatusCheckDelayMs(attempt)),
      });
      return 'pending';
    });
  }

  private async finish(
    tx: Tx,
    payoutId: string,
    data: { status: 'paid' | 'failed'; arrivedAt?: Date; failureReason?: string },
    event: string,
  ): Promise<Payout['status']> {
    const payout = await tx.payout.update({ where: { id: payoutId }, data });
    this.events.record(this.db.sql, {
      type: event,
      owner: `merchant:${payout.merchantId}`,
      object: payoutView(payout),
    });
    return payout.status;
  }

  /** The daily schedule: pays out each `daily` merchant's available balance, once per merchant, currency and day. */
  async payOutDailyMerchants(day = new Date().toISOString().slice(0, 10)): Promise<number> {
    const merchants = await this.db.prisma.merchant.findMany({
      where: { payoutSchedule: 'daily', status: 'active' },
      select: { id: true, bankAccount: true },
    });
    let created = 0;
    for (const merchant of merchants) {
      if (!merchant.bankAccount) continue;
      const { available } = await this.balance(merchant.id);
      for (const line of available) {
        if (line.amount <= 0) continue;
        const scheduleKey = `${merchant.id}:${line.currency}:${day}`;
        if (await this.db.prisma.payout.findUnique({ where: { scheduleKey } })) continue;
        try {
          await this.create(merchant.id, line, 'scheduled', scheduleKey);
          created++;
        } catch (error) {
          this.logger.warn(`daily payout ${scheduleKey} not made: ${(error as Error).message}`);
        }
      }
    }
    return created;
  }
}
