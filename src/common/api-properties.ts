// The OpenAPI shapes of values every view uses, so that each is declared one
// way: amounts are integers of minor units, times are Unix seconds,
// currencies are lower-case ISO 4217 codes Tally supports, ids have their
// prefix. View classes (the `*.view.ts` files) put these on their fields.
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { CURRENCIES } from './money';
import { METADATA_LIMITS } from './validation';

type Extra = Pick<ApiPropertyOptions, 'description' | 'nullable' | 'example'>;

/** An amount in the currency's minor unit (1099 is 10.99 CNY): a non-negative safe integer. */
export const ApiAmount = (extra: Extra = {}) =>
  ApiProperty({ type: 'integer', format: 'int64', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, ...extra });

/**
 * An amount that can be negative: a balance in an account's normal direction
 * (a clearing account's pending holds) or a change of one.
 */
export const ApiSignedAmount = (extra: Extra = {}) =>
  ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: Number.MIN_SAFE_INTEGER,
    maximum: Number.MAX_SAFE_INTEGER,
    ...extra,
  });

/** A time as Unix seconds. */
export const ApiTimestamp = (extra: Extra = {}) =>
  ApiProperty({ type: 'integer', format: 'int64', minimum: 0, ...extra });

/** A calendar date, 'YYYY-MM-DD' (a day in the bank's time zone, not a moment). */
export const ApiCalendarDate = (description: string) =>
  ApiProperty({ type: 'string', format: 'date', example: '2026-12-31', description });

/** A currency Tally supports, as its lower-case ISO 4217 code. */
export const ApiCurrency = (extra: Extra = {}) =>
  ApiProperty({ type: 'string', enum: Object.keys(CURRENCIES), example: 'cny', ...extra });

/** An object id with its prefix (`pi_`, `cus_`...). */
export const ApiId = (prefix: string, extra: Extra = {}) =>
  ApiProperty({
    type: 'string',
    pattern: `^${prefix}_[0-9A-Z]+$`,
    example: `${prefix}_01J9Z3K8E5Q7W2V6X4Y8T0R2M1`,
    ...extra,
  });

/** The `object` field: which kind of object this is, one fixed string. */
export const ApiObjectName = (name: string) => ApiProperty({ type: 'string', enum: [name], example: name });

/** A field that is one of these strings. */
export const ApiEnum = (values: readonly string[], extra: Extra = {}) =>
  ApiProperty({ type: 'string', enum: [...values], ...extra });

/** Metadata as the request gave it (validation.ts bounds its size). */
export const ApiMetadata = () =>
  ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: METADATA_LIMITS.maxValueLength },
    maxProperties: METADATA_LIMITS.maxKeys,
    description: 'Your own key-value pairs, as given.',
  });
