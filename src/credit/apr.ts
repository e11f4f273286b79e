// The annual percentage rate of a loan: the nominal annual rate a, on actual
// days, at which the payments are worth exactly the amount the borrower
// received. Pure calculation, no I/O.
//
// Periods run between consecutive payment dates, the first from the drawdown
// date. A payment due after periods 1..k (of d_1..d_k days) is discounted by
// prod_{j<=k} (1 + a/365 x d_j), and a solves
//   amountReceived = sum_k payment_k / prod_{j<=k} (1 + a/365 x d_j).
// This is the internal rate of return on actual days, with simple interest
// inside each period, as Chinese consumer-credit disclosure asks for. For a
// fee-free loan whose interest is the daily rate on the balance for the
// period's days, without rounding, a = 365 x the daily rate exactly; the
// rounding of a schedule's amounts moves it by a little.
//
// What the APR includes is the caller's choice of inputs, and must be all the
// borrower pays for the credit: a fee deducted at drawdown (or paid on that
// day) reduces amountReceived; a fee paid later is added to the payment of
// its date (a date that has no instalment becomes a payment of its own).
//
// Solving. With u = a/365 the condition reads, multiplied out by the growth
// factors (a Horner scheme, multiplications only):
//   g(u) = amountReceived x prod_j (1 + u d_j) - sum_k payment_k x prod_{j>k} (1 + u d_j) = 0.
// g has the sign of amountReceived minus the payments' present value, which
// rises with u: negative below the root, positive above it. g(0) is
// amountReceived minus the payments' total. The root is found by bisection
// on u in CreditDecimal until the bracket on a is narrower than 1e-14, 100
// times finer than the 1e-12 asked of it. The result is 100 x a rounded half
// up to 2 decimals: "18.25". When the bracket straddles a rounding boundary
// (x.xx5 %), the side is decided by g's sign at the boundary itself; a root
// on a boundary, to within the working precision (relative 1e-30), rounds up.
import { assertCalendarDate, daysBetween } from './calendar';
import { CreditDecimal, fromMinorUnits } from './credit-decimal';

export interface Payment {
  /** The due date, 'YYYY-MM-DD'. */
  date: string;
  /** What the borrower pays that day (principal, interest and any fee), in minor units, >= 0. */
  amount: bigint;
}

export interface AprInput {
  /** What the borrower actually receives at drawdown, in minor units: the principal less any upfront fee. */
  amountReceived: bigint;
  /** The day the money is received, 'YYYY-MM-DD'. */
  drawdownDate: string;
  /** The payments in date order, each date later than the one before it (and than the drawdown date). */
  payments: readonly Payment[];
}

const DAYS_PER_YEAR = 365;
/** The largest rate the solver looks for: 10 000 000 % a year (a = 100 000), as a daily rate. */
const MAX_DAILY_SOLVED = new CreditDecimal(100_000).dividedBy(DAYS_PER_YEAR);
/** The bisection stops when the bracket on a is narrower than 1e-14: on u, 1e-14 / 365. */
const DAILY_TOLERANCE = new CreditDecimal('1e-14').dividedBy(DAYS_PER_YEAR);
/** |g| below this share of its scale counts as 0 at a rounding boundary. */
const TIE_EPSILON = new CreditDecimal('1e-30');

interface Flow {
  days: number;
  amount: CreditDecimal;
}

function validate(input: AprInput): Flow[] {
  if (typeof input.amountReceived !== 'bigint' || input.amountReceived < 1n) {
    throw new RangeError('amountReceived must be a positive bigint of minor units');
  }
  assertCalendarDate(input.drawdownDate, 'drawdownDate');
  if (!Array.isArray(input.payments) || input.payments.length === 0) {
    throw new RangeError('payments must be a non-empty array');
  }
  const flows: Flow[] = [];
  let previous = input.drawdownDate;
  let total = 0n;
  input.payments.forEach((payment, i) => {
    assertCalendarDate(payment?.date, `payments[${i}].date`);
    if (typeof payment.amount !== 'bigint' || payment.amount < 0n) {
      throw new RangeError(`payments[${i}].amount must be a non-negative bigint of minor units`);
    }
    const days = daysBetween(previous, payment.date);
    if (days < 1) {
      throw new RangeError(
        `payments[${i}].date must be later than ${i === 0 ? 'the drawdown date' : 'the one before'}`,
      );
    }
    flows.push({ days, amount: fromMinorUnits(payment.amount) });
    total += payment.amount;
    previous = payment.date;
  });
  if (total < input.amountReceived) {
    throw new RangeError('payments must add up to at least amountReceived (the rate would be negative)');
  }
  return flows;
}

/** g(u) (see the header): negative below the root, positive above it. */
function growthGap(received: CreditDecimal, flows: readonly Flow[], u: CreditDecimal): CreditDecimal {
  let g = received;
  for (const { days, amount } of flows) g = g.times(u.times(days).plus(1)).minus(amount);
  return g;
}

/** amountReceived x prod(1 + u d_j): the size of g's terms, for the tie test. */
function growthScale(received: CreditDecimal, flows: readonly Flow[], u: CreditDecimal): CreditDecimal {
  let scale = received;
  for (const { days } of flows) scale = scale.times(u.times(days).plus(1));
  return scale;
}

function asPercentage(annual: CreditDecimal): string {
  return annual.times(100).toFixed(2, CreditDecimal.ROUND_HALF_UP);
}

/**
 * The annual percentage rate of the payments against the amount received,
 * as a percentage string with 2 decimals: "18.25" for a fee-free loan at
 * 0.0005 a day, "0.00" when the payments add up to the amount received.
 * See the header for the method and what to include. Throws a RangeError
 * naming the field on a bad input, when the payments add up to less than the
 * amount received, or when the rate would exceed 10 000 000 %.
 */
export function annualPercentageRate(input: AprInput): string {
  const flows = validate(input);
  const received = fromMinorUnits(input.amountReceived);
  const g = (u: CreditDecimal): CreditDecimal => growthGap(received, flows, u);
  const percentage = (u: CreditDecimal): string => asPercentage(u.times(DAYS_PER_YEAR));

  // The bisection runs on the daily rate u = a / 365, which spares a division
  // per evaluation; its tolerance is TOLERANCE on a, divided by 365.
  let lo = new CreditDecimal(0);
  if (g(lo).isZero()) return percentage(lo);
  let hi = new CreditDecimal(1).dividedBy(DAYS_PER_YEAR);
  while (g(hi).isNegative()) {
    if (hi.greaterThanOrEqualTo(MAX_DAILY_SOLVED)) {
      throw new RangeError('amountReceived is too small for the payments: the rate would exceed 10 000 000 %');
    }
    lo = hi;
    hi = CreditDecimal.min(hi.times(2), MAX_DAILY_SOLVED);
  }
  // Invariant: g(lo) < 0 <= g(hi), so the root lies in (lo, hi].
  while (hi.minus(lo).greaterThan(DAILY_TOLERANCE)) {
    const mid = lo.plus(hi).dividedBy(2);
    if (g(mid).isNegative()) lo = mid;
    else hi = mid;
  }
  const low = percentage(lo);
  const high = percentage(hi);
  if (low === high) return low;
  // The bracket holds one boundary (it is far narrower than 0.01 %): the
  // half-way point below `high`. At or above it the rate rounds to `high`.
  const boundary = new CreditDecimal(high).minus('0.005').dividedBy(100).dividedBy(DAYS_PER_YEAR);
  const atBoundary = g(boundary);
  const onBoundary = atBoundary.abs().lessThanOrEqualTo(growthScale(received, flows, boundary).times(TIE_EPSILON));
  return onBoundary || atBoundary.isNegative() ? high : low;
}
