import { Integer, OneOf, Setting, SettingsGroup, Text, Url } from '../setting';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Where the BullMQ queues live; `auto` is resolved once at start (see src/queues/queue-backend.ts). */
export const QUEUE_BACKENDS = ['auto', 'redis', 'postgres'] as const;
export type QueueBackendSetting = (typeof QUEUE_BACKENDS)[number];

@SettingsGroup({
  title: 'Queues, Redis and the outbox',
  description:
    "BullMQ's queues and the rate-limit counters live in Redis or, with QUEUE_BACKEND=postgres, in the app's " +
    'PostgreSQL database; the outbox hands work committed in PostgreSQL to the queues.',
})
export class QueueSettings {
  @Setting({
    env: 'QUEUE_BACKEND',
    default: 'auto',
    decidedAtStart: 'as `auto`',
    description:
      "Where the queues and rate-limit counters live: `redis`, or `postgres` (BullMQ's PostgreSQL backend, schema " +
      '`bullmq` of DATABASE_URL; no Redis connection is opened). `auto`: REDIS_URL set means `redis`; unset, ' +
      'development and test use `redis` if a Redis answers at the default address, else `postgres`; production ' +
      'uses `redis` at the default address (production is explicit). The API and worker must agree: set it ' +
      'explicitly wherever they run apart.',
  })
  @OneOf(QUEUE_BACKENDS)
  queueBackend!: QueueBackendSetting;

  @Setting({
    env: 'REDIS_URL',
    default: DEFAULT_REDIS_URL,
    description: 'The Redis server (with QUEUE_BACKEND=redis).',
    decidedAtStart:
      'with QUEUE_BACKEND `auto`, development and test use a Redis answering at DEFAULT_REDIS_URL, else run the ' +
      'queues on PostgreSQL; production uses the default',
  })
  @Url(['redis:', 'rediss:'])
  redisUrl!: string;

  @Setting({
    env: 'DEFAULT_REDIS_URL',
    default: DEFAULT_REDIS_URL,
    description:
      'Meant for tests: the address probed for a Redis when REDIS_URL is unset outside production (queues run on ' +
      'PostgreSQL when nothing answers there). Point it at an unused port to test a machine without Redis.',
  })
  @Url(['redis:', 'rediss:'])
  defaultRedisUrl!: string;

  @Setting({
    env: 'QUEUE_PREFIX',
    default: 'tally',
    description:
      'The prefix of every BullMQ and rate-limit key in Redis, so that several systems can share one Redis. ' +
      'On PostgreSQL the database separates systems (the queues live in its `bullmq` schema); the prefix still ' +
      'names the rate-limit counters.',
  })
  @Text({ minLength: 1 })
  queuePrefix!: string;

  @Setting({
    env: 'OUTBOX_POLL_INTERVAL_MS',
    default: 250,
    description: 'How often the worker polls the outbox when it is idle (see "Outbox and worker" in docs/api.md).',
  })
  @Integer({ min: 10, max: 60_000 })
  outboxPollIntervalMs!: number;

  @Setting({
    env: 'OUTBOX_REDISPATCH_AFTER_SECONDS',
    default: 60,
    description:
      'An outbox row handed to BullMQ and due (its run time passed), but not processed this long after both, is ' +
      'looked up in its queue: a job that is missing (lost with Redis) is added again, with a warning; one still ' +
      'there (waiting, or retrying with backoff) is left alone.',
  })
  @Integer({ min: 0, max: 86_400 })
  outboxRedispatchAfterSeconds!: number;
}
