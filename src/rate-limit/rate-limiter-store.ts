// Where rate-limit counters live. Every limiter is built by one factory, so the
// store is chosen here and nowhere else: Redis (QUEUE_BACKEND=redis) or
// rate-limiter-flexible's RateLimiterPostgres on the app's database
// (QUEUE_BACKEND=postgres), with the same options and semantics; either way
// the counters are shared by every API instance.
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/configuration';
import pg from 'pg';
import { RateLimiterPostgres, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import { RATE_LIMIT_COMMAND_TIMEOUT_MS } from '../queues/redis.service';
import { GroupCommitter } from '../common/group-commit';

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
 * Connections of the rate limiter's pool on PostgreSQL: one for each batch of
 * counts in flight (COUNT_BATCHES_IN_FLIGHT) and one for the library's
 * periodic deletion of expired rows, so that it never delays a count.
 */
export const RATE_LIMIT_CONNECTIONS = 3;

/**
 * Statements counting at once. Counts that arrive meanwhile wait for the next
 * batch (GroupCommitter), so under load a process sends about one statement
 * per round trip whatever its request rate: every request counting by a
 * statement of its own made the counters, not the money, PostgreSQL's work
 * (measured: payments at 64 clients, 319/s with a statement per count against
 * 706/s with no counting at all).
 */
const COUNT_BATCHES_IN_FLIGHT = 2;

/** Counts in one statement at most. */
const MAX_COUNTS_PER_STATEMENT = 500;

interface CountInput {
  /** The counter's key (with its limiter's prefix). */
  key: string;
  points: number;
  /** The window a new counter opens, in ms. */
  durationMs: number;
}

/** The counter's row after a count, as RateLimiterPostgres reads it: the points consumed up to this count. */
interface CounterRow {
  points: number;
  expire: number | null;
}

/**
 * Adds the points of a batch of counts in one upsert and gives each count its
 * own running total. A key counted several times in a batch is one row: its
 * counts, in arrival order, take the totals that end at the row's new points,
 * exactly as if each had been its own statement in that order. Rows are
 * written in key order, so that two batches (of this process or another
 * instance) that share keys wait for each other instead of deadlocking.
 * `now` is this process's clock, as the library's own statement uses.
 */
async function countBatch(pool: pg.Pool, counts: CountInput[]): Promise<CounterRow[]> {
  const byKey = new Map<string, { points: number; durationMs: number }>();
  for (const { key, points, durationMs } of counts) {
    const known = byKey.get(key);
    if (known) known.points += points;
    else byKey.set(key, { points, durationMs });
  }
  const keys = [...byKey.keys()].sort();
  const now = Date.now();
  const { rows } = await pool.query<{ key: string; points: number; expire: string | null }>({
    name: 'tally-rate-limit-count',
    text: `
      INSERT INTO "${RATE_LIMIT_TABLE.schemaName}"."${RATE_LIMIT_TABLE.tableName}" AS counter (key, points, expire)
      SELECT key, points, CASE WHEN duration_ms > 0 THEN $4::bigint + duration_ms END
        FROM unnest($1::varchar[], $2::integer[], $3::bigint[]) WITH ORDINALITY AS count (key, points, duration_ms, n)
       ORDER BY n
      ON CONFLICT (key) DO UPDATE SET
        points = CASE WHEN counter.expire <= $4 THEN excluded.points ELSE counter.points + excluded.points END,
        expire = CASE WHEN counter.expire <= $4 THEN excluded.expire ELSE counter.expire END
      RETURNING key, points, expire`,
    values: [keys, keys.map((k) => byKey.get(k)!.points), keys.map((k) => byKey.get(k)!.durationMs), now],
  });
  const totals = new Map(rows.map((row) => [row.key, row]));
  // What each key's counts before this batch's had consumed; each count adds its own points in turn.
  const consumed = new Map(keys.map((key) => [key, totals.get(key)!.points - byKey.get(key)!.points]));
  return counts.map(({ key, points }) => {
    const row = totals.get(key)!;
    const upTo = consumed.get(key)! + points;
    consumed.set(key, upTo);
    return { points: upTo, expire: row.expire === null ? null : Number(row.expire) };
  });
}

/**
 * RateLimiterPostgres whose counts go through a batcher shared by every
 * limiter of the store. Only the library's count (`_upsert`, which consume,
 * penalty and reward call) is replaced; the key prefixes, windows, the
 * in-memory block and the reading of a row stay the library's. A forced
 * expiry (block, set) is rare and keeps the library's own statement.
 */
class BatchedRateLimiterPostgres extends RateLimiterPostgres {
  constructor(
    options: ConstructorParameters<typeof RateLimiterPostgres>[0],
    private readonly counts: GroupCommitter<CountInput, CounterRow>,
  ) {
    super(options);
  }

  /**
   * A count answers within RATE_LIMIT_COMMAND_TIMEOUT_MS, however many wait
   * before it: past that it fails (the request is let through, see
   * RateLimitService) even if its batch applies it later.
   */
  _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<{ rows: CounterRow[] }> {
    if (forceExpire) return libraryUpsert.call(this, key, points, msDuration, forceExpire);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('rate-limit count timed out')), RATE_LIMIT_COMMAND_TIMEOUT_MS);
    });
    return Promise.race([this.counts.submit({ key, points, durationMs: msDuration }), late])
      .then((row) => ({ rows: [row] }))
      .finally(() => clearTimeout(timer));
  }
}

/**
 * The library's own count, which BatchedRateLimiterPostgres replaces: its
 * types do not declare it, so a version that renamed it would bypass the
 * batching silently; this fails at start instead.
 */
const libraryUpsert = (RateLimiterPostgres.prototype as unknown as { _upsert?: BatchedRateLimiterPostgres['_upsert'] })
  ._upsert!;
if (typeof libraryUpsert !== 'function') {
  throw new Error('rate-limiter-flexible: RateLimiterPostgres has no _upsert to batch; check the upgrade');
}

/**
 * Limiters on PostgreSQL: counts batched into upserts (countBatch, a named,
 * so prepared, statement) into one UNLOGGED table (no WAL write per count)
 * shared by every limiter, the keys carrying each limiter's prefix. The
 * pool is the limiter's own, apart from the app's, so that counting never
 * waits behind money transactions nor they behind it; a count that cannot get
 * a connection or an answer within RATE_LIMIT_COMMAND_TIMEOUT_MS fails, and
 * the request is let through as on Redis (see RateLimitService); so does a
 * count that waited that long for its batch. A key that
 * has spent its budget costs no statement until its window ends
 * (`inMemoryBlockOnConsumed`). No insurance limiter: with the store down,
 * requests are let through with a warning on both stores, one policy.
 */
@Injectable()
export class PostgresRateLimiterStore implements OnModuleInit, OnApplicationShutdown {
  readonly pool: pg.Pool;
  private readonly logger = new Logger('RateLimiterStore');
  /**
   * The counts of every limiter of this process. A statement that fails
   * (PostgreSQL down or slow) fails its whole batch at once: no count in it
   * can fail alone, and retrying halves would only repeat the wait.
   */
  private readonly counts = new GroupCommitter<CountInput, CounterRow>((batch) => countBatch(this.pool, batch), {
    maxConcurrentBatches: COUNT_BATCHES_IN_FLIGHT,
    maxBatchSize: MAX_COUNTS_PER_STATEMENT,
    splitOnFailure: () => false,
  });

  constructor(config: AppConfig) {
    this.pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: RATE_LIMIT_CONNECTIONS,
      application_name: 'tally:rate-limits',
      connectionTimeoutMillis: RATE_LIMIT_COMMAND_TIMEOUT_MS,
      query_timeout: RATE_LIMIT_COMMAND_TIMEOUT_MS,
      // The server gives up too: a count it went on running after the client stopped waiting would keep
      // its rows locked, and every batch sharing one of its keys would wait behind it.
      statement_timeout: RATE_LIMIT_COMMAND_TIMEOUT_MS,
      // Connections stay open, as the Redis connection does: a count never waits for a connection to be made.
      idleTimeoutMillis: 0,
    });
    this.pool.on('error', (error) => this.logger.debug(`rate-limit pool: ${error.message}`));
  }

  /**
   * Opens the pool's connections before the app serves: connecting (TCP,
   * authentication, session start) can take longer than a count may, and a
   * first count that timed out would let requests through unlimited for a
   * second. A database that is down does not stop the start (counts fail, the
   * requests are let through, as when it goes down later).
   */
  async onModuleInit(): Promise<void> {
    const clients = await Promise.allSettled(Array.from({ length: RATE_LIMIT_CONNECTIONS }, () => this.pool.connect()));
    for (const client of clients) if (client.status === 'fulfilled') client.value.release();
  }

  /** Whether a limiter of this store already deletes expired rows (one does it for the whole table). */
  private clearing = false;

  readonly limiter: RateLimiterStore = (options) => {
    // Expired rows (of every limiter: the statement reads the whole table) are deleted every 5 minutes,
    // an hour after they expired, by the first limiter only, so that one connection at most does it.
    const clearExpiredByTimeout = !this.clearing;
    this.clearing = true;
    return new BatchedRateLimiterPostgres(
      {
        storeClient: this.pool,
        storeType: 'pool',
        ...RATE_LIMIT_TABLE,
        tableCreated: true,
        clearExpiredByTimeout,
        ...options,
      },
      this.counts,
    );
  };

  // The last shutdown phase: after in-flight requests have finished.
  async onApplicationShutdown(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}
