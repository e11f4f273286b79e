import { unixSeconds } from '../common/ids';
import { toWireAmount } from '../common/money';
import type { PaymentIntent } from '../generated/prisma/client';

/** The string the wallet app scans. */
export function qrCodeFor(paymentIntentId: string): string {
  return `tally://pay/${paymentIntentId}`;
}

export function paymentIntentView(pi: PaymentIntent) {
  return {
    id: pi.id,
    object: 'payment_intent' as const,
    created: unixSeconds(pi.createdAt),
    merchant: pi.merchantId,
    amount: toWireAmount(pi.amount),
    amount_capturable: toWireAmount(pi.amountCapturable),
    amount_received: toWireAmount(pi.amountReceived),
    amount_refunded: toWireAmount(pi.amountRefunded),
    currency: pi.currency,
    status: pi.status,
    capture_method: pi.captureMethod,
    /** The merchant's fee, set at capture. */
    fee: toWireAmount(pi.fee),
    description: pi.description,
    metadata: pi.metadata as Record<string, string>,
    customer: pi.customerId,
    last_payment_error: pi.lastPaymentError as { type: string; code: string; message: string } | null,
    cancellation_reason: pi.cancellationReason,
    canceled_at: pi.canceledAt ? unixSeconds(pi.canceledAt) : null,
    succeeded_at: pi.succeededAt ? unixSeconds(pi.succeededAt) : null,
    expires_at: unixSeconds(pi.expiresAt),
    authorization_expires_at: pi.authorizationExpiresAt ? unixSeconds(pi.authorizationExpiresAt) : null,
    qr_code: qrCodeFor(pi.id),
    /** Grows with every change: receivers of events can discard older copies. */
    version: pi.version,
  };
}

export type PaymentIntentView = ReturnType<typeof paymentIntentView>;

/**
 * A payment intent as its payer sees it (a customer token: an open intent to
 * pay, or one it paid): what a wallet app shows, with the merchant's display
 * name. Never the merchant's metadata, fee, settlement or other internal
 * fields, which are the merchant's business.
 */
export function payerPaymentIntentView(pi: PaymentIntent, merchantName: string) {
  return {
    id: pi.id,
    object: 'payment_intent' as const,
    created: unixSeconds(pi.createdAt),
    merchant: { id: pi.merchantId, name: merchantName },
    amount: toWireAmount(pi.amount),
    amount_received: toWireAmount(pi.amountReceived),
    amount_refunded: toWireAmount(pi.amountRefunded),
    currency: pi.currency,
    status: pi.status,
    description: pi.description,
    customer: pi.customerId,
    // No last_payment_error: on an open intent it may be another customer's decline (a declined
    // payer is not recorded on the intent); a payer learns of its own decline from its 402.
    canceled_at: pi.canceledAt ? unixSeconds(pi.canceledAt) : null,
    succeeded_at: pi.succeededAt ? unixSeconds(pi.succeededAt) : null,
    expires_at: unixSeconds(pi.expiresAt),
    /** While a manual-capture payment holds the money: when the hold is released if not captured. */
    authorization_expires_at: pi.authorizationExpiresAt ? unixSeconds(pi.authorizationExpiresAt) : null,
  };
}

export type PayerPaymentIntentView = ReturnType<typeof payerPaymentIntentView>;
