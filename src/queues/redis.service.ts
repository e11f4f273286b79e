import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/configuration';

/**
 * Redis connections. Redis holds queues and rate-limit counters, never the
 * truth (that is PostgreSQL). `maxRetriesPerRequest: null` is what BullMQ
 * requires of the connections its workers block on.
 */
@Injectable()
export class RedisService implements OnModuleDestroy {
  private readonly logger = new Logger(RedisService.name);
  private readonly connections: Redis[] = [];
  /** Shared connection for commands (queues, rate limits, health). */
  readonly client: Redis;

  constructor(private readonly config: AppConfig) {
    this.client = this.connect('commands');
  }

  /** A new connection, closed with the module (BullMQ workers need their own). */
  connect(name: string): Redis {
    const connection = new Redis(this.config.redisUrl, {
      maxRetriesPerRequest: null,
      connectionName: `tally:${name}`,
      lazyConnect: false,
    });
    connection.on('error', (error) => this.logger.warn(`redis (${name}): ${error.message}`));
    this.connections.push(connection);
    return connection;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(
      this.connections.map((c) => (c.status === 'end' ? undefined : c.quit().catch(() => c.disconnect()))),
    );
  }
}
