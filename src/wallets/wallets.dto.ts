import { ApiExtraModels, ApiProperty, type ApiPropertyOptions, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsISO8601,
  IsOptional,
  IsPhoneNumber,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageLimitDto } from '../common/pagination';
import { IsAmount, IsSupportedCurrency } from '../common/validation';

export class WalletAmountDto {
  /** Minor units (fen for CNY). */
  @IsAmount()
  amount!: number;

  @IsSupportedCurrency()
  currency!: string;
}

// The recipient as the OpenAPI document describes it: one of two shapes
// (a generated TypeScript type is their union, which still accepts an object
// with both; the API refuses it). Validation is
// TransferRecipientDto's and the transfer service's (which refuses both or
// neither with param `to`).
export class TransferToPhone {
  @ApiProperty({
    type: 'string',
    maxLength: 32,
    example: '+8613800138000',
    description: "The recipient's mobile number in international format.",
  })
  phone!: string;
}

export class TransferToCustomer {
  @ApiProperty({ type: 'string', pattern: '^cus_[0-9A-Z]{26}$', description: "The recipient's customer id." })
  customer!: string;
}

export class TransferRecipientDto {
  /** The recipient's mobile number in international format (+8613800138000). */
  @IsOptional()
  @IsString()
  @MaxLength(32)
  @IsPhoneNumber(undefined, { message: 'to.phone must be a valid phone number in international format' })
  phone?: string;

  /** The recipient's customer id. */
  @IsOptional()
  @IsString()
  @Matches(/^cus_[0-9A-Z]{26}$/, { message: 'to.customer must be a customer id' })
  customer?: string;
}

@ApiExtraModels(TransferToPhone, TransferToCustomer)
export class CreateWalletTransferDto extends WalletAmountDto {
  // `type: 'object'` stops the plugin's reference to TransferRecipientDto, the validation class, being
  // added beside the oneOf; Swagger then writes the oneOf alone (the options' type has no such case, hence the cast).
  @ApiProperty({
    type: 'object',
    description: 'The recipient: exactly one of `phone` or `customer`.',
    oneOf: [{ $ref: getSchemaPath(TransferToPhone) }, { $ref: getSchemaPath(TransferToCustomer) }],
  } as ApiPropertyOptions)
  @ValidateNested()
  @Type(() => TransferRecipientDto)
  to!: TransferRecipientDto;

  /** Shown to both sides. */
  @IsOptional()
  @IsString()
  @MaxLength(140)
  note?: string;
}

export const STATEMENT_LINE_TYPES = [
  'top_up',
  'transfer_in',
  'transfer_out',
  'payment',
  'refund',
  'withdrawal',
  'hold',
  'release',
  'adjustment',
] as const;
export type StatementLineType = (typeof STATEMENT_LINE_TYPES)[number];

/** A statement line's id is its ledger transfer's id (`wt_...`, `pi_...:charge`). */
const LINE_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

export class ListWalletTransactionsQueryDto extends PageLimitDto {
  /** A line id: return the page of older lines. */
  @IsOptional()
  @IsString()
  @Matches(LINE_ID, { message: 'starting_after must be a statement line id' })
  starting_after?: string;

  /** A line id: return the page of newer lines. */
  @IsOptional()
  @IsString()
  @Matches(LINE_ID, { message: 'ending_before must be a statement line id' })
  ending_before?: string;

  @IsOptional()
  @IsIn(STATEMENT_LINE_TYPES)
  type?: StatementLineType;

  /** Currency of the wallet (default cny). */
  @IsOptional()
  @IsSupportedCurrency()
  currency?: string;

  /** Lines at or after this time (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  created_gte?: string;

  /** Lines before this time (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  created_lt?: string;
}
