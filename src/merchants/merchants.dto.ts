import { applyDecorators } from '@nestjs/common';
import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  registerDecorator,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { amountProblem, isSupportedCurrency } from '../common/money';
import { currentMaxAmount, IsMetadata, IsIntegerBetween, requestAmountSchema } from '../common/validation';
import { MAX_KEY_ROLL_OVERLAP_SECONDS } from '../auth/auth.service';

/** The highest fee in basis points: 100 %. */
export const MAX_FEE_BPS = 10_000;
/** The longest settlement delay: 30 days. */
export const MAX_SETTLEMENT_DELAY_SECONDS = 30 * 86_400;
/** `manual`: the merchant asks for payouts; `daily`: the available balance is paid out every day. */
export const PAYOUT_SCHEDULES = ['manual', 'daily'] as const;

/** A map of currency to a fixed fee in that currency's minor units, e.g. `{"cny": 10}`. */
function IsFixedFees(validationOptions?: ValidationOptions) {
  const validation: PropertyDecorator = (object, propertyName) =>
    registerDecorator({
      name: 'isFixedFees',
      target: object.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.entries(value).every(
            ([currency, fee]) =>
              isSupportedCurrency(currency) &&
              amountProblem(fee, { maxAmount: currentMaxAmount(), allowZero: true }) === null,
          ),
        defaultMessage: (args) =>
          `${args?.property} must map supported currencies (lowercase ISO 4217) to non-negative integer amounts`,
      },
    });
  // OpenAPI 3.0 cannot constrain the keys (no propertyNames): they are the currency codes of the API's other fields.
  return applyDecorators(
    ApiProperty({ type: 'object', additionalProperties: requestAmountSchema(true), example: { cny: 10 } }),
    validation,
  );
}

export class MerchantPricingDto {
  /** Fee on each captured payment in basis points (100 = 1 %), 0 to 10000. */
  @IsIntegerBetween(0, MAX_FEE_BPS)
  fee_bps!: number;

  /** An additional fixed fee per payment, by currency, in minor units. */
  @IsOptional()
  @IsFixedFees()
  fixed_fees?: Record<string, number>;
}

export class BankAccountDto {
  /** The name on the account, 1 to 140 characters. */
  @IsString()
  @MinLength(1)
  @MaxLength(140)
  account_holder_name!: string;

  /** The bank's identifier (for example a CNAPS code, BIC or sort code): 3 to 12 letters or digits. */
  @IsString()
  @Matches(/^[A-Za-z0-9]{3,12}$/, { message: 'bank_code must be 3 to 12 letters or digits' })
  bank_code!: string;

  /** The account number or IBAN: 6 to 34 capital letters or digits. */
  @IsString()
  @Matches(/^[A-Z0-9]{6,34}$/, { message: 'account_number must be 6 to 34 capital letters or digits' })
  account_number!: string;
}

/** Settings shared by create and update. */
export class MerchantSettingsDto {
  /** How the merchant is charged; the default is no fee. */
  @IsOptional()
  @ValidateNested()
  @Type(() => MerchantPricingDto)
  pricing?: MerchantPricingDto;

  /** Seconds from capture until the money is available (default 86400, at most 30 days). */
  @IsOptional()
  @IsIntegerBetween(0, MAX_SETTLEMENT_DELAY_SECONDS)
  settlement_delay_seconds?: number;

  /** `manual` (the merchant asks for payouts) or `daily` (the available balance is paid out every day). */
  @IsOptional()
  @IsIn(PAYOUT_SCHEDULES)
  payout_schedule?: (typeof PAYOUT_SCHEDULES)[number];

  /** Where payouts go. */
  @IsOptional()
  @ValidateNested()
  @Type(() => BankAccountDto)
  bank_account?: BankAccountDto;
}

export class CreateMerchantDto extends MerchantSettingsDto {
  /** The merchant's display name. */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  /** Where Tally's operator reaches the merchant. */
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  /** Up to 50 keys (40 characters) with string values (500 characters). */
  @IsOptional()
  @IsMetadata()
  metadata?: Record<string, string>;
}

export class RollMerchantKeyDto {
  /**
   * Seconds the merchant's current keys keep working beside the new one
   * (0, the default, stops them now; at most 7 days).
   */
  @IsOptional()
  @IsIntegerBetween(0, MAX_KEY_ROLL_OVERLAP_SECONDS)
  expire_current_in?: number;
}

/** Every field of create, each optional; fields left out keep their value. */
export class UpdateMerchantDto extends PartialType(CreateMerchantDto) {}
