import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { DatabaseService } from '../database/database.service';
import { RedisService } from '../queues/redis.service';

/**
 * Liveness says the process runs (restart it if not); readiness says it can
 * serve (PostgreSQL and Redis answer), so a load balancer routes to it.
 */
@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly db: DatabaseService,
    private readonly redis: RedisService,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

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
          .check('redis')
          .attempt(async () => {
            const pong = await this.redis.client.ping();
            if (pong !== 'PONG') throw new Error(`unexpected reply ${pong}`);
          })
          .withTimeout(2_000),
    ]);
  }
}
