// The ledger's reads: transfers, an account's history and balances at a
// time, the trial balance, and the views the layers above need in the
// ledger's own vocabulary (an owner's balances, an account's statement).
import { Prisma } from '../generated/prisma/client';
import { DatabaseService } from '../database/database.service';
import { textArray } from '../database/sql';
import {
  transferEffect,
  type Balances,
  type LedgerAccountType,
  type StoredTransfer,
  type TransferKind,
} from './ledger.model';
import { transferFromRow, type PendingStatus, type TransferRow } from './ledger-rows';

/** One owned account's balances, for an owner's overview (a wallet). */
export interface OwnedBalances {
  accountId: string;
  currency: string;
  type: LedgerAccountType;
  balances: Balances;
}

/** Which lines of an account's statement to show. */
export interface StatementFilter {
  kinds?: readonly TransferKind[];
  /** Lines whose reference (or their pending transfer's) starts with this. */
  referencePrefix?: string;
  /** Lines whose reference starts with none of these (or that have none). */
  referencePrefixesNot?: readonly string[];
  /** Money into the account, or out of it. */
  direction?: 'in' | 'out';
  createdGte?: Date;
  createdLt?: Date;
}

/** A transfer as one account's statement shows it. */
export interface StatementLine {
  transferId: string;
  kind: TransferKind;
  /** Whether the account is the transfer's credit side. */
  incoming: boolean;
  amount: bigint;
  /** The transfer's reference, or its pending transfer's for a resolution. */
  reference: string | null;
  /** The owner of the account on the other side. */
  counterpartyOwnerRef: string | null;
  /** For a post, void or expiry: the pending transfer it resolves (a hold line of the same statement). */
  pendingId: string | null;
  /** The account's balances right before the transfer, and right after it. */
  balancesBefore: Balances;
  balancesAfter: Balances;
  createdAt: Date;
}

type StatementRow = {
  id: string;
  kind: TransferKind;
  incoming: boolean;
  amount: bigint;
  reference: string | null;
  pending_id: string | null;
  pending_amount: bigint | null;
  owner_ref: string | null;
  debits_pending: bigint;
  debits_posted: bigint;
  credits_pending: bigint;
  credits_posted: bigint;
  created_at: Date;
};

export class LedgerQueries {
  constructor(private readonly db: DatabaseService) {}

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

  /** The balances of every account an owner has with this code, by currency. */
  async ownedBalances(ownerRef: string, code: number): Promise<OwnedBalances[]> {
    const rows = await this.db.sql.query<Omit<OwnedBalances, 'balances'> & Balances>(
      `SELECT id AS "accountId", currency, type::text AS type,
              debits_pending AS "debitsPending", debits_posted AS "debitsPosted",
              credits_pending AS "creditsPending", credits_posted AS "creditsPosted"
         FROM ledger_accounts WHERE owner_ref = $1::text AND code = $2::int ORDER BY currency`,
      [ownerRef, code],
    );
    return rows.map(({ accountId, currency, type, ...balances }) => ({ accountId, currency, type, balances }));
  }

  /** The balances of every account with this code, by owner and currency. */
  async balancesByCode(code: number): Promise<(OwnedBalances & { ownerRef: string | null })[]> {
    const rows = await this.db.sql.query<Omit<OwnedBalances, 'balances'> & Balances & { ownerRef: string | null }>(
      `SELECT id AS "accountId", owner_ref AS "ownerRef", currency, type::text AS type,
              debits_pending AS "debitsPending", debits_posted AS "debitsPosted",
              credits_pending AS "creditsPending", credits_posted AS "creditsPosted"
         FROM ledger_accounts WHERE code = $1::int ORDER BY id`,
      [code],
    );
    return rows.map(({ accountId, ownerRef, currency, type, ...balances }) => ({
      accountId,
      ownerRef,
      currency,
      type,
      balances,
    }));
  }

  /**
   * A page of the account's statement: the transfers that touched it, newest
   * first (or, with `endingBefore`, the page newer than that line, oldest
   * first), each with the account's balances right after it (every transfer
   * records both accounts' balances, so no line is computed from another)
   * and right before it (those less the transfer's own effect).
   * Null when a cursor is not a line of this account.
   */
  async accountStatement(
    accountId: string,
    filter: StatementFilter,
    page: { limit: number; startingAfter?: string; endingBefore?: string },
  ): Promise<{ lines: StatementLine[]; hasMore: boolean } | null> {
    const sql = this.db.sql;
    const cursorId = page.startingAfter ?? page.endingBefore;
    let cursor: bigint | null = null;
    if (cursorId) {
      const [line] = await sql.query<{ seq: bigint }>(
        `SELECT seq FROM ledger_transfers
          WHERE id = $1::text AND (debit_account_id = $2::text OR credit_account_id = $2::text)`,
        [cursorId, accountId],
      );
      if (!line) return null;
      cursor = line.seq;
    }
    const forward = page.endingBefore !== undefined;
    const rows = await sql.query<StatementRow>(statementSql(forward), [
      accountId,
      cursor,
      filter.kinds ? textArray(filter.kinds) : null,
      filter.referencePrefix ?? null,
      filter.referencePrefixesNot ? textArray(filter.referencePrefixesNot) : null,
      filter.direction === undefined ? null : filter.direction === 'in',
      filter.createdGte ?? null,
      filter.createdLt ?? null,
      page.limit + 1,
    ]);
    const lines = rows.slice(0, page.limit).map((r): StatementLine => {
      const after: Balances = {
        debitsPending: r.debits_pending,
        debitsPosted: r.debits_posted,
        creditsPending: r.credits_pending,
        creditsPosted: r.credits_posted,
      };
      // Before = after less what this transfer did: exact, and no other line (nor a lookup) needed.
      const effect = transferEffect(r.kind, r.incoming ? 'credit' : 'debit', r.amount, r.pending_amount);
      const before: Balances = {
        debitsPending: after.debitsPending - effect.debitsPending,
        debitsPosted: after.debitsPosted - effect.debitsPosted,
        creditsPending: after.creditsPending - effect.creditsPending,
        creditsPosted: after.creditsPosted - effect.creditsPosted,
      };
      return {
        transferId: r.id,
        kind: r.kind,
        incoming: r.incoming,
        amount: r.amount,
        reference: r.reference,
        counterpartyOwnerRef: r.owner_ref,
        pendingId: r.pending_id,
        balancesBefore: before,
        balancesAfter: after,
        createdAt: r.created_at,
      };
    });
    if (forward) lines.reverse();
    return { lines, hasMore: rows.length > page.limit };
  }
}

/** The statement's lines; `forward` walks from an `ending_before` cursor towards the present. */
function statementSql(forward: boolean): string {
  const side = (column: string) =>
    `CASE WHEN t.credit_account_id = $1::text THEN t.cr_${column}_after ELSE t.dr_${column}_after END AS ${column}`;
  return `
    WITH lines AS (
      SELECT t.seq, t.id, t.kind::text AS kind, t.created_at, t.amount,
             t.credit_account_id = $1::text AS incoming,
             CASE WHEN t.credit_account_id = $1::text THEN t.debit_account_id ELSE t.credit_account_id END AS other_account,
             coalesce(t.reference, p.reference) AS reference, t.pending_id, p.amount AS pending_amount,
             ${['debits_pending', 'debits_posted', 'credits_pending', 'credits_posted'].map(side).join(',\n             ')}
        FROM ledger_transfers t LEFT JOIN ledger_transfers p ON p.id = t.pending_id
       WHERE (t.debit_account_id = $1::text OR t.credit_account_id = $1::text)
         AND ($2::bigint IS NULL OR t.seq ${forward ? '>' : '<'} $2::bigint)
    )
    SELECT l.*, a.owner_ref
      FROM lines l JOIN ledger_accounts a ON a.id = l.other_account
     WHERE ($3::text[] IS NULL OR l.kind = ANY($3::text[]))
       AND ($4::text IS NULL OR starts_with(l.reference, $4::text))
       AND ($5::text[] IS NULL OR NOT EXISTS (
             SELECT 1 FROM unnest($5::text[]) AS x(prefix) WHERE starts_with(l.reference, x.prefix)))
       AND ($6::boolean IS NULL OR l.incoming = $6::boolean)
       AND ($7::timestamptz IS NULL OR l.created_at >= $7::timestamptz)
       AND ($8::timestamptz IS NULL OR l.created_at < $8::timestamptz)
     ORDER BY l.seq ${forward ? 'ASC' : 'DESC'}
     LIMIT $9::int`;
}

export interface TrialBalanceLine extends Balances {
  currency: string;
  accounts: number;
  balanced: boolean;
}
