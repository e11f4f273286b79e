import { describe, expect, it } from '@jest/globals';
import {
  amountProblem,
  computeFee,
  CURRENCIES,
  currencyExponent,
  DEFAULT_CURRENCY,
  formatAmount,
  isSupportedCurrency,
  proportionalShare,
  toWireAmount,
} from './money';

describe('currencies', () => {
  it('lists at least 20 lowercase ISO 4217 codes with their exponents', () => {
    const codes = Object.keys(CURRENCIES);
    expect(codes.length).toBeGreaterThanOrEqual(20);
    for (const code of codes) expect(code).toMatch(/^[a-z]{3}$/);
    expect(DEFAULT_CURRENCY).toBe('cny');
    expect(currencyExponent('cny')).toBe(2);
    expect(currencyExponent('jpy')).toBe(0);
    expect(currencyExponent('bhd')).toBe(3);
    expect(isSupportedCurrency('CNY')).toBe(false);
    expect(isSupportedCurrency('xyz')).toBe(false);
    expect(isSupportedCurrency('toString')).toBe(false);
  });

  it('formats minor units with the exponent', () => {
    expect(formatAmount(1099n, 'cny')).toBe('10.99');
    expect(formatAmount(1099n, 'jpy')).toBe('1099');
    expect(formatAmount(1n, 'bhd')).toBe('0.001');
  });
});

describe('amount validation', () => {
  const limits = { maxAmount: 1_000_000 };
  it('accepts positive safe integers up to the maximum', () => {
    expect(amountProblem(1, limits)).toBeNull();
    expect(amountProblem(1_000_000, limits)).toBeNull();
  });
  it('rejects fractions, strings, negatives, zero and amounts above the maximum', () => {
    expect(amountProblem(10.5, limits)).toMatch(/fraction/);
    expect(amountProblem('100', limits)).toMatch(/integer/);
    expect(amountProblem(-1, limits)).toMatch(/negative/);
    expect(amountProblem(0, limits)).toMatch(/greater than zero/);
    expect(amountProblem(0, { ...limits, allowZero: true })).toBeNull();
    expect(amountProblem(1_000_001, limits)).toMatch(/at most 1000000/);
    expect(amountProblem(2 ** 53, { maxAmount: Number.MAX_SAFE_INTEGER })).toMatch(/too large/);
    expect(amountProblem(Number.NaN, limits)).toMatch(/fraction/);
  });
  it('refuses to put an unsafe bigint on the wire', () => {
    expect(toWireAmount(9_007_199_254_740_991n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toWireAmount(9_007_199_254_740_992n)).toThrow(RangeError);
  });
});

describe('fees in basis points (ROUND_HALF_UP)', () => {
  it('rounds exactly half a minor unit up', () => {
    // 50 * 1% = 0.5 -> 1; 150 * 1% = 1.5 -> 2; 250 * 1% = 2.5 -> 3 (half-up, not banker's)
    expect(computeFee(50n, 100)).toBe(1n);
    expect(computeFee(150n, 100)).toBe(2n);
    expect(computeFee(250n, 100)).toBe(3n);
  });
  it('rounds just below half down and just above half up', () => {
    // 1049 * 0.6% = 6.294 -> 6; 1083 * 0.6% = 6.498 -> 6; 1084 * 0.6% = 6.504 -> 7
    expect(computeFee(1049n, 60)).toBe(6n);
    expect(computeFee(1083n, 60)).toBe(6n);
    expect(computeFee(1084n, 60)).toBe(7n);
    expect(computeFee(49n, 100)).toBe(0n);
  });
  it('is exact on amounts beyond float precision', () => {
    // 2^60 * 2.5% = 28823037615171174.4 -> ...174
    expect(computeFee(1152921504606846976n, 250)).toBe(28823037615171174n);
  });
  it('adds a fixed fee and never exceeds the amount', () => {
    expect(computeFee(1000n, 290, 30n)).toBe(59n);
    expect(computeFee(20n, 290, 30n)).toBe(20n);
    expect(computeFee(1000n, 0)).toBe(0n);
    expect(computeFee(1000n, 10_000)).toBe(1000n);
  });
  it('rejects rates outside 0..10000 bps and negative inputs', () => {
    expect(() => computeFee(100n, -1)).toThrow(RangeError);
    expect(() => computeFee(100n, 10_001)).toThrow(RangeError);
    expect(() => computeFee(100n, 1.5)).toThrow(RangeError);
    expect(() => computeFee(-1n, 100)).toThrow(RangeError);
  });
  it('computes proportional shares with the same rounding', () => {
    // refunding 1/3 of a payment whose fee was 10: 3.33 -> 3; 1/2 of 5: 2.5 -> 3
    expect(proportionalShare(10n, 1n, 3n)).toBe(3n);
    expect(proportionalShare(5n, 1n, 2n)).toBe(3n);
    expect(proportionalShare(10n, 3n, 3n)).toBe(10n);
    expect(() => proportionalShare(10n, 4n, 3n)).toThrow(RangeError);
  });
});
