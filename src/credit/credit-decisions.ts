// The automated credit decision: documented, deterministic rules over facts
// read when the customer applies (docs/credit.md, "Applications"). The same
// facts always give the same decision; every failed rule is a reason code,
// so a declined customer is told all that stands in the way.
//
// 1. `wallet_not_active`: the customer's wallet is frozen.
// 2. `kyc_tier_not_eligible`: the product lends nothing to this KYC tier
//    (its line for the tier is 0).
// 3. `account_too_new`: the customer has been with the bank fewer than
//    MIN_ACCOUNT_AGE_DAYS days.
// 4. `delinquent`: an instalment of one of the customer's loans is unpaid
//    past its due date and grace days, or a loan was written off.
// 5. `insufficient_history`: the limit the history supports is below the
//    product's smallest loan. That limit is INFLOW_SHARE of the money that
//    came into the customer's wallet over the last INFLOW_WINDOW_DAYS days
//    (top-ups, transfers received, refunds; the customer's own loans do not
//    count), rounded down to a whole 100 minor units, less the limits of the
//    customer's other lines in that currency that are not closed (the
//    history supports one exposure, however many products it is spread
//    over), and at most the product's line for the tier.
// Approved: a line with that limit.
import { CreditDecimal } from './credit-decimal';

export const MIN_ACCOUNT_AGE_DAYS = 30;
export const INFLOW_WINDOW_DAYS = 90;
/** Half of 90 days' inflows: about six weeks of what the customer receives. */
export const INFLOW_SHARE = '0.5';
/** Limits are whole multiples of this many minor units. */
const LIMIT_STEP = 100n;

export const DECLINE_REASONS = [
  'wallet_not_active',
  'kyc_tier_not_eligible',
  'account_too_new',
  'delinquent',
  'insufficient_history',
] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/** What the rules read, stored with the application. */
export interface CreditFacts {
  wallet_status: string;
  kyc_tier: number;
  account_age_days: number;
  /** Money into the wallet over the window, loans excluded, in minor units (a decimal string: bigint). */
  inflows_90d: string;
  delinquent: boolean;
  /** The limits of the customer's other lines in this currency that are not closed. */
  other_limits: string;
  /** The product's line for this tier, and its smallest loan. */
  tier_limit: string;
  min_amount: string;
}

export type CreditDecisionOutcome =
  | { decision: 'approved'; limit: bigint; reasons: [] }
  | { decision: 'declined'; limit: null; reasons: DeclineReason[] };

export function decideCredit(facts: CreditFacts): CreditDecisionOutcome {
  const reasons: DeclineReason[] = [];
  if (facts.wallet_status !== 'active') reasons.push('wallet_not_active');
  const tierLimit = BigInt(facts.tier_limit);
  if (tierLimit === 0n) reasons.push('kyc_tier_not_eligible');
  if (facts.account_age_days < MIN_ACCOUNT_AGE_DAYS) reasons.push('account_too_new');
  if (facts.delinquent) reasons.push('delinquent');
  const limit = supportedLimit(BigInt(facts.inflows_90d), BigInt(facts.other_limits), tierLimit);
  if (tierLimit > 0n && limit < BigInt(facts.min_amount)) reasons.push('insufficient_history');
  return reasons.length === 0
    ? { decision: 'approved', limit, reasons: [] }
    : { decision: 'declined', limit: null, reasons };
}

/** INFLOW_SHARE of the inflows, rounded down to LIMIT_STEP, less the other lines' limits, at most the tier's line. */
export function supportedLimit(inflows: bigint, otherLimits: bigint, tierLimit: bigint): bigint {
  const share = BigInt(new CreditDecimal(inflows.toString()).times(INFLOW_SHARE).floor().toFixed(0));
  const left = (share / LIMIT_STEP) * LIMIT_STEP - otherLimits;
  if (left <= 0n) return 0n;
  return left < tierLimit ? left : tierLimit;
}
