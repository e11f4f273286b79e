import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsAmount, IsCurrency } from '../common/validation';

export class CreatePayoutDto {
  /** Minor units, at most the available balance. */
  @IsAmount()
  amount!: number;

  @IsCurrency()
  currency!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}
