// For the layers above the ledger (payments, wallets): their accounts' ids,
// opened on first use.
import type { LedgerService, OpenAccountInput } from './ledger.service';

/**
 * Opens a ledger account on first use, committed at once on the ledger's own
 * pool (an account nobody has used yet is harmless, and a business
 * transaction that rolls back must not leave an id in the cache that does not
 * exist), and keeps its id: an account's identity never changes, so later
 * calls cost no round trip while the caller's transaction holds its locks.
 */
export class LedgerAccountCache {
  private readonly ids = new Map<string, string>();

  constructor(private readonly ledger: LedgerService) {}

  async accountId(input: OpenAccountInput & { ownerRef: string }): Promise<string> {
    const known = this.ids.get(cacheKey(input));
    if (known) return known;
    const id = await this.ledger.openAccountCommitted(input);
    this.ids.set(cacheKey(input), id);
    return id;
  }

  /** The account's id if it was ever opened, else null: for a step that must not open one (a debit). */
  async existingAccountId(input: OpenAccountInput & { ownerRef: string }): Promise<string | null> {
    const known = this.ids.get(cacheKey(input));
    if (known) return known;
    const id = await this.ledger.findAccountId(input.ownerRef, input.code ?? 0, input.currency);
    if (id) this.ids.set(cacheKey(input), id);
    return id;
  }
}

const cacheKey = (input: OpenAccountInput & { ownerRef: string }) =>
  `${input.ownerRef}|${input.code}|${input.currency}`;
