import { describe, expect, it } from '@jest/globals';
import {
  deriveBalances,
  expiryTransferId,
  LedgerError,
  prepareEntry,
  transferEffect,
  type TransferRequest,
} from './ledger.model';

const limits = { maxAmount: 1_000 };
const transfer = (fields: Partial<TransferRequest> = {}): TransferRequest => ({
  id: 't1',
  debitAccountId: 'la_a',
  creditAccountId: 'la_b',
  amount: 10n,
  currency: 'cny',
  ...fields,
});

function problem(transfers: TransferRequest[]): { code: string; param?: string } {
  const result = prepareEntry(transfers, limits);
  if (!(result instanceof LedgerError)) throw new Error('expected a problem');
  return { code: result.code, param: result.param };
}

describe('deriveBalances', () => {
  const b = { debitsPending: 5n, debitsPosted: 30n, creditsPending: 7n, creditsPosted: 100n };

  it('reads a credit-normal account (a wallet) in the credit direction', () => {
    // posted = credits - debits; outgoing holds are pending debits.
    expect(deriveBalances('liability', b)).toEqual({ posted: 70n, pending: 2n, available: 65n });
    expect(deriveBalances('revenue', b)).toEqual(deriveBalances('equity', b));
  });

  it('reads a debit-normal account (a bank) in the debit direction', () => {
    // posted = debits - credits; outgoing holds are pending credits.
    expect(deriveBalances('asset', b)).toEqual({ posted: -70n, pending: -2n, available: -77n });
    expect(deriveBalances('expense', b)).toEqual(deriveBalances('asset', b));
  });
});

describe('transferEffect', () => {
  const zero = { debitsPending: 0n, debitsPosted: 0n, creditsPending: 0n, creditsPosted: 0n };

  it('adds a posted or pending amount to its side, and a resolution takes its whole pending amount off', () => {
    expect(transferEffect('posted', 'debit', 10n, null)).toEqual({ ...zero, debitsPosted: 10n });
    expect(transferEffect('posted', 'credit', 10n, null)).toEqual({ ...zero, creditsPosted: 10n });
    expect(transferEffect('pending', 'debit', 30n, null)).toEqual({ ...zero, debitsPending: 30n });
    // A partial post: 20 of a 30 hold posted, all 30 off pending (the other 10 released).
    expect(transferEffect('post_pending', 'debit', 20n, 30n)).toEqual({
      ...zero,
      debitsPending: -30n,
      debitsPosted: 20n,
    });
    expect(transferEffect('post_pending', 'credit', 30n, 30n)).toEqual({
      ...zero,
      creditsPending: -30n,
      creditsPosted: 30n,
    });
    expect(transferEffect('void_pending', 'debit', 30n, 30n)).toEqual({ ...zero, debitsPending: -30n });
    expect(transferEffect('expire_pending', 'credit', 30n, 30n)).toEqual({ ...zero, creditsPending: -30n });
    expect(() => transferEffect('void_pending', 'debit', 30n, null)).toThrow(/pending transfer's amount/);
  });
});

describe('prepareEntry', () => {
  it('turns a valid entry into the function input, with defaults', () => {
    expect(prepareEntry([transfer(), transfer({ id: 't2', kind: 'pending', timeoutSeconds: 60 })], limits)).toEqual([
      {
        id: 't1',
        kind: 'posted',
        debit_account_id: 'la_a',
        credit_account_id: 'la_b',
        amount: 10,
        currency: 'cny',
        code: 0,
        reference: null,
        metadata: {},
        pending_id: null,
        timeout_seconds: null,
        reverses_id: null,
      },
      expect.objectContaining({ id: 't2', kind: 'pending', timeout_seconds: 60 }),
    ]);
    expect(prepareEntry([{ id: 'c1', kind: 'post_pending', pendingId: 't2' }], limits)).toEqual([
      expect.objectContaining({ kind: 'post_pending', pending_id: 't2', amount: null, debit_account_id: null }),
    ]);
  });

  it('names the field at fault', () => {
    expect(problem([])).toEqual({ code: 'invalid_entry', param: 'transfers' });
    expect(problem([transfer({ id: 'has space' })])).toEqual({ code: 'invalid_transfer', param: 'transfers[0].id' });
    expect(problem([transfer(), transfer()])).toEqual({ code: 'invalid_transfer', param: 'transfers[1].id' });
    expect(problem([transfer({ amount: 0n })])).toEqual({ code: 'invalid_transfer', param: 'transfers[0].amount' });
    expect(problem([transfer({ amount: 1_001n })])).toEqual({ code: 'invalid_transfer', param: 'transfers[0].amount' });
    expect(problem([transfer({ amount: 5 as unknown as bigint })])).toEqual({
      code: 'invalid_transfer',
      param: 'transfers[0].amount',
    });
    expect(problem([transfer({ currency: 'CNY' })])).toEqual({
      code: 'invalid_transfer',
      param: 'transfers[0].currency',
    });
    expect(problem([transfer({ creditAccountId: 'la_a' })])).toEqual({
      code: 'same_account',
      param: 'transfers[0].credit_account_id',
    });
    expect(problem([transfer({ timeoutSeconds: 5 })])).toEqual({
      code: 'invalid_transfer',
      param: 'transfers[0].timeout_seconds',
    });
    expect(problem([transfer({ kind: 'void_pending' })])).toEqual({
      code: 'invalid_transfer',
      param: 'transfers[0].pending_id',
    });
    expect(problem([transfer({ pendingId: 't0' })])).toEqual({
      code: 'invalid_transfer',
      param: 'transfers[0].pending_id',
    });
    expect(problem([transfer({ kind: 'pending', reversesId: 't0' })])).toEqual({
      code: 'invalid_transfer',
      param: 'transfers[0].reverses_id',
    });
    expect(problem([transfer({ metadata: { ['k'.repeat(41)]: 'v' } })])).toEqual({
      code: 'invalid_transfer',
      param: 'transfers[0].metadata',
    });
    expect(problem([transfer({ code: -1 })])).toEqual({ code: 'invalid_transfer', param: 'transfers[0].code' });
  });
});

describe('expiryTransferId', () => {
  it('is derived from the pending id and fits the id rules, however long the pending id', () => {
    const long = 'x'.repeat(128);
    expect(expiryTransferId(long)).toBe(expiryTransferId(long));
    expect(expiryTransferId(long)).not.toBe(expiryTransferId('y'.repeat(128)));
    expect(
      prepareEntry([{ id: expiryTransferId(long), kind: 'expire_pending', pendingId: long }], limits),
    ).not.toBeInstanceOf(LedgerError);
  });
});
