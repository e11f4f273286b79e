// A merchant's balance and its payouts as the API answers them (see docs/payments.md).
import { ApiProperty } from '@nestjs/swagger';
import { ApiAmount, ApiCurrency, ApiEnum, ApiId, ApiObjectName, ApiTimestamp } from '../common/api-properties';
import { unixSeconds } from '../common/ids';
import { toWireAmount } from '../common/money';
import { ListView } from '../common/pagination';
import { CHART_OF_ACCOUNTS } from '../accounts/chart-of-accounts';
import type { Payout } from '../generated/prisma/client';
import { deriveBalances } from '../ledger/ledger.model';
import type { LedgerAccountRecord } from '../ledger/ledger.service';
import type { StoredBankAccount } from '../merchants/merchants.view';

const PAYOUT_STATUSES = ['pending', 'paid', 'failed'] as const satisfies readonly Payout['status'][];
/** `manual`: asked for with POST /v1/payouts; `scheduled`: the daily payout. */
const PAYOUT_METHODS = ['manual', 'scheduled'] as const;
export type PayoutMethod = (typeof PAYOUT_METHODS)[number];

/** An amount of one currency. */
export class BalanceAmountView {
  @ApiAmount()
  amount!: number;

  @ApiCurrency()
  currency!: string;
}

/**
 * The merchant's balance, one line per currency it has an account in. Never
 * negative: payouts and refunds draw on the available balance, whose
 * account refuses a debit past its credits, and what a payment's fee
 * and refunds take from the pending balance never exceeds what it brought.
 */
export class BalanceView {
  @ApiObjectName('balance')
  object!: 'balance';

  @ApiProperty({ type: [BalanceAmountView], description: 'Settled: can be paid out (or refunded).' })
  available!: BalanceAmountView[];

  @ApiProperty({ type: [BalanceAmountView], description: 'Captured, not yet settled.' })
  pending!: BalanceAmountView[];
}

/** The bank account paid, as it was when the payout was made. */
export class PayoutBankAccountView {
  @ApiProperty({ pattern: '^[A-Za-z0-9]{3,12}$', example: 'ICBKCNBJ' })
  bank_code!: string;

  @ApiProperty({ pattern: '^[A-Z0-9]{4}$', example: '6789' })
  account_number_last4!: string;
}

export class PayoutView {
  @ApiId('po')
  id!: string;

  @ApiObjectName('payout')
  object!: 'payout';

  @ApiTimestamp()
  created!: number;

  @ApiAmount()
  amount!: number;

  @ApiCurrency()
  currency!: string;

  @ApiEnum(PAYOUT_STATUSES)
  status!: Payout['status'];

  @ApiEnum(PAYOUT_METHODS)
  method!: PayoutMethod;

  @ApiProperty({ type: 'string', nullable: true, description: "For a failed payout: the bank's reason." })
  failure_reason!: string | null;

  @ApiTimestamp({ nullable: true, description: 'For a paid payout: when the bank paid it.' })
  arrived_at!: number | null;

  @ApiProperty({ type: PayoutBankAccountView })
  bank_account!: PayoutBankAccountView;
}

/** A page of the merchant's payouts. */
export const PayoutListView = ListView(PayoutView, '/v1/payouts');

/** The balance from the merchant's ledger accounts: what each can still move, per currency. */
export function balanceView(accounts: LedgerAccountRecord[]): BalanceView {
  const lines = (code: number) =>
    accounts
      .filter((a) => a.code === code)
      .map((a) => ({ amount: toWireAmount(deriveBalances(a.type, a).available), currency: a.currency }))
      .sort((a, b) => a.currency.localeCompare(b.currency));
  return {
    object: 'balance',
    available: lines(CHART_OF_ACCOUNTS.merchantAvailable.code),
    pending: lines(CHART_OF_ACCOUNTS.merchantPending.code),
  };
}

export function payoutView(p: Payout): PayoutView {
  const bank = p.bankAccount as unknown as StoredBankAccount;
  return {
    id: p.id,
    object: 'payout',
    created: unixSeconds(p.createdAt),
    amount: toWireAmount(p.amount),
    currency: p.currency,
    status: p.status,
    method: p.method as PayoutMethod,
    failure_reason: p.failureReason,
    arrived_at: p.arrivedAt ? unixSeconds(p.arrivedAt) : null,
    bank_account: { bank_code: bank.bank_code, account_number_last4: bank.account_number.slice(-4) },
  };
}
