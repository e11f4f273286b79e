// Where rate-limit counters live. Every limiter is built by one factory, so the
// store is chosen here and nowhere else: Redis (QUEUE_BACKEND=redis) or
// rate-limiter-flexible's RateLimiterPostgres on the app's database
// (QUEUE_BACKEND=postgres), with the same options and semantics; either way
// the counters are shared by every API instance.
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/configuration';
import pg from 'pg';
import { RateLimiterPostgres, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import { RATE_LIMIT_COMMAND_TIMEOUT_MS } from '../queues/redis.service';

export interface RateLimiterOptions {
  /** Namespace of this limiter's counters. */
  keyPrefix: string;
  /** Requests (or failures) allowed per window. */
  points: number;
  /** The window, in whole seconds, from a key's first request. */
  duration: number;
  /**
   * Once a key has consumed this many points, this process refuses it until
   * its window ends without asking the store (the library's in-memory block).
   */
  inMemoryBlockOnConsumed?: number;
}

export type RateLimiterStore = (options: RateLimiterOptions) => RateLimiterAbstract;

/** Injection token of the RateLimiterStore. */
export const RATE_LIMITER_STORE = Symbol('RateLimiterStore');

/**
 * Limiters on Redis: one atomic script call per counted request, on a
 * connection that auto-pipelines (the counts of one tick share a write).
 * `rejectIfRedisNotReady`: while the connection is down a request is not held
 * waiting for a reconnect; the limiter fails at once and the request is let
 * through (see RateLimitService).
 */
export function redisRateLimiterStore(redis: Redis): RateLimiterStore {
  return (options) => new RateLimiterRedis({ storeClient: redis, rejectIfRedisNotReady: true, ...options });
}

/** The table of the counters on PostgreSQL (created by a migration: UNLOGGED, in schema rate_limits). */
export const RATE_LIMIT_TABLE = { schemaName: 'rate_limits', tableName: 'counters' } as const;

/**
 * Connections of the rate limiter's pool on PostgreSQL. Each count is one
 * short statement (an upsert on the counter's primary key), so a few
 * connections carry thousands of counts a second.
 */
export const RATE_LIMIT_CONNECTIONS = 4;

/**
 * Limiters on PostgreSQL: one upsert per counted request (a named, so
 * prepared, statement) into one UNLOGGED table (no WAL write per request)
 * shared by every limiter, the keys carrying each limiter's prefix. The
 * pool is the limiter's own, apart from the app's, so that counting never
 * waits behind money transactions nor they behind it; a count that cannot get
 * a connection or an answer within RATE_LIMIT_COMMAND_TIMEOUT_MS fails, and
 * the request is let through as on Redis (see RateLimitService). A key that
 * has spent its budget costs no statement until its window ends
 * (`inMemoryBlockOnConsumed`). No insurance limiter: with the store down,
 * requests are let through with a warning on both stores, one policy.
 */
@Injectable()
export class PostgresRateLimiterStore implements OnApplicationShutdown {
  readonly pool: pg.Pool;
  private readonly logger = new Logger('RateLimiterStore');

  constructor(config: AppConfig) {
    this.pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: RATE_LIMIT_CONNECTIONS,
      application_name: 'tally:rate-limits',
      connectionTimeoutMillis: RATE_LIMIT_COMMAND_TIMEOUT_MS,
      query_timeout: RATE_LIMIT_COMMAND_TIMEOUT_MS,
    });
    this.pool.on('error', (error) => this.logger.debug(`rate-limit pool: ${error.message}`));
  }

  readonly limiter: RateLimiterStore = (options) =>
    new RateLimiterPostgres({
      storeClient: this.pool,
      storeType: 'pool',
      ...RATE_LIMIT_TABLE,
      tableCreated: true,
      // Expired rows are deleted every 5 minutes, an hour after they expired.
      clearExpiredByTimeout: true,
      ...options,
    });

  // The last shutdown phase: after in-flight requests have finished.
  async onApplicationShutdown(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}
