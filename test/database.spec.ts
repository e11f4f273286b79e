// DatabaseService's transactions: the isolation level they run at, whatever
// the database's default, without a SET TRANSACTION per transaction.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import pg from 'pg';
import { DatabaseService } from '../src/database/database.service';
import { Prisma } from '../src/generated/prisma/client';
import { createTestEnv, TestEnv } from './support/test-env';

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
