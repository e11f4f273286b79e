import { unixSeconds } from '../common/ids';
import type { Merchant } from '../generated/prisma/client';
import type { IssuedMerchantKey } from '../auth/auth.service';

export interface MerchantView {
  id: string;
  object: 'merchant';
  name: string;
  email: string | null;
  status: string;
  metadata: Record<string, string>;
  pricing: { fee_bps: number; fixed_fees: Record<string, number> };
  settlement_delay_seconds: number;
  payout_schedule: string;
  /** The account number is shown by its last four characters only. */
  bank_account: { account_holder_name: string; bank_code: string; account_number_last4: string } | null;
  created: number;
}

export interface MerchantKeyView {
  id: string;
  object: 'merchant_key';
  merchant: string;
  /** The secret key. Shown in this response only; Tally keeps only its hash. */
  secret: string;
  last4: string;
  created: number;
}

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

export interface StoredBankAccount {
  account_holder_name: string;
  bank_code: string;
  account_number: string;
}

function bankAccountView(account: StoredBankAccount | null) {
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
