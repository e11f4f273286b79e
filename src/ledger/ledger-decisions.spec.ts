import { decideEntry, LedgerDecisions, type DecisionAccount } from './ledger-decisions';
import { LedgerError, prepareEntry, type PreparedTransfer, type TransferRequest } from './ledger.model';

const account = (id: string, fields: Partial<DecisionAccount> = {}): DecisionAccount => ({
  id,
  currency: 'cny',
  closed: false,
  debitsMustNotExceedCredits: false,
  creditsMustNotExceedDebits: false,
  debitsPending: 0n,
  debitsPosted: 0n,
  creditsPending: 0n,
  creditsPosted: 0n,
  ...fields,
});

const prepare = (transfers: readonly TransferRequest[]) => prepareEntry(transfers, { maxAmount: 1_000_000 });
const entry = (transfers: TransferRequest[]) => {
  const prepared = prepare(transfers);
  if (prepared instanceof LedgerError) throw prepared;
  return prepared;
};
const move = (id: string, from: string, to: string, amount: bigint, kind: 'posted' | 'pending' = 'posted') => ({
  id,
  kind,
  debitAccountId: from,
  creditAccountId: to,
  amount,
  currency: 'cny',
});

describe('decideEntry', () => {
  it('counts held and posted debits against posted credits only (debits_must_not_exceed_credits)', () => {
    const wallet = account('w', {
      debitsMustNotExceedCredits: true,
      debitsPending: 300n,
      debitsPosted: 200n,
      creditsPending: 5_000n,
      creditsPosted: 1_000n,
    });
    const accounts = new Map([
      ['w', wallet],
      ['m', account('m')],
    ]);
    const fits = decideEntry(accounts, entry([move('t1', 'w', 'm', 500n)]));
    expect(fits.fits).toBe(true);
    if (fits.fits) expect(fits.after.get('w')!.debitsPosted).toBe(700n);
    const refused = decideEntry(accounts, entry([move('t1', 'w', 'm', 501n)]));
    expect(refused.fits ? null : refused.refusal.code).toBe('exceeds_credits');
    // The input is never changed.
    expect(accounts.get('w')!.debitsPosted).toBe(200n);
  });

  it('applies transfers of one entry in order: a fee taken from money the entry just credited', () => {
    const accounts = new Map([
      ['w', account('w', { debitsMustNotExceedCredits: true, creditsPosted: 100n })],
      ['m', account('m', { debitsMustNotExceedCredits: true })],
      ['f', account('f')],
    ]);
    const decision = decideEntry(accounts, entry([move('c', 'w', 'm', 100n), move('fee', 'm', 'f', 3n)]));
    expect(decision.fits).toBe(true);
    if (decision.fits) {
      expect(decision.after.get('m')).toMatchObject({ creditsPosted: 100n, debitsPosted: 3n });
      expect(decision.after.get('f')!.creditsPosted).toBe(3n);
    }
    // In the other order the merchant's account has nothing yet.
    const reversed = decideEntry(accounts, entry([move('fee', 'm', 'f', 3n), move('c', 'w', 'm', 100n)]));
    expect(reversed.fits ? null : reversed.refusal.code).toBe('exceeds_credits');
  });

  it('refuses as the ledger does: closed accounts, another currency, credits above debits, unknown accounts', () => {
    const accounts = new Map<string, DecisionAccount | null>([
      ['open', account('open')],
      ['closed', account('closed', { closed: true })],
      ['usd', account('usd', { currency: 'usd' })],
      ['bank', account('bank', { creditsMustNotExceedDebits: true, debitsPosted: 10n })],
      ['gone', null],
    ]);
    const code = (transfers: TransferRequest[]) => {
      const d = decideEntry(accounts, entry(transfers));
      return d.fits ? 'fits' : d.refusal.code;
    };
    expect(code([move('a', 'open', 'closed', 1n)])).toBe('account_closed');
    expect(code([move('a', 'open', 'usd', 1n)])).toBe('currency_mismatch');
    expect(code([move('a', 'open', 'bank', 10n)])).toBe('fits');
    expect(code([move('a', 'open', 'bank', 11n)])).toBe('exceeds_debits');
    expect(code([move('a', 'open', 'bank', 11n, 'pending')])).toBe('exceeds_debits');
    expect(code([move('a', 'gone', 'open', 1n)])).toBe('account_not_found');
  });

  it('will not decide on an account that was not read, or on transfers it cannot decide', () => {
    const accounts = new Map([['a', account('a')]]);
    expect(() => decideEntry(accounts, entry([move('t', 'a', 'elsewhere', 1n)]))).toThrow(/not read/);
    expect(() =>
      decideEntry(
        new Map([
          ['a', account('a')],
          ['b', account('b')],
        ]),
        entry([{ ...move('t', 'a', 'b', 1n, 'pending'), timeoutSeconds: 60 }]),
      ),
    ).toThrow(/without a timeout/);
  });
});

describe('LedgerDecisions', () => {
  /** What the decisions handed on for posting, in order. */
  let accepted: PreparedTransfer[][];
  const wallets = () => {
    accepted = [];
    return new LedgerDecisions(
      new Map([
        ['w', account('w', { debitsMustNotExceedCredits: true, creditsPosted: 100n })],
        ['m', account('m')],
      ]),
      prepare,
      (entry) => accepted.push(entry),
    );
  };

  it('decides each entry on the balances the accepted ones left, and keeps what it accepted', () => {
    const decisions = wallets();
    expect(decisions.post([move('1', 'w', 'm', 60n)])).toBeNull();
    expect(decisions.post([move('2', 'w', 'm', 60n)])?.code).toBe('exceeds_credits');
    const held = decisions.decide([move('3', 'w', 'm', 40n, 'pending')]);
    expect(held.fits).toBe(true);
    expect(held.balancesAfter('w')).toEqual({
      debitsPending: 40n,
      debitsPosted: 60n,
      creditsPending: 0n,
      creditsPosted: 100n,
    });
    // Not accepted yet: the balances are unchanged.
    expect(decisions.balances('w').debitsPending).toBe(0n);
    decisions.accept(held);
    expect(decisions.balances('w').debitsPending).toBe(40n);
    expect(accepted.map((e) => e.map((t) => t.id))).toEqual([['1'], ['3']]);
  });

  it('refuses a shape the ledger refuses, and never accepts a refused or stale decision', () => {
    const decisions = wallets();
    const invalid = decisions.decide([move('bad id!', 'w', 'm', 1n)]);
    expect(invalid.refusal?.code).toBe('invalid_transfer');
    expect(() => decisions.accept(invalid)).toThrow(/fits/);
    const first = decisions.decide([move('a', 'w', 'm', 70n)]);
    const second = decisions.decide([move('b', 'w', 'm', 70n)]);
    decisions.accept(first);
    // `second` was decided on balances that `first` has changed since.
    expect(() => decisions.accept(second)).toThrow(/another one changed/);
    expect(accepted).toHaveLength(1);
  });
});
