// The one answer to "the money is not there": a ledger refusal of a debit
// (exceeds_credits on a wallet or a merchant's available balance) becomes a
// 402 insufficient_funds that names what could not be paid. Any other
// refusal is the ledger's own error, already a 4xx (ledger.model.ts).
import { ApiError, PaymentError } from '../common/errors';
import type { LedgerError } from '../ledger/ledger.model';

const TOO_LOW = {
  payment: 'The wallet balance is too low for this payment.',
  transfer: 'The wallet balance is too low for this transfer.',
  withdrawal: 'The wallet balance is too low for this withdrawal.',
  payout: 'The available balance is lower than the payout.',
} as const;

export type FundsUse = keyof typeof TOO_LOW;

/** 402 insufficient_funds for this use of money. */
export function insufficientFunds(use: FundsUse): PaymentError {
  return new PaymentError('insufficient_funds', TOO_LOW[use], 'amount');
}

/** Whether the ledger refused because the debited account lacks the money. */
export function isShortOfFunds(refusal: LedgerError): boolean {
  return refusal.code === 'exceeds_credits';
}

/** The client's answer to a ledger refusal of this use of money. */
export function refusalError(refusal: LedgerError, use: FundsUse): ApiError {
  return isShortOfFunds(refusal) ? insufficientFunds(use) : refusal;
}
