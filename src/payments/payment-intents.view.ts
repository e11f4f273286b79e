import { ApiProperty } from '@nestjs/swagger';
import {
  ApiAmount,
  ApiCurrency,
  ApiEnum,
  ApiId,
  ApiMetadata,
  ApiObjectName,
  ApiTimestamp,
} from '../common/api-properties';
import { unixSeconds } from '../common/ids';
import { ListView } from '../common/pagination';
import { toWireAmount } from '../common/money';
import type { PaymentIntent } from '../generated/prisma/client';
import { PAYMENT_INTENT_STATUSES, type PaymentIntentStatusName } from './payment-intents.dto';

const CAPTURE_METHODS = ['automatic', 'manual'] as const;
/** Given by the merchant when it cancels, or by Tally: `expired` (never paid in time), `authorization_expired` (a hold not captured in time). */
const CANCELLATION_REASONS = [
  'requested_by_customer',
  'duplicate',
  'fraudulent',
  'abandoned',
  'expired',
  'authorization_expired',
] as const;
type CancellationReason = (typeof CANCELLATION_REASONS)[number];

/** Why the last attempt to pay failed. */
export class PaymentErrorView {
  @ApiProperty({ example: 'payment_error' })
  type!: string;

  @ApiProperty({ example: 'insufficient_funds' })
  code!: string;

  @ApiProperty()
  message!: string;
}

/** A payment intent as its merchant (or the operator) sees it. */
export class PaymentIntentView {
  @ApiId('pi')
  id!: string;

  @ApiObjectName('payment_intent')
  object!: 'payment_intent';

  @ApiTimestamp()
  created!: number;

  @ApiId('mch')
  merchant!: string;

  @ApiAmount({ description: 'What the customer pays.' })
  amount!: number;

  @ApiAmount({ description: 'Held and not yet captured (manual capture).' })
  amount_capturable!: number;

  @ApiAmount({ description: 'Paid and captured.' })
  amount_received!: number;

  @ApiAmount({ description: 'Refunded so far.' })
  amount_refunded!: number;

  @ApiCurrency()
  currency!: string;

  @ApiEnum(PAYMENT_INTENT_STATUSES)
  status!: PaymentIntentStatusName;

  @ApiEnum(CAPTURE_METHODS)
  capture_method!: (typeof CAPTURE_METHODS)[number];

  @ApiAmount({ description: "The merchant's fee, set at capture." })
  fee!: number;

  @ApiProperty({ type: 'string', nullable: true })
  description!: string | null;

  @ApiMetadata()
  metadata!: Record<string, string>;

  @ApiId('cus', { nullable: true, description: 'The customer who paid (or holds the money), once one has.' })
  customer!: string | null;

  @ApiProperty({ type: PaymentErrorView, nullable: true })
  last_payment_error!: PaymentErrorView | null;

  @ApiEnum(CANCELLATION_REASONS, { nullable: true })
  cancellation_reason!: CancellationReason | null;

  @ApiTimestamp({ nullable: true })
  canceled_at!: number | null;

  @ApiTimestamp({ nullable: true })
  succeeded_at!: number | null;

  @ApiTimestamp({ description: 'When an unconfirmed intent is canceled.' })
  expires_at!: number;

  @ApiTimestamp({
    nullable: true,
    description: 'While a manual-capture payment holds the money: when the hold is released.',
  })
  authorization_expires_at!: number | null;

  @ApiProperty({ example: 'tally://pay/pi_01J9Z3K8E5Q7W2V6X4Y8T0R2M1', description: 'What the wallet app scans.' })
  qr_code!: string;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'Grows with every change: receivers of events can discard older copies.',
  })
  version!: number;
}

/** The merchant as a payer sees it. */
export class PayerMerchantView {
  @ApiId('mch')
  id!: string;

  @ApiProperty({ description: "The merchant's display name." })
  name!: string;
}

/**
 * A payment intent as its payer sees it (a customer token: an open intent to
 * pay, or one it paid): what a wallet app shows, with the merchant's display
 * name. Never the merchant's metadata, fee, settlement or other internal
 * fields, which are the merchant's business.
 */
export class PayerPaymentIntentView {
  @ApiId('pi')
  id!: string;

  @ApiObjectName('payment_intent')
  object!: 'payment_intent';

  @ApiTimestamp()
  created!: number;

  @ApiProperty({ type: PayerMerchantView })
  merchant!: PayerMerchantView;

  @ApiAmount()
  amount!: number;

  @ApiAmount()
  amount_received!: number;

  @ApiAmount()
  amount_refunded!: number;

  @ApiCurrency()
  currency!: string;

  @ApiEnum(PAYMENT_INTENT_STATUSES)
  status!: PaymentIntentStatusName;

  @ApiProperty({ type: 'string', nullable: true })
  description!: string | null;

  @ApiId('cus', { nullable: true })
  customer!: string | null;

  @ApiTimestamp({ nullable: true })
  canceled_at!: number | null;

  @ApiTimestamp({ nullable: true })
  succeeded_at!: number | null;

  @ApiTimestamp()
  expires_at!: number;

  @ApiTimestamp({
    nullable: true,
    description: 'While a manual-capture payment holds the money: when the hold is released if not captured.',
  })
  authorization_expires_at!: number | null;
}

/** A page of the merchant's payment intents. */
export const PaymentIntentListView = ListView(PaymentIntentView, '/v1/payment_intents');

/** The string the wallet app scans. */
export function qrCodeFor(paymentIntentId: string): string {
  return `tally://pay/${paymentIntentId}`;
}

export function paymentIntentView(pi: PaymentIntent): PaymentIntentView {
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
    cancellation_reason: pi.cancellationReason as CancellationReason | null,
    canceled_at: pi.canceledAt ? unixSeconds(pi.canceledAt) : null,
    succeeded_at: pi.succeededAt ? unixSeconds(pi.succeededAt) : null,
    expires_at: unixSeconds(pi.expiresAt),
    authorization_expires_at: pi.authorizationExpiresAt ? unixSeconds(pi.authorizationExpiresAt) : null,
    qr_code: qrCodeFor(pi.id),
    /** Grows with every change: receivers of events can discard older copies. */
    version: pi.version,
  };
}

/** See PayerPaymentIntentView. */
export function payerPaymentIntentView(pi: PaymentIntent, merchantName: string): PayerPaymentIntentView {
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
