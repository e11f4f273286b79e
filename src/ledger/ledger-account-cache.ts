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
    const key = `${input.ownerRef}|${input.code}|${input.currency}`;
    const known = this.ids.get(key);
    if (known) return known;
    const id = await this.ledger.openAccountCommitted(input);
    this.ids.set(key, id);
    return id;
  }
}
