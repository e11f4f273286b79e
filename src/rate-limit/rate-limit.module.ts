import { Module } from '@nestjs/common';
import { RedisService } from '../queues/redis.service';
import { RateLimitService } from './rate-limit.service';
import { RATE_LIMITER_STORE, redisRateLimiterStore } from './rate-limiter-store';

/** The API's rate limits; their counters live in the store chosen here. */
@Module({
  providers: [
    {
      provide: RATE_LIMITER_STORE,
      inject: [RedisService],
      useFactory: (redis: RedisService) => redisRateLimiterStore(redis.rateLimits),
    },
    RateLimitService,
  ],
  exports: [RateLimitService],
})
export class RateLimitModule {}
