// The rules of a payment intent that need no database: its ledger transfer
// ids, its fee, who may see it, which status allows which step, and the jobs
// its changes schedule.
import { StateError } from '../common/errors';
import { computeFee } from '../common/money';
import type { Principal } from '../auth/principal';
import type { Merchant, PaymentIntent } from '../generated/prisma/client';
import type { TransferRequest } from '../ledger/ledger.model';
import type { OutboxMessageInput } from '../outbox/outbox.service';
import { QUEUE_NAMES } from '../queues/queue-names';
import { SETTLEMENT_JOBS } from '../queues/job-names';
import type { LockedIntent } from './payment-intents.repository';

export const PAYMENT_JOBS = { expirePaymentIntent: 'expire-payment-intent' } as const;

export type ExpiryOutcome = 'canceled' | 'not_due' | 'nothing_to_do';

/**
 * The intent's money moves, by ledger transfer id: derived from the intent's
 * id, so a retried step can never move money twice.
 */
export const paymentTransferIds = (id: string) => ({
  charge: `${id}:charge`,
  fee: `${id}:fee`,
  authorization: `${id}:authorization`,
  capture: `${id}:capture`,
  void: `${id}:void`,
});

/** The merchant's fee on `amount`: basis points and the fixed fee of the currency, decimal.js, half up. */
export function feeOf(merchant: Pick<Merchant, 'feeBps' | 'fixedFees'>, currency: string, amount: bigint): bigint {
  const fixed = (merchant.fixedFees as Record<string, number>)[currency] ?? 0;
  return computeFee(amount, merchant.feeBps, BigInt(fixed));
}

/** The fee's transfer, from the merchant's pending balance to the platform's fee revenue. */
export function feeTransfer(intent: PaymentIntent, fee: bigint, from: string, to: string): TransferRequest {
  return {
    id: paymentTransferIds(intent.id).fee,
    debitAccountId: from,
    creditAccountId: to,
    amount: fee,
    currency: intent.currency,
    reference: intent.id,
  };
}

/** The intent's row after a change made at `now` (the transaction's time), its version bumped. */
export function changed(intent: LockedIntent, now: Date, fields: Partial<PaymentIntent>): LockedIntent {
  return { ...intent, ...fields, version: intent.version + 1, updatedAt: now };
}

/** A merchant sees its own intents; a customer an open intent (to pay it) or one it paid. */
export function visibleTo(principal: Pick<Principal, 'type' | 'id'>, intent: PaymentIntent): boolean {
  if (principal.type === 'operator') return true;
  if (principal.type === 'merchant') return intent.merchantId === principal.id;
  return (
    intent.customerId === principal.id || (intent.status === 'requires_payment_method' && intent.customerId === null)
  );
}

export function expectStatus(intent: PaymentIntent, allowed: readonly string[], action: string): void {
  if (!allowed.includes(intent.status)) {
    throw new StateError(
      'payment_intent_unexpected_state',
      `You cannot ${action} this payment intent because it has a status of ${intent.status}.`,
    );
  }
}

/** The delayed job that cancels the intent (or releases its hold) when its time is up. */
export function expiryJob(paymentIntentId: string, runAt: Date): OutboxMessageInput {
  return { queue: QUEUE_NAMES.payments, name: PAYMENT_JOBS.expirePaymentIntent, payload: { paymentIntentId }, runAt };
}

/** Settlement runs after the merchant's delay (the settlement worker's sweeper catches any job lost). */
export function settlementJob(intent: PaymentIntent, delaySeconds: number): OutboxMessageInput {
  return {
    queue: QUEUE_NAMES.settlement,
    name: SETTLEMENT_JOBS.settleMerchant,
    payload: { merchantId: intent.merchantId, currency: intent.currency },
    runAt: new Date(Date.now() + delaySeconds * 1000),
  };
}
