import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/configuration';

/**
 * Redis connections. Redis holds queues and rate-limit counters, never the
 * truth (that is PostgreSQL). BullMQ workers open their own (see
 * OwnConnectionWorker): they block, which needs a connection that retries forever.
 */
/** A rate-limit count slower than this is given up (and its request let through), on either store. */
export const RATE_LIMIT_COMMAND_TIMEOUT_MS = 500;

@Injectable()
export class RedisService implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisService.name);
  private readonly connections: Redis[] = [];
  /** Shared connection for commands (queues, health); it fails fast, a request must not hang on Redis. */
  readonly client: Redis;
  /**
   * The rate limiter's connection: every request counts itself, and with
   * auto-pipelining the counts of the requests in one tick travel in one
   * write. Its own connection, because BullMQ's commands on `client` are
   * not meant to be auto-pipelined.
   */
  readonly rateLimits: Redis;

  constructor(private readonly config: AppConfig) {
    this.client = this.connect('commands');
    // A Redis that accepts but never answers must not hold requests either: a count that
    // takes longer than RATE_LIMIT_COMMAND_TIMEOUT_MS fails, and the request is let through.
    this.rateLimits = this.connect('rate-limits', {
      autoPipelining: true,
      commandTimeoutMs: RATE_LIMIT_COMMAND_TIMEOUT_MS,
    });
  }

  /** A new connection that fails fast when Redis is down, closed with the module. */
  private connect(name: string, options: { autoPipelining?: boolean; commandTimeoutMs?: number } = {}): Redis {
    const connection = new Redis(this.config.redisUrl, {
      maxRetriesPerRequest: 1,
      ...(options.commandTimeoutMs ? { commandTimeout: options.commandTimeoutMs } : {}),
      connectTimeout: 5_000,
      connectionName: `tally:${name}`,
      enableAutoPipelining: options.autoPipelining === true,
    });
    connection.on('error', (error) => this.logger.warn(`redis (${name}): ${error.message}`));
    this.connections.push(connection);
    return connection;
  }

  // The last shutdown phase: after in-flight requests and jobs have finished.
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.connections.map((c) => {
        if (c.status === 'end') return undefined;
        // quit() waits for a connection that may never come; drop those.
        if (c.status !== 'ready') return c.disconnect();
        return c.quit().catch(() => c.disconnect());
      }),
    );
  }
}
