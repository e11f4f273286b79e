import { IsEmail, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsMetadata } from '../common/validation';
import { MAX_KEY_ROLL_OVERLAP_SECONDS } from '../auth/auth.service';

export class CreateMerchantDto {
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
  @IsInt()
  @Min(0)
  @Max(MAX_KEY_ROLL_OVERLAP_SECONDS)
  expire_current_in?: number;
}
