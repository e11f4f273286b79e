// The ledger's use cases. Other capabilities post through this service only;
// it knows nothing about payments or wallets.
//
// Posting: LedgerService validates shapes in TypeScript, then one call of
// ledger_post_entries() locks, checks and writes. Inside a caller's
// transaction (a payment's state change, its outbox rows and its postings
// commit together) that call joins the transaction; outside one, postings go
// through the PostingBatcher (group commit).
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { newId } from '../common/ids';
import { isSupportedCurrency } from '../common/money';
import { metadataProblem } from '../common/validation';
import { AppConfig } from '../config/configuration';
import { DatabaseService } from '../database/database.service';
import { Prisma } from '../generated/prisma/client';
import type { Sql } from '../database/sql';
import { OutboxService } from '../outbox/outbox.service';
import { QUEUE_NAMES } from '../queues/queue-names';
import {
  type Balances,
  type EntryResult,
  expiryTransferId,
  LEDGER_ACCOUNT_TYPES,
  type LedgerAccountType,
  LedgerError,
  MAX_TRANSFERS_PER_BATCH,
  prepareEntry,
  type StoredTransfer,
  type TransferKind,
  type TransferRequest,
} from './ledger.model';
import { textArray } from '../database/sql';
import { PostingBatcher, type PreparedEntry } from './posting-batcher';

export const LEDGER_JOBS = { expirePending: 'expire-pending' } as const;

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

type TransferRow = {
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

type PostRow = TransferRow & {
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

@Injectable()
export class LedgerService implements OnApplicationShutdown {
  private readonly batcher: PostingBatcher;
  private accountPool?: pg.Pool;
  private readonly logger = new Logger(LedgerService.name);
  /** Batches whose statement failed as a whole (see PostingBatcher); tests assert it stays 0. */
  statementFailures = 0;

  constructor(
    private readonly db: DatabaseService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
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

  // ---- accounts -------------------------------------------------------------

  /**
   * Opens an account. With an owner, (owner, code, currency) names it and
   * opening is idempotent: the same request returns the existing account, a
   * different type or flags is an `account_exists` conflict.
   */
  async openAccount(input: OpenAccountInput): Promise<LedgerAccountRecord> {
    const problem = accountInputProblem(input);
    if (problem) throw problem;
    const data = {
      id: newId('ledgerAccount'),
      currency: input.currency,
      type: input.type,
      code: input.code ?? 0,
      ownerRef: input.ownerRef ?? null,
      debitsMustNotExceedCredits: input.debitsMustNotExceedCredits ?? false,
      creditsMustNotExceedDebits: input.creditsMustNotExceedDebits ?? false,
      metadata: input.metadata ?? {},
    };
    const client = this.db.client;
    if (data.ownerRef === null) return accountRecord(await client.ledgerAccount.create({ data }));
    await client.ledgerAccount.createMany({ data: [data], skipDuplicates: true });
    const account = accountRecord(
      await client.ledgerAccount.findUniqueOrThrow({
        where: { ownerRef_code_currency: { ownerRef: data.ownerRef, code: data.code, currency: data.currency } },
      }),
    );
    if (
      account.type !== data.type ||
      account.debitsMustNotExceedCredits !== data.debitsMustNotExceedCredits ||
      account.creditsMustNotExceedDebits !== data.creditsMustNotExceedDebits
    ) {
      throw new LedgerError(
        'account_exists',
        `Ledger account ${account.id} exists for ${data.ownerRef} (code ${data.code}, ${data.currency}) with a different type or flags.`,
      );
    }
    return account;
  }

  /**
   * Opens (or finds) an owned account and commits it at once, on a small pool
   * of the ledger's own: callers use it from inside their transactions to
   * open an account on first use without ever waiting for a connection that
   * their own transaction (or their neighbours') holds. Returns the id.
   */
  async openAccountCommitted(input: OpenAccountInput & { ownerRef: string }): Promise<string> {
    const problem = accountInputProblem(input);
    if (problem) throw problem;
    if (!this.accountPool) {
      this.accountPool = new pg.Pool({ connectionString: this.config.databaseUrl, max: 2 });
      // An idle connection dropped by the server must not crash the process.
      this.accountPool.on('error', (error) =>
        this.logger.warn(`idle ledger account connection failed: ${error.message}`),
      );
    }
    const code = input.code ?? 0;
    const dmnec = input.debitsMustNotExceedCredits ?? false;
    const cmned = input.creditsMustNotExceedDebits ?? false;
    await this.accountPool.query(
      `INSERT INTO ledger_accounts (id, currency, type, code, owner_ref, debits_must_not_exceed_credits,
                                    credits_must_not_exceed_debits, metadata)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (owner_ref, code, currency) DO NOTHING`,
      [newId('ledgerAccount'), input.currency, input.type, code, input.ownerRef, dmnec, cmned, input.metadata ?? {}],
    );
    const { rows } = await this.accountPool.query<{ id: string; type: string; dmnec: boolean; cmned: boolean }>(
      `SELECT id, type, debits_must_not_exceed_credits AS dmnec, credits_must_not_exceed_debits AS cmned
         FROM ledger_accounts WHERE owner_ref = $1 AND code = $2 AND currency = $3`,
      [input.ownerRef, code, input.currency],
    );
    const account = rows[0];
    if (account.type !== input.type || account.dmnec !== dmnec || account.cmned !== cmned) {
      throw new LedgerError(
        'account_exists',
        `Ledger account ${account.id} exists for ${input.ownerRef} (code ${code}, ${input.currency}) with a different type or flags.`,
      );
    }
    return account.id;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.accountPool?.end();
  }

  /** Closes an account with no pending balance. Closed accounts take no new transfers. */
  async closeAccount(id: string): Promise<LedgerAccountRecord> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM ledger_accounts WHERE id = ${id} FOR UPDATE`;
      if (rows.length === 0) throw new LedgerError('account_not_found', `No ledger account ${id}.`);
      const account = accountRecord(await tx.ledgerAccount.findUniqueOrThrow({ where: { id } }));
      if (account.status === 'closed') return account;
      if (account.debitsPending !== 0n || account.creditsPending !== 0n) {
        throw new LedgerError('account_has_pending', `Ledger account ${id} has pending transfers; resolve them first.`);
      }
      return accountRecord(await tx.ledgerAccount.update({ where: { id }, data: { status: 'closed' } }));
    });
  }

  async getAccount(id: string): Promise<LedgerAccountRecord | null> {
    const account = await this.db.client.ledgerAccount.findUnique({ where: { id } });
    return account ? accountRecord(account) : null;
  }

  /**
   * The id of the owned account (owner, code, currency), or null if it was
   * never opened; opens nothing. Plain SQL, so it joins the caller's
   * transaction, plain or Prisma.
   */
  async findAccountId(ownerRef: string, code: number, currency: string): Promise<string | null> {
    const [row] = await this.db.sql.query<{ id: string }>(
      'SELECT id FROM ledger_accounts WHERE owner_ref = $1::text AND code = $2::int AND currency = $3::text',
      [ownerRef, code, currency],
    );
    return row?.id ?? null;
  }

  async findAccount(ownerRef: string, code: number, currency: string): Promise<LedgerAccountRecord | null> {
    const account = await this.db.client.ledgerAccount.findUnique({
      where: { ownerRef_code_currency: { ownerRef, code, currency } },
    });
    return account ? accountRecord(account) : null;
  }

  // ---- posting --------------------------------------------------------------

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
   * Posts the entries with the open transaction's COMMIT, in its round trip
   * (Sql.deferLast): a hot account (a merchant's, the fee revenue) is then
   * locked for no client round trip. Nobody sees the outcome, so the caller
   * must have decided on a fresh read that the entries can post (a wallet's
   * balance); an entry that fails anyway, because that read raced with
   * another posting, fails the whole transaction with SQLSTATE TL001, which
   * DatabaseService retries: the retry reads afresh and decides again.
   * Pending transfers with a timeout are not accepted (their expiry job is
   * written from the posting's result).
   */
  postAtCommit(entries: readonly (readonly TransferRequest[])[]): void {
    if (!this.db.inTransaction) throw new Error('postAtCommit needs an open transaction');
    // A batch that declined everything posts nothing, and sends no statement for it.
    if (entries.length === 0) return;
    const prepared = entries.map((transfers): PreparedEntry => {
      const result = prepareEntry(transfers, { maxAmount: this.config.maxAmount });
      if (result instanceof LedgerError) throw result;
      if (result.some((t) => t.timeout_seconds !== null)) {
        throw new LedgerError('invalid_entry', 'postAtCommit does not take pending transfers with a timeout.');
      }
      return { entryId: newId('ledgerEntry'), transfers: result };
    });
    this.db.sql.deferLast('SELECT ledger_post_entries_or_raise($1::jsonb)', [postingInput(prepared)]);
  }

  /**
   * Locks the accounts (FOR UPDATE, in id order, as a posting does) and
   * reads their balances, for a caller that decides several postings in one
   * transaction before making them (with postAtCommit): nothing else can
   * change these balances before its COMMIT.
   */
  async lockBalances(accountIds: readonly string[]): Promise<Map<string, Balances>> {
    if (!this.db.inTransaction) throw new Error('lockBalances needs an open transaction');
    const rows = await this.db.sql.query<{ id: string } & Balances>(
      `SELECT id, debits_pending AS "debitsPending", debits_posted AS "debitsPosted",
              credits_pending AS "creditsPending", credits_posted AS "creditsPosted"
         FROM ledger_accounts WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
      [textArray(accountIds)],
    );
    return new Map(rows.map(({ id, ...balances }) => [id, balances]));
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

  // ---- reads ----------------------------------------------------------------

  async getTransfer(id: string): Promise<StoredTransfer | null> {
    const rows = await this.db.client.$queryRaw<TransferRow[]>`SELECT * FROM ledger_transfers WHERE id = ${id}`;
    return rows.length > 0 ? transferFromRow(rows[0]) : null;
  }

  /** For a pending transfer: how it was resolved, and by which transfer. */
  async pendingStatus(pendingId: string): Promise<{ status: PendingStatus; resolvedBy: string | null }> {
    const rows = await this.db.client.$queryRaw<{ id: string; kind: TransferKind }[]>`
      SELECT id, kind FROM ledger_transfers WHERE pending_id = ${pendingId}`;
    if (rows.length === 0) return { status: 'pending', resolvedBy: null };
    const status: PendingStatus =
      rows[0].kind === 'post_pending' ? 'posted' : rows[0].kind === 'void_pending' ? 'voided' : 'expired';
    return { status, resolvedBy: rows[0].id };
  }

  /** The id of the transfer that reversed `id`, if any. */
  async reversedBy(id: string): Promise<string | null> {
    const rows = await this.db.client.$queryRaw<{ id: string }[]>`
      SELECT id FROM ledger_transfers WHERE reverses_id = ${id}`;
    return rows[0]?.id ?? null;
  }

  /**
   * An account's four balances as they were at `at`: read from the last
   * transfer touching it at or before then (each transfer records both
   * accounts' balances after it), zero before its first.
   */
  async balancesAt(accountId: string, at: Date): Promise<Balances> {
    const rows = await this.db.client.$queryRaw<TransferRow[]>`
      SELECT * FROM (
        (SELECT * FROM ledger_transfers WHERE debit_account_id = ${accountId} AND created_at <= ${at}
          ORDER BY created_at DESC, seq DESC LIMIT 1)
        UNION ALL
        (SELECT * FROM ledger_transfers WHERE credit_account_id = ${accountId} AND created_at <= ${at}
          ORDER BY created_at DESC, seq DESC LIMIT 1)
      ) last ORDER BY seq DESC LIMIT 1`;
    if (rows.length === 0) return { debitsPending: 0n, debitsPosted: 0n, creditsPending: 0n, creditsPosted: 0n };
    const transfer = transferFromRow(rows[0]);
    return transfer.debitAccountId === accountId ? transfer.debitAccountAfter : transfer.creditAccountAfter;
  }

  /**
   * A page of the transfers touching an account, newest first (or, with
   * `after`, the page older than that transfer; with `before`, newer).
   */
  async accountTransfers(
    accountId: string,
    page: { limit: number; startingAfter?: StoredTransfer; endingBefore?: StoredTransfer },
  ): Promise<{ transfers: StoredTransfer[]; hasMore: boolean }> {
    const take = page.limit + 1;
    const cursor = page.startingAfter ?? page.endingBefore;
    const newer = page.endingBefore !== undefined;
    const bound = cursor
      ? newer
        ? Prisma.sql`AND (created_at, seq) > (${cursor.createdAt}, ${cursor.seq})`
        : Prisma.sql`AND (created_at, seq) < (${cursor.createdAt}, ${cursor.seq})`
      : Prisma.empty;
    const order = newer ? Prisma.sql`ASC` : Prisma.sql`DESC`;
    const rows = await this.db.client.$queryRaw<TransferRow[]>`
      SELECT * FROM (
        (SELECT * FROM ledger_transfers WHERE debit_account_id = ${accountId} ${bound}
          ORDER BY created_at ${order}, seq ${order} LIMIT ${take})
        UNION ALL
        (SELECT * FROM ledger_transfers WHERE credit_account_id = ${accountId} ${bound}
          ORDER BY created_at ${order}, seq ${order} LIMIT ${take})
      ) page ORDER BY created_at ${order}, seq ${order} LIMIT ${take}`;
    const transfers = rows.map(transferFromRow);
    const hasMore = transfers.length > page.limit;
    const pageRows = transfers.slice(0, page.limit);
    if (newer) pageRows.reverse();
    return { transfers: pageRows, hasMore };
  }

  /** Totals per currency: in a sound ledger, debits equal credits, posted and pending. */
  async trialBalance(): Promise<TrialBalanceLine[]> {
    const rows = await this.db.client.$queryRaw<
      {
        currency: string;
        accounts: bigint;
        debits_pending: bigint;
        debits_posted: bigint;
        credits_pending: bigint;
        credits_posted: bigint;
      }[]
    >`
      SELECT currency, count(*)::bigint AS accounts,
             coalesce(sum(debits_pending), 0)::bigint AS debits_pending,
             coalesce(sum(debits_posted), 0)::bigint AS debits_posted,
             coalesce(sum(credits_pending), 0)::bigint AS credits_pending,
             coalesce(sum(credits_posted), 0)::bigint AS credits_posted
        FROM ledger_accounts GROUP BY currency ORDER BY currency`;
    return rows.map((r) => ({
      currency: r.currency,
      accounts: Number(r.accounts),
      debitsPending: BigInt(r.debits_pending),
      debitsPosted: BigInt(r.debits_posted),
      creditsPending: BigInt(r.credits_pending),
      creditsPosted: BigInt(r.credits_posted),
      balanced: r.debits_posted === r.credits_posted && r.debits_pending === r.credits_pending,
    }));
  }

  /**
   * Recomputes every account's balances from the transfers and compares them
   * with the stored balances and with the balances the account's last
   * transfer recorded; also checks the open-holds table against the pending
   * transfers. Read-only, in one REPEATABLE READ snapshot so concurrent
   * postings cannot make it report a false difference.
   */
  async reconcile(): Promise<ReconciliationReport> {
    return this.db.transaction(
      async (tx) => {
        const differences = await tx.$queryRaw<ReconciliationDifferenceRow[]>`
          WITH legs AS (
            SELECT t.debit_account_id AS account_id,
                   CASE t.kind WHEN 'pending' THEN t.amount WHEN 'posted' THEN 0 ELSE -p.amount END AS dp,
                   CASE WHEN t.kind IN ('posted', 'post_pending') THEN t.amount ELSE 0 END AS dpo,
                   0::bigint AS cp, 0::bigint AS cpo
              FROM ledger_transfers t LEFT JOIN ledger_transfers p ON p.id = t.pending_id
            UNION ALL
            SELECT t.credit_account_id,
                   0, 0,
                   CASE t.kind WHEN 'pending' THEN t.amount WHEN 'posted' THEN 0 ELSE -p.amount END,
                   CASE WHEN t.kind IN ('posted', 'post_pending') THEN t.amount ELSE 0 END
              FROM ledger_transfers t LEFT JOIN ledger_transfers p ON p.id = t.pending_id
          ),
          replayed AS (
            SELECT account_id, sum(dp)::bigint AS dp, sum(dpo)::bigint AS dpo, sum(cp)::bigint AS cp,
                   sum(cpo)::bigint AS cpo
              FROM legs GROUP BY account_id
          ),
          last_recorded AS (
            SELECT DISTINCT ON (account_id) account_id, dp, dpo, cp, cpo FROM (
              SELECT debit_account_id AS account_id, seq, dr_debits_pending_after AS dp, dr_debits_posted_after AS dpo,
                     dr_credits_pending_after AS cp, dr_credits_posted_after AS cpo FROM ledger_transfers
              UNION ALL
              SELECT credit_account_id, seq, cr_debits_pending_after, cr_debits_posted_after,
                     cr_credits_pending_after, cr_credits_posted_after FROM ledger_transfers
            ) x ORDER BY account_id, seq DESC
          )
          SELECT a.id AS account_id,
                 a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted,
                 coalesce(r.dp, 0)::bigint AS replayed_debits_pending, coalesce(r.dpo, 0)::bigint AS replayed_debits_posted,
                 coalesce(r.cp, 0)::bigint AS replayed_credits_pending, coalesce(r.cpo, 0)::bigint AS replayed_credits_posted,
                 coalesce(l.dp, 0)::bigint AS recorded_debits_pending, coalesce(l.dpo, 0)::bigint AS recorded_debits_posted,
                 coalesce(l.cp, 0)::bigint AS recorded_credits_pending, coalesce(l.cpo, 0)::bigint AS recorded_credits_posted
            FROM ledger_accounts a
            LEFT JOIN replayed r ON r.account_id = a.id
            LEFT JOIN last_recorded l ON l.account_id = a.id
           WHERE (a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted)
                 IS DISTINCT FROM (coalesce(r.dp, 0), coalesce(r.dpo, 0), coalesce(r.cp, 0), coalesce(r.cpo, 0))
              OR (a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted)
                 IS DISTINCT FROM (coalesce(l.dp, 0), coalesce(l.dpo, 0), coalesce(l.cp, 0), coalesce(l.cpo, 0))
           ORDER BY a.id
           LIMIT 100`;
        const [counts] = await tx.$queryRaw<{ accounts: bigint; transfers: bigint }[]>`
          SELECT (SELECT count(*) FROM ledger_accounts)::bigint AS accounts,
                 (SELECT count(*) FROM ledger_transfers)::bigint AS transfers`;
        const holdMismatches = await tx.$queryRaw<{ transfer_id: string; problem: string }[]>`
          SELECT t.id AS transfer_id, 'unresolved pending transfer has no open hold' AS problem
            FROM ledger_transfers t
           WHERE t.kind = 'pending'
             AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = t.id)
             AND NOT EXISTS (SELECT 1 FROM ledger_open_holds h WHERE h.transfer_id = t.id)
          UNION ALL
          SELECT h.transfer_id, 'open hold for a resolved or missing pending transfer'
            FROM ledger_open_holds h
           WHERE EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = h.transfer_id)
          LIMIT 100`;
        const trialBalance = await this.trialBalance();
        return {
          accountsChecked: Number(counts.accounts),
          transfersChecked: Number(counts.transfers),
          differences: differences.map(differenceFromRow),
          holdMismatches: holdMismatches.map((h) => ({ transferId: h.transfer_id, problem: h.problem })),
          trialBalance,
          ok: differences.length === 0 && holdMismatches.length === 0 && trialBalance.every((line) => line.balanced),
        };
      },
      { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeoutMs: 120_000 },
    );
  }

  /** Accounts, newest first, for the operator. */
  async listAccounts(filter: {
    currency?: string;
    ownerRef?: string;
    idFilter?: { lt?: string; gt?: string };
    orderBy: 'asc' | 'desc';
    take: number;
  }): Promise<LedgerAccountRecord[]> {
    const accounts = await this.db.client.ledgerAccount.findMany({
      where: {
        ...(filter.currency ? { currency: filter.currency } : {}),
        ...(filter.ownerRef ? { ownerRef: filter.ownerRef } : {}),
        ...(filter.idFilter ? { id: filter.idFilter } : {}),
      },
      orderBy: { id: filter.orderBy },
      take: filter.take,
    });
    return accounts.map(accountRecord);
  }
}

export interface TrialBalanceLine extends Balances {
  currency: string;
  accounts: number;
  balanced: boolean;
}

type ReconciliationDifferenceRow = {
  account_id: string;
  debits_pending: bigint;
  debits_posted: bigint;
  credits_pending: bigint;
  credits_posted: bigint;
  replayed_debits_pending: bigint;
  replayed_debits_posted: bigint;
  replayed_credits_pending: bigint;
  replayed_credits_posted: bigint;
  recorded_debits_pending: bigint;
  recorded_debits_posted: bigint;
  recorded_credits_pending: bigint;
  recorded_credits_posted: bigint;
};

export interface ReconciliationDifference {
  accountId: string;
  stored: Balances;
  /** Recomputed from every transfer. */
  replayed: Balances;
  /** As recorded by the account's last transfer. */
  recorded: Balances;
}

export interface ReconciliationReport {
  accountsChecked: number;
  transfersChecked: number;
  differences: ReconciliationDifference[];
  holdMismatches: { transferId: string; problem: string }[];
  trialBalance: TrialBalanceLine[];
  ok: boolean;
}

function differenceFromRow(r: ReconciliationDifferenceRow): ReconciliationDifference {
  const balances = (prefix: '' | 'replayed_' | 'recorded_'): Balances => ({
    debitsPending: BigInt(r[`${prefix}debits_pending`]),
    debitsPosted: BigInt(r[`${prefix}debits_posted`]),
    creditsPending: BigInt(r[`${prefix}credits_pending`]),
    creditsPosted: BigInt(r[`${prefix}credits_posted`]),
  });
  return {
    accountId: r.account_id,
    stored: balances(''),
    replayed: balances('replayed_'),
    recorded: balances('recorded_'),
  };
}

function accountRecord(a: {
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

function accountInputProblem(input: OpenAccountInput): LedgerError | null {
  const invalid = (param: string, message: string) => new LedgerError('invalid_account', message, param);
  if (!isSupportedCurrency(input.currency))
    return invalid('currency', `Unsupported currency: ${String(input.currency)}.`);
  if (!LEDGER_ACCOUNT_TYPES.includes(input.type))
    return invalid('type', `Unknown account type: ${String(input.type)}.`);
  if (input.code !== undefined && (!Number.isInteger(input.code) || input.code < 0 || input.code > 2_147_483_647)) {
    return invalid('code', 'The code is a non-negative 32-bit integer.');
  }
  if (
    input.ownerRef !== undefined &&
    (typeof input.ownerRef !== 'string' || input.ownerRef.length === 0 || input.ownerRef.length > 200)
  ) {
    return invalid('owner_ref', 'The owner reference is 1 to 200 characters.');
  }
  if (input.debitsMustNotExceedCredits && input.creditsMustNotExceedDebits) {
    return invalid('flags', 'An account has at most one of the two limit flags.');
  }
  if (input.metadata !== undefined) {
    const problem = metadataProblem(input.metadata);
    if (problem) return invalid('metadata', `metadata ${problem}`);
  }
  return null;
}

/** ledger_post_entries' input: every transfer with its entry's index and id, and its position. */
function postingInput(entries: readonly PreparedEntry[]): string {
  const input = entries.flatMap((entry, entryIndex) =>
    entry.transfers.map((t) => ({ ...t, entry: entryIndex, entry_id: entry.entryId })),
  );
  return JSON.stringify(input.map((t, pos) => ({ ...t, pos })));
}
