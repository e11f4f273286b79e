// Transactions for use cases. One request (or one job) runs in at most one
// database transaction: `transaction()` opens it, or joins the one already
// open in this async context (AsyncLocalStorage), so the idempotency layer can
// wrap a use case's own transaction and store the response atomically with
// its effects. Serialization failures and deadlocks are retried a bounded
// number of times by the outermost call.
import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from './prisma.service';

export type Tx = Prisma.TransactionClient;

export interface TransactionOptions {
  isolationLevel?: Prisma.TransactionIsolationLevel;
  /** Attempts in all, for SQLSTATE 40001 / 40P01. */
  maxAttempts?: number;
  /** Milliseconds the whole transaction may take. */
  timeoutMs?: number;
}

const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);

/** True for serialization failures and deadlocks, however the driver wraps them. */
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

@Injectable()
export class DatabaseService {
  private readonly current = new AsyncLocalStorage<Tx>();

  constructor(readonly prisma: PrismaService) {}

  /** The open transaction of this async context, or the pool. */
  get client(): Tx | PrismaService {
    return this.current.getStore() ?? this.prisma;
  }

  get inTransaction(): boolean {
    return this.current.getStore() !== undefined;
  }

  /** Runs `fn` outside any open transaction of this async context (work that commits on its own). */
  outsideTransaction<T>(fn: () => T): T {
    return this.current.exit(fn);
  }

  async transaction<T>(fn: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const open = this.current.getStore();
    if (open) return fn(open);
    const maxAttempts = options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.prisma.$transaction((tx) => this.current.run(tx, () => fn(tx)), {
          // READ COMMITTED is every connection's default (PrismaService sets it
          // at connect); naming it would cost a SET TRANSACTION round trip per
          // transaction, which halves the transactions a process can run.
          ...(options.isolationLevel && options.isolationLevel !== Prisma.TransactionIsolationLevel.ReadCommitted
            ? { isolationLevel: options.isolationLevel }
            : {}),
          timeout: options.timeoutMs ?? 15_000,
          maxWait: 5_000,
        });
      } catch (error) {
        if (attempt >= maxAttempts || !isRetryableTransactionError(error)) throw error;
        // Jittered backoff so that the transactions that collided do not collide again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  }
}
