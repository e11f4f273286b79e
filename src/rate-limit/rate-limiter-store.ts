// Where rate-limit counters live. Every limiter is built by one factory, so the
// store is chosen here and nowhere else: Redis today (counters shared by every
// API instance), and rate-limiter-flexible's RateLimiterPostgres, with the same
// options and semantics, when Tally runs without Redis.
import { RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';

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
