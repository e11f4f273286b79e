// The ledger accounts of the merchant side, opened on first use: per merchant
// and currency a `pending` account (captured, not yet settled) and an
// `available` one (settled, can be paid out); per currency the platform's fee
// revenue and its bank clearing account (money on its way to or from banks).
import { Injectable } from '@nestjs/common';
import { LedgerAccountCache } from '../ledger/ledger-account-cache';
import { LedgerService } from '../ledger/ledger.service';

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
