import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ListQueryDto, PageLimitDto, toIntIfNumeric } from '../common/pagination';
import { IsSupportedCurrency, IsIntegerBetween } from '../common/validation';
import { TRANSFER_ID_PATTERN } from './ledger.model';

export class ListLedgerAccountsQueryDto extends ListQueryDto {
  /** Only accounts in this currency. */
  @IsOptional()
  @IsSupportedCurrency()
  currency?: string;

  /** Only accounts of this owner, e.g. `customer:cus_...`. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  owner?: string;
}

export class RetrieveLedgerAccountQueryDto {
  /** Unix seconds: return the balances as they were at that time. */
  @IsOptional()
  @Transform(toIntIfNumeric)
  @IsIntegerBetween(0, 253_402_300_799)
  at?: number;
}

export class ListLedgerEntriesQueryDto extends PageLimitDto {
  /** A transfer id of this account: return the older entries. */
  @IsOptional()
  @IsString()
  @Matches(TRANSFER_ID_PATTERN, { message: 'starting_after must be a transfer id' })
  starting_after?: string;

  /** A transfer id of this account: return the newer entries. */
  @IsOptional()
  @IsString()
  @Matches(TRANSFER_ID_PATTERN, { message: 'ending_before must be a transfer id' })
  ending_before?: string;
}

export class CreateReconciliationDto {
  /** Only `ledger` for now: balances against transfers, holds, trial balance. */
  @IsOptional()
  @IsIn(['ledger'])
  scope?: 'ledger';
}
