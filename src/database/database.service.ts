// Transactions for use cases. One request (or one job) runs in at most one
// database transaction: `transaction()` opens it, or joins the one already
// open in this async context (AsyncLocalStorage), so the idempotency layer can
// wrap a use case's own transaction and store the response atomically with
// its effects. Serialization failures and deadlocks are retried a bounded
// number of times by the outermost call.
//
// A transaction is one of two kinds. `transaction()` is a Prisma interactive
// transaction, for code written with Prisma's models. `sqlTransaction()` is a
// node-postgres transaction on the same pool, for the hot money paths written
// in plain SQL (see sql.ts): it costs a fraction of the CPU per statement.
// Plain-SQL code (`db.sql`) joins either kind; Prisma code cannot join a
// plain one, and trying is a programming error that fails loudly rather than
// silently committing on its own.
import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from './prisma.service';
import { AppConfig } from '../config/configuration';
import { PgTransactionSql, poolSql, PreparedStatements, PrismaTransactionSql, Sql, withPoolConnection } from './sql';

export type Tx = Prisma.TransactionClient;

export interface TransactionOptions {
  isolationLevel?: Prisma.TransactionIsolationLevel;
  /** Attempts in all, for SQLSTATE 40001 / 40P01. */
  maxAttempts?: number;
  /** Milliseconds the whole transaction may take. */
  timeoutMs?: number;
}

/**
 * Serialization failures, deadlocks, and TL001: a ledger posting sent with
 * COMMIT (LedgerDecisions) refused because an account the decision did not
 * lock changed meanwhile (it was closed). Each means "run the transaction again".
 */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01', 'TL001']);

/** True for the retryable failures above, however the driver wraps them. */
export function isRetryableTransactionError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    const e = current as { code?: string; meta?: { code?: string; driverAdapterError?: unknown }; cause?: unknown };
    if (e.code === 'P2034') return true;
    if (typeof e.code === 'string' && RETRYABLE_SQLSTATES.has(e.code)) return true;
    if (e.meta?.code && RETRYABLE_SQLSTATES.has(e.meta.code)) return true;
    const adapterCause = (e.meta?.driverAdapterError as { cause?: { originalCode?: string; kind?: string } })?.cause;
    if (adapterCause?.originalCode && RETRYABLE_SQLSTATES.has(adapterCause.originalCode)) return true;
    if (adapterCause?.kind === 'TransactionWriteConflict') return true;
    current = e.cause;
  }
  return false;
}

/** SQLSTATE classes of failures that one statement's data can cause: data exceptions, constraint violations, syntax. */
const INPUT_SHAPED_SQLSTATE_CLASSES = new Set(['22', '23', '42']);

/**
 * Whether a failed batch of several requests may have failed because of one
 * of them, so that running them apart can isolate it (GroupCommitter's
 * splitOnFailure): a data or constraint error from PostgreSQL, or our own
 * code choking on a value (a TypeError, a RangeError). Not a lost
 * connection, a timeout, a shutdown or a full disk: those fail every part of
 * the batch again, and splitting would only multiply the failures.
 */
export function mayBeCausedByOneInput(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    if (current instanceof TypeError || current instanceof RangeError) return true;
    const e = current as { code?: string; meta?: { code?: string; driverAdapterError?: unknown }; cause?: unknown };
    const adapterCause = (e.meta?.driverAdapterError as { cause?: { originalCode?: string } })?.cause;
    for (const code of [e.code, e.meta?.code, adapterCause?.originalCode]) {
      if (
        typeof code === 'string' &&
        /^[0-9A-Z]{5}$/.test(code) &&
        INPUT_SHAPED_SQLSTATE_CLASSES.has(code.slice(0, 2))
      ) {
        return true;
      }
    }
    current = e.cause;
  }
  return false;
}

/**
 * Work to run when the transaction commits: `beforeCommit` just before COMMIT
 * (writes that must travel with it, such as the ledger's postings decided in
 * the transaction), `afterCommit` once it has committed (remembering what is
 * now durable). A rollback to a savepoint drops what was registered after it.
 */
class CommitHooks {
  readonly beforeCommit: (() => void)[] = [];
  /** Run after every other beforeCommit hook (a flush of what they queued). */
  readonly beforeCommitLast: (() => void)[] = [];
  readonly afterCommit: (() => void)[] = [];

  mark(): { before: number; last: number; after: number } {
    return { before: this.beforeCommit.length, last: this.beforeCommitLast.length, after: this.afterCommit.length };
  }

  truncate(mark: { before: number; last: number; after: number }): void {
    this.beforeCommit.length = mark.before;
    this.beforeCommitLast.length = mark.last;
    this.afterCommit.length = mark.after;
  }

  runBeforeCommit(): void {
    for (const hook of this.beforeCommit) hook();
    for (const hook of this.beforeCommitLast) hook();
  }
}

type OpenTransaction = ({ kind: 'prisma'; tx: Tx; sql: Sql } | { kind: 'sql'; sql: Sql }) & { hooks: CommitHooks };

@Injectable()
export class DatabaseService {
  private readonly current = new AsyncLocalStorage<OpenTransaction>();
  /** Plain SQL on the pool, outside any transaction. */
  private readonly poolSql: Sql;
  /** The pool's prepared statements (plain transactions only). */
  private readonly statements: PreparedStatements;

  constructor(
    readonly prisma: PrismaService,
    config: AppConfig,
  ) {
    this.statements = new PreparedStatements(config.databasePreparedStatements);
    this.poolSql = poolSql(prisma.pool, this.statements);
  }

  /** The open Prisma transaction of this async context, or the pool. */
  get client(): Tx | PrismaService {
    const open = this.current.getStore();
    if (open?.kind === 'sql') throw new Error('Prisma cannot join a plain-SQL transaction; use db.sql.');
    return open?.tx ?? this.prisma;
  }

  /** Plain SQL in the open transaction of this async context (of either kind), or on the pool. */
  get sql(): Sql {
    return this.current.getStore()?.sql ?? this.poolSql;
  }

  get inTransaction(): boolean {
    return this.current.getStore() !== undefined;
  }

  /**
   * Runs `fn` just before the open transaction commits, after the use case
   * returned (a synchronous function that queues writes, e.g. with
   * `sql.deferLast`); with `last`, after every other such hook. Outside a
   * transaction it is an error.
   */
  beforeCommit(fn: () => void, options: { last?: boolean } = {}): void {
    const open = this.current.getStore();
    if (!open) throw new Error('beforeCommit needs an open transaction');
    (options.last ? open.hooks.beforeCommitLast : open.hooks.beforeCommit).push(fn);
  }

  /** Runs `fn` once the open transaction has committed, or at once outside a transaction. */
  afterCommit(fn: () => void): void {
    const open = this.current.getStore();
    if (!open) return fn();
    open.hooks.afterCommit.push(fn);
  }

  /**
   * Sets a savepoint in the open transaction; the function returned rolls
   * back to it, together with the commit hooks registered since (so a
   * posting decided after the savepoint is not made, and an account opened
   * after it is not remembered).
   */
  async savepoint(name: string): Promise<() => Promise<void>> {
    const open = this.current.getStore();
    if (!open) throw new Error('savepoint needs an open transaction');
    const mark = open.hooks.mark();
    await open.sql.savepoint(name);
    return async () => {
      await open.sql.query(`ROLLBACK TO SAVEPOINT ${name}`);
      open.hooks.truncate(mark);
    };
  }

  /** Runs `fn` outside any open transaction of this async context (work that commits on its own). */
  outsideTransaction<T>(fn: () => T): T {
    return this.current.exit(fn);
  }

  async transaction<T>(fn: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const open = this.current.getStore();
    if (open?.kind === 'sql') throw new Error('Prisma cannot join a plain-SQL transaction; use db.sql.');
    if (open) return fn(open.tx);
    return this.retrying(options.maxAttempts, async () => {
      const hooks = new CommitHooks();
      const result = await this.prisma.$transaction(
        (tx) => {
          const sql = new PrismaTransactionSql(tx);
          return this.current.run({ kind: 'prisma', tx, sql, hooks }, async () => {
            const result = await fn(tx);
            hooks.runBeforeCommit();
            await sql.flush();
            return result;
          });
        },
        {
          // READ COMMITTED is every connection's default (PrismaService sets it
          // at connect); naming it would cost a SET TRANSACTION round trip per
          // transaction, which halves the transactions a process can run.
          ...(options.isolationLevel && options.isolationLevel !== Prisma.TransactionIsolationLevel.ReadCommitted
            ? { isolationLevel: options.isolationLevel }
            : {}),
          timeout: options.timeoutMs ?? 15_000,
          maxWait: 5_000,
        },
      );
      for (const hook of hooks.afterCommit) hook();
      return result;
    });
  }

  /**
   * A READ COMMITTED transaction on a plain node-postgres connection; joins
   * the open transaction (of either kind) if there is one. `fn` must use
   * `sql` (or `db.sql`) only.
   */
  async sqlTransaction<T>(fn: (sql: Sql) => Promise<T>, options: { maxAttempts?: number } = {}): Promise<T> {
    const open = this.current.getStore();
    if (open) return fn(open.sql);
    return this.retrying(options.maxAttempts, () =>
      withPoolConnection(this.prisma.pool, async (client, markBroken) => {
        const sql = new PgTransactionSql(client, this.statements);
        const hooks = new CommitHooks();
        try {
          const result = await this.current.run({ kind: 'sql', sql, hooks }, async () => {
            const result = await fn(sql);
            // In the transaction's context: a hook queues its writes on this transaction.
            hooks.runBeforeCommit();
            return result;
          });
          await sql.commit();
          for (const hook of hooks.afterCommit) hook();
          return result;
        } catch (error) {
          // A connection whose ROLLBACK failed is in an unknown state: it is dropped.
          await sql.rollback().catch(markBroken);
          throw error;
        }
      }),
    );
  }

  private async retrying<T>(maxAttempts = 5, attemptOnce: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await attemptOnce();
      } catch (error) {
        if (attempt >= maxAttempts || !isRetryableTransactionError(error)) throw error;
        // Jittered backoff so that the transactions that collided do not collide again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  }
}
