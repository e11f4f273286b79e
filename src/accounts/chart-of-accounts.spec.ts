import { accountFor, CHART_OF_ACCOUNTS, ownerOf, ownerRef } from './chart-of-accounts';

describe('the chart of accounts', () => {
  it('gives every purpose its own code, and the codes stored in ledgers since the start', () => {
    const codes = Object.values(CHART_OF_ACCOUNTS).map((purpose) => purpose.code);
    expect(new Set(codes).size).toBe(codes.length);
    // Codes name accounts already in ledgers: changing one would orphan them.
    expect(Object.fromEntries(Object.entries(CHART_OF_ACCOUNTS).map(([name, p]) => [name, p.code]))).toEqual({
      customerWallet: 100,
      merchantPending: 200,
      merchantAvailable: 201,
      platformFeeRevenue: 300,
      platformBankClearing: 400,
      customerLoansReceivable: 500,
    });
  });

  it('describes the account of a purpose for its owner and currency', () => {
    expect(accountFor('customerLoansReceivable', { customerId: 'cus_1' }, 'cny')).toEqual({
      ownerRef: 'customer:cus_1',
      code: 500,
      currency: 'cny',
      type: 'asset',
      debitsMustNotExceedCredits: false,
      creditsMustNotExceedDebits: true,
    });
    expect(accountFor('customerWallet', { customerId: 'cus_1' }, 'cny')).toEqual({
      ownerRef: 'customer:cus_1',
      code: 100,
      currency: 'cny',
      type: 'liability',
      debitsMustNotExceedCredits: true,
    });
    expect(accountFor('merchantPending', { merchantId: 'mer_1' }, 'usd')).toEqual({
      ownerRef: 'merchant:mer_1',
      code: 200,
      currency: 'usd',
      type: 'liability',
      debitsMustNotExceedCredits: false,
    });
    expect(accountFor('platformBankClearing', 'platform', 'cny')).toMatchObject({
      ownerRef: 'platform',
      type: 'asset',
      debitsMustNotExceedCredits: false,
    });
  });

  it('refuses an account for the wrong kind of owner', () => {
    expect(() => accountFor('customerWallet', { merchantId: 'mer_1' }, 'cny')).toThrow(/belongs to a customer/);
    expect(() => accountFor('platformFeeRevenue', { customerId: 'cus_1' }, 'cny')).toThrow(/belongs to a platform/);
  });

  it('reads an owner reference back', () => {
    expect(ownerOf(ownerRef.customer('cus_1'))).toEqual({ type: 'customer', id: 'cus_1' });
    expect(ownerOf(ownerRef.merchant('mer_9'))).toEqual({ type: 'merchant', id: 'mer_9' });
    expect(ownerOf(ownerRef.platform)).toEqual({ type: 'bank', id: null });
    expect(ownerOf(null)).toEqual({ type: 'bank', id: null });
  });
});
