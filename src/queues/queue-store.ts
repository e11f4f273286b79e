// Where the queues' data lives, chosen once per process (QUEUE_BACKEND, see
// queue-backend.ts): the connection BullModule gives every queue and worker,
// and the check readiness makes.
import { Logger } from '@nestjs/common';
import { DEFAULT_SCHEMA } from 'bullmq';
import pg from 'pg';
import type { AppConfig } from '../config/configuration';
import type { QueueBackend } from './queue-backend';
import type { RedisService } from './redis.service';

export abstract class QueueStore {
  abstract readonly backend: QueueBackend;
  /** The `connection` of every queue's options. */
  abstract readonly connection: unknown;
  /** Throws unless the store answers (readiness). */
  abstract ping(): Promise<void>;
  /** Closes what this store opened; after the queues have closed. */
  abstract close(): Promise<void>;
}

export class RedisQueueStore extends QueueStore {
  readonly backend = 'redis';

  constructor(private readonly redis: RedisService) {
    super();
  }

  get connection() {
    return this.redis.client;
  }

  async ping(): Promise<void> {
    const pong = await this.redis.client.ping();
    if (pong !== 'PONG') throw new Error(`unexpected reply ${pong}`);
  }

  // RedisService closes its own connections.
  async close(): Promise<void> {}
}

/** The schema of BullMQ's tables in the app's database; created by the migrator (see migrateQueueSchema). */
export const QUEUE_SCHEMA = DEFAULT_SCHEMA;

/**
 * Connections of the queue pool for queries (adding jobs, finishing them,
 * counts); each worker adds one for its LISTEN (see TallyWorker). Queue
 * statements are short, so a few connections serve every queue of a process.
 */
export const QUEUE_QUERY_CONNECTIONS = 4;

/**
 * The queues on BullMQ's PostgreSQL backend, in schema `bullmq` of
 * DATABASE_URL: one pg pool, shared by every queue and worker of the process,
 * apart from the app's own pool so that queue traffic never waits behind
 * money transactions (nor they behind it). Its sessions' search_path is the
 * schema, which BullMQ's statements name nothing but.
 */
export class PostgresQueueStore extends QueueStore {
  readonly backend = 'postgres';
  readonly connection: pg.Pool;
  private readonly logger = new Logger('QueueStore');

  constructor(config: AppConfig) {
    super();
    this.connection = new pg.Pool({
      connectionString: config.databaseUrl,
      max: QUEUE_QUERY_CONNECTIONS,
      options: `-c search_path=${QUEUE_SCHEMA}`,
      application_name: 'tally:queues',
      // A worker's LISTEN connection lives as long as the worker: keepalive notices a silent drop.
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
    });
    // Every queue and worker listens for the pool's errors (BullMQ forwards them as their own).
    this.connection.setMaxListeners(0);
    // An idle connection that drops (a PostgreSQL restart) is replaced on the next checkout.
    this.connection.on('error', (error) => this.logger.debug(`queue pool: ${error.message}`));
  }

  async ping(): Promise<void> {
    await this.connection.query('SELECT 1 FROM migration LIMIT 1');
  }

  async close(): Promise<void> {
    if (!this.connection.ended) await this.connection.end();
  }
}
