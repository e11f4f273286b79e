// The accounts each capability moves money through, by purpose (see
// chart-of-accounts.ts), opened in the ledger on first use.
import { Injectable } from '@nestjs/common';
import { LedgerService } from '../ledger/ledger.service';
import { accountFor, CHART_OF_ACCOUNTS, ownerOf, ownerRef } from './chart-of-accounts';

@Injectable()
export class AccountsService {
  constructor(private readonly ledger: LedgerService) {}

  /** The customer's wallet account in `currency`, opened on first use (to receive money). */
  walletAccount(customerId: string, currency: string): Promise<string> {
    return this.ledger.accountId(accountFor('customerWallet', { customerId }, currency));
  }

  /**
   * The wallet account's id, or null if the customer never had money in
   * `currency`: a payment, transfer or withdrawal from it is refused for
   * funds, and a refused request leaves no account behind.
   */
  existingWalletAccount(customerId: string, currency: string): Promise<string | null> {
    return this.ledger.existingAccountId(
      ownerRef.customer(customerId),
      CHART_OF_ACCOUNTS.customerWallet.code,
      currency,
    );
  }

  /** The open wallet accounts of these customers in every currency, by `walletKey` (one statement, for a batch). */
  async openWalletAccounts(customerIds: readonly string[]): Promise<Map<string, string>> {
    const accounts = await this.ledger.openAccountsOf(
      customerIds.map((id) => ownerRef.customer(id)),
      CHART_OF_ACCOUNTS.customerWallet.code,
    );
    return new Map(accounts.map((a) => [walletKey(ownerOf(a.ownerRef).id!, a.currency), a.id]));
  }

  /** The customer's wallet balances, by currency. */
  walletBalances(customerId: string) {
    return this.ledger.ownedBalances(ownerRef.customer(customerId), CHART_OF_ACCOUNTS.customerWallet.code);
  }

  merchantPending(merchantId: string, currency: string): Promise<string> {
    return this.ledger.accountId(accountFor('merchantPending', { merchantId }, currency));
  }

  merchantAvailable(merchantId: string, currency: string): Promise<string> {
    return this.ledger.accountId(accountFor('merchantAvailable', { merchantId }, currency));
  }

  /** What the customer's loans owe, by currency (its loans-receivable accounts). */
  loansReceivableBalances(customerId: string) {
    return this.ledger.ownedBalances(ownerRef.customer(customerId), CHART_OF_ACCOUNTS.customerLoansReceivable.code);
  }

  loansReceivable(customerId: string, currency: string): Promise<string> {
    return this.ledger.accountId(accountFor('customerLoansReceivable', { customerId }, currency));
  }

  feeRevenue(currency: string): Promise<string> {
    return this.ledger.accountId(accountFor('platformFeeRevenue', 'platform', currency));
  }

  bankClearing(currency: string): Promise<string> {
    return this.ledger.accountId(accountFor('platformBankClearing', 'platform', currency));
  }
}

/**
 * A batch's accounts by key, opened one at a time in key order. An account
 * first opened in a transaction is opened in it (its row stays locked until
 * commit), so two batches opening the same new accounts in different orders
 * could deadlock; in one order they queue.
 */
export async function openInKeyOrder(
  keys: readonly string[],
  open: (key: string) => Promise<string>,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const key of [...new Set(keys)].sort()) ids.set(key, await open(key));
  return ids;
}

/** A customer's wallet in one currency, as a map key. */
export function walletKey(customerId: string, currency: string): string {
  return `${customerId}\n${currency}`;
}
