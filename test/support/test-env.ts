// Each suite gets its own PostgreSQL database (created, migrated, dropped) and
// its own BullMQ key prefix, so suites run in parallel and leave nothing behind.
// The queues run on QUEUE_BACKEND from the environment (`redis` or
// `postgres`; see global-setup.cjs), on PostgreSQL in the suite's own database.
import { ContractCheck, installContractCheck } from './contract';
import type { INestApplicationContext, Provider } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { AppConfig, DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, loadConfig } from '../../src/config/configuration';
import { migrate } from '../../src/database/migrator';
import type { QueueBackend } from '../../src/queues/queue-backend';
import { QUEUE_SCHEMA } from '../../src/queues/queue-store';
import { createHttpApp } from '../../src/http-app';
import { createWorkerApp } from '../../src/worker-app';

export const OPERATOR_KEY = 'test_operator_key_0123456789';
export const MIGRATIONS_DIR = join(__dirname, '..', '..', 'prisma', 'migrations');

export interface TestEnv {
  name: string;
  databaseUrl: string;
  config: AppConfig;
  /** A plain pg connection to the suite's database, for assertions. */
  sql: pg.Pool;
  /** Where this suite's queues are. */
  queueBackend: QueueBackend;
  /** A Redis connection for assertions; only with the Redis backend (use the backend-neutral helpers otherwise). */
  redis?: Redis;
  /** Loses every job of the suite's queues, as a Redis flush would (the outbox must replay them). */
  wipeQueues(): Promise<void>;
  configWith(overrides: Record<string, string>): AppConfig;
  startApi(config?: AppConfig): Promise<NestFastifyApplication>;
  startWorker(extraProviders?: Provider[], config?: AppConfig): Promise<INestApplicationContext>;
  teardown(): Promise<void>;
}

function baseDatabaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

/**
 * The queue backend of this run: QUEUE_BACKEND, which the global setup sets
 * (to Redis when one answers, else PostgreSQL) when it was not given. Read
 * synchronously, so that a suite can choose its backend-specific tests.
 */
export const TEST_QUEUE_BACKEND: QueueBackend = process.env.QUEUE_BACKEND === 'postgres' ? 'postgres' : 'redis';

export async function createTestEnv(overrides: Record<string, string> = {}): Promise<TestEnv> {
  const name = `tally_test_${randomBytes(5).toString('hex')}`;
  const url = new URL(baseDatabaseUrl());
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  await migrate(databaseUrl, MIGRATIONS_DIR);
  const queueBackend = (overrides.QUEUE_BACKEND as QueueBackend | undefined) ?? TEST_QUEUE_BACKEND;

  const baseEnv: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL || DEFAULT_REDIS_URL,
    OPERATOR_API_KEY: OPERATOR_KEY,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL || 'silent',
    QUEUE_BACKEND: queueBackend,
    QUEUE_PREFIX: `tally-${name}`,
    DATABASE_POOL_SIZE: '5',
    RATE_LIMIT_REQUESTS: '100000',
    RATE_LIMIT_AUTH_FAILURES: '100000',
    OUTBOX_POLL_INTERVAL_MS: '20',
    ...overrides,
  };
  const configWith = (more: Record<string, string>) => loadConfig({ ...baseEnv, ...more });
  const config = configWith({});
  const sql = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  // pool.end() resolves before its sockets have closed; the DROP DATABASE of
  // teardown may then terminate one, which must not crash the test process.
  sql.on('error', () => undefined);
  const redis = queueBackend === 'redis' ? new Redis(config.redisUrl, { maxRetriesPerRequest: null }) : undefined;
  const wipeRedis = async (connection: Redis) => {
    let cursor = '0';
    do {
      const [next, keys] = await connection.scan(cursor, 'MATCH', `${config.queuePrefix}*`, 'COUNT', 1000);
      if (keys.length) await connection.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  };
  const apps: INestApplicationContext[] = [];
  const contracts: ContractCheck[] = [];

  return {
    name,
    databaseUrl,
    config,
    sql,
    queueBackend,
    redis,
    configWith,
    async wipeQueues() {
      if (redis) return wipeRedis(redis);
      // Every table of the queue schema but BullMQ's own migration record: jobs, schedulers, events...
      const { rows } = await sql.query<{ name: string }>(
        `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name
           FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'migration'`,
        [QUEUE_SCHEMA],
      );
      // A running worker takes these tables' locks in its own order; a TRUNCATE that deadlocks with it is tried again.
      for (let attempt = 1; ; attempt++) {
        try {
          await sql.query(`TRUNCATE ${rows.map((r) => r.name).join(', ')}`);
          return;
        } catch (error) {
          if ((error as { code?: string }).code !== '40P01' || attempt === 5) throw error;
        }
      }
    },
    async startApi(appConfig = config) {
      const app = await createHttpApp(appConfig);
      const contract = installContractCheck(app);
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      apps.push(app);
      contracts.push(await contract.load());
      return app;
    },
    async startWorker(extraProviders = [], workerConfig = config) {
      const app = await createWorkerApp(workerConfig, extraProviders);
      apps.push(app);
      return app;
    },
    async teardown() {
      for (const app of apps.reverse()) await app.close().catch(() => undefined);
      const violations = contracts.flatMap((contract) => contract.violations);
      // Remove this suite's BullMQ and rate-limit keys (on PostgreSQL they go with the database).
      if (redis) {
        await wipeRedis(redis);
        await redis.quit();
      }
      await sql.end();
      const adminUrl = new URL(baseDatabaseUrl());
      adminUrl.pathname = '/postgres';
      const admin = new pg.Client({ connectionString: adminUrl.toString() });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
      // After the cleanup, so that a suite that broke the contract leaves nothing behind either.
      if (violations.length > 0) {
        throw new Error(
          `${violations.length} response(s) the OpenAPI document does not describe (test/support/contract.ts):\n` +
            [...new Set(violations)].slice(0, 30).join('\n'),
        );
      }
    },
  };
}

export const operatorAuth = { Authorization: `Bearer ${OPERATOR_KEY}` };
export const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
