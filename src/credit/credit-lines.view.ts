// Credit lines and applications as the API answers them (see docs/credit.md).
import { ApiProperty } from '@nestjs/swagger';
import { ApiAmount, ApiCurrency, ApiEnum, ApiId, ApiObjectName, ApiTimestamp } from '../common/api-properties';
import { toWireAmount } from '../common/money';
import { unixSeconds } from '../common/ids';
import { ListView } from '../common/pagination';
import { type CreditApplication, CreditDecision, type CreditLine, CreditLineStatus } from '../generated/prisma/client';
import { type CreditFacts, DECLINE_REASONS, type DeclineReason } from './credit-decisions';

export class CreditLineView {
  @ApiId('cl')
  id!: string;

  @ApiObjectName('credit_line')
  object!: 'credit_line';

  @ApiTimestamp()
  created!: number;

  @ApiId('cus')
  customer!: string;

  @ApiId('cpr')
  product!: string;

  @ApiCurrency()
  currency!: string;

  @ApiEnum(Object.values(CreditLineStatus), {
    description: '`active` lends; `suspended` lends nothing until reopened; `closed` for good.',
  })
  status!: CreditLineStatus;

  @ApiAmount({ description: 'The most its loans may owe in principal at once.' })
  limit!: number;

  @ApiAmount({ description: 'What is left to borrow: limit - principal_outstanding, never below 0.' })
  available!: number;

  @ApiAmount({ description: 'The principal its loans still owe.' })
  principal_outstanding!: number;
}

export const CreditLineListView = ListView(CreditLineView, '/v1/credit/lines');

export function creditLineView(line: CreditLine): CreditLineView {
  const available = line.creditLimit - line.principalOutstanding;
  return {
    id: line.id,
    object: 'credit_line',
    created: unixSeconds(line.createdAt),
    customer: line.customerId,
    product: line.productId,
    currency: line.currency,
    status: line.status,
    limit: toWireAmount(line.creditLimit),
    available: toWireAmount(available > 0n ? available : 0n),
    principal_outstanding: toWireAmount(line.principalOutstanding),
  };
}

/** What the rules read: the decision can be explained from it. */
export class CreditFactsView {
  @ApiProperty({ type: 'string', description: 'The wallet’s status when the customer applied.' })
  wallet_status!: string;

  @ApiProperty({ type: 'integer', enum: [1, 2, 3] })
  kyc_tier!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  account_age_days!: number;

  @ApiAmount({ description: 'Money into the wallet over the last 90 days, the customer’s own loans excluded.' })
  inflows_90d!: number;

  @ApiProperty({ type: 'boolean', description: 'An instalment past due and grace, or a loan written off.' })
  delinquent!: boolean;

  @ApiAmount({ description: 'The limits of the customer’s other lines in this currency that are not closed.' })
  other_limits!: number;

  @ApiAmount({ description: 'The product’s line for the customer’s KYC tier.' })
  tier_limit!: number;

  @ApiAmount({ description: 'The product’s smallest loan.' })
  min_amount!: number;
}

export class CreditApplicationView {
  @ApiId('cap')
  id!: string;

  @ApiObjectName('credit_application')
  object!: 'credit_application';

  @ApiTimestamp()
  created!: number;

  @ApiId('cus')
  customer!: string;

  @ApiId('cpr')
  product!: string;

  @ApiEnum(Object.values(CreditDecision))
  decision!: CreditDecision;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', enum: [...DECLINE_REASONS] },
    description: 'Why it was declined: every rule that failed (empty when approved).',
  })
  reasons!: DeclineReason[];

  @ApiAmount({ nullable: true, description: 'The approved limit.' })
  limit!: number | null;

  @ApiId('cl', { nullable: true, description: 'The line it opened.' })
  line!: string | null;

  @ApiProperty({ type: CreditFactsView })
  facts!: CreditFactsView;
}

export function creditApplicationView(application: CreditApplication): CreditApplicationView {
  const facts = application.facts as unknown as CreditFacts;
  return {
    id: application.id,
    object: 'credit_application',
    created: unixSeconds(application.createdAt),
    customer: application.customerId,
    product: application.productId,
    decision: application.decision,
    reasons: application.reasons as DeclineReason[],
    limit: application.creditLimit === null ? null : toWireAmount(application.creditLimit),
    line: application.lineId,
    facts: {
      wallet_status: facts.wallet_status,
      kyc_tier: facts.kyc_tier,
      account_age_days: facts.account_age_days,
      inflows_90d: toWireAmount(BigInt(facts.inflows_90d)),
      delinquent: facts.delinquent,
      other_limits: toWireAmount(BigInt(facts.other_limits)),
      tier_limit: toWireAmount(BigInt(facts.tier_limit)),
      min_amount: toWireAmount(BigInt(facts.min_amount)),
    },
  };
}
