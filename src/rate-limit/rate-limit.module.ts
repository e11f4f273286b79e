import { DynamicModule, Module, Provider } from '@nestjs/common';
import type { QueueBackend } from '../queues/queue-backend';
import { RedisService } from '../queues/redis.service';
import { RateLimitService } from './rate-limit.service';
import { PostgresRateLimiterStore, RATE_LIMITER_STORE, redisRateLimiterStore } from './rate-limiter-store';

/** The API's rate limits; their counters live where the queues do (QUEUE_BACKEND), chosen here. */
@Module({})
export class RateLimitModule {
  static forRoot(backend: QueueBackend): DynamicModule {
    const store: Provider[] =
      backend === 'postgres'
        ? [
            PostgresRateLimiterStore,
            {
              provide: RATE_LIMITER_STORE,
              inject: [PostgresRateLimiterStore],
              useFactory: (pg: PostgresRateLimiterStore) => pg.limiter,
            },
          ]
        : [
            {
              provide: RATE_LIMITER_STORE,
              inject: [RedisService],
              useFactory: (redis: RedisService) => redisRateLimiterStore(redis.rateLimits),
            },
          ];
    return { module: RateLimitModule, providers: [...store, RateLimitService], exports: [RateLimitService] };
  }
}
