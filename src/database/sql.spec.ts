// The plain-SQL transactions against a real PostgreSQL (a scratch database of
// this suite's own): values travel as bound parameters and come back exactly,
// the statements of one tick share one socket write and one answer, a failure
// part-way settles each statement's caller rightly and rolls back, and a
// connection parses each prepared statement once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DEFAULT_DATABASE_URL } from '../config/configuration';
import { PgTransactionSql, poolSql, PreparedStatements, textArray } from './sql';
import { UnbindableValueError } from './sql-pipeline';

function databaseUrl(name: string): string {
  const url = new URL(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function asAdmin(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/** What a connection sent: socket writes, Parse and Close messages; and how many round trips it finished. */
interface Traffic {
  writes: number;
  answers: number;
  parses: { name: string; text: string }[];
  closes: string[];
  binds: (string | null)[][];
}

/** A connection whose traffic is counted at the socket and at node-postgres' message writers. */
async function countedClient(url: string): Promise<{ client: pg.Client; traffic: Traffic }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const traffic: Traffic = { writes: 0, answers: 0, parses: [], closes: [], binds: [] };
  const connection = client.connection as unknown as Record<string, (...args: never[]) => unknown> & {
    stream: Record<string, (...args: unknown[]) => unknown>;
    on(event: string, listener: () => void): void;
  };
  // A corked stream hands all its chunks to one _writev: one write system call.
  for (const method of ['_write', '_writev']) {
    const original = connection.stream[method].bind(connection.stream);
    connection.stream[method] = (...args: unknown[]) => {
      traffic.writes++;
      return original(...args);
    };
  }
  const spy = <M>(method: string, record: (message: M) => void) => {
    const original = connection[method].bind(connection) as (message: M) => unknown;
    (connection as Record<string, unknown>)[method] = (message: M) => {
      record(message);
      return original(message);
    };
  };
  spy<{ name: string; text: string }>('parse', (m) => traffic.parses.push({ name: m.name, text: m.text }));
  spy<{ name: string }>('close', (m) => traffic.closes.push(m.name));
  spy<{ values: (string | null)[] }>('bind', (m) => traffic.binds.push(m.values));
  connection.on('readyForQuery', () => traffic.answers++);
  return { client, traffic };
}

const name = `tally_test_sql_${randomBytes(5).toString('hex')}`;
let url: string;

beforeAll(async () => {
  await asAdmin(`CREATE DATABASE "${name}"`);
  url = databaseUrl(name);
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query('CREATE TABLE probe (label text PRIMARY KEY, amount bigint)');
  await setup.end();
});

afterAll(async () => {
  await asAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe('a plain transaction on one connection', () => {
  let client: pg.Client;
  let traffic: Traffic;
  let statements: PreparedStatements;

  beforeAll(async () => {
    ({ client, traffic } = await countedClient(url));
  });
  afterAll(() => client.end());
  beforeEach(async () => {
    await client.query('TRUNCATE probe');
    statements = new PreparedStatements();
    Object.assign(traffic, { writes: 0, answers: 0, parses: [], closes: [], binds: [] });
  });

  /** Runs `fn` in a PgTransactionSql, committing or rolling back as DatabaseService.sqlTransaction does. */
  async function transaction<T>(fn: (sql: PgTransactionSql) => Promise<T>): Promise<T> {
    const sql = new PgTransactionSql(client as unknown as pg.PoolClient, statements);
    try {
      const result = await fn(sql);
      await sql.commit();
      return result;
    } catch (error) {
      await sql.rollback();
      throw error;
    }
  }

  const labels = () => client.query('SELECT label FROM probe ORDER BY label').then((r) => r.rows.map((x) => x.label));

  it('binds every kind of value, which comes back exactly, and never writes one into the statement', async () => {
    const quoted = `it's "quoted" \\ back\\slash '' $1 $$ -- ; DROP TABLE probe; é€𝄞 中文`;
    const huge = 9_223_372_036_854_775_807n;
    const when = new Date('2026-02-28T23:59:59.999Z');
    const json = JSON.stringify({ quote: "'", backslash: '\\', nul_free: 'ü', nested: [1, 'two', null] });
    const array = ['plain', 'with,comma', 'with "quote"', 'back\\slash', '{brace}', '', 'NULL'];
    const text = `SELECT $1::text AS s, $2::bigint AS big, $3::bigint AS negative, $4::timestamptz AS d,
                         $5::jsonb AS j, $6::text[] AS a, $7::text AS n, $8::boolean AS b, $9::int AS i`;
    const [row] = await transaction((sql) =>
      sql.query(text, [quoted, huge, -huge - 1n, when, json, textArray(array), null, false, 42]),
    );
    expect(row).toEqual({
      s: quoted,
      big: huge,
      negative: -huge - 1n,
      d: when,
      j: JSON.parse(json),
      a: array,
      n: null,
      b: false,
      i: 42,
    });
    // The statement went to the server as written; the values beside it.
    expect(traffic.parses.map((p) => p.text)).toContain(text);
    expect(traffic.parses.some((p) => p.text.includes('DROP TABLE'))).toBe(false);
    expect(traffic.binds).toContainEqual([
      quoted,
      huge.toString(),
      (-huge - 1n).toString(),
      when.toISOString(),
      json,
      textArray(array),
      null,
      'false',
      '42',
    ]);
    const stored = "x'); DELETE FROM probe; --";
    await transaction(async (sql) => sql.defer('INSERT INTO probe (label) VALUES ($1::text)', [stored]));
    expect(await labels()).toEqual([stored]);
  });

  it('refuses values it cannot bind faithfully before sending anything, and PostgreSQL refuses NUL', async () => {
    await expect(transaction((sql) => sql.query('SELECT $1::jsonb', [{ not: 'a string' }]))).rejects.toThrow(
      'pass JSON as a string',
    );
    await expect(transaction((sql) => sql.query('SELECT $1::numeric', [Number.NaN]))).rejects.toThrow(
      'cannot bind the number NaN',
    );
    expect(traffic.writes).toBe(0);
    await expect(transaction((sql) => sql.query('SELECT $1::text', ['a\u0000b']))).rejects.toMatchObject({
      code: '22021',
    });
  });

  it('sends the statements of one tick, BEGIN and the deferred writes in one write and one answer', async () => {
    const insert = 'INSERT INTO probe (label, amount) VALUES ($1::text, $2::bigint)';
    const results = await transaction(async (sql) => {
      sql.deferLast(insert, ['last', 3n]);
      sql.defer(insert, ['deferred', 1n]);
      const all = Promise.all([
        sql.query<{ n: number }>('SELECT count(*)::int AS n FROM probe'),
        sql.query<{ v: string }>('SELECT $1::text AS v', ['second']),
        ...[1, 2, 3].map((i) => sql.query<{ v: number }>('SELECT $1::int * 10 AS v', [i])),
      ]);
      const answered = await all;
      expect({ writes: traffic.writes, answers: traffic.answers }).toEqual({ writes: 1, answers: 1 });
      return answered;
    });
    // The deferred writes went ahead of the statements (in order: defer, then deferLast).
    expect(results.map((rows) => Object.values(rows[0])[0])).toEqual([2, 'second', 10, 20, 30]);
    // COMMIT: one more.
    expect({ writes: traffic.writes, answers: traffic.answers }).toEqual({ writes: 2, answers: 2 });
    expect(await labels()).toEqual(['deferred', 'last']);
  });

  it('settles each caller of a round trip that fails part-way, and the transaction rolls back', async () => {
    const insert = 'INSERT INTO probe (label) VALUES ($1::text) RETURNING label';
    // Each caller hears of its own statement; COMMIT finds the transaction aborted and rolls it back.
    const settled = await transaction((sql) =>
      Promise.allSettled([
        sql.query(insert, ['before']),
        sql.query('SELECT 1 / $1::int AS n', [0]),
        sql.query(insert, ['after']),
      ]),
    );
    expect(settled).toEqual([
      { status: 'fulfilled', value: [{ label: 'before' }] },
      { status: 'rejected', reason: expect.objectContaining({ code: '22012' }) },
      { status: 'rejected', reason: expect.objectContaining({ code: '22012' }) },
    ]);
    const [, failed, skipped] = settled as PromiseRejectedResult[];
    expect(skipped.reason).toBe(failed.reason);
    expect(traffic.answers).toBe(2);
    expect(await labels()).toEqual([]);

    // A failing deferred write fails the statement it travels with, and the use case rolls back.
    await expect(
      transaction(async (sql) => {
        sql.defer('INSERT INTO probe (label) VALUES ($1::text)', ['kept?']);
        sql.defer('INSERT INTO probe (label) VALUES ($1::text)', ['kept?']);
        await sql.query('SELECT 1');
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await labels()).toEqual([]);
    // The connection is in a clean state for the next transaction.
    await transaction(async (sql) => sql.defer('INSERT INTO probe (label) VALUES ($1::text)', ['next']));
    expect(await labels()).toEqual(['next']);
  });

  it('parses a prepared statement once per connection, then only binds and executes it', async () => {
    const text = 'SELECT $1::bigint + 1 AS n';
    for (const value of [1n, 2n, 3n]) {
      const [row] = await transaction((sql) => sql.query<{ n: bigint }>(text, [value]));
      expect(row.n).toBe(value + 1n);
    }
    const parsesOf = (t: Traffic, statement: string) => t.parses.filter((p) => p.text === statement);
    expect(parsesOf(traffic, text)).toEqual([{ name: expect.stringMatching(/^tally_[0-9a-f]{8}_\d+$/), text }]);
    // BEGIN and COMMIT are not planned: the unnamed statement, each time.
    expect(parsesOf(traffic, 'BEGIN')).toEqual([1, 2, 3].map(() => ({ name: '', text: 'BEGIN' })));

    // Another connection parses it once for itself.
    const other = await countedClient(url);
    try {
      for (let i = 0; i < 2; i++) {
        const sql = new PgTransactionSql(other.client as unknown as pg.PoolClient, statements, { autocommit: true });
        expect(await sql.query(text, [10n])).toEqual([{ n: 11n }]);
      }
      expect(parsesOf(other.traffic, text)).toHaveLength(1);
    } finally {
      await other.client.end();
    }
  });

  it('after a failed round trip, closes what it may have parsed before parsing it again', async () => {
    const divide = 'SELECT 10 / $1::int AS n';
    const echo = 'SELECT $1::text AS v';
    await expect(
      transaction((sql) => Promise.all([sql.query(divide, [0]), sql.query(echo, ['never'])])),
    ).rejects.toMatchObject({ code: '22012' });
    const [[n], [v]] = await transaction((sql) => Promise.all([sql.query(divide, [5]), sql.query(echo, ['now'])]));
    expect([n, v]).toEqual([{ n: 2 }, { v: 'now' }]);
    const names = [statements.nameOf(divide), statements.nameOf(echo)];
    expect(traffic.closes).toEqual(names);
    expect(traffic.parses.filter((p) => p.name !== '').map((p) => p.name)).toEqual([...names, ...names]);
  });

  it('with prepared statements off, uses the unnamed statement every time', async () => {
    statements = new PreparedStatements(false);
    for (let i = 0; i < 2; i++) {
      const [row] = await transaction((sql) => sql.query<{ v: string }>('SELECT $1::text AS v', [`run ${i}`]));
      expect(row.v).toBe(`run ${i}`);
    }
    expect(traffic.parses.every((p) => p.name === '')).toBe(true);
    expect(traffic.parses.filter((p) => p.text === 'SELECT $1::text AS v')).toHaveLength(2);
  });
});

describe('plain SQL on the pool', () => {
  it('runs each statement in its own implicit transaction, prepared once per connection', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const sql = poolSql(pool, new PreparedStatements());
      const text = 'SELECT $1::text AS v, current_setting($2::text) AS s';
      expect(await sql.query(text, ['a', 'transaction_isolation'])).toEqual([{ v: 'a', s: 'read committed' }]);
      expect(await sql.queryAll([{ text, values: ['b', 'server_encoding'] }])).toEqual([[{ v: 'b', s: 'UTF8' }]]);
      const [{ names }] = await sql.query<{ names: string[] }>(
        "SELECT array_agg(name) AS names FROM pg_prepared_statements WHERE statement LIKE 'SELECT $1::text AS v,%'",
      );
      expect(names).toHaveLength(1);
      expect(() => sql.defer('SELECT 1')).toThrow('defer() needs a transaction');
    } finally {
      await pool.end();
    }
  });

  it('keeps a connection whose statement was refused or never sent, and drops one that broke', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const sql = poolSql(pool, new PreparedStatements());
      const backend = async () => (await sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0].pid;
      const first = await backend();
      await expect(sql.query('SELECT $1::int AS v', [{ not: 'bindable' }])).rejects.toThrow(UnbindableValueError);
      await expect(sql.query('SELECT 1/$1::int AS v', [0])).rejects.toMatchObject({ code: '22012' });
      expect(await backend()).toBe(first);
      // The server ends the session: the next statement fails on a broken connection, which is not reused.
      await expect(sql.query('SELECT pg_terminate_backend(pg_backend_pid())')).rejects.toThrow();
      expect(await backend()).not.toBe(first);
    } finally {
      await pool.end();
    }
  });
});
