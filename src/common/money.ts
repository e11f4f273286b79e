// Money: integer amounts in a currency's minor unit. `bigint` in the domain
// and the database, a safe-integer `number` on the wire, and decimal.js only
// where a rate is applied (fees in basis points, proportional refunds, FX).
import Decimal from 'decimal.js';

/**
 * Supported currencies (lowercase ISO 4217) and their exponents: the number
 * of decimal places of the minor unit. CNY is the default.
 */
export const CURRENCIES: Readonly<Record<string, number>> = Object.freeze({
  cny: 2,
  hkd: 2,
  twd: 2,
  usd: 2,
  eur: 2,
  gbp: 2,
  chf: 2,
  cad: 2,
  aud: 2,
  nzd: 2,
  sgd: 2,
  myr: 2,
  thb: 2,
  php: 2,
  inr: 2,
  idr: 2,
  mxn: 2,
  brl: 2,
  zar: 2,
  sek: 2,
  nok: 2,
  dkk: 2,
  pln: 2,
  jpy: 0,
  krw: 0,
  vnd: 0,
  clp: 0,
  isk: 0,
  bhd: 3,
  kwd: 3,
  omr: 3,
  jod: 3,
  tnd: 3,
});

export const DEFAULT_CURRENCY = 'cny';

export function isSupportedCurrency(value: unknown): value is string {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CURRENCIES, value);
}

export function currencyExponent(currency: string): number {
  if (!isSupportedCurrency(currency)) throw new RangeError(`unsupported currency: ${currency}`);
  return CURRENCIES[currency];
}

/** Why an amount is not acceptable, or null when it is. */
/** MAX_AMOUNT's default, the largest amount a request may name: 1,000,000,000.00 in a two-decimal currency. */
export const DEFAULT_MAX_AMOUNT = 100_000_000_000;

export function amountProblem(value: unknown, options: { maxAmount: number; allowZero?: boolean }): string | null {
  if (typeof value !== 'number') return 'must be an integer number of minor units';
  if (!Number.isInteger(value)) return 'must be an integer number of minor units, not a fraction';
  if (!Number.isSafeInteger(value)) return 'is too large';
  if (value < 0) return 'must not be negative';
  if (value === 0 && !options.allowZero) return 'must be greater than zero';
  if (value > options.maxAmount) return `must be at most ${options.maxAmount}`;
  return null;
}

/** A wire amount (already validated) as the domain's bigint. */
export function toMinorUnits(amount: number): bigint {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`not a safe integer amount: ${amount}`);
  return BigInt(amount);
}

/** A domain amount back to the wire. Throws rather than lose precision. */
export function toWireAmount(amount: bigint): number {
  if (amount > BigInt(Number.MAX_SAFE_INTEGER) || amount < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`amount ${amount} does not fit a JSON safe integer`);
  }
  return Number(amount);
}

/** 1 basis point = 0.01 %; 10 000 bps = 100 %. */
export const BASIS_POINTS_PER_UNIT = 10_000;

/**
 * Rounding for every rate applied to money: ROUND_HALF_UP (half away from
 * zero on the magnitude), the "commercial rounding" that merchants see on
 * acquirer fee statements. A fee of exactly half a minor unit rounds up, so
 * the platform never silently absorbs fractions that a statement shows.
 */
export const MONEY_ROUNDING = Decimal.ROUND_HALF_UP;

const MoneyDecimal = Decimal.clone({ precision: 40, rounding: MONEY_ROUNDING });

/**
 * fee = round(amount * bps / 10 000) + fixed, capped at the amount itself.
 * Computed with decimal.js, never floats.
 */
export function computeFee(amount: bigint, basisPoints: number, fixedFee: bigint = 0n): bigint {
  if (amount < 0n) throw new RangeError('amount must not be negative');
  if (!Number.isInteger(basisPoints) || basisPoints < 0 || basisPoints > BASIS_POINTS_PER_UNIT) {
    throw new RangeError('basis points must be an integer between 0 and 10000');
  }
  if (fixedFee < 0n) throw new RangeError('fixed fee must not be negative');
  const proportional = new MoneyDecimal(amount.toString())
    .times(basisPoints)
    .dividedBy(BASIS_POINTS_PER_UNIT)
    .toDecimalPlaces(0, MONEY_ROUNDING);
  const fee = BigInt(proportional.toFixed(0)) + fixedFee;
  return fee > amount ? amount : fee;
}

/**
 * The share of `total` that corresponds to `part` of `whole`, rounded with
 * MONEY_ROUNDING: for example the fee returned by a partial refund.
 */
export function proportionalShare(total: bigint, part: bigint, whole: bigint): bigint {
  if (whole <= 0n) throw new RangeError('whole must be positive');
  if (part < 0n || part > whole) throw new RangeError('part must be between 0 and whole');
  const share = new MoneyDecimal(total.toString())
    .times(part.toString())
    .dividedBy(whole.toString())
    .toDecimalPlaces(0, MONEY_ROUNDING);
  return BigInt(share.toFixed(0));
}

/** "10.99" for (1099, 'cny'), "1099" for (1099, 'jpy'): for logs and humans, never arithmetic. */
export function formatAmount(amount: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  return new MoneyDecimal(amount.toString()).dividedBy(new MoneyDecimal(10).pow(exponent)).toFixed(exponent);
}
