// Customers' wallet accounts in the ledger: one per customer and currency, a
// liability of the platform that may never go negative (the ledger's
// debits_must_not_exceed_credits flag), opened on first use.
import { Injectable } from '@nestjs/common';
import { LedgerService } from '../ledger/ledger.service';
import { LedgerAccountCache } from '../ledger/ledger-account-cache';

/** Ledger account code of a customer's wallet. */
export const WALLET_ACCOUNT_CODE = 100;

@Injectable()
export class WalletAccountsService {
  private readonly cache: LedgerAccountCache;

  constructor(ledger: LedgerService) {
    this.cache = new LedgerAccountCache(ledger);
  }

  /** The id of the customer's wallet account in `currency`, opened on first use (to receive money). */
  walletAccount(customerId: string, currency: string): Promise<string> {
    return this.cache.accountId(walletAccountInput(customerId, currency));
  }

  /**
   * The wallet account's id, or null if the customer never had money in
   * `currency`: a payment, transfer or withdrawal from it is refused for
   * funds, and a refused request leaves no account behind.
   */
  existingWalletAccount(customerId: string, currency: string): Promise<string | null> {
    return this.cache.existingAccountId(walletAccountInput(customerId, currency));
  }
}

const walletAccountInput = (customerId: string, currency: string) => ({
  ownerRef: `customer:${customerId}`,
  code: WALLET_ACCOUNT_CODE,
  currency,
  type: 'liability' as const,
  debitsMustNotExceedCredits: true,
});
