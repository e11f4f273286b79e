import { describe, expect, it } from '@jest/globals';
import { type CreditFacts, decideCredit, supportedLimit } from './credit-decisions';

const facts = (change: Partial<CreditFacts> = {}): CreditFacts => ({
  wallet_status: 'active',
  kyc_tier: 2,
  account_age_days: 45,
  inflows_90d: '1000000',
  delinquent: false,
  other_limits: '0',
  tier_limit: '2000000',
  min_amount: '50000',
  ...change,
});

describe('the credit decision', () => {
  it('approves half the 90-day inflows, in whole hundreds, up to the tier’s line', () => {
    expect(decideCredit(facts())).toEqual({ decision: 'approved', limit: 500_000n, reasons: [] });
    expect(supportedLimit(123_456n, 0n, 10_000_000n)).toBe(61_700n);
    // Other lines take their share of the same history first.
    expect(supportedLimit(1_000_000n, 300_000n, 10_000_000n)).toBe(200_000n);
    expect(supportedLimit(1_000_000n, 600_000n, 10_000_000n)).toBe(0n);
    expect(decideCredit(facts({ other_limits: '460000' })).reasons).toEqual(['insufficient_history']);
    expect(decideCredit(facts({ inflows_90d: '99000000' }))).toMatchObject({ limit: 2_000_000n });
  });

  it('declines with every reason that applies, in the documented order', () => {
    expect(
      decideCredit(facts({ wallet_status: 'frozen', account_age_days: 29, delinquent: true, inflows_90d: '99999' })),
    ).toEqual({
      decision: 'declined',
      limit: null,
      reasons: ['wallet_not_active', 'account_too_new', 'delinquent', 'insufficient_history'],
    });
    // A tier the product does not lend to is that reason alone, not also a short history.
    expect(decideCredit(facts({ tier_limit: '0' }))).toEqual({
      decision: 'declined',
      limit: null,
      reasons: ['kyc_tier_not_eligible'],
    });
    expect(decideCredit(facts({ account_age_days: 30 })).decision).toBe('approved');
    // 99,999 of inflows support 49,900: under a smallest loan of 50,000.
    expect(decideCredit(facts({ inflows_90d: '99999' })).reasons).toEqual(['insufficient_history']);
    expect(decideCredit(facts({ inflows_90d: '100000' }))).toMatchObject({ decision: 'approved', limit: 50_000n });
  });
});
