import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { IsAmount } from '../common/validation';

export class CreateCreditApplicationDto {
  /** The credit product (`cpr_...`) to apply for. */
  @IsString()
  @Matches(/^cpr_[0-9A-Z]{26}$/, { message: 'product must be a credit product id' })
  product!: string;
}

export class UpdateCreditLineDto {
  /** The line's new limit, in minor units (0 lends nothing more). */
  @IsOptional()
  @IsAmount({ allowZero: true })
  limit?: number;

  /** `suspended` lends nothing until `active` again; `closed` is for good (its loans must be repaid first). */
  @IsOptional()
  @IsIn(['active', 'suspended', 'closed'])
  status?: 'active' | 'suspended' | 'closed';
}
