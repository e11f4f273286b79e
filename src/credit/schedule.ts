// Repayment schedules of instalment loans: pure calculation, no I/O.
//
// Money is bigint minor units; the daily rate r is a decimal string applied
// with CreditDecimal (40 digits, half-up rounding); dates are 'YYYY-MM-DD'
// calendar dates (see calendar.ts). The rules (docs/credit.md tells the same):
//
// - Due dates. Instalment k (1..n) is due on addMonthsClamped(drawdownDate, k):
//   the drawdown's day of the month, or the month's last day when the month
//   is shorter, always counted from the drawdown date (a loan drawn on
//   January 31 is due February 28, March 31, April 30, ...).
// - Periods. Period k runs from the previous due date (the drawdown date for
//   k = 1) to due date k; d_k is its number of actual days (28 to 31).
// - Interest. interest_k = round_half_up(B_{k-1} x r x d_k) to minor units,
//   where B_{k-1} is the balance before instalment k (B_0 = principal).
//   Simple interest on the outstanding principal, no interest on interest.
//   An interest-free loan (interestFree) has interest 0 throughout; its rate
//   is still validated.
// - equal_principal. principal_k = round_half_up(P / n) for k < n; the last
//   instalment repays the remaining balance.
// - equal_installment (an annuity with actual-day interest). The level
//   payment A solves B_n = 0 for B_k = B_{k-1} (1 + r d_k) - A, that is
//     A = P x prod_{k=1..n} (1 + r d_k) / S,   S = sum_{k=1..n} prod_{j>k} (1 + r d_j)
//   computed in Decimal and rounded half up. Every instalment but the last
//   pays exactly A (principal_k = A - interest_k); the last pays the
//   remaining balance plus its interest. Without the clamps below, the last
//   instalment differs from A by at most S minor units: each rounding (of A,
//   and of each interest) is off by less than one minor unit and the error
//   made in period k grows by the factors (1 + r d_j) of the later periods.
//   For 12 months at 0.0005 a day S is about 13.07; for a zero rate S = n
//   (and the difference is at most n / 2).
// - Clamps, the same for both methods: a principal part is never negative
//   and never more than the balance before it.
//   * If interest_k > A, instalment k repays no principal and pays its
//     interest in full: its total is interest_k, more than A. No interest is
//     ever capitalised and the balance never rises. Below the rate bound the
//     exact annuity never gets there, so only rounding could, and no search
//     over small and large loans has found a case; the rule keeps the
//     schedule defined (and principal never negative) whatever happens.
//   * If the principal part (A - interest_k, or round(P / n)) would exceed
//     the balance, it is the balance: the instalment is smaller, the loan is
//     repaid, and the instalments after it are 0 (they are kept, so that a
//     schedule always has termMonths instalments). This too needs amounts of
//     a few minor units a month (rounding P / n or A up, n - 1 times).
//   So every principal part is >= 0, every balance_after is >= 0, the last
//   balance_after is 0 and the principal parts add up to the principal.
// - Inputs. principal: a bigint from 1 to Number.MAX_SAFE_INTEGER (it must
//   fit the wire). dailyRate: a plain decimal string ("0.0005"), at most 10
//   decimals, from 0 to MAX_DAILY_RATE (0.002 a day, 73 % a year; a larger
//   value is most likely a unit mistake, such as an annual rate entered as a
//   daily one). Up to that rate, the exact annuity of any term up to 60
//   months never has a period whose interest exceeds A (the worst case, 60
//   months from a December 31 at 0.002, reaches 99.1 % of A). termMonths: an
//   integer from 1 to 60. A bad input is a RangeError naming the field.
import { addMonthsClamped, assertCalendarDate, daysBetween } from './calendar';
import { CreditDecimal, fromMinorUnits, roundToMinorUnits } from './credit-decimal';

export const REPAYMENT_METHODS = ['equal_installment', 'equal_principal'] as const;
export type RepaymentMethod = (typeof REPAYMENT_METHODS)[number];

/** The largest accepted daily rate (0.2 % a day, 73 % a year). */
export const MAX_DAILY_RATE = '0.002';
/** The most decimals a daily rate may have. */
export const MAX_RATE_DECIMALS = 10;
/** The longest term, in months. */
export const MAX_TERM_MONTHS = 60;

export interface ScheduleInput {
  /** The amount drawn, in minor units. */
  principal: bigint;
  /** The daily interest rate as a decimal string: "0.0005" is 0.05 % a day. */
  dailyRate: string;
  /** The number of monthly instalments, 1 to 60. */
  termMonths: number;
  method: RepaymentMethod;
  /** The day the money is drawn, 'YYYY-MM-DD'; the anchor of every due date. */
  drawdownDate: string;
  /** When true, every instalment's interest is 0. */
  interestFree?: boolean;
}

export interface Instalment {
  /** 1..termMonths. */
  number: number;
  due_date: string;
  /** The first day of the period: the previous due date, or the drawdown date. */
  period_start: string;
  /** The last day of the period: the due date. */
  period_end: string;
  /** Actual days from period_start to period_end. */
  days: number;
  principal: bigint;
  interest: bigint;
  /** principal + interest. */
  total: bigint;
  /** The balance once this instalment is paid. */
  balance_after: bigint;
}

export interface Schedule {
  method: RepaymentMethod;
  /** The level payment A of an equal_installment schedule (rounded); null for equal_principal. */
  level_payment: bigint | null;
  instalments: Instalment[];
  totals: { principal: bigint; interest: bigint; total: bigint };
}

/** A daily rate as the API takes it: a plain decimal, no sign, no exponent. */
export const DAILY_RATE_PATTERN = new RegExp(`^(0|[1-9][0-9]*)(\\.[0-9]{1,${MAX_RATE_DECIMALS}})?$`);

/** Why a daily rate is not acceptable, or null when it is (see buildSchedule's rules). */
export function dailyRateProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a decimal string';
  if (!DAILY_RATE_PATTERN.test(value)) {
    return `must be a plain non-negative decimal with at most ${MAX_RATE_DECIMALS} decimals, such as "0.0005"`;
  }
  if (new CreditDecimal(value).greaterThan(MAX_DAILY_RATE)) return `must be at most ${MAX_DAILY_RATE}`;
  return null;
}

function validate(input: ScheduleInput): void {
  if (typeof input.principal !== 'bigint' || input.principal < 1n) {
    throw new RangeError('principal must be a positive bigint of minor units');
  }
  if (input.principal > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`principal must be at most ${Number.MAX_SAFE_INTEGER}`);
  }
  const rateProblem = dailyRateProblem(input.dailyRate);
  if (rateProblem) throw new RangeError(`dailyRate ${rateProblem}`);
  if (!Number.isInteger(input.termMonths) || input.termMonths < 1 || input.termMonths > MAX_TERM_MONTHS) {
    throw new RangeError(`termMonths must be an integer from 1 to ${MAX_TERM_MONTHS}`);
  }
  if (!(REPAYMENT_METHODS as readonly string[]).includes(input.method)) {
    throw new RangeError(`method must be one of ${REPAYMENT_METHODS.join(', ')}`);
  }
  assertCalendarDate(input.drawdownDate, 'drawdownDate');
  if (input.interestFree !== undefined && typeof input.interestFree !== 'boolean') {
    throw new RangeError('interestFree must be a boolean');
  }
}

/** A = P x prod(1 + r d_k) / sum_k prod_{j>k}(1 + r d_j), rounded half up. */
function levelPayment(principal: bigint, rate: CreditDecimal, days: readonly number[]): bigint {
  // From the last period back: `tail` is prod_{j>k}(1 + r d_j), the factor by
  // which a payment made at due date k grows until the last due date.
  let tail = new CreditDecimal(1);
  let sum = new CreditDecimal(0);
  for (let k = days.length - 1; k >= 0; k--) {
    sum = sum.plus(tail);
    tail = tail.times(rate.times(days[k]).plus(1));
  }
  return roundToMinorUnits(fromMinorUnits(principal).times(tail).dividedBy(sum));
}

function clamp(value: bigint, min: bigint, max: bigint): bigint {
  if (value < min) return min;
  return value > max ? max : value;
}

/**
 * The repayment schedule of a loan of `principal` drawn on `drawdownDate`,
 * repaid in `termMonths` monthly instalments by `method` at `dailyRate`, with
 * the rules in this file's header (and docs/credit.md). Throws a RangeError
 * naming the field on a bad input. Pure and deterministic.
 */
export function buildSchedule(input: ScheduleInput): Schedule {
  validate(input);
  const { principal, termMonths: n, method, drawdownDate } = input;
  const rate = input.interestFree ? new CreditDecimal(0) : new CreditDecimal(input.dailyRate);

  if (Number(drawdownDate.slice(0, 4)) * 12 + Number(drawdownDate.slice(5, 7)) + n > 9999 * 12 + 12) {
    throw new RangeError('drawdownDate is too late: the last due date would fall after the year 9999');
  }
  const dueDates = Array.from({ length: n }, (_, i) => addMonthsClamped(drawdownDate, i + 1));
  const starts = [drawdownDate, ...dueDates.slice(0, -1)];
  const days = dueDates.map((due, i) => daysBetween(starts[i], due));

  const level = method === 'equal_installment' ? levelPayment(principal, rate, days) : null;
  const equalPart = roundToMinorUnits(fromMinorUnits(principal).dividedBy(n));

  const instalments: Instalment[] = [];
  let balance = principal;
  let interestTotal = 0n;
  for (let i = 0; i < n; i++) {
    const interest = roundToMinorUnits(fromMinorUnits(balance).times(rate).times(days[i]));
    let part: bigint;
    if (i === n - 1) part = balance;
    else if (level !== null) part = clamp(level - interest, 0n, balance);
    else part = clamp(equalPart, 0n, balance);
    balance -= part;
    interestTotal += interest;
    instalments.push({
      number: i + 1,
      due_date: dueDates[i],
      period_start: starts[i],
      period_end: dueDates[i],
      days: days[i],
      principal: part,
      interest,
      total: part + interest,
      balance_after: balance,
    });
  }
  return {
    method,
    level_payment: level,
    instalments,
    totals: { principal, interest: interestTotal, total: principal + interestTotal },
  };
}
