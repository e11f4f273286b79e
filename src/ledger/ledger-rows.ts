// The ledger's records as its tables hold them, and how a row becomes one.
// Only the ledger's own files import this.
import type { Balances, LedgerAccountType, StoredTransfer, TransferKind } from './ledger.model';

export interface OpenAccountInput {
  currency: string;
  type: LedgerAccountType;
  /** What the account is for, chosen by the layer above (e.g. 1 = wallet). */
  code?: number;
  /** Who it belongs to ("customer:cus_..."). With code and currency it names the account. */
  ownerRef?: string;
  debitsMustNotExceedCredits?: boolean;
  creditsMustNotExceedDebits?: boolean;
  metadata?: Record<string, string>;
}

export interface LedgerAccountRecord extends Balances {
  id: string;
  currency: string;
  type: LedgerAccountType;
  code: number;
  ownerRef: string | null;
  debitsMustNotExceedCredits: boolean;
  creditsMustNotExceedDebits: boolean;
  status: 'open' | 'closed';
  metadata: Record<string, string>;
  createdAt: Date;
}

export interface PostedEntry {
  entryId: string;
  /** True when every transfer existed already with the same fields (a retry). */
  replayed: boolean;
  transfers: StoredTransfer[];
}

/** A pending transfer's state, derived from the transfer that resolved it. */
export type PendingStatus = 'pending' | 'posted' | 'voided' | 'expired';

export type TransferRow = {
  id: string;
  seq: bigint;
  entry_id: string;
  kind: TransferKind;
  debit_account_id: string;
  credit_account_id: string;
  amount: bigint;
  currency: string;
  code: number;
  reference: string | null;
  metadata: Record<string, string>;
  pending_id: string | null;
  timeout_seconds: number | null;
  expires_at: Date | null;
  reverses_id: string | null;
  dr_debits_pending_after: bigint;
  dr_debits_posted_after: bigint;
  dr_credits_pending_after: bigint;
  dr_credits_posted_after: bigint;
  cr_debits_pending_after: bigint;
  cr_debits_posted_after: bigint;
  cr_credits_pending_after: bigint;
  cr_credits_posted_after: bigint;
  created_at: Date;
};

export type PostRow = TransferRow & {
  entry_index: number;
  outcome: 'created' | 'replayed' | 'failed';
  error_code: string | null;
  error_message: string | null;
  error_transfer_id: string | null;
};

export function transferFromRow(row: TransferRow): StoredTransfer {
  return {
    id: row.id,
    seq: BigInt(row.seq),
    entryId: row.entry_id,
    kind: row.kind,
    debitAccountId: row.debit_account_id,
    creditAccountId: row.credit_account_id,
    amount: BigInt(row.amount),
    currency: row.currency,
    code: row.code,
    reference: row.reference,
    metadata: row.metadata ?? {},
    pendingId: row.pending_id,
    timeoutSeconds: row.timeout_seconds,
    expiresAt: row.expires_at,
    reversesId: row.reverses_id,
    debitAccountAfter: {
      debitsPending: BigInt(row.dr_debits_pending_after),
      debitsPosted: BigInt(row.dr_debits_posted_after),
      creditsPending: BigInt(row.dr_credits_pending_after),
      creditsPosted: BigInt(row.dr_credits_posted_after),
    },
    creditAccountAfter: {
      debitsPending: BigInt(row.cr_debits_pending_after),
      debitsPosted: BigInt(row.cr_debits_posted_after),
      creditsPending: BigInt(row.cr_credits_pending_after),
      creditsPosted: BigInt(row.cr_credits_posted_after),
    },
    createdAt: row.created_at,
  };
}

export function accountRecord(a: {
  id: string;
  currency: string;
  type: string;
  code: number;
  ownerRef: string | null;
  debitsMustNotExceedCredits: boolean;
  creditsMustNotExceedDebits: boolean;
  status: string;
  debitsPending: bigint;
  debitsPosted: bigint;
  creditsPending: bigint;
  creditsPosted: bigint;
  metadata: unknown;
  createdAt: Date;
}): LedgerAccountRecord {
  return {
    id: a.id,
    currency: a.currency,
    type: a.type as LedgerAccountType,
    code: a.code,
    ownerRef: a.ownerRef,
    debitsMustNotExceedCredits: a.debitsMustNotExceedCredits,
    creditsMustNotExceedDebits: a.creditsMustNotExceedDebits,
    status: a.status as 'open' | 'closed',
    debitsPending: a.debitsPending,
    debitsPosted: a.debitsPosted,
    creditsPending: a.creditsPending,
    creditsPosted: a.creditsPosted,
    metadata: (a.metadata ?? {}) as Record<string, string>,
    createdAt: a.createdAt,
  };
}
