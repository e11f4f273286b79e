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
    created: unixSeconds(merchant.createdAt),
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
