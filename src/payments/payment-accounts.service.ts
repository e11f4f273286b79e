// The ledger accounts of the merchant side, opened on first use: per merchant
// and currency a `pending` account (captured, not yet settled) and an
// `available` one (settled, can be paid out); per currency the platform's fee
// revenue and its bank clearing account (money on its way to or from banks).
import { Injectable } from '@nestjs/common';
import { LedgerService, type LedgerAccountRecord } from '../ledger/ledger.service';

export const PAYMENT_ACCOUNT_CODES = {
  merchantPending: 200,
  merchantAvailable: 201,
  platformFeeRevenue: 300,
  platformBankClearing: 400,
} as const;

@Injectable()
export class PaymentAccountsService {
  constructor(private readonly ledger: LedgerService) {}

  merchantPending(merchantId: string, currency: string): Promise<LedgerAccountRecord> {
    // Unconstrained: captures credit it and settlement moves the same money
    // on; the merchant's available balance is the one with a limit.
    return this.ledger.openAccount({
      ownerRef: `merchant:${merchantId}`,
      code: PAYMENT_ACCOUNT_CODES.merchantPending,
      currency,
      type: 'liability',
    });
  }

  merchantAvailable(merchantId: string, currency: string): Promise<LedgerAccountRecord> {
    return this.ledger.openAccount({
      ownerRef: `merchant:${merchantId}`,
      code: PAYMENT_ACCOUNT_CODES.merchantAvailable,
      currency,
      type: 'liability',
      debitsMustNotExceedCredits: true,
    });
  }

  feeRevenue(currency: string): Promise<LedgerAccountRecord> {
    return this.ledger.openAccount({
      ownerRef: 'platform',
      code: PAYMENT_ACCOUNT_CODES.platformFeeRevenue,
      currency,
      type: 'revenue',
    });
  }

  bankClearing(currency: string): Promise<LedgerAccountRecord> {
    return this.ledger.openAccount({
      ownerRef: 'platform',
      code: PAYMENT_ACCOUNT_CODES.platformBankClearing,
      currency,
      type: 'asset',
    });
  }
}
