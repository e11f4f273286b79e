// The error shape (errors.ts, ErrorBody) as the OpenAPI document declares it,
// for the responses an operation names with @ApiBadRequestResponse and its
// kin. Declared with explicit decorators: the Swagger plugin reads only DTO files.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ErrorBody, ErrorType } from './errors';

const ERROR_TYPES: ErrorType[] = [
  'invalid_request_error',
  'authentication_error',
  'permission_error',
  'idempotency_error',
  'payment_error',
  'state_error',
  'rate_limit_error',
  'api_error',
];

export class ApiErrorDetailView {
  @ApiProperty({ enum: ERROR_TYPES, example: 'invalid_request_error' })
  type!: ErrorType;

  /** Stable, for programs: `parameter_invalid`, `insufficient_funds`... */
  @ApiProperty({ example: 'parameter_invalid' })
  code!: string;

  /** For people: what was wrong, naming the setting or field that decides it. */
  @ApiProperty()
  message!: string;

  /** The request field at fault, when there is one. */
  @ApiPropertyOptional({ example: 'url' })
  param?: string;

  /** The `Request-Id` header of the response, to quote to the operator. */
  @ApiProperty()
  request_id!: string;
}

export class ApiErrorView implements ErrorBody {
  @ApiProperty({ type: ApiErrorDetailView })
  error!: ApiErrorDetailView;
}
