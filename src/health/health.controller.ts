import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { DatabaseService } from '../database/database.service';
import { QueueStore } from '../queues/queue-store';

/**
 * Liveness says the process runs (restart it if not); readiness says it can
 * serve (PostgreSQL and the queue store answer), so a load balancer routes to
 * it. The queue check is named `redis` on Redis and `queues` on PostgreSQL
 * (the `bullmq` schema of the app's database is readable).
 */
@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly db: DatabaseService,
    private readonly queues: QueueStore,
  ) {}

  /** Liveness: the process runs. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Readiness: PostgreSQL and the queue store answer. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () =>
        this.indicators
          .check('database')
          .attempt(async () => {
            await this.db.prisma.$queryRaw`SELECT 1`;
          })
          .withTimeout(2_000),
      () =>
        this.indicators
          .check(this.queues.backend === 'redis' ? 'redis' : 'queues')
          .attempt(() => this.queues.ping())
          .withTimeout(2_000),
    ]);
  }
}
