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

/** Status queries after an unknown outcome: 30 s, then doubling up to an hour. */
export function nextStatusCheckDelayMs(attempt: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempt - 1));
}

/**
 * One step of a bank operation run by the worker: `send` asks the bank to do
 * it (the first time), `check` asks what became of it. A timeout is an
 * unknown outcome (`pending`: ask again later). A `check` the bank knows
 * nothing about means the send never reached it, so it is sent again (the
 * reference is the bank's idempotency key); a `send` answered so is unknown.
 */
export async function askBank(
  step: 'send' | 'check',
  reference: string,
  send: () => Promise<BankOutcome>,
  status: (reference: string) => Promise<BankOutcome>,
  onTimeout: () => void,
): Promise<Exclude<BankOutcome, { status: 'not_found' }>> {
  let outcome: BankOutcome;
  try {
    outcome = step === 'send' ? await send() : await status(reference);
  } catch (error) {
    if (!(error instanceof BankTimeoutError)) throw error;
    onTimeout();
    return { status: 'pending' };
  }
  if (outcome.status !== 'not_found') return outcome;
  if (step === 'check') return askBank('send', reference, send, status, onTimeout);
  return { status: 'pending' };
}
