// The rules of a credit product, in one place (the migration's CHECKs repeat
// them for the database):
// - Price. The daily rate and the penalty rate on overdue principal are
//   decimal strings with at most 10 decimals. Together, as an annual rate
//   (x 365), they are at most MAX_ANNUAL_RATE, 36 %: Chinese courts do not
//   enforce interest above it, and it keeps a unit mistake (an annual rate
//   entered as a daily one) from becoming a product.
// - Terms. 1 to 12 distinct terms, each 1 to 60 months; one or both
//   repayment methods.
// - Sizes. 0 < min_amount <= max_amount; a line per KYC tier of 0 or more
//   (0: that tier may not borrow).
// - What changes. A product's price, terms and sizes never change: a
//   customer's quote and loans must mean what the product says. Its name,
//   status (`retired` stops new lines and loans) and per-tier limits may.
import { InvalidRequestError } from '../common/errors';
import { CreditDecimal } from './credit-decimal';

/** The most a product may charge a year, interest and penalty together: 36 %. */
export const MAX_ANNUAL_RATE = '0.36';

/**
 * The annual percentage rate of a daily rate, as the percentage string
 * customers see ("18.25" for "0.0005"): 365 x the rate, which is exactly the
 * APR of a fee-free loan at that rate (a quote computes its own from its
 * schedule, with the rounding of its amounts).
 */
export function annualRateOf(dailyRate: string): string {
  return new CreditDecimal(dailyRate).times(365).times(100).toFixed(2);
}

/** Refuses rates that together charge more than MAX_ANNUAL_RATE, naming daily_rate. */
export function checkProductRates(dailyRate: string, penaltyDailyRate: string): void {
  // Each rate's own form is the DTO's (dailyRateProblem); here, what they may charge together.
  const annual = new CreditDecimal(dailyRate).plus(penaltyDailyRate).times(365);
  if (annual.greaterThan(MAX_ANNUAL_RATE)) {
    throw new InvalidRequestError(
      'parameter_invalid',
      `Invalid daily_rate: with the penalty rate it comes to ${annual.times(100).toFixed(2)} % a year; ` +
        `the most a product may charge is ${new CreditDecimal(MAX_ANNUAL_RATE).times(100).toFixed(0)} %.`,
      'daily_rate',
    );
  }
}

/** Refuses loan sizes in the wrong order. */
export function checkProductAmounts(minAmount: number, maxAmount: number): void {
  if (maxAmount < minAmount) {
    throw new InvalidRequestError(
      'parameter_invalid',
      'Invalid max_amount: it must be at least min_amount.',
      'max_amount',
    );
  }
}
