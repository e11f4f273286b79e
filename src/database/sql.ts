// Plain SQL for the paths where the cost per statement is the limit (the
// money paths a request runs many of: authentication, idempotency, payment
// intents, events, the outbox, the ledger's posting). One small interface
// runs the same statements on a node-postgres transaction, on a Prisma
// transaction or on the pool, so this code joins whichever is open.
//
// Why not Prisma here: Prisma 7 spends about a millisecond of CPU per query.
// Why round trips matter as much: on the machines Tally was measured on each
// statement's socket write and read are system calls that cost more than the
// statement, and a hot account's lock is held for every round trip between
// the posting and COMMIT. So a plain transaction pipelines: `defer()` queues a
// write whose result nobody needs (an event, an outbox row, an idempotency
// record), and the queued writes travel in the same round trip as the next
// statement or the COMMIT; BEGIN travels with the first statement. That takes
// the simple query protocol, so values are inlined as literals (node-postgres'
// escapeLiteral) by `inlineSql`.
//
// Conventions for statements written against it: cast every parameter
// (`$1::bigint`, `$2::jsonb`, `$3::timestamptz`), pass JSON as a string
// (JSON.stringify), and never write `$n` inside a string literal. Rows come
// back with int8 as bigint and timestamptz as Date from every implementation.
import pg from 'pg';
import type { Prisma } from '../generated/prisma/client';

export interface Statement {
  text: string;
  values?: readonly unknown[];
}

export interface Sql {
  /** Runs one statement and returns its rows. */
  query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<R[]>;
  /** Runs the statements in order (one round trip where the transaction can), returning each one's rows. */
  queryAll(statements: readonly Statement[]): Promise<Record<string, unknown>[][]>;
  /**
   * Queues a write to run before the transaction's next statement or COMMIT.
   * Only for writes nothing in the transaction reads back before then, whose
   * failure should fail the transaction (a failure surfaces from that next
   * statement or the commit). Outside a transaction it is an error.
   */
  defer(text: string, values?: readonly unknown[]): void;
  /**
   * Like defer(), but after every deferred write: the statement just before
   * COMMIT, in its round trip. For postings to hot accounts, whose locks are
   * then held for no client round trip at all.
   */
  deferLast(text: string, values?: readonly unknown[]): void;
  /**
   * Sets a savepoint before anything that follows, Prisma model queries
   * included (a plain transaction pipelines it with its next statement).
   */
  savepoint(name: string): Promise<void>;
}

/** PostgreSQL type id of int8. */
const INT8_OID = 20;

/** int8 as bigint, never as a lossy number or a string. */
export const SQL_TYPE_PARSERS = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID) return (value: string) => BigInt(value);
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

/** A value as an SQL literal; the statement's cast (`$1::bigint`) gives it its type. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return pg.escapeLiteral(value);
  if (typeof value === 'bigint') return `'${value.toString()}'`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot inline the number ${value}`);
    return `'${value}'`;
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return `'${value.toISOString()}'`;
  throw new TypeError(`cannot inline a value of type ${typeof value}; pass JSON as a string`);
}

/** The statement with its `$n` parameters replaced by literals, for the simple query protocol. */
export function inlineSql(text: string, values: readonly unknown[] = []): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= values.length) throw new RangeError(`no value for $${n}`);
    return literal(values[index]);
  });
}

function savepointName(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new RangeError(`bad savepoint name ${name}`);
  return name;
}

/** The pool, outside any transaction: one statement per round trip, extended protocol. */
export function poolSql(pool: pg.Pool): Sql {
  const query = async <R>(text: string, values: readonly unknown[] = []): Promise<R[]> => {
    const result = await pool.query({ text, values: values as unknown[], types: SQL_TYPE_PARSERS });
    return result.rows as R[];
  };
  return {
    query,
    async queryAll(statements) {
      const results: Record<string, unknown>[][] = [];
      for (const s of statements) results.push(await query(s.text, s.values));
      return results;
    },
    defer() {
      throw new Error('defer() needs a transaction');
    },
    deferLast() {
      throw new Error('deferLast() needs a transaction');
    },
    savepoint() {
      throw new Error('savepoint() needs a transaction');
    },
  };
}

/**
 * A transaction on one node-postgres connection that pipelines: BEGIN and the
 * deferred writes travel with the next statement, in one simple-protocol
 * query string.
 */
export class PgTransactionSql implements Sql {
  private begun = false;
  private deferred: string[] = [];
  private last: string[] = [];

  constructor(private readonly client: pg.PoolClient) {}

  async query<R>(text: string, values: readonly unknown[] = []): Promise<R[]> {
    const [rows] = await this.queryAll([{ text, values }]);
    return rows as R[];
  }

  async queryAll(statements: readonly Statement[]): Promise<Record<string, unknown>[][]> {
    const sent = this.takeQueued();
    const texts = [...sent, ...statements.map((s) => inlineSql(s.text, s.values))];
    const results = await this.send(texts);
    return results.slice(results.length - statements.length).map((r) => r.rows as Record<string, unknown>[]);
  }

  defer(text: string, values: readonly unknown[] = []): void {
    this.deferred.push(inlineSql(text, values));
  }

  deferLast(text: string, values: readonly unknown[] = []): void {
    this.last.push(inlineSql(text, values));
  }

  /** Everything in a plain transaction goes through this object, so the savepoint can wait for the next statement. */
  async savepoint(name: string): Promise<void> {
    this.deferred.push(`SAVEPOINT ${savepointName(name)}`);
  }

  /** Sends the queued statements and COMMIT in one round trip (nothing at all if the transaction never began). */
  async commit(): Promise<void> {
    if (!this.begun && this.deferred.length === 0 && this.last.length === 0) return;
    await this.send([...this.takeQueued(), 'COMMIT']);
  }

  async rollback(): Promise<void> {
    this.deferred = [];
    this.last = [];
    if (this.begun) await this.client.query('ROLLBACK');
  }

  private takeQueued(): string[] {
    const queued = [...(this.begun ? [] : ['BEGIN']), ...this.deferred, ...this.last];
    this.begun = true;
    this.deferred = [];
    this.last = [];
    return queued;
  }

  private async send(texts: string[]): Promise<pg.QueryResult[]> {
    const result = (await this.client.query({ text: texts.join(';\n'), types: SQL_TYPE_PARSERS })) as
      pg.QueryResult | pg.QueryResult[];
    return Array.isArray(result) ? result : [result];
  }
}

/**
 * Plain SQL inside a Prisma interactive transaction. Deferred writes run
 * before the next statement through this object and when the transaction's
 * function returns (DatabaseService flushes), not before Prisma model
 * queries: only defer rows the transaction does not read back.
 */
export class PrismaTransactionSql implements Sql {
  private deferred: Statement[] = [];
  private last: Statement[] = [];

  constructor(private readonly tx: Pick<Prisma.TransactionClient, '$queryRawUnsafe'>) {}

  async query<R>(text: string, values: readonly unknown[] = []): Promise<R[]> {
    await this.flush();
    return this.tx.$queryRawUnsafe<R[]>(text, ...values);
  }

  async queryAll(statements: readonly Statement[]): Promise<Record<string, unknown>[][]> {
    const results: Record<string, unknown>[][] = [];
    for (const s of statements) results.push(await this.query(s.text, s.values));
    return results;
  }

  defer(text: string, values: readonly unknown[] = []): void {
    this.deferred.push({ text, values });
  }

  deferLast(text: string, values: readonly unknown[] = []): void {
    this.last.push({ text, values });
  }

  /** Sent now: Prisma model queries do not go through this object, so nothing could carry it later. */
  async savepoint(name: string): Promise<void> {
    await this.query(`SAVEPOINT ${savepointName(name)}`);
  }

  async flush(): Promise<void> {
    const queued = [...this.deferred, ...this.last];
    this.deferred = [];
    this.last = [];
    for (const next of queued) await this.tx.$queryRawUnsafe(next.text, ...(next.values ?? []));
  }
}
