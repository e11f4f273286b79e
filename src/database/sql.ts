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
// The simple protocol alone would parse and plan every statement on every
// run, which measured as about a fifth of PostgreSQL's CPU on the money
// paths. So a plain transaction runs each statement as a server-side prepared
// statement: the first time a connection sees a statement, `PREPARE` travels
// in the same query string, and from then on only `EXECUTE name(literals)`,
// whose plan PostgreSQL caches (see `PreparedStatements`). A pooler that
// moves transactions between server connections (PgBouncer in transaction
// mode) cannot keep SQL-level prepared statements: there, set
// DATABASE_PREPARED_STATEMENTS=false and every statement is inlined.
//
// Conventions for statements written against it: cast every parameter
// (`$1::bigint`, `$2::jsonb`, `$3::timestamptz`), pass JSON as a string
// (JSON.stringify), and never write `$n` inside a string literal. Rows come
// back with int8 as bigint and timestamptz as Date from every implementation.
import { randomBytes } from 'node:crypto';
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
  if (typeof value === 'string') {
    // PostgreSQL ends a query string at a NUL; the request layer refuses them, this is the last guard.
    if (value.includes('\u0000')) throw new TypeError('cannot inline a string that contains NUL');
    return pg.escapeLiteral(value);
  }
  if (typeof value === 'bigint') return `'${value.toString()}'`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot inline the number ${value}`);
    return `'${value}'`;
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return `'${value.toISOString()}'`;
  throw new TypeError(`cannot inline a value of type ${typeof value}; pass JSON as a string`);
}

/**
 * A PostgreSQL array literal of the strings, for a `$n::text[]` parameter
 * (`= ANY($n::text[])` stays an index scan, where a join to an unnested
 * array may not).
 */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
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

/**
 * The pool, outside any transaction: one statement per round trip, each in
 * its own implicit transaction, prepared once per connection like a plain
 * transaction's (authentication runs one per request).
 */
export function poolSql(pool: pg.Pool, statements: PreparedStatements): Sql {
  const query = async <R>(text: string, values: readonly unknown[] = []): Promise<R[]> => {
    const client = await pool.connect();
    let failed: unknown;
    try {
      return await new PgTransactionSql(client, statements, { autocommit: true }).query<R>(text, values);
    } catch (error) {
      failed = error;
      throw error;
    } finally {
      // A connection that broke (not a statement that failed) is dropped.
      client.release(failed instanceof Error && !('severity' in failed) ? failed : undefined);
    }
  };
  return {
    query,
    async queryAll(list) {
      const results: Record<string, unknown>[][] = [];
      for (const s of list) results.push(await query(s.text, s.values));
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

/** Statements PostgreSQL can prepare, one per text (no `;`). */
const PREPARABLE = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b[^;]*$/i;

/**
 * Names server-side prepared statements (one registry per pool) and remembers
 * which connection has prepared which. A connection's set is only trusted after a query string
 * succeeded: PREPARE is not transactional, and when a query string fails
 * part-way nobody knows which of its PREPAREs ran, so that connection starts
 * its next query string with DEALLOCATE ALL.
 *
 * A connection also starts over (DEALLOCATE ALL, then PREPARE again on first
 * use) once its statements are REPREPARE_AFTER_MS old. PostgreSQL builds a
 * statement's generic plan once, from the table sizes of that moment, and
 * keeps it until an ANALYZE of the table: a plan built while a table was small
 * (a new database, or one table newly in use) scans it whole as it grows. The
 * payments bench measured that: a batch's lock of its payment intents by id
 * took 5 ms of CPU as a sequential scan instead of 0.1 ms through the primary
 * key. Planning afresh each time (plan_cache_mode=force_custom_plan) fixed it
 * too, at about 60 us of planning per statement run; preparing again every
 * few seconds costs a few milliseconds per connection in that time.
 */
export class PreparedStatements {
  static readonly REPREPARE_AFTER_MS = 5_000;
  /** Statement texts come from the code, so this stays small; the bound guards against a text built per call. */
  static readonly MAX_STATEMENTS = 500;
  private readonly names = new Map<string, string>();
  /** Names of its own, so two registries can never mistake each other's statements on a shared connection. */
  private readonly prefix = `tally_${randomBytes(4).toString('hex')}_`;
  private readonly connections = new WeakMap<object, ConnectionStatements>();

  constructor(
    private readonly enabled = true,
    private readonly reprepareAfterMs = PreparedStatements.REPREPARE_AFTER_MS,
  ) {}

  nameOf(text: string): string | undefined {
    if (!this.enabled) return undefined;
    let name = this.names.get(text);
    if (name === undefined) {
      if (this.names.size >= PreparedStatements.MAX_STATEMENTS || !PREPARABLE.test(text)) return undefined;
      name = `${this.prefix}${this.names.size + 1}`;
      this.names.set(text, name);
    }
    return name;
  }

  connection(client: object): ConnectionStatements {
    let state = this.connections.get(client);
    if (!state) {
      state = { prepared: new Set(), unknown: false, since: Date.now() };
      this.connections.set(client, state);
    }
    return state;
  }

  /** Whether the connection's statements must be prepared again: after a failure part-way, or with age. */
  mustStartOver(state: ConnectionStatements, now = Date.now()): boolean {
    return state.unknown || (state.prepared.size > 0 && now - state.since >= this.reprepareAfterMs);
  }
}

/** What one connection has prepared, and since when. */
interface ConnectionStatements {
  prepared: Set<string>;
  /** A query string failed part-way: which of its PREPAREs ran is unknown. */
  unknown: boolean;
  /** When the connection last started from nothing prepared. */
  since: number;
}

/** A statement waiting for the round trip that will carry it. */
interface Queued {
  text: string;
  resolve: (rows: Record<string, unknown>[]) => void;
  reject: (error: unknown) => void;
}

/**
 * A transaction on one node-postgres connection that pipelines: BEGIN and the
 * deferred writes travel with the next statement, in one simple-protocol
 * query string. Statements issued in the same tick (`Promise.all` of
 * independent reads and writes, or `queryAll`) travel together as well, in
 * the order they were issued; round trips never overlap.
 */
export class PgTransactionSql implements Sql {
  private begun = false;
  /** PREPAREs for the next query string; they go first, so every EXECUTE after them finds its statement. */
  private prepares: string[] = [];
  private deferred: string[] = [];
  private last: string[] = [];
  private batch: Queued[] = [];
  private batchScheduled = false;
  /** The round trip in flight, so the next one starts after it. */
  private inFlight: Promise<unknown> = Promise.resolve();
  /** Names this transaction PREPAREs in query strings not yet answered. */
  private preparing = new Set<string>();
  private deallocateFirst = false;
  private readonly connection: ConnectionStatements;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly statements: PreparedStatements,
    /** For poolSql: no BEGIN, each query string is its own implicit transaction. */
    options: { autocommit?: boolean } = {},
  ) {
    this.begun = options.autocommit === true;
    this.connection = statements.connection(client);
    if (statements.mustStartOver(this.connection)) {
      // Start from nothing prepared (see PreparedStatements).
      this.connection.prepared.clear();
      this.connection.unknown = false;
      this.connection.since = Date.now();
      this.deallocateFirst = true;
    }
  }

  query<R>(text: string, values: readonly unknown[] = []): Promise<R[]> {
    return new Promise<Record<string, unknown>[]>((resolve, reject) => {
      this.batch.push({ text: this.render(text, values), resolve, reject });
      if (!this.batchScheduled) {
        this.batchScheduled = true;
        queueMicrotask(() => void this.sendBatch());
      }
    }) as Promise<R[]>;
  }

  queryAll(statements: readonly Statement[]): Promise<Record<string, unknown>[][]> {
    return Promise.all(statements.map((s) => this.query<Record<string, unknown>>(s.text, s.values)));
  }

  defer(text: string, values: readonly unknown[] = []): void {
    this.deferred.push(this.render(text, values));
  }

  deferLast(text: string, values: readonly unknown[] = []): void {
    this.last.push(this.render(text, values));
  }

  /** Everything in a plain transaction goes through this object, so the savepoint can wait for the next statement. */
  async savepoint(name: string): Promise<void> {
    this.deferred.push(`SAVEPOINT ${savepointName(name)}`);
  }

  /** Sends the queued statements and COMMIT in one round trip (nothing at all if the transaction never began). */
  async commit(): Promise<void> {
    await this.settled();
    if (!this.begun && this.deferred.length === 0 && this.last.length === 0) return;
    await this.send(['COMMIT']);
  }

  async rollback(): Promise<void> {
    await this.settled();
    // Never sent, so neither are their PREPAREs.
    this.prepares = [];
    this.deferred = [];
    this.last = [];
    this.preparing.clear();
    if (this.begun) await this.client.query('ROLLBACK');
  }

  /** Waits for the statements already issued (a caller may have stopped waiting for one that failed). */
  private async settled(): Promise<void> {
    while (this.batchScheduled || this.batch.length > 0) await this.sendBatch();
    await this.inFlight.catch(() => undefined);
  }

  private async sendBatch(): Promise<void> {
    this.batchScheduled = false;
    const batch = this.batch;
    this.batch = [];
    if (batch.length === 0) return;
    try {
      const results = await this.send(batch.map((q) => q.text));
      const own = results.slice(results.length - batch.length);
      batch.forEach((q, i) => q.resolve(own[i].rows as Record<string, unknown>[]));
    } catch (error) {
      for (const q of batch) q.reject(error);
    }
  }

  /** `EXECUTE name(literals)`; the first time this connection sees the statement, its PREPARE is queued. */
  private render(text: string, values: readonly unknown[] = []): string {
    const name = this.statements.nameOf(text);
    if (name === undefined) return inlineSql(text, values);
    if (!this.connection.prepared.has(name) && !this.preparing.has(name)) {
      this.preparing.add(name);
      this.prepares.push(`PREPARE ${name} AS ${text}`);
    }
    return values.length === 0 ? `EXECUTE ${name}` : `EXECUTE ${name}(${values.map(literal).join(', ')})`;
  }

  /** One query string: BEGIN the first time, the PREPAREs, the deferred writes, then `texts`. */
  private send(texts: string[]): Promise<pg.QueryResult[]> {
    const all = [
      ...(this.deallocateFirst ? ['DEALLOCATE ALL'] : []),
      ...(this.begun ? [] : ['BEGIN']),
      ...this.prepares,
      ...this.deferred,
      ...this.last,
      ...texts,
    ];
    this.deallocateFirst = false;
    this.begun = true;
    this.prepares = [];
    this.deferred = [];
    this.last = [];
    const preparing = [...this.preparing];
    this.preparing.clear();
    const roundTrip = this.inFlight
      .catch(() => undefined)
      .then(() => this.client.query({ text: all.join(';\n'), types: SQL_TYPE_PARSERS }))
      .then(
        (result: pg.QueryResult | pg.QueryResult[]) => {
          for (const name of preparing) this.connection.prepared.add(name);
          // PREPARE and DEALLOCATE answer with results of their own: keep only the statements'.
          const results = Array.isArray(result) ? result : [result];
          return results.filter((r) => r.command !== 'PREPARE' && r.command !== 'DEALLOCATE');
        },
        (error: unknown) => {
          // Which of its PREPAREs ran is unknown: the next transaction on this connection starts over.
          this.connection.unknown = true;
          throw error;
        },
      );
    this.inFlight = roundTrip;
    return roundTrip;
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
