import { unixSeconds } from '../common/ids';
import { toWireAmount } from '../common/money';

export interface WalletTransferRow {
  id: string;
  sender_id: string;
  recipient_id: string;
  amount: bigint;
  currency: string;
  note: string | null;
  created_at: Date;
}

export function walletTransferView(row: WalletTransferRow) {
  return {
    id: row.id,
    object: 'wallet.transfer' as const,
    created: unixSeconds(row.created_at),
    sender: row.sender_id,
    recipient: row.recipient_id,
    amount: toWireAmount(row.amount),
    currency: row.currency,
    note: row.note,
    /** Transfers are instant: they exist only once the money has moved. */
    status: 'succeeded' as const,
  };
}

export type WalletTransferView = ReturnType<typeof walletTransferView>;

/** A top-up or a withdrawal: money between the wallet and the customer's bank. */
export interface WalletBankOperationRow {
  id: string;
  customer_id: string;
  amount: bigint;
  currency: string;
  status: string;
  failure_reason: string | null;
  attempts: number;
  completed_at: Date | null;
  version: number;
  created_at: Date;
}

export const WALLET_BANK_OPERATION_COLUMNS =
  'id, customer_id, amount, currency, status::text AS status, failure_reason, attempts, completed_at, version, created_at';

export function walletBankOperationView(object: 'wallet.top_up' | 'wallet.withdrawal', row: WalletBankOperationRow) {
  return {
    id: row.id,
    object,
    created: unixSeconds(row.created_at),
    customer: row.customer_id,
    amount: toWireAmount(row.amount),
    currency: row.currency,
    status: row.status,
    failure_reason: row.failure_reason,
    completed_at: row.completed_at ? unixSeconds(row.completed_at) : null,
    /** Grows with every change: receivers of events can discard older copies. */
    version: row.version,
  };
}

export type WalletBankOperationView = ReturnType<typeof walletBankOperationView>;
