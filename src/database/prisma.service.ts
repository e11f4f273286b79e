import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { AppConfig } from '../config/configuration';
import { PrismaClient } from '../generated/prisma/client';

/**
 * The Prisma client over node-postgres (adapter-pg): no native engine needed.
 * Its pool is shared with the plain-SQL transactions of DatabaseService, so a
 * process holds DATABASE_POOL_SIZE connections in all.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  private readonly logger = new Logger(PrismaService.name);

  readonly pool: pg.Pool;

  constructor(config: AppConfig) {
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: config.databasePoolSize,
      // Every transaction runs at READ COMMITTED unless it asks for more,
      // whatever the server's or the database's default is (see DatabaseService).
      options: '-c default_transaction_isolation=read\\ committed',
    });
    super({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
    this.pool = pool;
    pool.on('error', (error) => this.logger.warn(`idle database connection failed: ${error.message}`));
  }

  // The last shutdown phase: after in-flight requests and jobs have finished.
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
    // $disconnect ends the pool only if Prisma ever connected.
    if (!this.pool.ended) await this.pool.end();
    this.logger.log('database pool closed');
  }
}
