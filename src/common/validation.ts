// Request validation: decorators for money and metadata, and the one
// ValidationPipe that turns class-validator failures into 400
// invalid_request_error with `param` naming the field.
import { applyDecorators, ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min, registerDecorator, ValidationOptions } from 'class-validator';
import { InvalidRequestError } from './errors';
import { amountProblem, CURRENCIES, DEFAULT_MAX_AMOUNT, isSupportedCurrency } from './money';

/** Set once at boot from MAX_AMOUNT (decorators are static, configuration is not). */
const moneyLimits = { maxAmount: DEFAULT_MAX_AMOUNT };

export function configureMoneyLimits(limits: { maxAmount: number }): void {
  moneyLimits.maxAmount = limits.maxAmount;
}

export function currentMaxAmount(): number {
  return moneyLimits.maxAmount;
}

/**
 * The OpenAPI schema of a request amount. Its maximum is the wire's (a safe
 * integer), true of every deployment: MAX_AMOUNT is configuration, read at
 * boot, after the decorators ran; the document's description names it.
 */
export const requestAmountSchema = (allowZero = false) =>
  ({ type: 'integer', format: 'int64', minimum: allowZero ? 0 : 1, maximum: Number.MAX_SAFE_INTEGER }) as const;

/** A positive safe integer of minor units, at most MAX_AMOUNT. */
export function IsAmount(options?: { allowZero?: boolean }, validationOptions?: ValidationOptions) {
  const validation: PropertyDecorator = (target, propertyName) =>
    registerDecorator({
      name: 'isAmount',
      target: target.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      validator: {
        validate: (value: unknown) =>
          amountProblem(value, { maxAmount: moneyLimits.maxAmount, allowZero: options?.allowZero }) === null,
        defaultMessage: (args) =>
          `${args?.property} ${amountProblem(args?.value, { maxAmount: moneyLimits.maxAmount, allowZero: options?.allowZero })}`,
      },
    });
  return applyDecorators(ApiProperty(requestAmountSchema(options?.allowZero)), validation);
}

/**
 * A lowercase ISO 4217 code from the supported table. (Not named IsCurrency:
 * the Swagger plugin would take it for class-validator's and add
 * `format: currency`, which OpenAPI does not define.)
 */
export function IsSupportedCurrency(validationOptions?: ValidationOptions) {
  const validation: PropertyDecorator = (target, propertyName) =>
    registerDecorator({
      name: 'isCurrency',
      target: target.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      validator: {
        validate: (value: unknown) => isSupportedCurrency(value),
        defaultMessage: (args) =>
          `${args?.property} must be a supported lowercase ISO 4217 code (${Object.keys(CURRENCIES).join(', ')})`,
      },
    });
  return applyDecorators(ApiProperty({ type: 'string', enum: Object.keys(CURRENCIES), example: 'cny' }), validation);
}

/**
 * An integer between min and max, declared as such in the OpenAPI document
 * (the plugin's class-validator shim declares IsInt as `number`).
 */
export function IsIntegerBetween(min: number, max: number) {
  return applyDecorators(ApiProperty({ type: 'integer', minimum: min, maximum: max }), IsInt(), Min(min), Max(max));
}

export const METADATA_LIMITS = { maxKeys: 50, maxKeyLength: 40, maxValueLength: 500 } as const;

export function metadataProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'must be an object of string keys and string values';
  }
  const entries = Object.entries(value);
  if (entries.length > METADATA_LIMITS.maxKeys) return `may have at most ${METADATA_LIMITS.maxKeys} keys`;
  for (const [key, v] of entries) {
    if (key.length === 0 || key.length > METADATA_LIMITS.maxKeyLength) {
      return `keys must be 1 to ${METADATA_LIMITS.maxKeyLength} characters`;
    }
    if (typeof v !== 'string') return `value of '${key}' must be a string`;
    if (v.length > METADATA_LIMITS.maxValueLength) {
      return `value of '${key}' must be at most ${METADATA_LIMITS.maxValueLength} characters`;
    }
  }
  return null;
}

/** Metadata: at most 50 keys of up to 40 characters, string values of up to 500. */
export function IsMetadata(validationOptions?: ValidationOptions) {
  const validation: PropertyDecorator = (target, propertyName) =>
    registerDecorator({
      name: 'isMetadata',
      target: target.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      validator: {
        validate: (value: unknown) => metadataProblem(value) === null,
        defaultMessage: (args) => `${args?.property} ${metadataProblem(args?.value)}`,
      },
    });
  return applyDecorators(
    ApiProperty({
      type: 'object',
      additionalProperties: { type: 'string', maxLength: METADATA_LIMITS.maxValueLength },
      maxProperties: METADATA_LIMITS.maxKeys,
      description: `Your own key-value pairs: at most ${METADATA_LIMITS.maxKeys} keys of up to ${METADATA_LIMITS.maxKeyLength} characters, string values of up to ${METADATA_LIMITS.maxValueLength}.`,
    }),
    validation,
  );
}

/** The first failing constraint, with its dotted path (`to.phone`, `metadata`). */
function firstProblem(errors: ValidationError[], parent = ''): { param: string; error: ValidationError } | null {
  for (const error of errors) {
    const param = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints && Object.keys(error.constraints).length > 0) return { param, error };
    const nested = firstProblem(error.children ?? [], param);
    if (nested) return nested;
  }
  return null;
}

export function validationErrorToApiError(errors: ValidationError[]): InvalidRequestError {
  const found = firstProblem(errors);
  if (!found) return new InvalidRequestError('parameter_invalid', 'The request is invalid.');
  const { param, error } = found;
  const constraints = error.constraints ?? {};
  if (constraints.whitelistValidation) {
    return new InvalidRequestError('parameter_unknown', `Received unknown parameter: ${param}`, param);
  }
  if (error.value === undefined && (constraints.isDefined || Object.keys(constraints).length > 0)) {
    return new InvalidRequestError('parameter_missing', `Missing required param: ${param}.`, param);
  }
  const message = Object.values(constraints)[0].replace(new RegExp(`^${error.property}\\b`), param);
  return new InvalidRequestError('parameter_invalid', `Invalid ${param}: ${message}`, param);
}

/**
 * The global pipe: strips nothing silently (unknown fields are a 400),
 * converts nothing implicitly (a string amount is a 400), and requires a JSON
 * object as the body of a request that declares one.
 */
@Injectable()
export class ApiValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false, exposeDefaultValues: true },
      validationError: { target: false, value: true },
      exceptionFactory: validationErrorToApiError,
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && this.toValidate(metadata)) {
      if (value === undefined || value === null || value === '') value = {};
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw new InvalidRequestError('invalid_body', 'The request body must be a JSON object.');
      }
    }
    return super.transform(value, metadata);
  }
}
