// Banks and card networks behind one interface. Every call names Tally's own
// reference (the payout or top-up id); a real connector passes it to the bank
// as the idempotency key, so a repeated call never moves money twice.
import type { StoredBankAccount } from '../merchants/merchants.view';

export interface BankTransferRequest {
  /** Tally's id of the payout or top-up: the bank's idempotency key. */
  reference: string;
  amount: bigint;
  currency: string;
  /** Payouts: where the money goes. */
  bankAccount?: StoredBankAccount;
}

/** What the bank says about a transfer. `pending`: not decided yet; ask again later. */
export type BankOutcome =
  { status: 'succeeded' } | { status: 'failed'; reason: string } | { status: 'pending' } | { status: 'not_found' };

/** The bank did not answer in time: the transfer may or may not have happened. */
export class BankTimeoutError extends Error {}

export abstract class BankConnector {
  abstract readonly name: string;
  /** Pull money from the customer's linked card or account. */
  abstract topUp(request: BankTransferRequest): Promise<BankOutcome>;
  /** Send money to a bank account. */
  abstract payout(request: BankTransferRequest): Promise<BankOutcome>;
  /** Ask what became of a transfer made earlier (after a timeout or a `pending`). */
  abstract status(reference: string): Promise<BankOutcome>;
}
