// Posting: LedgerPosting validates shapes in TypeScript, then one call of
// ledger_post_entries() locks, checks and writes. Inside a caller's
// transaction (a payment's state change, its outbox rows and its postings
// commit together) that call joins the transaction; outside one, postings go
// through the PostingBatcher (group commit). A transaction that decides many
// postings before making them asks for `decisions()` (ledger-decisions.ts).
import { Logger } from '@nestjs/common';
import { newId } from '../common/ids';
import { AppConfig } from '../config/configuration';
import { DatabaseService } from '../database/database.service';
import { textArray, type Sql } from '../database/sql';
import { OutboxService } from '../outbox/outbox.service';
import { QUEUE_NAMES } from '../queues/queue-names';
import { LedgerDecisions, type DecisionAccount } from './ledger-decisions';
import {
  type EntryResult,
  expiryTransferId,
  LedgerError,
  MAX_TRANSFERS_PER_BATCH,
  prepareEntry,
  type PreparedTransfer,
  type StoredTransfer,
  type TransferRequest,
} from './ledger.model';
import { transferFromRow, type PostedEntry, type PostRow } from './ledger-rows';
import { PostingBatcher, type PreparedEntry } from './posting-batcher';

export const LEDGER_JOBS = { expirePending: 'expire-pending' } as const;

/** An account as LedgerDecisions reads it (DecisionAccount). */
const DECISION_COLUMNS = `id, currency, status = 'closed' AS closed,
  debits_must_not_exceed_credits AS "debitsMustNotExceedCredits",
  credits_must_not_exceed_debits AS "creditsMustNotExceedDebits",
  debits_pending AS "debitsPending", debits_posted AS "debitsPosted",
  credits_pending AS "creditsPending", credits_posted AS "creditsPosted"`;

export class LedgerPosting {
  private readonly batcher: PostingBatcher;
  private readonly logger = new Logger('LedgerService');
  /** Batches whose statement failed as a whole (see PostingBatcher); tests assert it stays 0. */
  statementFailures = 0;
  /** Transactions (by their Sql) that have asked for decisions. */
  private readonly decidingTransactions = new WeakSet<Sql>();

  constructor(
    private readonly db: DatabaseService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    /** For a reversal: the transfer it reverses. */
    private readonly getTransfer: (id: string) => Promise<StoredTransfer | null>,
  ) {
    this.batcher = new PostingBatcher(
      (entries) => this.postOutsideTransaction(entries),
      config.ledgerMaxConcurrentBatches,
      (error, entries) => {
        // Never expected: domain problems are per-entry results, not errors.
        this.statementFailures++;
        this.logger.error(
          `a batch of ${entries} ledger entries failed as a whole; splitting it in halves: ${String(error)}`,
        );
      },
    );
  }

  /** Posts one entry (1..N transfers, all or none) or throws its LedgerError. */
  async postEntry(transfers: readonly TransferRequest[]): Promise<PostedEntry> {
    const [result] = await this.postEntries([transfers]);
    if (!result.ok) throw result.error;
    return { entryId: result.entryId, replayed: result.replayed, transfers: result.transfers };
  }

  /** Posts one single-transfer entry and returns the transfer. */
  async postTransfer(transfer: TransferRequest): Promise<StoredTransfer> {
    return (await this.postEntry([transfer])).transfers[0];
  }

  /**
   * Posts independent entries together; each succeeds or fails on its own
   * and the results come back in order. Inside a transaction the entries
   * join it (one statement); outside, they are group-committed.
   */
  async postEntries(entries: readonly (readonly TransferRequest[])[]): Promise<EntryResult[]> {
    const total = entries.reduce((sum, e) => sum + (Array.isArray(e) ? e.length : 0), 0);
    if (total > MAX_TRANSFERS_PER_BATCH) {
      throw new LedgerError('invalid_entry', `A batch has at most ${MAX_TRANSFERS_PER_BATCH} transfers.`, 'entries');
    }
    const results: (EntryResult | undefined)[] = new Array(entries.length);
    const valid: { index: number; entry: PreparedEntry }[] = [];
    const ids = new Set<string>();
    entries.forEach((transfers, index) => {
      const prepared = prepareEntry(transfers, { maxAmount: this.config.maxAmount });
      if (prepared instanceof LedgerError) {
        results[index] = { ok: false, error: prepared };
      } else if (prepared.some((t) => ids.has(t.id))) {
        results[index] = {
          ok: false,
          error: new LedgerError('invalid_entry', 'A transfer id appears in two entries of the batch.', 'entries'),
        };
      } else {
        prepared.forEach((t) => ids.add(t.id));
        valid.push({ index, entry: { entryId: newId('ledgerEntry'), transfers: prepared } });
      }
    });
    if (valid.length > 0) {
      const outcomes = this.db.inTransaction
        ? await this.postInTransaction(valid.map((v) => v.entry))
        : await Promise.all(valid.map((v) => this.batcher.submit(v.entry)));
      valid.forEach((v, i) => (results[v.index] = outcomes[i]));
    }
    return results as EntryResult[];
  }

  /**
   * Locks and reads the accounts for a transaction that decides several
   * postings before making them (see ledger-decisions.ts). The accounts whose
   * flags can refuse a debit or a credit are locked FOR UPDATE in id order,
   * as a posting locks them; the others (a merchant's pending balance, fee
   * revenue: hot accounts that refuse nothing but a closing) are only read,
   * and locked by the posting sent with COMMIT. The accepted postings are made just before COMMIT; if one is
   * refused there all the same (an unlocked account was closed meanwhile),
   * the transaction fails with SQLSTATE TL001 and DatabaseService runs it
   * again, to decide afresh.
   */
  async decisions(accountIds: readonly string[]): Promise<LedgerDecisions> {
    if (!this.db.inTransaction) throw new Error('ledger decisions need an open transaction');
    // A second set would read balances without the first one's entries, not posted yet.
    if (this.decidingTransactions.has(this.db.sql)) throw new Error('one set of ledger decisions per transaction');
    this.decidingTransactions.add(this.db.sql);
    const ids = [...new Set(accountIds)];
    // One statement. The constrained accounts are locked in id order (LockRows runs above the sort),
    // and FOR UPDATE returns each as the transaction it waited for left it; the others are read as
    // the statement found them.
    const rows =
      ids.length === 0
        ? []
        : await this.db.sql.query<DecisionAccount>(
            `WITH locked AS (
               SELECT ${DECISION_COLUMNS} FROM ledger_accounts
                WHERE id = ANY($1::text[]) AND (debits_must_not_exceed_credits OR credits_must_not_exceed_debits)
                ORDER BY id
                  FOR UPDATE
             )
             SELECT * FROM locked
             UNION ALL
             SELECT ${DECISION_COLUMNS} FROM ledger_accounts
              WHERE id = ANY($1::text[]) AND NOT (debits_must_not_exceed_credits OR credits_must_not_exceed_debits)`,
            [textArray(ids)],
          );
    const accounts = new Map<string, DecisionAccount | null>(ids.map((id) => [id, null]));
    for (const account of rows) accounts.set(account.id, account);
    // Each accepted entry is queued by a commit hook of its own, so a rollback to a savepoint
    // taken before it drops it with the rest; the queued entries are posted last, in one statement.
    const toPost: PreparedTransfer[][] = [];
    const decisions = new LedgerDecisions(
      accounts,
      (transfers) => prepareEntry(transfers, { maxAmount: this.config.maxAmount }),
      (entry) => this.db.beforeCommit(() => toPost.push(entry)),
    );
    this.db.beforeCommit(() => this.postAtCommit(toPost), { last: true });
    return decisions;
  }

  /**
   * Sends the accepted entries with the transaction's COMMIT, in its round
   * trip (Sql.deferLast): a hot account is then locked for no client round
   * trip. An entry refused there fails the transaction (TL001).
   */
  private postAtCommit(entries: readonly PreparedTransfer[][]): void {
    // A batch that declined everything posts nothing, and sends no statement for it.
    if (entries.length === 0) return;
    const prepared = entries.map((transfers): PreparedEntry => ({ entryId: newId('ledgerEntry'), transfers }));
    this.db.sql.deferLast('SELECT ledger_post_entries_or_raise($1::jsonb)', [postingInput(prepared)]);
  }

  /** Posts all or part of a pending transfer; the rest of the hold is released. */
  postPending(id: string, pendingId: string, amount?: bigint): Promise<StoredTransfer> {
    return this.postTransfer({ id, kind: 'post_pending', pendingId, ...(amount !== undefined ? { amount } : {}) });
  }

  voidPending(id: string, pendingId: string): Promise<StoredTransfer> {
    return this.postTransfer({ id, kind: 'void_pending', pendingId });
  }

  /**
   * Corrects a posted transfer with a new one that moves the same amount
   * back (transfers are never changed). Each transfer is reversed at most once.
   */
  async reverseTransfer(
    id: string,
    originalId: string,
    details: { code?: number; reference?: string; metadata?: Record<string, string> } = {},
  ): Promise<StoredTransfer> {
    const original = await this.getTransfer(originalId);
    if (!original) throw new LedgerError('transfer_not_found', `No transfer ${originalId} to reverse.`, 'reverses_id');
    return this.postTransfer({
      id,
      kind: 'posted',
      debitAccountId: original.creditAccountId,
      creditAccountId: original.debitAccountId,
      amount: original.amount,
      currency: original.currency,
      reversesId: original.id,
      code: details.code ?? original.code,
      ...(details.reference !== undefined ? { reference: details.reference } : {}),
      ...(details.metadata !== undefined ? { metadata: details.metadata } : {}),
    });
  }

  /**
   * Releases one pending transfer past its timeout (the delayed job's work).
   * The expiry's id is derived from the pending transfer's, so a second run
   * replays the first.
   */
  async expirePending(pendingId: string): Promise<'expired' | 'already_resolved' | 'not_expired'> {
    const [result] = await this.postEntries([[{ id: expiryTransferId(pendingId), kind: 'expire_pending', pendingId }]]);
    if (result.ok) return 'expired';
    if (result.error.code === 'pending_transfer_already_resolved') return 'already_resolved';
    if (result.error.code === 'pending_transfer_not_expired') return 'not_expired';
    throw result.error;
  }

  /** The sweeper: releases every hold past its timeout, a batch at a time. */
  async expireDueHolds(batchSize = 500): Promise<number> {
    let expired = 0;
    for (;;) {
      const due = await this.db.prisma.$queryRaw<{ transfer_id: string }[]>`
        SELECT transfer_id FROM ledger_open_holds
         WHERE expires_at <= clock_timestamp() ORDER BY expires_at LIMIT ${batchSize}`;
      if (due.length === 0) return expired;
      const results = await this.postEntries(
        due.map((d) => [
          { id: expiryTransferId(d.transfer_id), kind: 'expire_pending' as const, pendingId: d.transfer_id },
        ]),
      );
      const done = results.filter((r) => r.ok || r.error.code === 'pending_transfer_already_resolved').length;
      expired += results.filter((r) => r.ok && !r.replayed).length;
      // A row that could not be expired (it should not happen) must not loop forever.
      if (done < due.length || due.length < batchSize) return expired;
    }
  }

  private async postOutsideTransaction(entries: PreparedEntry[]): Promise<EntryResult[]> {
    return this.db.outsideTransaction(() => {
      // A pending transfer with a timeout also writes its expiry job to the
      // outbox, which needs a transaction; everything else is one statement.
      const needsOutbox = entries.some((e) => e.transfers.some((t) => t.timeout_seconds !== null));
      if (needsOutbox) return this.db.sqlTransaction(() => this.postInTransaction(entries), { maxAttempts: 1 });
      return this.callPostEntries(this.db.sql, entries);
    });
  }

  private async postInTransaction(entries: PreparedEntry[]): Promise<EntryResult[]> {
    const results = await this.callPostEntries(this.db.sql, entries);
    for (const result of results) {
      if (!result.ok || result.replayed) continue;
      for (const transfer of result.transfers) {
        if (transfer.kind === 'pending' && transfer.expiresAt) {
          this.outbox.enqueue(this.db.sql, {
            queue: QUEUE_NAMES.ledger,
            name: LEDGER_JOBS.expirePending,
            payload: { pendingId: transfer.id },
            runAt: transfer.expiresAt,
          });
        }
      }
    }
    return results;
  }

  private async callPostEntries(sql: Sql, entries: PreparedEntry[]): Promise<EntryResult[]> {
    const rows = await sql.query<PostRow>('SELECT * FROM ledger_post_entries($1::jsonb)', [postingInput(entries)]);
    const byEntry = new Map<number, PostRow[]>();
    for (const row of rows) {
      const list = byEntry.get(row.entry_index) ?? [];
      list.push(row);
      byEntry.set(row.entry_index, list);
    }
    return entries.map((entry, index): EntryResult => {
      const entryRows = byEntry.get(index);
      if (!entryRows || entryRows.length === 0)
        throw new Error(`ledger_post_entries returned nothing for entry ${index}`);
      const first = entryRows[0];
      if (first.outcome === 'failed') {
        return {
          ok: false,
          error: new LedgerError(
            first.error_code ?? 'unknown',
            first.error_message ?? '',
            first.error_transfer_id ?? undefined,
          ),
        };
      }
      return {
        ok: true,
        // A replayed entry keeps the id it was first posted with.
        entryId: first.entry_id,
        replayed: first.outcome === 'replayed',
        transfers: entryRows.map(transferFromRow),
      };
    });
  }
}

/** ledger_post_entries' input: every transfer with its entry's index and id, and its position. */
function postingInput(entries: readonly PreparedEntry[]): string {
  const input = entries.flatMap((entry, entryIndex) =>
    entry.transfers.map((t) => ({ ...t, entry: entryIndex, entry_id: entry.entryId })),
  );
  return JSON.stringify(input.map((t, pos) => ({ ...t, pos })));
}
