// Deciding many postings in one transaction before making them.
//
// A batch of wallet transfers or payment confirmations decides each request
// in arrival order on the balances the earlier ones left, then makes every
// accepted posting in one statement sent with COMMIT (a hot account, such as
// a merchant's or the fee revenue, is then locked for no client round trip).
// The ledger owns that decision: `LedgerService.decisions()` locks the
// accounts whose flags can refuse a posting and reads them, `decide()` checks
// an entry against every rule ledger_post_entries() applies to posted and
// pending transfers (accounts known and open, one currency, the limit flags)
// and says why not, and `accept()` queues it. The postings are sent by the
// transaction itself just before COMMIT (DatabaseService.beforeCommit), so a
// caller can neither skip a rule nor forget to post what it accepted; an
// entry accepted after a savepoint that is rolled back to is not posted (the
// decisions' balances are not rolled back: decide nothing more after that).
// Decided transfers must carry new ids (derived from a new business object,
// or from one whose state shows it was never posted): the database replays or
// refuses a known id, which a decision does not check.
import { LedgerError, type Balances, type PreparedTransfer, type TransferRequest } from './ledger.model';

/** What a decision needs of an account. */
export interface DecisionAccount extends Balances {
  id: string;
  currency: string;
  closed: boolean;
  debitsMustNotExceedCredits: boolean;
  creditsMustNotExceedDebits: boolean;
}

export type EntryDecision =
  { fits: true; after: ReadonlyMap<string, DecisionAccount> } | { fits: false; refusal: LedgerError };

/**
 * Whether the transfers (posted or pending, validated by prepareEntry) fit
 * the accounts, in order, as ledger_post_entries() decides it: the accounts'
 * states after the entry, or the first refusal. `accounts` maps every id the
 * decision may name; null for an id that names no account. Pure.
 */
export function decideEntry(
  accounts: ReadonlyMap<string, DecisionAccount | null>,
  transfers: readonly PreparedTransfer[],
): EntryDecision {
  const after = new Map<string, DecisionAccount>();
  const current = (id: string): DecisionAccount | null => {
    if (!accounts.has(id)) throw new Error(`ledger account ${id} was not read for this decision`);
    const changed = after.get(id);
    if (changed) return changed;
    const known = accounts.get(id);
    return known ? { ...known } : null;
  };
  for (const t of transfers) {
    if ((t.kind !== 'posted' && t.kind !== 'pending') || t.timeout_seconds !== null || t.reverses_id !== null) {
      throw new Error('decided postings are posted or pending transfers, without a timeout or a reversal');
    }
    const debit = current(t.debit_account_id!);
    const credit = current(t.credit_account_id!);
    if (!debit) return refuse('account_not_found', `No ledger account ${t.debit_account_id}.`);
    if (!credit) return refuse('account_not_found', `No ledger account ${t.credit_account_id}.`);
    if (debit.currency !== t.currency || credit.currency !== t.currency) {
      return refuse(
        'currency_mismatch',
        `Transfer currency ${t.currency} differs from the accounts' (${debit.currency}, ${credit.currency}).`,
      );
    }
    if (debit.closed || credit.closed) {
      return refuse('account_closed', `Ledger account ${debit.closed ? debit.id : credit.id} is closed.`);
    }
    const amount = BigInt(t.amount!);
    if (t.kind === 'posted') {
      debit.debitsPosted += amount;
      credit.creditsPosted += amount;
    } else {
      debit.debitsPending += amount;
      credit.creditsPending += amount;
    }
    if (debit.debitsMustNotExceedCredits && debit.debitsPending + debit.debitsPosted > debit.creditsPosted) {
      return refuse('exceeds_credits', `Ledger account ${debit.id} would have debits above its credits.`);
    }
    if (credit.creditsMustNotExceedDebits && credit.creditsPending + credit.creditsPosted > credit.debitsPosted) {
      return refuse('exceeds_debits', `Ledger account ${credit.id} would have credits above its debits.`);
    }
    after.set(debit.id, debit);
    after.set(credit.id, credit);
  }
  return { fits: true, after };
}

function refuse(code: string, message: string): EntryDecision {
  return { fits: false, refusal: new LedgerError(code, message) };
}

/** Whether an entry fits, decided on the balances the accepted decisions left. */
export class Decision {
  constructor(
    /** Why the entry does not fit; null when it fits. */
    readonly refusal: LedgerError | null,
    /** The accounts after the entry (when it fits). */
    private readonly after: ReadonlyMap<string, DecisionAccount>,
    private readonly before: ReadonlyMap<string, DecisionAccount | null>,
    /** The entry, and the decisions' version it was decided on. */
    readonly entry: PreparedTransfer[] | null,
    readonly version: number,
  ) {}

  get fits(): boolean {
    return this.refusal === null;
  }

  /** An account's balances right after the entry. */
  balancesAfter(accountId: string): Balances {
    const account = this.after.get(accountId) ?? this.before.get(accountId);
    if (!account) throw new Error(`ledger account ${accountId} was not read for these decisions`);
    return balancesOf(account);
  }

  accounts(): ReadonlyMap<string, DecisionAccount> {
    return this.after;
  }
}

/**
 * The decisions of one transaction on the accounts it read (see the file's
 * comment). Each decision is made on the balances the accepted ones left;
 * accepting one that was decided before another was accepted is an error.
 */
export class LedgerDecisions {
  private readonly accounts: Map<string, DecisionAccount | null>;
  private version = 0;

  constructor(
    accounts: ReadonlyMap<string, DecisionAccount | null>,
    /** Validates an entry's shape (the ledger's prepareEntry with its limits). */
    private readonly prepare: (transfers: readonly TransferRequest[]) => PreparedTransfer[] | LedgerError,
    /** Told of each accepted entry (the ledger queues it for COMMIT). */
    private readonly onAccept: (entry: PreparedTransfer[]) => void,
  ) {
    this.accounts = new Map(accounts);
  }

  /** The account's balances as the accepted decisions left them (unconstrained accounts are read, not locked). */
  balances(accountId: string): Balances {
    const account = this.accounts.get(accountId);
    if (!account) throw new Error(`ledger account ${accountId} was not read for these decisions`);
    return balancesOf(account);
  }

  /** Whether the entry fits now; nothing changes until it is accepted. */
  decide(transfers: readonly TransferRequest[]): Decision {
    const prepared = this.prepare(transfers);
    if (prepared instanceof LedgerError) return new Decision(prepared, new Map(), this.accounts, null, this.version);
    const decision = decideEntry(this.accounts, prepared);
    if (!decision.fits) return new Decision(decision.refusal, new Map(), this.accounts, null, this.version);
    return new Decision(null, decision.after, this.accounts, prepared, this.version);
  }

  /** Makes a decision that fits: its posting is sent with the transaction's COMMIT. */
  accept(decision: Decision): void {
    if (!decision.fits || !decision.entry) throw new Error('only a decision that fits can be accepted');
    if (decision.version !== this.version) {
      throw new Error('a ledger decision was accepted after another one changed the balances');
    }
    for (const [id, account] of decision.accounts()) this.accounts.set(id, account);
    this.version++;
    this.onAccept(decision.entry);
  }

  /** decide() then accept() if it fits; returns the refusal, or null once accepted. */
  post(transfers: readonly TransferRequest[]): LedgerError | null {
    const decision = this.decide(transfers);
    if (decision.refusal) return decision.refusal;
    this.accept(decision);
    return null;
  }
}

function balancesOf(account: DecisionAccount): Balances {
  return {
    debitsPending: account.debitsPending,
    debitsPosted: account.debitsPosted,
    creditsPending: account.creditsPending,
    creditsPosted: account.creditsPosted,
  };
}
