// Payment intents: a merchant asks for a payment, a customer's wallet app
// scans its QR code and confirms, the merchant captures or cancels. Every
// money movement is a ledger entry posted in the same transaction as the
// intent's state change and its event; transfer ids are derived from the
// intent's id (`pi_...:charge`, `:fee`, `:authorization`, `:capture`, `:void`),
// so a retried step can never move money twice.
import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { DeclinedPaymentError, InvalidRequestError, ResourceMissingError, StateError } from '../common/errors';
import { newId } from '../common/ids';
import { computeFee, toMinorUnits } from '../common/money';
import { paginate } from '../common/pagination';
import { AppConfig } from '../config/configuration';
import { DatabaseService, Tx } from '../database/database.service';
import { EventsService } from '../events/events.service';
import { type Merchant, Prisma, type PaymentIntent } from '../generated/prisma/client';
import type { TransferRequest } from '../ledger/ledger.model';
import { LedgerService } from '../ledger/ledger.service';
import { OutboxService } from '../outbox/outbox.service';
import { QUEUE_NAMES } from '../queues/queue-names';
import { SETTLEMENT_JOBS } from '../settlement/settlement.jobs-names';
import { WalletAccountsService } from '../wallets/wallet-accounts.service';
import { PaymentAccountsService } from './payment-accounts.service';
import {
  CancelPaymentIntentDto,
  CapturePaymentIntentDto,
  CreatePaymentIntentDto,
  DEFAULT_EXPIRES_IN_SECONDS,
  ListPaymentIntentsQueryDto,
} from './payment-intents.dto';
import { paymentIntentView, PaymentIntentView } from './payment-intents.view';

export const PAYMENT_JOBS = { expirePaymentIntent: 'expire-payment-intent' } as const;

/** The intent's money moves, by ledger transfer id. */
export const paymentTransferIds = (id: string) => ({
  charge: `${id}:charge`,
  fee: `${id}:fee`,
  authorization: `${id}:authorization`,
  capture: `${id}:capture`,
  void: `${id}:void`,
});

export type ExpiryOutcome = 'canceled' | 'not_due' | 'nothing_to_do';

@Injectable()
export class PaymentIntentsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly ledger: LedgerService,
    private readonly accounts: PaymentAccountsService,
    private readonly wallets: WalletAccountsService,
    private readonly events: EventsService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  async create(merchantId: string, input: CreatePaymentIntentDto): Promise<PaymentIntentView> {
    return this.db.transaction(async (tx) => {
      const expiresAt = new Date(Date.now() + (input.expires_in ?? DEFAULT_EXPIRES_IN_SECONDS) * 1000);
      const intent = await tx.paymentIntent.create({
        data: {
          id: newId('paymentIntent'),
          merchantId,
          amount: toMinorUnits(input.amount),
          currency: input.currency,
          captureMethod: input.capture_method ?? 'automatic',
          description: input.description ?? null,
          metadata: input.metadata ?? {},
          expiresAt,
        },
      });
      await this.scheduleExpiry(tx, intent.id, expiresAt);
      return this.recorded(tx, intent, 'payment_intent.created');
    });
  }

  /** A merchant reads its own intents; a customer reads an open intent (to pay it) or one it paid. */
  async retrieve(principal: Principal, id: string): Promise<PaymentIntentView> {
    const intent = await this.db.client.paymentIntent.findUnique({ where: { id } });
    if (!intent || !visibleTo(principal, intent)) throw new ResourceMissingError('payment_intent', id, 'id');
    return paymentIntentView(intent);
  }

  async list(merchantId: string, query: ListPaymentIntentsQueryDto) {
    return paginate(
      query,
      '/v1/payment_intents',
      (w) =>
        this.db.client.paymentIntent.findMany({
          where: { merchantId, id: w.idFilter, ...(query.status ? { status: query.status } : {}) },
          orderBy: { id: w.orderBy },
          take: w.take,
        }),
      paymentIntentView,
    );
  }

  /** The merchant's own intent, for the QR image. */
  async qrCodeOf(merchantId: string, id: string): Promise<string> {
    const intent = await this.db.client.paymentIntent.findUnique({ where: { id } });
    if (!intent || intent.merchantId !== merchantId) throw new ResourceMissingError('payment_intent', id, 'id');
    return paymentIntentView(intent).qr_code;
  }

  /**
   * The customer pays: automatic capture moves the money from the wallet to
   * the merchant at once (less the fee, posted as its own transfer); manual
   * capture holds it. A declined payment records `last_payment_error` and
   * answers 402, the intent staying payable.
   *
   * The ledger posting is the transaction's last statement: the merchant's
   * pending account and fee revenue are hot rows that every payment locks,
   * so they are held from the posting to COMMIT only.
   */
  async confirm(customerId: string, id: string): Promise<PaymentIntentView> {
    const outcome = await this.db.transaction(async (tx) => {
      const intent = await this.lock(tx, id);
      if (!intent || !visibleTo({ type: 'customer', id: customerId, tokenId: '' }, intent)) {
        throw new ResourceMissingError('payment_intent', id, 'id');
      }
      this.expectStatus(intent, ['requires_payment_method'], 'confirm');
      if (intent.expiresAt.getTime() <= Date.now()) {
        throw new StateError('payment_intent_expired', 'This payment intent has expired.');
      }
      const customer = await tx.customer.findUniqueOrThrow({ where: { id: customerId } });
      if (customer.status !== 'active') {
        return {
          decline: await this.recordDecline(
            tx,
            intent,
            new DeclinedPaymentError('wallet_frozen', 'The wallet is frozen and cannot pay.'),
          ),
        };
      }
      const [wallet, merchantPending] = await Promise.all([
        this.wallets.walletAccount(customerId, intent.currency),
        this.accounts.merchantPending(intent.merchantId, intent.currency),
      ]);
      const ids = paymentTransferIds(id);
      const automatic = intent.captureMethod === 'automatic';
      const merchant = await tx.merchant.findUniqueOrThrow({ where: { id: intent.merchantId } });
      const transfers: TransferRequest[] = [
        {
          id: automatic ? ids.charge : ids.authorization,
          kind: automatic ? 'posted' : 'pending',
          debitAccountId: wallet,
          creditAccountId: merchantPending,
          amount: intent.amount,
          currency: intent.currency,
          reference: id,
        },
      ];
      // Undone if the wallet cannot pay; then only the decline is recorded.
      await tx.$executeRaw`SAVEPOINT before_payment`;
      let view: PaymentIntentView;
      if (automatic) {
        const fee = feeOf(merchant, intent.currency, intent.amount);
        if (fee > 0n)
          transfers.push(
            this.feeTransfer(intent, fee, ids.fee, merchantPending, await this.accounts.feeRevenue(intent.currency)),
          );
        const paid = await tx.paymentIntent.update({
          where: { id },
          data: {
            status: 'succeeded',
            customerId,
            amountReceived: intent.amount,
            fee,
            succeededAt: new Date(),
            lastPaymentError: Prisma.DbNull,
            version: { increment: 1 },
          },
        });
        await this.scheduleSettlement(tx, paid, merchant.settlementDelaySeconds);
        view = await this.recorded(tx, paid, 'payment_intent.succeeded');
      } else {
        const authorizationExpiresAt = new Date(Date.now() + this.config.paymentAuthorizationWindowSeconds * 1000);
        const held = await tx.paymentIntent.update({
          where: { id },
          data: {
            status: 'requires_capture',
            customerId,
            amountCapturable: intent.amount,
            authorizationExpiresAt,
            lastPaymentError: Prisma.DbNull,
            version: { increment: 1 },
          },
        });
        await this.scheduleExpiry(tx, id, authorizationExpiresAt);
        view = await this.recorded(tx, held, 'payment_intent.requires_capture');
      }
      const [posted] = await this.ledger.postEntries([transfers]);
      if (posted.ok) return { view };
      if (posted.error.code !== 'exceeds_credits') throw posted.error;
      await tx.$executeRaw`ROLLBACK TO SAVEPOINT before_payment`;
      const decline = new DeclinedPaymentError('insufficient_funds', 'The wallet balance is too low for this payment.');
      return { decline: await this.recordDecline(tx, intent, decline) };
    });
    if ('decline' in outcome) throw outcome.decline;
    return outcome.view;
  }

  /** Captures a held payment once, all or part of it; the rest goes back to the customer. */
  async capture(merchantId: string, id: string, input: CapturePaymentIntentDto): Promise<PaymentIntentView> {
    return this.db.transaction(async (tx) => {
      const intent = await this.lockOwn(tx, merchantId, id);
      this.expectStatus(intent, ['requires_capture'], 'capture');
      if (intent.authorizationExpiresAt && intent.authorizationExpiresAt.getTime() <= Date.now()) {
        throw new StateError('authorization_expired', 'The authorization has expired; the hold is being released.');
      }
      const amount =
        input.amount_to_capture === undefined ? intent.amountCapturable : toMinorUnits(input.amount_to_capture);
      if (amount > intent.amountCapturable) {
        throw new InvalidRequestError(
          'amount_too_large',
          `amount_to_capture must be at most the amount capturable (${intent.amountCapturable}).`,
          'amount_to_capture',
        );
      }
      const ids = paymentTransferIds(id);
      const merchant = await tx.merchant.findUniqueOrThrow({ where: { id: merchantId } });
      const fee = feeOf(merchant, intent.currency, amount);
      const transfers: TransferRequest[] = [
        { id: ids.capture, kind: 'post_pending', pendingId: ids.authorization, amount },
      ];
      if (fee > 0n) {
        const [merchantPending, revenue] = await Promise.all([
          this.accounts.merchantPending(intent.merchantId, intent.currency),
          this.accounts.feeRevenue(intent.currency),
        ]);
        transfers.push(this.feeTransfer(intent, fee, ids.fee, merchantPending, revenue));
      }
      const captured = await tx.paymentIntent.update({
        where: { id },
        data: {
          status: 'succeeded',
          amountReceived: amount,
          amountCapturable: 0n,
          fee,
          succeededAt: new Date(),
          version: { increment: 1 },
        },
      });
      await this.scheduleSettlement(tx, captured, merchant.settlementDelaySeconds);
      const view = await this.recorded(tx, captured, 'payment_intent.succeeded');
      await this.ledger.postEntry(transfers);
      return view;
    });
  }

  /** Cancels an unpaid or held intent; a hold is released. */
  async cancel(merchantId: string, id: string, input: CancelPaymentIntentDto): Promise<PaymentIntentView> {
    return this.db.transaction(async (tx) => {
      const intent = await this.lockOwn(tx, merchantId, id);
      this.expectStatus(intent, ['requires_payment_method', 'requires_capture'], 'cancel');
      return this.cancelLocked(tx, intent, input.cancellation_reason ?? 'requested_by_customer');
    });
  }

  /**
   * Cancels an intent whose time is up: unconfirmed past `expires_at`, or held
   * past `authorization_expires_at` (its hold is voided). Run by the delayed
   * job and by the sweeper; the database decides, so a second run does nothing.
   */
  async expire(id: string): Promise<ExpiryOutcome> {
    return this.db.transaction(async (tx) => {
      const intent = await this.lock(tx, id);
      if (!intent) return 'nothing_to_do';
      const now = Date.now();
      if (intent.status === 'requires_payment_method') {
        if (intent.expiresAt.getTime() > now) return 'not_due';
        await this.cancelLocked(tx, intent, 'expired');
        return 'canceled';
      }
      if (intent.status === 'requires_capture') {
        if (!intent.authorizationExpiresAt || intent.authorizationExpiresAt.getTime() > now) return 'not_due';
        await this.cancelLocked(tx, intent, 'authorization_expired');
        return 'canceled';
      }
      return 'nothing_to_do';
    });
  }

  /** The sweeper: every intent whose time is up, a page at a time. */
  async expireDue(limit = 200): Promise<number> {
    const due = await this.db.prisma.paymentIntent.findMany({
      where: {
        OR: [
          { status: 'requires_payment_method', expiresAt: { lte: new Date() } },
          { status: 'requires_capture', authorizationExpiresAt: { lte: new Date() } },
        ],
      },
      select: { id: true },
      take: limit,
    });
    let canceled = 0;
    for (const { id } of due) if ((await this.expire(id)) === 'canceled') canceled++;
    return canceled;
  }

  private async cancelLocked(tx: Tx, intent: PaymentIntent, reason: string): Promise<PaymentIntentView> {
    const canceled = await tx.paymentIntent.update({
      where: { id: intent.id },
      data: {
        status: 'canceled',
        amountCapturable: 0n,
        cancellationReason: reason,
        canceledAt: new Date(),
        version: { increment: 1 },
      },
    });
    const view = await this.recorded(tx, canceled, 'payment_intent.canceled');
    if (intent.status === 'requires_capture') {
      const ids = paymentTransferIds(intent.id);
      await this.ledger.postEntry([{ id: ids.void, kind: 'void_pending', pendingId: ids.authorization }]);
    }
    return view;
  }

  private async recordDecline(
    tx: Tx,
    intent: PaymentIntent,
    decline: DeclinedPaymentError,
  ): Promise<DeclinedPaymentError> {
    const failed = await tx.paymentIntent.update({
      where: { id: intent.id },
      data: {
        lastPaymentError: { type: decline.type, code: decline.code, message: decline.message },
        version: { increment: 1 },
      },
    });
    await this.recorded(tx, failed, 'payment_intent.payment_failed');
    return decline;
  }

  private feeTransfer(intent: PaymentIntent, fee: bigint, id: string, from: string, to: string): TransferRequest {
    return {
      id,
      debitAccountId: from,
      creditAccountId: to,
      amount: fee,
      currency: intent.currency,
      reference: intent.id,
    };
  }

  private async scheduleExpiry(tx: Tx, paymentIntentId: string, runAt: Date): Promise<void> {
    await this.outbox.enqueue(tx, {
      queue: QUEUE_NAMES.payments,
      name: PAYMENT_JOBS.expirePaymentIntent,
      payload: { paymentIntentId },
      runAt,
    });
  }

  /** Settlement runs after the merchant's delay (the settlement worker's sweeper catches any job lost). */
  private async scheduleSettlement(tx: Tx, intent: PaymentIntent, delaySeconds: number): Promise<void> {
    await this.outbox.enqueue(tx, {
      queue: QUEUE_NAMES.settlement,
      name: SETTLEMENT_JOBS.settleMerchant,
      payload: { merchantId: intent.merchantId, currency: intent.currency },
      runAt: new Date(Date.now() + delaySeconds * 1000),
    });
  }

  private async recorded(tx: Tx, intent: PaymentIntent, type: string): Promise<PaymentIntentView> {
    const view = paymentIntentView(intent);
    await this.events.record(tx, { type, owner: `merchant:${intent.merchantId}`, object: view });
    return view;
  }

  private async lock(tx: Tx, id: string): Promise<PaymentIntent | null> {
    const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM payment_intents WHERE id = ${id} FOR UPDATE`;
    if (rows.length === 0) return null;
    return tx.paymentIntent.findUniqueOrThrow({ where: { id } });
  }

  private async lockOwn(tx: Tx, merchantId: string, id: string): Promise<PaymentIntent> {
    const intent = await this.lock(tx, id);
    if (!intent || intent.merchantId !== merchantId) throw new ResourceMissingError('payment_intent', id, 'id');
    return intent;
  }

  private expectStatus(intent: PaymentIntent, allowed: string[], action: string): void {
    if (!allowed.includes(intent.status)) {
      throw new StateError(
        'payment_intent_unexpected_state',
        `You cannot ${action} this payment intent because it has a status of ${intent.status}.`,
      );
    }
  }
}

/** The merchant's fee on `amount`: basis points and the fixed fee of the currency, decimal.js, half up. */
function feeOf(merchant: Merchant, currency: string, amount: bigint): bigint {
  const fixed = (merchant.fixedFees as Record<string, number>)[currency] ?? 0;
  return computeFee(amount, merchant.feeBps, BigInt(fixed));
}

function visibleTo(principal: Principal, intent: PaymentIntent): boolean {
  if (principal.type === 'operator') return true;
  if (principal.type === 'merchant') return intent.merchantId === principal.id;
  return (
    intent.customerId === principal.id || (intent.status === 'requires_payment_method' && intent.customerId === null)
  );
}
