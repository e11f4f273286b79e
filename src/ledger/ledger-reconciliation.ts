// Reconciliation: the ledger proves its own books. Every account's stored
// balances are recomputed from its transfers and compared with what its last
// transfer recorded, the open holds are checked against the pending
// transfers, and the trial balance must balance per currency. Capabilities
// that keep their own records of money held in ledger accounts (credit's
// loans) register a subledger check, run in the same snapshot: the ledger
// calls them without knowing them.
import { DatabaseService } from '../database/database.service';
import { Prisma } from '../generated/prisma/client';
import type { Balances } from './ledger.model';
import type { LedgerQueries, TrialBalanceLine } from './ledger-queries';

/** What can be wrong between a pending transfer and the open-holds table (the report's `problem`). */
export const HOLD_MISMATCH_PROBLEMS = [
  'unresolved pending transfer has no open hold',
  'open hold for a resolved or missing pending transfer',
] as const;
export type HoldMismatchProblem = (typeof HOLD_MISMATCH_PROBLEMS)[number];

/** A capability's records that must agree with ledger accounts (see SubledgerCheck). */
export interface SubledgerDifference {
  /** What disagrees, e.g. "customer:cus_... cny" or a line's id. */
  subject: string;
  /** What the capability's records say. */
  expected: bigint;
  /** What the ledger (or the other record) says. */
  found: bigint;
  description: string;
}

/**
 * A check a capability registers (LedgerService.registerSubledgerCheck). It
 * runs inside the reconciliation's REPEATABLE READ transaction (DatabaseService
 * joins it), so its reads and the ledger's are one snapshot; it reads ledger
 * balances through LedgerService, never the ledger's tables.
 */
export interface SubledgerCheck {
  name: string;
  /** The differences found (the first 100). */
  differences(): Promise<SubledgerDifference[]>;
}

export interface SubledgerReport {
  name: string;
  ok: boolean;
  differences: SubledgerDifference[];
}

export class LedgerReconciliation {
  private readonly subledgers: SubledgerCheck[] = [];

  constructor(
    private readonly db: DatabaseService,
    private readonly queries: LedgerQueries,
  ) {}

  register(check: SubledgerCheck): void {
    if (this.subledgers.some((existing) => existing.name === check.name)) {
      throw new Error(`a subledger check named ${check.name} is already registered`);
    }
    this.subledgers.push(check);
  }

  /**
   * Recomputes every account's balances from the transfers and compares them
   * with the stored balances and with the balances the account's last
   * transfer recorded; also checks the open-holds table against the pending
   * transfers. Read-only, in one REPEATABLE READ snapshot so concurrent
   * postings cannot make it report a false difference.
   */
  async reconcile(): Promise<ReconciliationReport> {
    // Its own transaction, never a caller's (an Idempotency-Key's is READ COMMITTED): a snapshot or nothing.
    return this.db.outsideTransaction(() => this.snapshot());
  }

  private snapshot(): Promise<ReconciliationReport> {
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
        const holdMismatches = await tx.$queryRaw<{ transfer_id: string; problem: HoldMismatchProblem }[]>`
          SELECT t.id AS transfer_id, ${HOLD_MISMATCH_PROBLEMS[0]}::text AS problem
            FROM ledger_transfers t
           WHERE t.kind = 'pending'
             AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = t.id)
             AND NOT EXISTS (SELECT 1 FROM ledger_open_holds h WHERE h.transfer_id = t.id)
          UNION ALL
          SELECT h.transfer_id, ${HOLD_MISMATCH_PROBLEMS[1]}::text
            FROM ledger_open_holds h
           WHERE EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = h.transfer_id)
          LIMIT 100`;
        const trialBalance = await this.queries.trialBalance();
        const subledgers: SubledgerReport[] = [];
        for (const check of this.subledgers) {
          const found = (await check.differences()).slice(0, 100);
          subledgers.push({ name: check.name, ok: found.length === 0, differences: found });
        }
        return {
          accountsChecked: Number(counts.accounts),
          transfersChecked: Number(counts.transfers),
          differences: differences.map(differenceFromRow),
          holdMismatches: holdMismatches.map((h) => ({ transferId: h.transfer_id, problem: h.problem })),
          trialBalance,
          subledgers,
          ok:
            differences.length === 0 &&
            holdMismatches.length === 0 &&
            trialBalance.every((line) => line.balanced) &&
            subledgers.every((subledger) => subledger.ok),
        };
      },
      { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeoutMs: 120_000 },
    );
  }

  /** Accounts, newest first, for the operator. */
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
  holdMismatches: { transferId: string; problem: HoldMismatchProblem }[];
  trialBalance: TrialBalanceLine[];
  /** The registered capabilities' checks, in the order they registered. */
  subledgers: SubledgerReport[];
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
