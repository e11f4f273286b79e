// DatabaseService's transactions: the isolation level they run at, whatever
// the database's default, without a SET TRANSACTION per transaction; and the
// plain-SQL transactions (sql.ts): values inlined faithfully, deferred writes
// committed with the transaction or not at all, Prisma kept out of them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { loadConfig } from '../src/config/configuration';
import { DatabaseService, mayBeCausedByOneInput } from '../src/database/database.service';
import { Prisma } from '../src/generated/prisma/client';
import { createTestEnv, TestEnv } from './support/test-env';
import { inlineSql, PgTransactionSql, PreparedStatements } from '../src/database/sql';

let env: TestEnv;
let db: DatabaseService;

beforeAll(async () => {
  env = await createTestEnv();
  // A database whose default is stricter than Tally expects.
  await env.sql.query(`ALTER DATABASE "${env.name}" SET default_transaction_isolation = 'serializable'`);
  db = (await env.startApi()).get(DatabaseService);
});

afterAll(async () => {
  await env.teardown();
});

const isolation = (tx: Prisma.TransactionClient) =>
  tx.$queryRaw<{ transaction_isolation: string }[]>`SHOW transaction_isolation`.then((r) => r[0].transaction_isolation);

it('runs transactions at READ COMMITTED by default, even where the database defaults to another level', async () => {
  // A plain new connection gets the database's default.
  const plain = new pg.Client({ connectionString: env.databaseUrl });
  await plain.connect();
  const { rows } = await plain.query('SHOW transaction_isolation');
  await plain.end();
  expect(rows[0].transaction_isolation).toBe('serializable');
  expect(await db.transaction(isolation)).toBe('read committed');
});

it('runs a transaction at the level it asks for', async () => {
  expect(await db.transaction(isolation, { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead })).toBe(
    'repeatable read',
  );
  expect(await db.transaction(isolation, { isolationLevel: Prisma.TransactionIsolationLevel.Serializable })).toBe(
    'serializable',
  );
});

it('plain transactions run at READ COMMITTED too', async () => {
  const [row] = await db.sqlTransaction((sql) =>
    sql.query<{ transaction_isolation: string }>('SHOW transaction_isolation'),
  );
  expect(row.transaction_isolation).toBe('read committed');
});

it('inlines values as literals that PostgreSQL reads back exactly', async () => {
  const nasty = "it's a \\ back'slash'' \\' and $1 and \u00e9\u{1F4B8}";
  const big = 9_007_199_254_740_993n; // above 2^53: must not pass through a number
  const when = new Date('2026-11-29T10:11:12.345Z');
  const json = JSON.stringify({ quote: "'", backslash: '\\', nested: [1, 'two'] });
  const [row] = await db.sqlTransaction((sql) =>
    sql.query<{ s: string; b: bigint; d: Date; j: unknown; n: string | null; t: boolean }>(
      'SELECT $1::text AS s, $2::bigint AS b, $3::timestamptz AS d, $4::jsonb AS j, $5::text AS n, $6::boolean AS t',
      [nasty, big, when, json, null, true],
    ),
  );
  expect(row).toEqual({ s: nasty, b: big, d: when, j: JSON.parse(json), n: null, t: true });
  expect(() => inlineSql('SELECT $2::text', ['only one'])).toThrow('no value for $2');
  expect(() => inlineSql('SELECT $1::jsonb', [{ not: 'a string' }])).toThrow('pass JSON as a string');
});

it('commits deferred writes with the transaction, and drops them when it rolls back', async () => {
  await env.sql.query('CREATE TABLE IF NOT EXISTS plain_sql_probe (label text PRIMARY KEY)');
  await db.sqlTransaction(async (sql) => {
    sql.defer('INSERT INTO plain_sql_probe (label) VALUES ($1::text)', ['committed']);
    sql.deferLast('INSERT INTO plain_sql_probe (label) VALUES ($1::text)', ['committed-last']);
  });
  await expect(
    db.sqlTransaction(async (sql) => {
      sql.defer('INSERT INTO plain_sql_probe (label) VALUES ($1::text)', ['rolled-back']);
      // A later statement sees the deferred write (it travels ahead of it) ...
      const [seen] = await sql.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM plain_sql_probe WHERE label = 'rolled-back'",
      );
      expect(seen.n).toBe(1);
      throw new Error('use case failed');
    }),
  ).rejects.toThrow('use case failed');
  // ... and a failing deferred write fails the commit, taking everything with it.
  await expect(
    db.sqlTransaction(async (sql) => {
      sql.defer('INSERT INTO plain_sql_probe (label) VALUES ($1::text)', ['duplicate-first']);
      sql.defer('INSERT INTO plain_sql_probe (label) VALUES ($1::text)', ['committed']);
    }),
  ).rejects.toThrow(/duplicate key/);
  const { rows } = await env.sql.query('SELECT label FROM plain_sql_probe ORDER BY label');
  expect(rows.map((r) => r.label)).toEqual(['committed', 'committed-last']);
});

it('a plain transaction whose session the server ends fails, and the next one gets a live connection', async () => {
  const backend = () =>
    db.sqlTransaction(async (sql) => (await sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0].pid);
  const before = await backend();
  // The session ends in the middle of the transaction: the connection reports it as an 'error' event
  // while checked out, which must reach the transaction, not the process.
  await expect(
    db.sqlTransaction(
      async (sql) => {
        const [{ pid }] = await sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await env.sql.query('SELECT pg_terminate_backend($1)', [pid]);
        return sql.query('SELECT 1');
      },
      { maxAttempts: 1 },
    ),
  ).rejects.toThrow();
  const after = await Promise.all([backend(), backend(), backend()]);
  expect(after.every((pid) => typeof pid === 'number')).toBe(true);
  expect(before).toEqual(expect.any(Number));
});

it('refuses Prisma inside a plain transaction instead of letting it commit apart', async () => {
  await expect(db.sqlTransaction(async () => db.transaction(async () => 1))).rejects.toThrow(
    'Prisma cannot join a plain-SQL transaction',
  );
  await expect(db.sqlTransaction(async () => db.client.merchant.count())).rejects.toThrow(
    'Prisma cannot join a plain-SQL transaction',
  );
});

describe('plain transactions on one connection', () => {
  let client: pg.Client;
  let statements: PreparedStatements;
  let roundTrips: number;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: env.databaseUrl });
    await client.connect();
    // Counts the query strings sent, by wrapping the real client's query.
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      roundTrips++;
      return query(...args);
    };
  });
  afterAll(() => client.end());
  beforeEach(() => {
    statements = new PreparedStatements();
    roundTrips = 0;
  });

  /** Runs `fn` in a PgTransactionSql on the test's connection, as DatabaseService.sqlTransaction does. */
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

  const prepared = () =>
    client
      .query<{ name: string; types: string[] }>(
        'SELECT name, parameter_types::text[] AS types FROM pg_prepared_statements',
      )
      .then((r) => r.rows);

  it('prepares each statement once per connection and then only executes it', async () => {
    await client.query('DEALLOCATE ALL');
    const text = 'SELECT $1::int + 1 AS n';
    for (const value of [1, 2, 3]) {
      const [row] = await transaction((sql) => sql.query<{ n: number }>(text, [value]));
      expect(row.n).toBe(value + 1);
    }
    expect(await prepared()).toEqual([{ name: expect.stringMatching(/^tally_[0-9a-f]{8}_1$/), types: ['integer'] }]);
    // Not preparable: inlined as before.
    const [shown] = await transaction((sql) => sql.query<{ server_version: string }>('SHOW server_version'));
    expect(shown.server_version).toMatch(/^\d+/);
    expect(await prepared()).toHaveLength(1);
  });

  it('sends the statements of one tick in one round trip, each answered with its own rows', async () => {
    roundTrips = 0;
    const [a, b, c] = await transaction((sql) =>
      Promise.all([
        sql.query<{ v: string }>('SELECT $1::text AS v', ['first']),
        sql.query<{ v: number }>('SELECT $1::int * 2 AS v', [21]),
        sql.query<{ v: string }>('SELECT $1::text AS v', ['third']),
      ]),
    );
    expect([a[0].v, b[0].v, c[0].v]).toEqual(['first', 42, 'third']);
    // BEGIN, the PREPAREs and the three statements; then COMMIT.
    expect(roundTrips).toBe(2);
  });

  it('a deferred statement after a deferLast of the same statement still finds it prepared', async () => {
    await client.query('CREATE TABLE IF NOT EXISTS plain_sql_order (label text PRIMARY KEY)');
    await client.query('DEALLOCATE ALL');
    const insert = 'INSERT INTO plain_sql_order (label) VALUES ($1::text)';
    await transaction(async (sql) => {
      sql.deferLast(insert, ['last']);
      sql.defer(insert, ['deferred']);
    });
    const { rows } = await client.query('SELECT label FROM plain_sql_order ORDER BY label');
    expect(rows.map((r) => r.label)).toEqual(['deferred', 'last']);
  });

  it('with DATABASE_PREPARED_STATEMENTS=false nothing is prepared and statements are inlined', async () => {
    await client.query('DEALLOCATE ALL');
    statements = new PreparedStatements(false);
    const [row] = await transaction((sql) => sql.query<{ v: string }>('SELECT $1::text AS v', ["it's inlined"]));
    expect(row.v).toBe("it's inlined");
    expect(await prepared()).toEqual([]);
    expect(loadConfig({ DATABASE_PREPARED_STATEMENTS: 'false' }).databasePreparedStatements).toBe(false);
    expect(loadConfig({}).databasePreparedStatements).toBe(true);
  });

  it('after a query string fails part-way, the next transaction on the connection starts over', async () => {
    await client.query('DEALLOCATE ALL');
    await expect(
      transaction(async (sql) => {
        await Promise.all([
          sql.query('SELECT 1 / $1::int AS n', [0]),
          // Never runs: its PREPARE follows the failing statement's in the same string.
          sql.query('SELECT $1::text AS never', ['x']),
        ]);
      }),
    ).rejects.toThrow('division by zero');
    // The first PREPARE ran and the second did not, yet both run now.
    const [[n], [never]] = await transaction((sql) =>
      Promise.all([
        sql.query<{ n: number }>('SELECT 1 / $1::int AS n', [1]),
        sql.query('SELECT $1::text AS never', ['y']),
      ]),
    );
    expect(n.n).toBe(1);
    expect(never).toEqual({ never: 'y' });
    expect(await prepared()).toHaveLength(2);
  });

  it('prepares again once its statements are old, so a plan built when a table was small follows its growth', async () => {
    await client.query('DEALLOCATE ALL');
    statements = new PreparedStatements(true, 300);
    await client.query('CREATE TABLE plan_growth (id text PRIMARY KEY)');
    await client.query("INSERT INTO plan_growth VALUES ('a')");
    await client.query('ANALYZE plan_growth');
    const lookup = 'SELECT id FROM plan_growth WHERE id = ANY($1::text[])';
    // Past PostgreSQL's five custom plans: from here it runs the generic plan it built for a one-row table.
    for (let i = 0; i < 7; i++) await transaction((sql) => sql.query(lookup, ['{a}']));
    const [{ name }] = await prepared();
    const plan = async () =>
      (await client.query(`EXPLAIN EXECUTE ${name}('{a}')`)).rows.map((r) => r['QUERY PLAN']).join('\n');
    await client.query("INSERT INTO plan_growth SELECT 'k' || g FROM generate_series(1, 20000) g");
    expect(await plan()).toContain('Seq Scan on plan_growth');
    await new Promise((resolve) => setTimeout(resolve, 350));
    const [row] = await transaction((sql) => sql.query<{ id: string }>(lookup, ['{k7}']));
    expect(row.id).toBe('k7');
    // Prepared again under the same name, and planned for the table as it is now.
    expect(await prepared()).toEqual([{ name, types: ['text[]'] }]);
    expect(await plan()).toMatch(/Index (Only )?Scan using plan_growth_pkey/);
  });
});

describe('which failures a group-committed batch splits on', () => {
  const failureOf = (work: () => Promise<unknown>) =>
    work().then(
      () => null,
      (error: unknown) => error,
    );

  it('splits on what one input can cause: bad data, a broken constraint, our code refusing a value', async () => {
    const badData = await failureOf(() => db.sqlTransaction((sql) => sql.query("SELECT 'x'::int")));
    const constraint = await failureOf(() =>
      db.sqlTransaction(async (sql) => {
        await sql.query('CREATE TEMP TABLE once (n int PRIMARY KEY) ON COMMIT DROP');
        await sql.query('INSERT INTO once VALUES (1), (1)');
      }),
    );
    const nul = await failureOf(() => db.sqlTransaction((sql) => sql.query('SELECT $1::text', ['a\u0000b'])));
    expect([badData, constraint, nul].map(mayBeCausedByOneInput)).toEqual([true, true, true]);
  });

  it('does not split on what every input would meet again: an unreachable database', async () => {
    const unreachable = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:1/x' });
    const error = await failureOf(() => unreachable.connect());
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect(mayBeCausedByOneInput(error)).toBe(false);
    expect(mayBeCausedByOneInput(new Error('Connection terminated unexpectedly'))).toBe(false);
  });
});
