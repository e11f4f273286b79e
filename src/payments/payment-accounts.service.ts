// The ledger accounts of the merchant side, opened on first use: per merchant
// and currency a `pending` account (captured, not yet settled) and an
// `available` one (settled, can be paid out); per currency the platform's fee
// revenue and its bank clearing account (money on its way to or from banks).
import { Injectable } from '@nestjs/common';
import { LedgerService, type OpenAccountInput } from '../ledger/ledger.service';

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

export const PAYMENT_ACCOUNT_CODES = {
  merchantPending: 200,
  merchantAvailable: 201,
  platformFeeRevenue: 300,
  platformBankClearing: 400,
} as const;

@Injectable()
export class PaymentAccountsService {
  private readonly cache: LedgerAccountCache;

  constructor(ledger: LedgerService) {
    this.cache = new LedgerAccountCache(ledger);
  }

  merchantPending(merchantId: string, currency: string): Promise<string> {
    // Unconstrained: captures credit it and settlement moves the same money
    // on; the merchant's available balance is the one with a limit.
    return this.cache.accountId({
      ownerRef: `merchant:${merchantId}`,
      code: PAYMENT_ACCOUNT_CODES.merchantPending,
      currency,
      type: 'liability',
    });
  }

  merchantAvailable(merchantId: string, currency: string): Promise<string> {
    return this.cache.accountId({
      ownerRef: `merchant:${merchantId}`,
      code: PAYMENT_ACCOUNT_CODES.merchantAvailable,
      currency,
      type: 'liability',
      debitsMustNotExceedCredits: true,
    });
  }

  feeRevenue(currency: string): Promise<string> {
    return this.cache.accountId({
      ownerRef: 'platform',
      code: PAYMENT_ACCOUNT_CODES.platformFeeRevenue,
      currency,
      type: 'revenue',
    });
  }

  bankClearing(currency: string): Promise<string> {
    return this.cache.accountId({
      ownerRef: 'platform',
      code: PAYMENT_ACCOUNT_CODES.platformBankClearing,
      currency,
      type: 'asset',
    });
  }
}
