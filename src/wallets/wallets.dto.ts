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
import { IsAmount, IsCurrency } from '../common/validation';

export class WalletAmountDto {
  /** Minor units (fen for CNY). */
  @IsAmount()
  amount!: number;

  @IsCurrency()
  currency!: string;
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

export class CreateWalletTransferDto extends WalletAmountDto {
  /** Exactly one of `phone` or `customer`. */
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
  @IsCurrency()
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
