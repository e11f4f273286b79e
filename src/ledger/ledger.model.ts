// The ledger's vocabulary (after TigerBeetle): accounts with four balances
// and two limit flags, immutable transfers between two accounts, pending
// transfers resolved exactly once by a post, a void or their expiry.
// Pure functions here; the SQL of ledger_post_entries() applies the same rules
// under row locks.
import { HttpStatus } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ApiError, type ErrorType } from '../common/errors';
import { isSupportedCurrency } from '../common/money';
import { metadataProblem } from '../common/validation';

export const LEDGER_ACCOUNT_TYPES = ['asset', 'liability', 'equity', 'revenue', 'expense'] as const;
export type LedgerAccountType = (typeof LEDGER_ACCOUNT_TYPES)[number];

export type NormalBalance = 'debit' | 'credit';

/** Assets and expenses grow with debits; liabilities, equity and revenue with credits. */
export const NORMAL_BALANCE: Readonly<Record<LedgerAccountType, NormalBalance>> = {
  asset: 'debit',
  expense: 'debit',
  liability: 'credit',
  equity: 'credit',
  revenue: 'credit',
};

export const TRANSFER_KINDS = ['posted', 'pending', 'post_pending', 'void_pending', 'expire_pending'] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];
export const RESOLVING_KINDS: ReadonlySet<TransferKind> = new Set(['post_pending', 'void_pending', 'expire_pending']);

export interface Balances {
  debitsPending: bigint;
  debitsPosted: bigint;
  creditsPending: bigint;
  creditsPosted: bigint;
}

export interface DerivedBalances {
  /** Posted money, in the account's normal direction. */
  posted: bigint;
  /** Net pending (incoming minus outgoing holds), in the normal direction. */
  pending: bigint;
  /** Posted minus outgoing holds: what the owner can still move. */
  available: bigint;
}

export function deriveBalances(type: LedgerAccountType, b: Balances): DerivedBalances {
  if (NORMAL_BALANCE[type] === 'debit') {
    const posted = b.debitsPosted - b.creditsPosted;
    return { posted, pending: b.debitsPending - b.creditsPending, available: posted - b.creditsPending };
  }
  const posted = b.creditsPosted - b.debitsPosted;
  return { posted, pending: b.creditsPending - b.debitsPending, available: posted - b.debitsPending };
}

/**
 * What a stored transfer did to the balances of its account on `side`: the
 * ledger's rule for applying a transfer. `posted` and `pending` add their
 * amount to that side's posted or pending total; a `post_pending` takes its
 * whole pending transfer (`pendingAmount`) off pending and posts its own
 * amount (all of it, or less: the rest is released); a void or expiry takes
 * the pending transfer off pending.
 */
export function transferEffect(
  kind: TransferKind,
  side: 'debit' | 'credit',
  amount: bigint,
  pendingAmount: bigint | null,
): Balances {
  let pending = 0n;
  let posted = 0n;
  if (kind === 'posted') posted = amount;
  else if (kind === 'pending') pending = amount;
  else {
    if (pendingAmount === null) throw new Error(`a ${kind} transfer needs its pending transfer's amount`);
    pending = -pendingAmount;
    if (kind === 'post_pending') posted = amount;
  }
  return side === 'debit'
    ? { debitsPending: pending, debitsPosted: posted, creditsPending: 0n, creditsPosted: 0n }
    : { debitsPending: 0n, debitsPosted: 0n, creditsPending: pending, creditsPosted: posted };
}

/**
 * A transfer to post. For `posted` and `pending`: both accounts, amount and
 * currency. For `post_pending`: `pendingId` and optionally a smaller amount
 * (the rest is released). For `void_pending` / `expire_pending`: `pendingId`.
 * Accounts and currency of a resolution default to the pending transfer's.
 */
export interface TransferRequest {
  /** Chosen by the caller: derive it from the business object so retries are the same transfer. */
  id: string;
  kind?: TransferKind;
  debitAccountId?: string;
  creditAccountId?: string;
  amount?: bigint;
  currency?: string;
  code?: number;
  reference?: string;
  metadata?: Record<string, string>;
  pendingId?: string;
  /** Pending transfers only: expire (release) after this many seconds unless resolved. */
  timeoutSeconds?: number;
  /** The transfer this one reverses (see LedgerService.reverseTransfer). */
  reversesId?: string;
}

export interface StoredTransfer {
  id: string;
  seq: bigint;
  entryId: string;
  kind: TransferKind;
  debitAccountId: string;
  creditAccountId: string;
  amount: bigint;
  currency: string;
  code: number;
  reference: string | null;
  metadata: Record<string, string>;
  pendingId: string | null;
  timeoutSeconds: number | null;
  expiresAt: Date | null;
  reversesId: string | null;
  /** The debit account's balances right after this transfer. */
  debitAccountAfter: Balances;
  /** The credit account's balances right after this transfer. */
  creditAccountAfter: Balances;
  createdAt: Date;
}

export type EntryResult =
  { ok: true; entryId: string; replayed: boolean; transfers: StoredTransfer[] } | { ok: false; error: LedgerError };

/** Transfer ids: caller-chosen, printable, short enough to derive from a business id. */
export const TRANSFER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
export const MAX_TRANSFERS_PER_ENTRY = 100;

/**
 * The id of the transfer that expires a pending one: derived, so that the
 * delayed job and the sweeper (and their retries) post the same transfer, and
 * of fixed length whatever the pending id's.
 */
export function expiryTransferId(pendingId: string): string {
  return `expire:${createHash('sha256').update(pendingId).digest('hex').slice(0, 40)}`;
}
export const MAX_TRANSFERS_PER_BATCH = 1_000;
export const MAX_TIMEOUT_SECONDS = 365 * 24 * 3600;
export const MAX_REFERENCE_LENGTH = 255;
const MAX_CODE = 2_147_483_647;

type LedgerErrorClass = { status: number; type: ErrorType };
const NOT_FOUND: LedgerErrorClass = { status: HttpStatus.NOT_FOUND, type: 'invalid_request_error' };
const INVALID: LedgerErrorClass = { status: HttpStatus.BAD_REQUEST, type: 'invalid_request_error' };
const STATE: LedgerErrorClass = { status: HttpStatus.CONFLICT, type: 'state_error' };
const FUNDS: LedgerErrorClass = { status: HttpStatus.PAYMENT_REQUIRED, type: 'payment_error' };

/** Every ledger error code, and how it reaches a client if a layer above lets it through. */
export const LEDGER_ERROR_CODES: Readonly<Record<string, LedgerErrorClass>> = {
  invalid_transfer: INVALID,
  invalid_entry: INVALID,
  invalid_account: INVALID,
  same_account: INVALID,
  currency_mismatch: INVALID,
  pending_transfer_mismatch: INVALID,
  exceeds_pending_amount: INVALID,
  reversal_mismatch: INVALID,
  account_not_found: NOT_FOUND,
  transfer_not_found: NOT_FOUND,
  pending_transfer_not_found: NOT_FOUND,
  account_closed: STATE,
  account_exists: STATE,
  account_has_pending: STATE,
  transfer_exists: STATE,
  transfer_not_reversible: STATE,
  transfer_already_reversed: STATE,
  pending_transfer_not_pending: STATE,
  pending_transfer_already_resolved: STATE,
  pending_transfer_expired: STATE,
  pending_transfer_not_expired: STATE,
  exceeds_credits: FUNDS,
  exceeds_debits: FUNDS,
};

export class LedgerError extends ApiError {
  constructor(
    code: string,
    message: string,
    /** The field at fault (`transfers[2].amount`) or the transfer id concerned. */
    param?: string,
  ) {
    const kind = LEDGER_ERROR_CODES[code] ?? STATE;
    super(kind.status, kind.type, code, message, param);
  }
}

/** A validated transfer as ledger_post_entries() takes it (snake_case JSON). */
export interface PreparedTransfer {
  id: string;
  kind: TransferKind;
  debit_account_id: string | null;
  credit_account_id: string | null;
  amount: number | null;
  currency: string | null;
  code: number;
  reference: string | null;
  metadata: Record<string, string>;
  pending_id: string | null;
  timeout_seconds: number | null;
  reverses_id: string | null;
}

function isAccountId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 128;
}

/**
 * Checks an entry's shape (everything that does not need the database) and
 * returns it in the function's input form, or the first problem found.
 */
export function prepareEntry(
  transfers: readonly TransferRequest[],
  limits: { maxAmount: number },
): PreparedTransfer[] | LedgerError {
  if (!Array.isArray(transfers) || transfers.length === 0 || transfers.length > MAX_TRANSFERS_PER_ENTRY) {
    return new LedgerError('invalid_entry', `An entry has 1 to ${MAX_TRANSFERS_PER_ENTRY} transfers.`, 'transfers');
  }
  const seen = new Set<string>();
  const prepared: PreparedTransfer[] = [];
  for (const [index, t] of transfers.entries()) {
    const at = (field: string) => `transfers[${index}].${field}`;
    const invalid = (field: string, message: string) => new LedgerError('invalid_transfer', message, at(field));
    if (typeof t.id !== 'string' || !TRANSFER_ID_PATTERN.test(t.id)) {
      return invalid('id', 'A transfer id is 1 to 128 letters, digits or _ . : - (starting with a letter or digit).');
    }
    if (seen.has(t.id)) return invalid('id', `Transfer id ${t.id} appears twice in the entry.`);
    seen.add(t.id);
    const kind = t.kind ?? 'posted';
    if (!TRANSFER_KINDS.includes(kind)) return invalid('kind', `Unknown transfer kind: ${String(kind)}.`);
    const resolving = RESOLVING_KINDS.has(kind);
    if (t.amount !== undefined) {
      if (typeof t.amount !== 'bigint' || t.amount <= 0n) {
        return invalid('amount', 'The amount must be a positive integer number of minor units.');
      }
      if (t.amount > BigInt(limits.maxAmount))
        return invalid('amount', `The amount must be at most ${limits.maxAmount}.`);
    } else if (!resolving) {
      return invalid('amount', 'The amount is required.');
    }
    if (t.currency !== undefined && !isSupportedCurrency(t.currency)) {
      return invalid('currency', `Unsupported currency: ${String(t.currency)}.`);
    }
    for (const field of ['debitAccountId', 'creditAccountId'] as const) {
      const value = t[field];
      if ((value !== undefined || !resolving) && !isAccountId(value)) {
        return invalid(
          field === 'debitAccountId' ? 'debit_account_id' : 'credit_account_id',
          'An account id is required.',
        );
      }
    }
    if (t.debitAccountId !== undefined && t.debitAccountId === t.creditAccountId) {
      return new LedgerError('same_account', 'A transfer needs two different accounts.', at('credit_account_id'));
    }
    if (!resolving && t.currency === undefined) return invalid('currency', 'The currency is required.');
    if (t.code !== undefined && (!Number.isInteger(t.code) || t.code < 0 || t.code > MAX_CODE)) {
      return invalid('code', `The code is an integer from 0 to ${MAX_CODE}.`);
    }
    if (t.reference !== undefined && (typeof t.reference !== 'string' || t.reference.length > MAX_REFERENCE_LENGTH)) {
      return invalid('reference', `The reference is a string of at most ${MAX_REFERENCE_LENGTH} characters.`);
    }
    if (t.metadata !== undefined) {
      const problem = metadataProblem(t.metadata);
      if (problem) return invalid('metadata', `metadata ${problem}`);
    }
    if (resolving) {
      if (typeof t.pendingId !== 'string' || !TRANSFER_ID_PATTERN.test(t.pendingId)) {
        return invalid('pending_id', `A ${kind} transfer names the pending transfer it resolves.`);
      }
    } else if (t.pendingId !== undefined) {
      return invalid('pending_id', 'Only post, void and expiry transfers name a pending transfer.');
    }
    if (t.timeoutSeconds !== undefined) {
      if (kind !== 'pending') return invalid('timeout_seconds', 'Only pending transfers have a timeout.');
      if (!Number.isInteger(t.timeoutSeconds) || t.timeoutSeconds < 1 || t.timeoutSeconds > MAX_TIMEOUT_SECONDS) {
        return invalid('timeout_seconds', `The timeout is 1 to ${MAX_TIMEOUT_SECONDS} seconds.`);
      }
    }
    if (t.reversesId !== undefined) {
      if (kind !== 'posted') return invalid('reverses_id', 'A reversal is a posted transfer.');
      if (typeof t.reversesId !== 'string' || !TRANSFER_ID_PATTERN.test(t.reversesId)) {
        return invalid('reverses_id', 'Not a transfer id.');
      }
    }
    prepared.push({
      id: t.id,
      kind,
      debit_account_id: t.debitAccountId ?? null,
      credit_account_id: t.creditAccountId ?? null,
      amount: t.amount === undefined ? null : Number(t.amount),
      currency: t.currency ?? null,
      code: t.code ?? 0,
      reference: t.reference ?? null,
      metadata: t.metadata ?? {},
      pending_id: t.pendingId ?? null,
      timeout_seconds: t.timeoutSeconds ?? null,
      reverses_id: t.reversesId ?? null,
    });
  }
  return prepared;
}
