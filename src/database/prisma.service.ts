import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { AppConfig } from '../config/configuration';
import { PrismaClient } from '../generated/prisma/client';

/** The Prisma client over node-postgres (adapter-pg): no native engine needed. */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  private readonly logger = new Logger(PrismaService.name);

  constructor(config: AppConfig) {
    super({
      adapter: new PrismaPg({
        connectionString: config.databaseUrl,
        max: config.databasePoolSize,
        // Every transaction runs at READ COMMITTED unless it asks for more,
        // whatever the server's or the database's default is (see DatabaseService).
        options: '-c default_transaction_isolation=read\\ committed',
      }),
    });
  }

  // The last shutdown phase: after in-flight requests and jobs have finished.
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
    this.logger.log('database pool closed');
  }
}
