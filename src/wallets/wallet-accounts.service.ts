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

  /** The id of the customer's wallet account in `currency`, opened on first use. */
  walletAccount(customerId: string, currency: string): Promise<string> {
    return this.cache.accountId({
      ownerRef: `customer:${customerId}`,
      code: WALLET_ACCOUNT_CODE,
      currency,
      type: 'liability',
      debitsMustNotExceedCredits: true,
    });
  }
}
