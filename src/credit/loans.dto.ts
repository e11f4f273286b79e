import { IsOptional, IsString, Matches } from 'class-validator';
import { LoanTermsDto } from './credit-products.dto';

export class CreateLoanDto extends LoanTermsDto {
  /** The line to draw on (`cl_...`); may be left out when the customer has only one. */
  @IsOptional()
  @IsString()
  @Matches(/^cl_[0-9A-Z]{26}$/, { message: 'line must be a credit line id' })
  line?: string;
}
