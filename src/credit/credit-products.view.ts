// Credit products as the API answers them (see docs/credit.md).
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
import { toWireAmount } from '../common/money';
import { unixSeconds } from '../common/ids';
import { ListView } from '../common/pagination';
import { type CreditProduct, CreditProductStatus } from '../generated/prisma/client';
import { annualRateOf } from './credit-products';
import { ApiDailyRate } from './credit-products.dto';
import { REPAYMENT_METHODS, type RepaymentMethod } from './schedule';

/** An annual percentage rate, as a percentage with 2 decimals ("18.25"). */
export const ApiAnnualRate = (description: string) =>
  ApiProperty({ type: 'string', pattern: '^[0-9]+\\.[0-9]{2}$', example: '18.25', description });

export class CreditLimitsByTierView {
  @ApiAmount()
  tier_1!: number;

  @ApiAmount()
  tier_2!: number;

  @ApiAmount()
  tier_3!: number;
}

export class CreditProductView {
  @ApiId('cpr')
  id!: string;

  @ApiObjectName('credit_product')
  object!: 'credit_product';

  @ApiTimestamp()
  created!: number;

  @ApiProperty({ type: 'string' })
  name!: string;

  @ApiCurrency()
  currency!: string;

  @ApiEnum(Object.values(CreditProductStatus), { description: '`retired`: no new lines or loans.' })
  status!: CreditProductStatus;

  @ApiAnnualRate('The annual percentage rate (365 x daily_rate), shown first to customers.')
  annual_percentage_rate!: string;

  @ApiDailyRate('Interest per day on the outstanding principal.')
  daily_rate!: string;

  @ApiDailyRate('Penalty interest per day on overdue principal, on top of the daily rate.')
  penalty_daily_rate!: string;

  @ApiProperty({ type: 'array', items: { type: 'integer', minimum: 1, maximum: 60 }, description: 'Months.' })
  terms!: number[];

  @ApiProperty({ type: 'array', items: { type: 'string', enum: [...REPAYMENT_METHODS] } })
  repayment_methods!: RepaymentMethod[];

  @ApiAmount()
  min_amount!: number;

  @ApiAmount()
  max_amount!: number;

  @ApiProperty({ type: CreditLimitsByTierView, description: 'The largest line for each KYC tier (0: may not borrow).' })
  limits_by_kyc_tier!: CreditLimitsByTierView;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 30 })
  grace_days!: number;

  @ApiMetadata()
  metadata!: Record<string, string>;
}

export const CreditProductListView = ListView(CreditProductView, '/v1/credit/products');

/** A rate column (numeric) as its plain decimal string: "0.0005", never "5e-4". */
export const rateString = (rate: { toFixed(): string }) => rate.toFixed();

export function creditProductView(product: CreditProduct): CreditProductView {
  const dailyRate = rateString(product.dailyRate);
  return {
    id: product.id,
    object: 'credit_product',
    created: unixSeconds(product.createdAt),
    name: product.name,
    currency: product.currency,
    status: product.status,
    annual_percentage_rate: annualRateOf(dailyRate),
    daily_rate: dailyRate,
    penalty_daily_rate: rateString(product.penaltyDailyRate),
    terms: product.terms,
    repayment_methods: product.repaymentMethods as RepaymentMethod[],
    min_amount: toWireAmount(product.minAmount),
    max_amount: toWireAmount(product.maxAmount),
    limits_by_kyc_tier: {
      tier_1: toWireAmount(product.limitTier1),
      tier_2: toWireAmount(product.limitTier2),
      tier_3: toWireAmount(product.limitTier3),
    },
    grace_days: product.graceDays,
    metadata: product.metadata as Record<string, string>,
  };
}
