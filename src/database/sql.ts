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
// A round trip is one `Pipeline`: PostgreSQL's extended query protocol
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

/**
 * A value as a bound parameter's text (null for NULL); the statement's cast
 * (`$1::bigint`) gives it its type. PostgreSQL itself refuses a string with
 * NUL (SQLSTATE 22021).
 */
function parameter(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return value;
    case 'bigint':
      return value.toString();
    case 'number':
      // NaN and Infinity would read as valid numerics.
      if (!Number.isFinite(value)) throw new TypeError(`cannot bind the number ${value}`);
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
  }
  if (value instanceof Date) return value.toISOString();
  throw new TypeError(`cannot bind a value of type ${typeof value}; pass JSON as a string, a text[] as textArray()`);
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

/** Statements worth preparing: the ones PostgreSQL plans. */
const PREPARABLE = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b[^;]*$/i;

/**
 * Names server-side prepared statements (one registry per pool) and remembers
 * which connection has prepared which. A connection's set only grows when a
 * round trip succeeded. When one fails, the statements it parsed or closed may
 * or may not exist on the server (the server skips what follows an error), so
 * the connection's next round trip closes them first (closing a statement
 * that does not exist is no error) and parses them again when they are used.
 *
 * A connection also starts over (closes every statement it prepared, and
 * parses each again on first use) once its statements are REPREPARE_AFTER_MS
 * old. PostgreSQL builds a statement's generic plan once, from the table
 * sizes of that moment, and keeps it until an ANALYZE of the table: a plan
 * built while a table was small (a new database, or one table newly in use)
 * scans it whole as it grows. The payments bench measured that: a batch's lock
 * of its payment intents by id took 5 ms of CPU as a sequential scan instead
 * of 0.1 ms through the primary key. Planning afresh each time
 * (plan_cache_mode=force_custom_plan) fixed it too, at about 60 us of
 * planning per statement run; preparing again every few seconds costs a few
 * milliseconds per connection in that time.
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

  /** The statement's name, or undefined for the unnamed statement (parsed in every round trip). */
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
      state = { prepared: new Set(), unsure: new Set(), since: 0 };
      this.connections.set(client, state);
    }
    return state;
  }

  /** The statements a round trip on the connection closes before anything else: the unsure ones, and with age all. */
  takeToClose(state: ConnectionStatements, now = Date.now()): string[] {
    const names = [...state.unsure];
    state.unsure.clear();
    if (state.prepared.size > 0 && now - state.since >= this.reprepareAfterMs) {
      names.push(...state.prepared);
      state.prepared.clear();
    }
    return names;
  }
}

/** What one connection has prepared, and since when. */
interface ConnectionStatements {
  prepared: Set<string>;
  /** Parsed or closed by a round trip that failed: to close before parsing again. */
  unsure: Set<string>;
  /** When the connection's set last grew from nothing. */
  since: number;
}

/** One statement as it goes on the wire. */
interface Step {
  text: string;
  /** Its prepared statement; undefined: the unnamed statement. */
  name: string | undefined;
  values: (string | null)[];
  /** The caller waiting for its rows; none for BEGIN, COMMIT and deferred writes, whose rows nobody reads. */
  resolve?: (rows: Record<string, unknown>[]) => void;
  reject?: (error: unknown) => void;
}

/** The parts of node-postgres' Connection (pg/lib/connection.js) a pipeline writes with. */
interface Wire {
  stream: { cork(): void; uncork(): void };
  close(message: { type: 'S'; name: string }): void;
  parse(message: { name: string; text: string; types: number[] }): void;
  bind(message: { statement: string; values: (string | null)[] }): void;
  describe(message: { type: 'P' }): void;
  execute(message: object): void;
  sync(): void;
  sendCopyFail(message: string): void;
}

/** The parts of node-postgres' Result (pg/lib/result.js) that turn a statement's rows into objects. */
interface Rows {
  rows: Record<string, unknown>[];
  addFields(fields: pg.FieldDef[]): void;
  parseRow(fields: unknown[]): Record<string, unknown>;
}

/**
 * One round trip: every step's Parse (named, only if the connection lacks
 * it), Bind, Describe (only for the rows someone reads) and Execute, then one
 * Sync, corked into one socket write. node-postgres hands it the answers in
 * order: each step ends with its CommandComplete; an error ends the round
 * trip (the server skips to the Sync), so the steps before it succeeded, and
 * it and the ones after it fail with that error, as their transaction will.
 */
class Pipeline implements pg.Submittable {
  /** Rows of the steps answered so far. */
  private readonly answered: Record<string, unknown>[][] = [];
  private result: Rows | undefined;
  private rowError: { error: unknown; step: number } | undefined;
  private touched: string[] = [];
  private parsed: string[] = [];
  private finished = false;
  private finish!: (error: unknown) => void;
  readonly done = new Promise<void>((resolve, reject) => {
    this.finish = (error) => (error === undefined ? resolve() : reject(error));
  });

  constructor(
    private readonly steps: readonly Step[],
    private readonly statements: PreparedStatements,
    private readonly state: ConnectionStatements,
  ) {}

  submit(connection: pg.Connection): void {
    const wire = connection as unknown as Wire;
    const closing = this.statements.takeToClose(this.state);
    const parsing = new Set<string>();
    this.touched = closing;
    wire.stream.cork();
    try {
      for (const name of closing) wire.close({ type: 'S', name });
      for (const step of this.steps) {
        const name = step.name ?? '';
        if (step.name === undefined || !(this.state.prepared.has(name) || parsing.has(name))) {
          wire.parse({ name, text: step.text, types: [] });
          if (step.name !== undefined) parsing.add(name);
        }
        wire.bind({ statement: name, values: step.values });
        if (step.resolve) wire.describe({ type: 'P' });
        wire.execute({});
      }
      wire.sync();
    } finally {
      this.parsed = [...parsing];
      wire.stream.uncork();
    }
  }

  handleRowDescription(message: { fields: pg.FieldDef[] }): void {
    this.result = new pg.Result('', SQL_TYPE_PARSERS as never) as unknown as Rows;
    this.result.addFields(message.fields);
  }

  handleDataRow(message: { fields: unknown[] }): void {
    // Without a description the step's rows are nobody's (no Describe was sent for them).
    if (this.result === undefined || this.rowError) return;
    try {
      this.result.rows.push(this.result.parseRow(message.fields));
    } catch (error) {
      this.rowError = { error, step: this.answered.length };
    }
  }

  handleCommandComplete(): void {
    this.answered.push(this.result?.rows ?? []);
    this.result = undefined;
  }

  handleEmptyQuery(): void {
    this.handleCommandComplete();
  }

  /** A server error (node-postgres then passes on no more of this round trip), a lost connection or a timeout. */
  handleError(error: unknown): void {
    this.end(error, this.answered.length);
  }

  handleReadyForQuery(): void {
    this.end(this.rowError?.error, this.rowError?.step ?? this.steps.length);
  }

  handleCopyInResponse(connection: pg.Connection): void {
    (connection as unknown as Wire).sendCopyFail('COPY FROM STDIN is not supported here');
  }

  handleCopyData(): void {}

  /** Settles every step: the first `succeeded` with their rows, the rest with `error`. */
  private end(error: unknown, succeeded: number): void {
    if (this.finished) return;
    this.finished = true;
    if (error === undefined) {
      if (this.state.prepared.size === 0) this.state.since = Date.now();
      for (const name of this.parsed) this.state.prepared.add(name);
    } else {
      for (const name of [...this.touched, ...this.parsed]) this.state.unsure.add(name);
    }
    this.steps.forEach((step, i) => (i < succeeded ? step.resolve?.(this.answered[i]) : step.reject?.(error)));
    this.finish(error);
  }
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
