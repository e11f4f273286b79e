import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ListQueryDto } from '../common/pagination';
import { IsAmount, IsSupportedCurrency, IsMetadata, IsIntegerBetween } from '../common/validation';

export const PAYMENT_INTENT_STATUSES = [
  'requires_payment_method',
  'requires_capture',
  'succeeded',
  'canceled',
] as const;
export type PaymentIntentStatusName = (typeof PAYMENT_INTENT_STATUSES)[number];

/** Unconfirmed intents expire after this by default (one hour), at most 7 days. */
export const DEFAULT_EXPIRES_IN_SECONDS = 3_600;
export const MAX_EXPIRES_IN_SECONDS = 7 * 86_400;

export class CreatePaymentIntentDto {
  /** In the currency's minor unit (1099 is 10.99 CNY). */
  @IsAmount()
  amount!: number;

  /** Lowercase ISO 4217, e.g. `cny`. */
  @IsSupportedCurrency()
  currency!: string;

  /** `automatic` (default): paid at confirm. `manual`: held at confirm, captured later. */
  @IsOptional()
  @IsIn(['automatic', 'manual'])
  capture_method?: 'automatic' | 'manual';

  /** Shown to the customer in the wallet app. */
  @IsOptional()
  @IsString()
  @MaxLength(1_000)
  description?: string;

  @IsOptional()
  @IsMetadata()
  metadata?: Record<string, string>;

  /** Seconds until an unconfirmed intent is canceled: 60 to 604800, default 3600. */
  @IsOptional()
  @IsIntegerBetween(60, MAX_EXPIRES_IN_SECONDS)
  expires_in?: number;
}

export class CapturePaymentIntentDto {
  /** Capture less than the held amount; the rest is released. Default: all of it. */
  @IsOptional()
  @IsAmount()
  amount_to_capture?: number;
}

export class CancelPaymentIntentDto {
  @IsOptional()
  @IsIn(['requested_by_customer', 'duplicate', 'fraudulent', 'abandoned'])
  cancellation_reason?: 'requested_by_customer' | 'duplicate' | 'fraudulent' | 'abandoned';
}

export class ListPaymentIntentsQueryDto extends ListQueryDto {
  /** Only intents in this status. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => value)
  @IsIn(PAYMENT_INTENT_STATUSES)
  status?: PaymentIntentStatusName;
}
