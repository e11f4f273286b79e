// Settlement: after the merchant's settlement delay, a captured payment's net
// amount (received, less its fee, less what was refunded from pending before)
// moves from the merchant's pending balance to its available balance. One run
// settles every payment of a merchant and currency that is due, as one
// settlement batch; the transfer id is derived from the payment
// (`pi_...:settle`) and the payment row is locked and marked settled in the
// same transaction, so a duplicate or retried job settles nothing twice.
import { Injectable } from '@nestjs/common';
import { ResourceMissingError } from '../common/errors';
import { newId } from '../common/ids';
import { ListQueryDto, paginate } from '../common/pagination';
import { DatabaseService } from '../database/database.service';
import { EventsService } from '../events/events.service';
import type { PaymentIntent, Settlement } from '../generated/prisma/client';
import { LedgerService } from '../ledger/ledger.service';
import { AccountsService } from '../accounts/accounts.service';
import { SettleablePayments, unsettledNet } from '../payments/settleable-payments';
import { settlementView, settlementWithPaymentsView } from './settlement.view';

@Injectable()
export class SettlementService {
  constructor(
    private readonly db: DatabaseService,
    private readonly ledger: LedgerService,
    private readonly accounts: AccountsService,
    private readonly events: EventsService,
    private readonly payments: SettleablePayments,
  ) {}

  /** Settles the merchant's due payments in one currency; null when none is due. */
  async settleDue(merchantId: string, currency: string): Promise<Settlement | null> {
    return this.db.transaction(async (tx) => {
      const payments = await this.payments.lockDue(merchantId, currency);
      if (payments.length === 0) return null;
      const pending = await this.accounts.merchantPending(merchantId, currency);
      const available = await this.accounts.merchantAvailable(merchantId, currency);
      const sum = (f: (p: PaymentIntent) => bigint) => payments.reduce((total, p) => total + f(p), 0n);
      const settlement = await tx.settlement.create({
        data: {
          id: newId('settlement'),
          merchantId,
          currency,
          count: payments.length,
          gross: sum((p) => p.amountReceived),
          fees: sum((p) => p.fee - p.feeRefunded),
          refunds: sum((p) => p.amountRefunded),
          net: sum(unsettledNet),
        },
      });
      // One statement for the whole batch: the payment rows are locked meanwhile.
      await this.payments.markSettled(settlement.id, payments);
      this.events.record(this.db.sql, {
        type: 'settlement.completed',
        owner: `merchant:${merchantId}`,
        object: settlementWithPaymentsView(settlement, payments),
      });
      // Last, so the merchant's accounts (which its payments credit) are locked until COMMIT only.
      const results = await this.ledger.postEntries(
        payments
          .filter((p) => unsettledNet(p) > 0n)
          .map((p) => [
            {
              id: `${p.id}:settle`,
              debitAccountId: pending,
              creditAccountId: available,
              amount: unsettledNet(p),
              currency,
              reference: p.id,
            },
          ]),
      );
      const failed = results.find((r) => !r.ok);
      if (failed && !failed.ok) throw failed.error;
      return settlement;
    });
  }

  /** The sweeper: every merchant and currency with a payment past its delay. */
  async settleAllDue(): Promise<number> {
    const groups = await this.payments.merchantsWithDue();
    let settled = 0;
    for (const g of groups) if (await this.settleDue(g.merchant_id, g.currency)) settled++;
    return settled;
  }

  async list(merchantId: string, query: ListQueryDto) {
    return paginate(
      query,
      '/v1/settlements',
      (w) =>
        this.db.client.settlement.findMany({
          where: { merchantId, id: w.idFilter },
          orderBy: { id: w.orderBy },
          take: w.take,
        }),
      settlementView,
    );
  }

  async retrieve(merchantId: string, id: string) {
    const settlement = await this.db.client.settlement.findUnique({ where: { id } });
    if (!settlement || settlement.merchantId !== merchantId) throw new ResourceMissingError('settlement', id, 'id');
    return settlementWithPaymentsView(settlement, await this.payments.settledBy(id));
  }
}
