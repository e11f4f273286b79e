// A customer and its access tokens as the API answers them (see docs/wallets.md).
import { ApiProperty } from '@nestjs/swagger';
import type { IssuedCustomerToken } from '../auth/auth.service';
import { CUSTOMER_TOKEN_PREFIX } from '../auth/secrets';
import { ApiEnum, ApiId, ApiMetadata, ApiObjectName, ApiTimestamp } from '../common/api-properties';
import { unixSeconds } from '../common/ids';
import { ListView } from '../common/pagination';
import { type Customer, CustomerStatus } from '../generated/prisma/client';
import { KYC_TIERS } from './customers.dto';

/** `active`, `frozen` (can neither send nor receive money) or `closed` (can no longer sign in). */
export const CUSTOMER_STATUSES = Object.values(CustomerStatus);

/** KYC tier 1, 2 or 3: sets the wallet's limits. */
export const ApiKycTier = () =>
  ApiProperty({ type: 'integer', enum: [...KYC_TIERS], description: "Sets the wallet's limits." });

export class CustomerView {
  @ApiId('cus')
  id!: string;

  @ApiObjectName('customer')
  object!: 'customer';

  @ApiProperty({ type: 'string', pattern: '^\\+[1-9][0-9]{1,14}$', example: '+8613800138000', description: 'E.164.' })
  phone!: string;

  @ApiProperty({ type: 'string', nullable: true })
  name!: string | null;

  @ApiKycTier()
  kyc_tier!: number;

  @ApiEnum(CUSTOMER_STATUSES)
  status!: CustomerStatus;

  @ApiMetadata()
  metadata!: Record<string, string>;

  @ApiTimestamp()
  created!: number;
}

/** A page of customers. */
export const CustomerListView = ListView(CustomerView, '/v1/customers');

/** What every answer about a customer access token says first. */
class CustomerTokenFields {
  @ApiId('ctk')
  id!: string;

  @ApiObjectName('customer_token')
  object!: 'customer_token';

  @ApiId('cus')
  customer!: string;
}

/** A customer access token, as issued: the only response that shows `token`. */
export class CustomerTokenView extends CustomerTokenFields {
  @ApiProperty({
    type: 'string',
    pattern: `^${CUSTOMER_TOKEN_PREFIX}[0-9A-Za-z]{43}$`,
    description: 'The access token for the wallet app. Shown in this response only; Tally keeps only its hash.',
  })
  token!: string;

  @ApiTimestamp()
  created!: number;

  @ApiTimestamp()
  expires_at!: number;
}

/** A customer access token once revoked. */
export class RevokedCustomerTokenView extends CustomerTokenFields {
  @ApiProperty({ type: 'boolean', enum: [true] })
  revoked!: true;

  @ApiTimestamp({ description: 'When it was first revoked (revoking it again changes nothing).' })
  revoked_at!: number;
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

export function revokedCustomerTokenView(token: {
  id: string;
  customerId: string;
  revokedAt: Date;
}): RevokedCustomerTokenView {
  return {
    id: token.id,
    object: 'customer_token',
    customer: token.customerId,
    revoked: true,
    revoked_at: unixSeconds(token.revokedAt),
  };
}
