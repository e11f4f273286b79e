import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { ListQueryDto } from '../common/pagination';
import { IsAmount, IsMetadata } from '../common/validation';

export class CreateRefundDto {
  /** The payment to refund (a succeeded payment intent of this merchant). */
  @IsString()
  @Matches(/^pi_[0-9A-Z]{26}$/, { message: 'payment_intent must be a payment intent id' })
  payment_intent!: string;

  /** Minor units; default: everything not yet refunded. */
  @IsOptional()
  @IsAmount()
  amount?: number;

  @IsOptional()
  @IsIn(['duplicate', 'fraudulent', 'requested_by_customer'])
  reason?: 'duplicate' | 'fraudulent' | 'requested_by_customer';

  @IsOptional()
  @IsMetadata()
  metadata?: Record<string, string>;
}

export class ListRefundsQueryDto extends ListQueryDto {
  /** Only the refunds of this payment intent. */
  @IsOptional()
  @IsString()
  @Matches(/^pi_[0-9A-Z]{26}$/, { message: 'payment_intent must be a payment intent id' })
  payment_intent?: string;
}
