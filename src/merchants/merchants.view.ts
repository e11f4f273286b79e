// A merchant and its secret keys as the API answers them.
import { ApiProperty } from '@nestjs/swagger';
import { ApiEnum, ApiId, ApiMetadata, ApiObjectName, ApiTimestamp } from '../common/api-properties';
import { unixSeconds } from '../common/ids';
import type { Merchant } from '../generated/prisma/client';
import type { IssuedMerchantKey } from '../auth/auth.service';
import { ListView } from '../common/pagination';
import { MAX_FEE_BPS, MAX_SETTLEMENT_DELAY_SECONDS, PAYOUT_SCHEDULES } from './merchants.dto';

const MERCHANT_STATUSES = ['active', 'disabled'] as const;

/** A secret key as issued (auth/secrets.ts): `sk_` and 43 base62 characters. */
const SECRET_KEY = {
  pattern: '^sk_[0-9A-Za-z]{43}$',
  example: 'sk_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg',
} as const;

export class MerchantPricingView {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: MAX_FEE_BPS,
    description: 'The fee on each captured payment in basis points (100 = 1 %).',
  })
  fee_bps!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer', format: 'int64', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    example: { cny: 10 },
    description: "A fixed fee per payment by currency (lower-case ISO 4217), in the currency's minor unit.",
  })
  fixed_fees!: Record<string, number>;
}

/** Where payouts go; the account number is shown by its last four characters only. */
export class MerchantBankAccountView {
  @ApiProperty({ minLength: 1, maxLength: 140 })
  account_holder_name!: string;

  @ApiProperty({ pattern: '^[A-Za-z0-9]{3,12}$', example: '102100099996' })
  bank_code!: string;

  @ApiProperty({ pattern: '^[A-Z0-9]{4}$', example: '6789' })
  account_number_last4!: string;
}

export class MerchantView {
  @ApiId('mch')
  id!: string;

  @ApiObjectName('merchant')
  object!: 'merchant';

  @ApiProperty({ description: "The merchant's display name." })
  name!: string;

  @ApiProperty({ type: 'string', nullable: true, description: "Where Tally's operator reaches the merchant." })
  email!: string | null;

  @ApiEnum(MERCHANT_STATUSES)
  status!: (typeof MERCHANT_STATUSES)[number];

  @ApiMetadata()
  metadata!: Record<string, string>;

  @ApiProperty({ type: MerchantPricingView })
  pricing!: MerchantPricingView;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: MAX_SETTLEMENT_DELAY_SECONDS,
    description: 'Seconds from capture until the money is available.',
  })
  settlement_delay_seconds!: number;

  @ApiEnum(PAYOUT_SCHEDULES, {
    description: '`manual` (the merchant asks for payouts) or `daily` (the available balance is paid out daily).',
  })
  payout_schedule!: (typeof PAYOUT_SCHEDULES)[number];

  @ApiProperty({ type: MerchantBankAccountView, nullable: true, description: 'Null until set.' })
  bank_account!: MerchantBankAccountView | null;

  @ApiTimestamp()
  created!: number;
}

/** What onboarding a merchant answers: the merchant and its first secret key. */
export class MerchantWithSecretKeyView extends MerchantView {
  @ApiProperty({
    ...SECRET_KEY,
    description: 'The secret key. Shown in this response only; Tally keeps only its hash.',
  })
  secret_key!: string;
}

export class MerchantKeyView {
  @ApiId('mk')
  id!: string;

  @ApiObjectName('merchant_key')
  object!: 'merchant_key';

  @ApiId('mch')
  merchant!: string;

  @ApiProperty({
    ...SECRET_KEY,
    description: 'The secret key. Shown in this response only; Tally keeps only its hash.',
  })
  secret!: string;

  @ApiProperty({ pattern: '^[0-9A-Za-z]{4}$', description: "The key's last four characters, to tell keys apart." })
  last4!: string;

  @ApiTimestamp()
  created!: number;
}

/** A page of merchants. */
export const MerchantListView = ListView(MerchantView, '/v1/merchants');

export function merchantView(merchant: Merchant): MerchantView {
  return {
    id: merchant.id,
    object: 'merchant',
    name: merchant.name,
    email: merchant.email,
    status: merchant.status,
    metadata: merchant.metadata as Record<string, string>,
    pricing: { fee_bps: merchant.feeBps, fixed_fees: merchant.fixedFees as Record<string, number> },
    settlement_delay_seconds: merchant.settlementDelaySeconds,
    payout_schedule: merchant.payoutSchedule,
    bank_account: bankAccountView(merchant.bankAccount as StoredBankAccount | null),
    created: unixSeconds(merchant.createdAt),
  };
}

export function merchantWithSecretKeyView(merchant: Merchant, secretKey: string): MerchantWithSecretKeyView {
  return { ...merchantView(merchant), secret_key: secretKey };
}

export interface StoredBankAccount {
  account_holder_name: string;
  bank_code: string;
  account_number: string;
}

function bankAccountView(account: StoredBankAccount | null): MerchantBankAccountView | null {
  if (!account) return null;
  return {
    account_holder_name: account.account_holder_name,
    bank_code: account.bank_code,
    account_number_last4: account.account_number.slice(-4),
  };
}

export function merchantKeyView(merchantId: string, key: IssuedMerchantKey): MerchantKeyView {
  return {
    id: key.id,
    object: 'merchant_key',
    merchant: merchantId,
    secret: key.secret,
    last4: key.last4,
    created: unixSeconds(key.createdAt),
  };
}
