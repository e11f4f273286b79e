// The wire under sql.ts: one round trip as an extended-protocol pipeline
// (see sql.ts for why), the statements each connection has prepared, and how
// values are bound and rows read.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

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
export function parameter(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return value;
    case 'bigint':
      return value.toString();
    case 'number':
      // NaN and Infinity would read as valid numerics.
      if (!Number.isFinite(value)) throw new UnbindableValueError(`cannot bind the number ${value}`);
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
  }
  if (value instanceof Date) return value.toISOString();
  throw new UnbindableValueError(
    `cannot bind a value of type ${typeof value}; pass JSON as a string, a text[] as textArray()`,
  );
}

/** A value that has no parameter text: the caller's mistake, found before anything is sent, so the connection is fine. */
export class UnbindableValueError extends TypeError {}

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
export interface ConnectionStatements {
  prepared: Set<string>;
  /** Parsed or closed by a round trip that failed: to close before parsing again. */
  unsure: Set<string>;
  /** When the connection's set last grew from nothing. */
  since: number;
}

/** One statement as it goes on the wire. */
export interface Step {
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
export class Pipeline implements pg.Submittable {
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
