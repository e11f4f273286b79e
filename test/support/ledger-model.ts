// A single-threaded, in-memory model of the ledger's rules, written apart from
// the SQL so that the two can be compared: the property tests predict results
// with it, and replay the database's history through it.
import type { TransferKind } from '../../src/ledger/ledger.model';

export interface ModelAccount {
  id: string;
  currency: string;
  debitsMustNotExceedCredits: boolean;
  creditsMustNotExceedDebits: boolean;
  closed: boolean;
  debitsPending: bigint;
  debitsPosted: bigint;
  creditsPending: bigint;
  creditsPosted: bigint;
}

export interface ModelTransfer {
  id: string;
  kind: TransferKind;
  debitAccountId: string;
  creditAccountId: string;
  amount: bigint;
  currency: string;
  pendingId: string | null;
  reversesId: string | null;
  timeoutSeconds: number | null;
  expiresAt: Date | null;
}

/** A request as the model takes it: resolutions may leave accounts, currency and amount out. */
export interface ModelRequest {
  id: string;
  kind: TransferKind;
  debitAccountId?: string;
  creditAccountId?: string;
  amount?: bigint;
  currency?: string;
  pendingId?: string;
  reversesId?: string;
  timeoutSeconds?: number;
}

export type ModelOutcome = { ok: true; replayed: boolean } | { ok: false; code: string };

type Balances = Pick<ModelAccount, 'debitsPending' | 'debitsPosted' | 'creditsPending' | 'creditsPosted'>;

export class LedgerModel {
  readonly accounts = new Map<string, ModelAccount>();
  readonly transfers = new Map<string, ModelTransfer>();
  readonly resolvedBy = new Map<string, string>();
  readonly reversedBy = new Map<string, string>();

  openAccount(
    account: Omit<ModelAccount, 'debitsPending' | 'debitsPosted' | 'creditsPending' | 'creditsPosted' | 'closed'>,
  ) {
    this.accounts.set(account.id, {
      ...account,
      closed: false,
      debitsPending: 0n,
      debitsPosted: 0n,
      creditsPending: 0n,
      creditsPosted: 0n,
    });
  }

  /**
   * Applies an entry (all or nothing) at time `now`, in the order of checks
   * LedgerService and ledger_post_entries() use, and returns the outcome.
   * `afterEach` sees the balances after each transfer (for replay checks).
   */
  applyEntry(
    requests: ModelRequest[],
    now: Date,
    afterEach?: (t: ModelTransfer, debit: Balances, credit: Balances) => void,
  ): ModelOutcome {
    const shapeError = this.shapeError(requests);
    if (shapeError) return { ok: false, code: shapeError };
    const snapshot = new Map([...this.accounts].map(([id, a]) => [id, { ...a }]));
    const created: ModelTransfer[] = [];
    const resolvedHere = new Map<string, string>();
    const reversedHere = new Map<string, string>();
    let replayed = 0;
    const fail = (code: string): ModelOutcome => {
      for (const [id, a] of snapshot) this.accounts.set(id, a);
      return { ok: false, code };
    };
    for (const r of requests) {
      const resolving = r.kind === 'post_pending' || r.kind === 'void_pending' || r.kind === 'expire_pending';
      let pending: ModelTransfer | undefined;
      const t: ModelTransfer = {
        id: r.id,
        kind: r.kind,
        debitAccountId: r.debitAccountId ?? '',
        creditAccountId: r.creditAccountId ?? '',
        amount: r.amount ?? 0n,
        currency: r.currency ?? '',
        pendingId: r.pendingId ?? null,
        reversesId: r.reversesId ?? null,
        timeoutSeconds: r.timeoutSeconds ?? null,
        expiresAt: null,
      };
      if (resolving) {
        pending = this.transfers.get(r.pendingId!);
        if (!pending) return fail('pending_transfer_not_found');
        if (pending.kind !== 'pending') return fail('pending_transfer_not_pending');
        if (
          (r.debitAccountId && r.debitAccountId !== pending.debitAccountId) ||
          (r.creditAccountId && r.creditAccountId !== pending.creditAccountId) ||
          (r.currency && r.currency !== pending.currency)
        ) {
          return fail('pending_transfer_mismatch');
        }
        t.debitAccountId = pending.debitAccountId;
        t.creditAccountId = pending.creditAccountId;
        t.currency = pending.currency;
        if (r.kind !== 'post_pending' && r.amount !== undefined && r.amount !== pending.amount) {
          return fail('pending_transfer_mismatch');
        }
        t.amount = r.amount ?? pending.amount;
      }
      const existing = this.transfers.get(r.id) ?? created.find((c) => c.id === r.id);
      if (existing) {
        const same =
          existing.kind === t.kind &&
          existing.debitAccountId === t.debitAccountId &&
          existing.creditAccountId === t.creditAccountId &&
          existing.amount === t.amount &&
          existing.currency === t.currency &&
          existing.pendingId === t.pendingId &&
          existing.reversesId === t.reversesId &&
          existing.timeoutSeconds === t.timeoutSeconds;
        if (!same) return fail('transfer_exists');
        replayed++;
        continue;
      }
      const debit = this.accounts.get(t.debitAccountId);
      const credit = this.accounts.get(t.creditAccountId);
      if (!debit || !credit) return fail('account_not_found');
      if (debit.currency !== t.currency || credit.currency !== t.currency) return fail('currency_mismatch');
      if (!resolving) {
        if (debit.closed || credit.closed) return fail('account_closed');
        if (t.reversesId) {
          const original = this.transfers.get(t.reversesId);
          if (!original) return fail('transfer_not_found');
          if ((original.kind !== 'posted' && original.kind !== 'post_pending') || t.kind !== 'posted') {
            return fail('transfer_not_reversible');
          }
          if (this.reversedBy.has(original.id) || reversedHere.has(original.id))
            return fail('transfer_already_reversed');
          if (
            t.debitAccountId !== original.creditAccountId ||
            t.creditAccountId !== original.debitAccountId ||
            t.amount !== original.amount
          ) {
            return fail('reversal_mismatch');
          }
          reversedHere.set(original.id, t.id);
        }
        if (t.kind === 'posted') {
          debit.debitsPosted += t.amount;
          credit.creditsPosted += t.amount;
        } else {
          debit.debitsPending += t.amount;
          credit.creditsPending += t.amount;
          if (t.timeoutSeconds !== null) t.expiresAt = new Date(now.getTime() + t.timeoutSeconds * 1000);
        }
        if (debit.debitsMustNotExceedCredits && debit.debitsPending + debit.debitsPosted > debit.creditsPosted) {
          return fail('exceeds_credits');
        }
        if (credit.creditsMustNotExceedDebits && credit.creditsPending + credit.creditsPosted > credit.debitsPosted) {
          return fail('exceeds_debits');
        }
      } else {
        const p = pending!;
        if (this.resolvedBy.has(p.id) || resolvedHere.has(p.id)) return fail('pending_transfer_already_resolved');
        if (t.kind === 'expire_pending') {
          if (!p.expiresAt || p.expiresAt.getTime() > now.getTime()) return fail('pending_transfer_not_expired');
        } else if (p.expiresAt && p.expiresAt.getTime() <= now.getTime()) {
          return fail('pending_transfer_expired');
        }
        if (t.amount > p.amount) return fail('exceeds_pending_amount');
        debit.debitsPending -= p.amount;
        credit.creditsPending -= p.amount;
        if (t.kind === 'post_pending') {
          debit.debitsPosted += t.amount;
          credit.creditsPosted += t.amount;
        }
        resolvedHere.set(p.id, t.id);
      }
      created.push(t);
      afterEach?.(t, { ...debit }, { ...credit });
    }
    if (replayed > 0 && replayed < requests.length) return fail('transfer_exists');
    for (const t of created) this.transfers.set(t.id, t);
    for (const [p, by] of resolvedHere) this.resolvedBy.set(p, by);
    for (const [o, by] of reversedHere) this.reversedBy.set(o, by);
    return { ok: true, replayed: replayed > 0 };
  }

  private shapeError(requests: ModelRequest[]): string | null {
    const ids = new Set<string>();
    for (const r of requests) {
      if (ids.has(r.id)) return 'invalid_transfer';
      ids.add(r.id);
      if (r.amount !== undefined && r.amount <= 0n) return 'invalid_transfer';
      if (r.debitAccountId !== undefined && r.debitAccountId === r.creditAccountId) return 'same_account';
    }
    return null;
  }
}
