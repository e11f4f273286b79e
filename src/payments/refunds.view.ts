// A refund as the API answers it (see docs/payments.md, refunds).
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
import { toWireAmount } from '../common/money';
import { ListView } from '../common/pagination';
import type { Refund } from '../generated/prisma/client';

const REFUND_STATUSES = ['succeeded', 'failed'] as const;
const REFUND_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;
/** Why a refund failed: the merchant's balance could not cover it. */
const REFUND_FAILURE_REASONS = ['insufficient_merchant_balance'] as const;

export class RefundView {
  @ApiId('re')
  id!: string;

  @ApiObjectName('refund')
  object!: 'refund';

  @ApiTimestamp()
  created!: number;

  @ApiId('pi')
  payment_intent!: string;

  @ApiAmount()
  amount!: number;

  @ApiCurrency()
  currency!: string;

  @ApiAmount({ description: "The share of the payment's fee given back to the merchant." })
  fee_returned!: number;

  @ApiEnum(REFUND_STATUSES)
  status!: (typeof REFUND_STATUSES)[number];

  @ApiEnum(REFUND_FAILURE_REASONS, { nullable: true })
  failure_reason!: (typeof REFUND_FAILURE_REASONS)[number] | null;

  @ApiEnum(REFUND_REASONS, { nullable: true })
  reason!: (typeof REFUND_REASONS)[number] | null;

  @ApiMetadata()
  metadata!: Record<string, string>;
}

/** A page of the merchant's refunds. */
export const RefundListView = ListView(RefundView, '/v1/refunds');

export function refundView(refund: Refund): RefundView {
  return {
    id: refund.id,
    object: 'refund',
    created: unixSeconds(refund.createdAt),
    payment_intent: refund.paymentIntentId,
    amount: toWireAmount(refund.amount),
    currency: refund.currency,
    fee_returned: toWireAmount(refund.feeReturned),
    status: refund.status,
    failure_reason: refund.failureReason as RefundView['failure_reason'],
    reason: refund.reason as RefundView['reason'],
    metadata: refund.metadata as Record<string, string>,
  };
}
