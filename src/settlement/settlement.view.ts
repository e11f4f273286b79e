// Settlement batches as the API answers them (see docs/payments.md).
import { ApiProperty } from '@nestjs/swagger';
import { ApiAmount, ApiCurrency, ApiId, ApiObjectName, ApiTimestamp } from '../common/api-properties';
import { unixSeconds } from '../common/ids';
import { toWireAmount } from '../common/money';
import { ListView } from '../common/pagination';
import type { PaymentIntent, Settlement } from '../generated/prisma/client';
import { unsettledNet } from '../payments/settleable-payments';

/** A settlement batch: the merchant's payments in one currency that became available together. */
export class SettlementView {
  @ApiId('stl')
  id!: string;

  @ApiObjectName('settlement')
  object!: 'settlement';

  @ApiTimestamp()
  created!: number;

  @ApiCurrency()
  currency!: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'How many payments it settled.' })
  count!: number;

  @ApiAmount({ description: 'What the payments received.' })
  gross!: number;

  @ApiAmount({ description: 'Their fees, net of fees given back by refunds.' })
  fees!: number;

  @ApiAmount({ description: 'Refunded from pending before settlement, net of fees given back.' })
  refunds!: number;

  @ApiAmount({ description: 'What became available.' })
  net!: number;
}

/** One payment of a settlement batch. */
export class SettledPaymentView {
  @ApiId('pi')
  payment_intent!: string;

  @ApiAmount()
  amount_received!: number;

  @ApiAmount({ description: 'What this settlement made available for the payment.' })
  net!: number;
}

/** A settlement batch with the payments it settled (a retrieve, and the `settlement.completed` event). */
export class SettlementWithPaymentsView extends SettlementView {
  @ApiProperty({ type: [SettledPaymentView] })
  payments!: SettledPaymentView[];
}

/** A page of the merchant's settlement batches (without their payments). */
export const SettlementListView = ListView(SettlementView, '/v1/settlements');

export function settlementView(s: Settlement): SettlementView {
  return {
    id: s.id,
    object: 'settlement',
    created: unixSeconds(s.createdAt),
    currency: s.currency,
    count: s.count,
    gross: toWireAmount(s.gross),
    fees: toWireAmount(s.fees),
    refunds: toWireAmount(s.refunds),
    net: toWireAmount(s.net),
  };
}

export function settlementWithPaymentsView(s: Settlement, payments: PaymentIntent[]): SettlementWithPaymentsView {
  return {
    ...settlementView(s),
    payments: payments.map((p) => ({
      payment_intent: p.id,
      amount_received: toWireAmount(p.amountReceived),
      net: toWireAmount(p.settledAmount ?? unsettledNet(p)),
    })),
  };
}
