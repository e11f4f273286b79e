// Refunds: money back from a payment to the customer's wallet, in one or
// several parts, their total never above what was received. The intent's row
// lock orders concurrent refunds, so the check and the update cannot race.
//
// Decisions (docs/payments.md, refunds):
// - Source: a payment not yet settled is refunded from the merchant's pending
//   balance; a settled one from its available balance.
// - Fee: the platform gives back the refunded share of the payment's fee
//   (rounded half up on the running total; the last refund gives back exactly
//   what is left), so a full refund costs the merchant nothing.
// - If the available balance cannot cover a refund after settlement, the
//   refund is recorded as `failed` (`insufficient_merchant_balance`), nothing
//   moves, and the merchant can retry once money has come in.
import { Injectable } from '@nestjs/common';
import { InvalidRequestError, ResourceMissingError, StateError } from '../common/errors';
import { newId } from '../common/ids';
import { proportionalShare, toMinorUnits } from '../common/money';
import { paginate } from '../common/pagination';
import { DatabaseService, Tx } from '../database/database.service';
import { EventsService } from '../events/events.service';
import type { Refund } from '../generated/prisma/client';
import type { TransferRequest } from '../ledger/ledger.model';
import { LedgerService } from '../ledger/ledger.service';
import { AccountsService } from '../accounts/accounts.service';
import { isShortOfFunds } from '../accounts/funds';
import { CreateRefundDto, ListRefundsQueryDto } from './refunds.dto';
import { refundView } from './refunds.view';

@Injectable()
export class RefundsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly ledger: LedgerService,
    private readonly accounts: AccountsService,
    private readonly events: EventsService,
  ) {}

  async create(merchantId: string, input: CreateRefundDto) {
    return this.db.transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM payment_intents WHERE id = ${input.payment_intent} AND merchant_id = ${merchantId} FOR UPDATE`;
      if (locked.length === 0) throw new ResourceMissingError('payment_intent', input.payment_intent, 'payment_intent');
      const intent = await tx.paymentIntent.findUniqueOrThrow({ where: { id: input.payment_intent } });
      if (intent.status !== 'succeeded' || intent.customerId === null) {
        throw new StateError(
          'payment_intent_not_refundable',
          `Only a succeeded payment can be refunded; this one is ${intent.status}.`,
        );
      }
      const refundable = intent.amountReceived - intent.amountRefunded;
      if (refundable === 0n) throw new StateError('charge_already_refunded', 'This payment has been refunded in full.');
      const amount = input.amount === undefined ? refundable : toMinorUnits(input.amount);
      if (amount > refundable) {
        throw new InvalidRequestError(
          'amount_too_large',
          `amount must be at most what is left to refund (${refundable}).`,
          'amount',
        );
      }
      // Rounded on the running total, not per refund: the fee given back stays
      // within half a unit of the refunded share, so what a payment leaves in
      // the merchant's balance never goes below zero however it is split.
      const feeLeft = intent.fee - intent.feeRefunded;
      const feeReturned =
        amount === refundable
          ? feeLeft
          : clamp(
              proportionalShare(intent.fee, intent.amountRefunded + amount, intent.amountReceived) - intent.feeRefunded,
              0n,
              feeLeft,
            );
      const id = newId('refund');
      const source = intent.settlementId
        ? await this.accounts.merchantAvailable(merchantId, intent.currency)
        : await this.accounts.merchantPending(merchantId, intent.currency);
      const wallet = await this.accounts.walletAccount(intent.customerId, intent.currency);
      const transfers: TransferRequest[] = [];
      if (feeReturned > 0n) {
        const revenue = await this.accounts.feeRevenue(intent.currency);
        transfers.push({
          id: `${id}:fee`,
          debitAccountId: revenue,
          creditAccountId: source,
          amount: feeReturned,
          currency: intent.currency,
          reference: id,
        });
      }
      transfers.push({
        id: `${id}:refund`,
        debitAccountId: source,
        creditAccountId: wallet,
        amount,
        currency: intent.currency,
        reference: id,
      });
      const record = async (succeeded: boolean) => {
        const refund = await tx.refund.create({
          data: {
            id,
            merchantId,
            paymentIntentId: intent.id,
            amount,
            currency: intent.currency,
            feeReturned: succeeded ? feeReturned : 0n,
            status: succeeded ? 'succeeded' : 'failed',
            failureReason: succeeded ? null : 'insufficient_merchant_balance',
            reason: input.reason ?? null,
            metadata: input.metadata ?? {},
          },
        });
        if (succeeded) {
          await tx.paymentIntent.update({
            where: { id: intent.id },
            data: {
              amountRefunded: { increment: amount },
              feeRefunded: { increment: feeReturned },
              version: { increment: 1 },
            },
          });
        }
        return this.recorded(tx, refund, succeeded ? 'refund.succeeded' : 'refund.failed');
      };
      // The records first and the posting last, so the merchant's accounts and
      // fee revenue (which every payment credits) stay locked until COMMIT only;
      // if the balance cannot cover the refund, they are undone and the failure recorded.
      const rollback = await this.db.savepoint('before_refund');
      const view = await record(true);
      const [posted] = await this.ledger.postEntries([transfers]);
      if (posted.ok) return view;
      if (!isShortOfFunds(posted.error)) throw posted.error;
      await rollback();
      return record(false);
    });
  }

  async retrieve(merchantId: string, id: string) {
    const refund = await this.db.client.refund.findUnique({ where: { id } });
    if (!refund || refund.merchantId !== merchantId) throw new ResourceMissingError('refund', id, 'id');
    return refundView(refund);
  }

  async list(merchantId: string, query: ListRefundsQueryDto) {
    return paginate(
      query,
      '/v1/refunds',
      (w) =>
        this.db.client.refund.findMany({
          where: {
            merchantId,
            id: w.idFilter,
            ...(query.payment_intent ? { paymentIntentId: query.payment_intent } : {}),
          },
          orderBy: { id: w.orderBy },
          take: w.take,
        }),
      refundView,
    );
  }

  private async recorded(tx: Tx, refund: Refund, type: string) {
    const view = refundView(refund);
    this.events.record(this.db.sql, { type, owner: `merchant:${refund.merchantId}`, object: view });
    return view;
  }
}

function clamp(value: bigint, min: bigint, max: bigint): bigint {
  return value < min ? min : value > max ? max : value;
}
