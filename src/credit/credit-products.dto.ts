import { applyDecorators } from '@nestjs/common';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsAmount, IsMetadata, IsSupportedCurrency, IsIntegerBetween } from '../common/validation';
import {
  DAILY_RATE_PATTERN,
  dailyRateProblem,
  MAX_TERM_MONTHS,
  REPAYMENT_METHODS,
  type RepaymentMethod,
} from './schedule';

/** A daily rate in the OpenAPI document: a decimal string, never a number. */
export const ApiDailyRate = (description: string) =>
  ApiProperty({ type: 'string', pattern: DAILY_RATE_PATTERN.source, example: '0.0005', description });

/** A daily rate: a decimal string (dailyRateProblem in schedule.ts says what is accepted). */
function IsDailyRate(description: string) {
  const validation: PropertyDecorator = (target, propertyName) =>
    registerDecorator({
      name: 'isDailyRate',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => dailyRateProblem(value) === null,
        defaultMessage: (args) => `${args?.property} ${dailyRateProblem(args?.value)}`,
      },
    });
  return applyDecorators(ApiDailyRate(description), validation);
}

/** The most a line may lend to a customer of each KYC tier; 0 means the tier may not borrow. */
export class CreditLimitsByTierDto {
  @IsAmount({ allowZero: true })
  tier_1!: number;

  @IsAmount({ allowZero: true })
  tier_2!: number;

  @IsAmount({ allowZero: true })
  tier_3!: number;
}

export class CreateCreditProductDto {
  /** Shown to customers, e.g. "Flexible loan". */
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @IsSupportedCurrency()
  currency!: string;

  @IsDailyRate('Interest per day on the outstanding principal, e.g. "0.0005" (18.25 % a year).')
  daily_rate!: string;

  @IsDailyRate('Penalty interest per day on overdue principal, on top of the daily rate.')
  penalty_daily_rate!: string;

  /** The terms offered, in months (for example 3, 6 and 12). */
  @ApiProperty({ type: 'array', items: { type: 'integer', minimum: 1, maximum: MAX_TERM_MONTHS } })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_TERM_MONTHS, { each: true })
  terms!: number[];

  /** How instalments are shaped: `equal_installment` (a level payment) and/or `equal_principal`. */
  @ApiProperty({ type: 'array', items: { type: 'string', enum: [...REPAYMENT_METHODS] } })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(REPAYMENT_METHODS, { each: true })
  repayment_methods!: RepaymentMethod[];

  /** The smallest loan, in minor units. */
  @IsAmount()
  min_amount!: number;

  /** The largest loan, in minor units. */
  @IsAmount()
  max_amount!: number;

  /** The largest credit line for each KYC tier. */
  @ValidateNested()
  @Type(() => CreditLimitsByTierDto)
  limits_by_kyc_tier!: CreditLimitsByTierDto;

  /** Days after a due date before an unpaid instalment is overdue: 0 to 30. */
  @IsIntegerBetween(0, 30)
  grace_days!: number;

  @IsOptional()
  @IsMetadata()
  metadata?: Record<string, string>;
}

/** What may change: new loans take the product as it is then; loans already made keep their terms. */
export class UpdateCreditProductDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  /** `retired`: offered to nobody any more (its loans run on). */
  @IsOptional()
  @IsIn(['active', 'retired'])
  status?: 'active' | 'retired';

  @IsOptional()
  @ValidateNested()
  @Type(() => CreditLimitsByTierDto)
  limits_by_kyc_tier?: CreditLimitsByTierDto;

  @IsOptional()
  @IsMetadata()
  metadata?: Record<string, string>;
}

/** What a loan is: its amount, term and repayment method, within what its product offers. */
export class LoanTermsDto {
  /** The loan, in the product's currency's minor units, within its min_amount and max_amount. */
  @IsAmount()
  amount!: number;

  /** Months: one of the product's terms. */
  @IsIntegerBetween(1, MAX_TERM_MONTHS)
  term!: number;

  /** One of the product's repayment methods. */
  @IsIn(REPAYMENT_METHODS)
  repayment_method!: RepaymentMethod;
}

export class CreateCreditQuoteDto extends LoanTermsDto {
  /** The credit product (`cpr_...`), active. */
  @IsString()
  @Matches(/^cpr_[0-9A-Z]{26}$/, { message: 'product must be a credit product id' })
  product!: string;
}
