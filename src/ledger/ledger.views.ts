// The operator's view of the ledger (snake_case, amounts as safe integers).
import { unixSeconds } from '../common/ids';
import { toWireAmount } from '../common/money';
import { type Balances, deriveBalances, NORMAL_BALANCE, type NormalBalance, type StoredTransfer } from './ledger.model';
import type { LedgerAccountRecord, PendingStatus, ReconciliationReport, TrialBalanceLine } from './ledger.service';

interface BalancesView {
  debits_pending: number;
  debits_posted: number;
  credits_pending: number;
  credits_posted: number;
}

function balancesView(b: Balances): BalancesView {
  return {
    debits_pending: toWireAmount(b.debitsPending),
    debits_posted: toWireAmount(b.debitsPosted),
    credits_pending: toWireAmount(b.creditsPending),
    credits_posted: toWireAmount(b.creditsPosted),
  };
}

function derivedView(account: LedgerAccountRecord, b: Balances) {
  const derived = deriveBalances(account.type, b);
  return {
    posted: toWireAmount(derived.posted),
    pending: toWireAmount(derived.pending),
    available: toWireAmount(derived.available),
  };
}

export function ledgerAccountView(account: LedgerAccountRecord, asOf?: { at: Date; balances: Balances }) {
  const balances = asOf?.balances ?? account;
  return {
    id: account.id,
    object: 'ledger_account' as const,
    created: unixSeconds(account.createdAt),
    currency: account.currency,
    type: account.type,
    normal_balance: NORMAL_BALANCE[account.type],
    code: account.code,
    owner: account.ownerRef,
    status: account.status,
    flags: {
      debits_must_not_exceed_credits: account.debitsMustNotExceedCredits,
      credits_must_not_exceed_debits: account.creditsMustNotExceedDebits,
    },
    ...balancesView(balances),
    /** In the account's normal direction. */
    balance: derivedView(account, balances),
    /** Unix seconds the balances are as of; null for the current balances. */
    balances_as_of: asOf ? unixSeconds(asOf.at) : null,
    metadata: account.metadata,
  };
}

export function ledgerTransferView(
  t: StoredTransfer,
  extra: { pendingStatus?: PendingStatus; resolvedBy?: string | null; reversedBy?: string | null } = {},
) {
  return {
    id: t.id,
    object: 'ledger_transfer' as const,
    created: unixSeconds(t.createdAt),
    entry: t.entryId,
    kind: t.kind,
    debit_account: t.debitAccountId,
    credit_account: t.creditAccountId,
    amount: toWireAmount(t.amount),
    currency: t.currency,
    code: t.code,
    reference: t.reference,
    metadata: t.metadata,
    /** For post / void / expiry: the pending transfer it resolved. */
    pending_transfer: t.pendingId,
    /** For a pending transfer: pending, posted, voided or expired. */
    pending_status: extra.pendingStatus ?? null,
    resolved_by: extra.resolvedBy ?? null,
    expires_at: t.expiresAt ? unixSeconds(t.expiresAt) : null,
    reverses: t.reversesId,
    reversed_by: extra.reversedBy ?? null,
  };
}

/** How a transfer changed one account's posted balance, in its normal direction. */
function postedChange(t: StoredTransfer, side: NormalBalance, normal: NormalBalance): bigint {
  if (t.kind !== 'posted' && t.kind !== 'post_pending') return 0n;
  return side === normal ? t.amount : -t.amount;
}

/** One line of an account's statement: a transfer and the balances right after it. */
export function ledgerAccountEntryView(account: LedgerAccountRecord, t: StoredTransfer) {
  const side: NormalBalance = t.debitAccountId === account.id ? 'debit' : 'credit';
  const after = side === 'debit' ? t.debitAccountAfter : t.creditAccountAfter;
  return {
    object: 'ledger_account_entry' as const,
    transfer: t.id,
    entry: t.entryId,
    kind: t.kind,
    created: unixSeconds(t.createdAt),
    side,
    counterparty_account: side === 'debit' ? t.creditAccountId : t.debitAccountId,
    amount: toWireAmount(t.amount),
    currency: t.currency,
    posted_change: toWireAmount(postedChange(t, side, NORMAL_BALANCE[account.type])),
    reference: t.reference,
    balance_after: derivedView(account, after),
  };
}

function trialBalanceLineView(line: TrialBalanceLine) {
  return { currency: line.currency, accounts: line.accounts, ...balancesView(line), balanced: line.balanced };
}

export function trialBalanceView(lines: TrialBalanceLine[], at: Date) {
  return {
    object: 'ledger_trial_balance' as const,
    created: unixSeconds(at),
    balanced: lines.every((l) => l.balanced),
    currencies: lines.map(trialBalanceLineView),
  };
}

export function reconciliationView(report: ReconciliationReport, at: Date) {
  return {
    object: 'ledger_reconciliation' as const,
    created: unixSeconds(at),
    ok: report.ok,
    accounts_checked: report.accountsChecked,
    transfers_checked: report.transfersChecked,
    /** Accounts whose stored balances differ from their transfers (first 100). */
    differences: report.differences.map((d) => ({
      account: d.accountId,
      stored: balancesView(d.stored),
      from_transfers: balancesView(d.replayed),
      recorded_by_last_transfer: balancesView(d.recorded),
    })),
    hold_mismatches: report.holdMismatches.map((h) => ({ transfer: h.transferId, problem: h.problem })),
    trial_balance: report.trialBalance.map(trialBalanceLineView),
  };
}
