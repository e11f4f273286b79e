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
// statement or the COMMIT; BEGIN travels with the first statement.
//
// A round trip is one `Pipeline` (sql-pipeline.ts, with the prepared statements' registry): PostgreSQL's extended query protocol
// answers several Parse/Bind/Execute groups followed by a single Sync in
// order, so the pipeline writes one group per statement and one Sync, in one
// socket write, and reads the answers back statement by statement. Values are
// always bound parameters (sent in text format beside the statement, never
// written into its text). The pipeline is a node-postgres "submittable" (the
// way pg-cursor extends it), so it runs on the pool Prisma's adapter shares.
// Not node-postgres' own `pipeline` client option: it writes and Syncs each
// query apart, applies to every client of the pool Prisma uses too, and
// refuses custom submittables. Not postgres.js (which pipelines and
// prepares): it keeps its own pool, so Tally would hold two, and a plain
// transaction could not share a connection with Prisma's pool.
//
// Parsing and planning every statement on every run measured as about a fifth
// of PostgreSQL's CPU on the money paths. So a statement runs as a named
// server-side prepared statement: the first time a connection sees it, its
// Parse travels in the pipeline ahead of its Bind, and from then on only
// Bind/Execute, with the plan PostgreSQL caches (see `PreparedStatements`). A
// pooler that moves transactions between server connections (PgBouncer in
// transaction mode) cannot keep named statements: there, set
// DATABASE_PREPARED_STATEMENTS=false and every statement uses the unnamed
// statement, parsed again in each round trip.
//
// Conventions for statements written against it: cast every parameter
// (`$1::bigint`, `$2::jsonb`, `$3::timestamptz`), pass JSON as a string
// (JSON.stringify) and a text[] as `textArray()`. Rows come back with int8 as
// bigint and timestamptz as Date from every implementation.
import pg from 'pg';
import type { Prisma } from '../generated/prisma/client';
import {
  type ConnectionStatements,
  parameter,
  Pipeline,
  PreparedStatements,
  type Step,
  UnbindableValueError,
} from './sql-pipeline';

export { PreparedStatements, SQL_TYPE_PARSERS } from './sql-pipeline';

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

/**
 * A PostgreSQL array literal of the strings, for a `$n::text[]` parameter
 * (`= ANY($n::text[])` stays an index scan, where a join to an unnested
 * array may not).
 */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

/**
 * The statement with its values written in as literals, checked as binding
 * checks them. Nothing runs statements this way (their values are bound); it
 * remains for writing one out with its values, to EXPLAIN it by hand.
 */
export function inlineSql(text: string, values: readonly unknown[] = []): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= values.length) throw new RangeError(`no value for $${n}`);
    const value = parameter(values[index]);
    return value === null ? 'NULL' : pg.escapeLiteral(value);
  });
}

function savepointName(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new RangeError(`bad savepoint name ${name}`);
  return name;
}

/**
 * Runs `use` on a connection of the pool and gives it back, or drops it if
 * `use` marked it broken or the server ended its session meanwhile. A
 * checked-out node-postgres client reports a lost connection as an 'error'
 * event that the pool listens to only while the client is idle; unheard, it
 * would end the process.
 */
export async function withPoolConnection<T>(
  pool: pg.Pool,
  use: (client: pg.PoolClient, markBroken: () => void) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onLost = (error: Error) => (lost = error);
  client.on('error', onLost);
  let broken = false;
  try {
    return await use(client, () => (broken = true));
  } finally {
    client.removeListener('error', onLost);
    client.release(lost ?? broken);
  }
}

/**
 * Whether a failed statement leaves its connection unusable: not when
 * PostgreSQL refused the statement (an ERROR ends only the statement) or
 * when it was never sent (a value that cannot be bound); yes for a FATAL or
 * PANIC (the server ends the session) and a broken socket.
 */
export function connectionBroke(error: unknown): boolean {
  if (error instanceof UnbindableValueError) return false;
  const severity = (error as { severity?: unknown } | null)?.severity;
  return severity !== 'ERROR';
}

/**
 * The pool, outside any transaction: one statement per round trip, each in
 * its own implicit transaction, prepared once per connection like a plain
 * transaction's (authentication runs one per request).
 */
export function poolSql(pool: pg.Pool, statements: PreparedStatements): Sql {
  const query = <R>(text: string, values: readonly unknown[] = []): Promise<R[]> =>
    withPoolConnection(pool, async (client, markBroken) => {
      try {
        return await new PgTransactionSql(client, statements, { autocommit: true }).query<R>(text, values);
      } catch (error) {
        if (connectionBroke(error)) markBroken();
        throw error;
      }
    });
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

/**
 * A transaction on one node-postgres connection that pipelines: BEGIN and the
 * deferred writes travel with the next statement, in one round trip.
 * Statements issued in the same tick (`Promise.all` of independent reads and
 * writes, or `queryAll`) travel together as well, in the order they were
 * issued; round trips never overlap.
 */
export class PgTransactionSql implements Sql {
  private begun = false;
  private deferred: Step[] = [];
  private last: Step[] = [];
  private batch: Step[] = [];
  private batchScheduled = false;
  /** The round trip in flight, so the next one starts after it. */
  private inFlight: Promise<unknown> = Promise.resolve();
  private readonly connection: ConnectionStatements;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly statements: PreparedStatements,
    /** For poolSql: no BEGIN, each round trip is its own implicit transaction. */
    options: { autocommit?: boolean } = {},
  ) {
    this.begun = options.autocommit === true;
    this.connection = statements.connection(client);
  }

  query<R>(text: string, values: readonly unknown[] = []): Promise<R[]> {
    return new Promise<Record<string, unknown>[]>((resolve, reject) => {
      this.batch.push({ ...this.step(text, values), resolve, reject });
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
    this.deferred.push(this.step(text, values));
  }

  deferLast(text: string, values: readonly unknown[] = []): void {
    this.last.push(this.step(text, values));
  }

  /** Everything in a plain transaction goes through this object, so the savepoint can wait for the next statement. */
  async savepoint(name: string): Promise<void> {
    this.deferred.push(this.step(`SAVEPOINT ${savepointName(name)}`));
  }

  /** Sends the queued statements and COMMIT in one round trip (nothing at all if the transaction never began). */
  async commit(): Promise<void> {
    await this.settled();
    if (!this.begun && this.deferred.length === 0 && this.last.length === 0) return;
    await this.send([this.step('COMMIT')]);
  }

  async rollback(): Promise<void> {
    await this.settled();
    this.deferred = [];
    this.last = [];
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
    // Each statement's caller hears of a failure from its own promise.
    if (batch.length > 0) await this.send(batch).catch(() => undefined);
  }

  private step(text: string, values: readonly unknown[] = []): Step {
    return { text, name: this.statements.nameOf(text), values: values.map(parameter) };
  }

  /** One round trip: BEGIN the first time, the deferred writes, then `steps`. */
  private send(steps: Step[]): Promise<void> {
    const all = [...(this.begun ? [] : [this.step('BEGIN')]), ...this.deferred, ...this.last, ...steps];
    this.begun = true;
    this.deferred = [];
    this.last = [];
    const roundTrip = this.inFlight
      .catch(() => undefined)
      .then(() => {
        const pipeline = new Pipeline(all, this.statements, this.connection);
        this.client.query(pipeline);
        return pipeline.done;
      });
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
