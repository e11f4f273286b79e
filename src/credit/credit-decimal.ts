// The decimal arithmetic of credit: decimal.js with 40 significant digits and
// the platform's money rounding (MONEY_ROUNDING, half up). Money stays bigint
// minor units; it becomes a Decimal only while a rate is applied to it, and
// comes back through roundToMinorUnits.
import Decimal from 'decimal.js';
import { MONEY_ROUNDING } from '../common/money';

export const CreditDecimal = Decimal.clone({ precision: 40, rounding: MONEY_ROUNDING });
export type CreditDecimal = InstanceType<typeof CreditDecimal>;

/** A bigint amount of minor units as a Decimal (exact). */
export function fromMinorUnits(amount: bigint): CreditDecimal {
  return new CreditDecimal(amount.toString());
}

/** A Decimal amount rounded half up to whole minor units. */
export function roundToMinorUnits(value: CreditDecimal): bigint {
  return BigInt(value.toDecimalPlaces(0, MONEY_ROUNDING).toFixed(0));
}
