import type { IssuedCustomerToken } from '../auth/auth.service';
import { unixSeconds } from '../common/ids';
import type { Customer } from '../generated/prisma/client';

export type CustomerView = {
  id: string;
  object: 'customer';
  phone: string;
  name: string | null;
  kyc_tier: number;
  status: string;
  metadata: Record<string, string>;
  created: number;
};

export interface CustomerTokenView {
  id: string;
  object: 'customer_token';
  customer: string;
  /** The access token for the wallet app. Shown in this response only. */
  token: string;
  created: number;
  expires_at: number;
}

export function customerView(customer: Customer): CustomerView {
  return {
    id: customer.id,
    object: 'customer',
    phone: customer.phone,
    name: customer.name,
    kyc_tier: customer.kycTier,
    status: customer.status,
    metadata: customer.metadata as Record<string, string>,
    created: unixSeconds(customer.createdAt),
  };
}

export function customerTokenView(token: IssuedCustomerToken): CustomerTokenView {
  return {
    id: token.id,
    object: 'customer_token',
    customer: token.customerId,
    token: token.secret,
    created: unixSeconds(token.createdAt),
    expires_at: unixSeconds(token.expiresAt),
  };
}
