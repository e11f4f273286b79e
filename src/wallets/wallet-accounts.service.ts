// Customers' wallet accounts in the ledger: one per customer and currency, a
// liability of the platform that may never go negative (the ledger's
// debits_must_not_exceed_credits flag), opened on first use.
import { Injectable } from '@nestjs/common';
import { LedgerService, type LedgerAccountRecord } from '../ledger/ledger.service';

/** Ledger account code of a customer's wallet. */
export const WALLET_ACCOUNT_CODE = 100;

@Injectable()
export class WalletAccountsService {
  constructor(private readonly ledger: LedgerService) {}

  walletAccount(customerId: string, currency: string): Promise<LedgerAccountRecord> {
    return this.ledger.openAccount({
      ownerRef: `customer:${customerId}`,
      code: WALLET_ACCOUNT_CODE,
      currency,
      type: 'liability',
      debitsMustNotExceedCredits: true,
    });
  }
}
