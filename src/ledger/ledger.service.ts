// The ledger's public API: the only way into ledger_* tables. Other
// capabilities open and find accounts, post entries, decide batches of
// postings and read balances and statements through this service, in the
// ledger's own vocabulary (accounts, transfers, balances); it knows nothing
// about payments or wallets. The work is done by four parts, one job each:
// accounts (ledger-accounts.ts), posting and decisions (ledger-posting.ts,
// ledger-decisions.ts), reads (ledger-queries.ts) and reconciliation
// (ledger-reconciliation.ts).
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/configuration';
import { DatabaseService } from '../database/database.service';
import { OutboxService } from '../outbox/outbox.service';
import { LedgerAccounts, type OwnedAccount, type OwnedAccountInput } from './ledger-accounts';
import type { LedgerDecisions } from './ledger-decisions';
import type { Balances, EntryResult, StoredTransfer, TransferRequest } from './ledger.model';
import { LedgerPosting } from './ledger-posting';
import {
  LedgerQueries,
  type OwnedBalances,
  type StatementFilter,
  type StatementLine,
  type TrialBalanceLine,
} from './ledger-queries';
import { LedgerReconciliation, type ReconciliationReport, type SubledgerCheck } from './ledger-reconciliation';
import type { LedgerAccountRecord, OpenAccountInput, PendingStatus, PostedEntry } from './ledger-rows';

export { LEDGER_JOBS } from './ledger-posting';
export type { Decision, LedgerDecisions } from './ledger-decisions';
export type { OwnedAccount, OwnedAccountInput } from './ledger-accounts';
export type { OwnedBalances, StatementFilter, StatementLine, TrialBalanceLine } from './ledger-queries';
export type { SubledgerCheck, SubledgerDifference } from './ledger-reconciliation';
export type { ReconciliationDifference, ReconciliationReport } from './ledger-reconciliation';
export type { LedgerAccountRecord, OpenAccountInput, PendingStatus, PostedEntry } from './ledger-rows';
export { transferFromRow } from './ledger-rows';

@Injectable()
export class LedgerService {
  private readonly accounts: LedgerAccounts;
  private readonly posting: LedgerPosting;
  private readonly queries: LedgerQueries;
  private readonly reconciliation: LedgerReconciliation;

  constructor(db: DatabaseService, outbox: OutboxService, config: AppConfig) {
    this.accounts = new LedgerAccounts(db);
    this.queries = new LedgerQueries(db);
    this.posting = new LedgerPosting(db, outbox, config, (id) => this.queries.getTransfer(id));
    this.reconciliation = new LedgerReconciliation(db, this.queries);
  }

  /** Batches whose statement failed as a whole (see PostingBatcher); tests assert it stays 0. */
  get statementFailures(): number {
    return this.posting.statementFailures;
  }

  // ---- accounts -------------------------------------------------------------

  /** Opens an account (idempotent for an owned one; a different type or flags is `account_exists`). */
  openAccount(input: OpenAccountInput): Promise<LedgerAccountRecord> {
    return this.accounts.openAccount(input);
  }

  /** The owned account's id, opened in the caller's transaction on first use. */
  accountId(input: OwnedAccountInput): Promise<string> {
    return this.accounts.accountId(input);
  }

  /** The owned account's id, or null if it was never opened; opens nothing. */
  existingAccountId(ownerRef: string, code: number, currency: string): Promise<string | null> {
    return this.accounts.existingAccountId(ownerRef, code, currency);
  }

  /** The open accounts of these owners with this code, in every currency. */
  openAccountsOf(ownerRefs: readonly string[], code: number): Promise<OwnedAccount[]> {
    return this.accounts.openAccountsOf(ownerRefs, code);
  }

  /** Closes an account with no pending balance. Closed accounts take no new transfers. */
  closeAccount(id: string): Promise<LedgerAccountRecord> {
    return this.accounts.closeAccount(id);
  }

  getAccount(id: string): Promise<LedgerAccountRecord | null> {
    return this.accounts.getAccount(id);
  }

  findAccountId(ownerRef: string, code: number, currency: string): Promise<string | null> {
    return this.accounts.findAccountId(ownerRef, code, currency);
  }

  findAccount(ownerRef: string, code: number, currency: string): Promise<LedgerAccountRecord | null> {
    return this.accounts.findAccount(ownerRef, code, currency);
  }

  listAccounts(filter: Parameters<LedgerAccounts['listAccounts']>[0]): Promise<LedgerAccountRecord[]> {
    return this.accounts.listAccounts(filter);
  }

  // ---- posting --------------------------------------------------------------

  /** Posts one entry (1..N transfers, all or none) or throws its LedgerError. */
  postEntry(transfers: readonly TransferRequest[]): Promise<PostedEntry> {
    return this.posting.postEntry(transfers);
  }

  /** Posts one single-transfer entry and returns the transfer. */
  postTransfer(transfer: TransferRequest): Promise<StoredTransfer> {
    return this.posting.postTransfer(transfer);
  }

  /** Posts independent entries together; each succeeds or fails on its own, results in order. */
  postEntries(entries: readonly (readonly TransferRequest[])[]): Promise<EntryResult[]> {
    return this.posting.postEntries(entries);
  }

  /** Locks and reads accounts for a transaction that decides many postings before making them at COMMIT. */
  decisions(accountIds: readonly string[]): Promise<LedgerDecisions> {
    return this.posting.decisions(accountIds);
  }

  /** Posts all or part of a pending transfer; the rest of the hold is released. */
  postPending(id: string, pendingId: string, amount?: bigint): Promise<StoredTransfer> {
    return this.posting.postPending(id, pendingId, amount);
  }

  voidPending(id: string, pendingId: string): Promise<StoredTransfer> {
    return this.posting.voidPending(id, pendingId);
  }

  /** Corrects a posted transfer with a new one that moves the same amount back. */
  reverseTransfer(
    id: string,
    originalId: string,
    details: { code?: number; reference?: string; metadata?: Record<string, string> } = {},
  ): Promise<StoredTransfer> {
    return this.posting.reverseTransfer(id, originalId, details);
  }

  /** Releases one pending transfer past its timeout (the delayed job's work). */
  expirePending(pendingId: string): Promise<'expired' | 'already_resolved' | 'not_expired'> {
    return this.posting.expirePending(pendingId);
  }

  /** The sweeper: releases every hold past its timeout, a batch at a time. */
  expireDueHolds(batchSize?: number): Promise<number> {
    return this.posting.expireDueHolds(batchSize);
  }

  // ---- reads ----------------------------------------------------------------

  getTransfer(id: string): Promise<StoredTransfer | null> {
    return this.queries.getTransfer(id);
  }

  /** For a pending transfer: how it was resolved, and by which transfer. */
  pendingStatus(pendingId: string): Promise<{ status: PendingStatus; resolvedBy: string | null }> {
    return this.queries.pendingStatus(pendingId);
  }

  /** The id of the transfer that reversed `id`, if any. */
  reversedBy(id: string): Promise<string | null> {
    return this.queries.reversedBy(id);
  }

  /** An account's four balances as they were at `at`. */
  balancesAt(accountId: string, at: Date): Promise<Balances> {
    return this.queries.balancesAt(accountId, at);
  }

  /** A page of the transfers touching an account, newest first. */
  accountTransfers(
    accountId: string,
    page: Parameters<LedgerQueries['accountTransfers']>[1],
  ): Promise<{ transfers: StoredTransfer[]; hasMore: boolean }> {
    return this.queries.accountTransfers(accountId, page);
  }

  /** The balances of every account an owner has with this code, by currency. */
  ownedBalances(ownerRef: string, code: number): Promise<OwnedBalances[]> {
    return this.queries.ownedBalances(ownerRef, code);
  }

  /** A page of an account's statement with its balances after each line; null for a foreign cursor. */
  accountStatement(
    accountId: string,
    filter: StatementFilter,
    page: { limit: number; startingAfter?: string; endingBefore?: string },
  ): Promise<{ lines: StatementLine[]; hasMore: boolean } | null> {
    return this.queries.accountStatement(accountId, filter, page);
  }

  /** Totals per currency: in a sound ledger, debits equal credits, posted and pending. */
  trialBalance(): Promise<TrialBalanceLine[]> {
    return this.queries.trialBalance();
  }

  // ---- reconciliation -------------------------------------------------------

  /** Checks stored balances against the transfers, and the open holds against the pending transfers. */
  reconcile(): Promise<ReconciliationReport> {
    return this.reconciliation.reconcile();
  }

  /** Adds a capability's check of its own records against ledger accounts to every reconciliation. */
  registerSubledgerCheck(check: SubledgerCheck): void {
    this.reconciliation.register(check);
  }

  /** The balances of every account with this code (any owner, any currency): for subledger checks. */
  balancesByCode(code: number): Promise<(OwnedBalances & { ownerRef: string | null })[]> {
    return this.queries.balancesByCode(code);
  }
}
