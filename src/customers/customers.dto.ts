import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsPhoneNumber, IsString, MaxLength, MinLength } from 'class-validator';
import { IsMetadata, IsIntegerBetween } from '../common/validation';

export const KYC_TIERS = [1, 2, 3] as const;
/** Longest lifetime of a customer access token: 90 days. */
export const MAX_CUSTOMER_TOKEN_TTL_SECONDS = 90 * 24 * 3600;

export class CreateCustomerDto {
  /** The customer's mobile number in international format (+8613800138000); stored as E.164. */
  @IsString()
  @MaxLength(32)
  @IsPhoneNumber(undefined, {
    message: 'phone must be a valid phone number in international format, such as +8613800138000',
  })
  phone!: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  /** KYC tier 1, 2 or 3 (China's Class I/II/III accounts); sets the wallet's limits. */
  @ApiProperty({ type: 'integer', enum: [...KYC_TIERS] })
  @IsInt()
  @IsIn(KYC_TIERS)
  kyc_tier!: number;

  @IsOptional()
  @IsMetadata()
  metadata?: Record<string, string>;
}

export class IssueCustomerTokenDto {
  /** Seconds until the token expires (default CUSTOMER_TOKEN_TTL_SECONDS, at most 90 days). */
  @IsOptional()
  @IsIntegerBetween(60, MAX_CUSTOMER_TOKEN_TTL_SECONDS)
  expires_in?: number;
}

/** PATCH /v1/customers/{id}: the fields given change; phone numbers do not (a new number is a new customer). */
export class UpdateCustomerDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  /** A new KYC tier applies its limits from the next movement on. */
  @IsOptional()
  @ApiProperty({ type: 'integer', enum: [...KYC_TIERS] })
  @IsInt()
  @IsIn(KYC_TIERS)
  kyc_tier?: number;

  @IsOptional()
  @IsMetadata()
  metadata?: Record<string, string>;
}
