import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsAmount, IsSupportedCurrency } from '../common/validation';

export class CreatePayoutDto {
  /** Minor units, at most the available balance. */
  @IsAmount()
  amount!: number;

  @IsSupportedCurrency()
  currency!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}
