import { Integer, Setting, SettingsGroup, Text, Url } from '../setting';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

@SettingsGroup({
  title: 'Redis, queues and the outbox',
  description:
    "Redis holds BullMQ's queues and the rate-limit counters; the outbox hands work committed in PostgreSQL to the queues.",
})
export class QueueSettings {
  @Setting({ env: 'REDIS_URL', default: DEFAULT_REDIS_URL, description: 'The Redis server.' })
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
    description: 'The prefix of every BullMQ and rate-limit key in Redis, so that several systems can share one Redis.',
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
    description: 'An outbox row handed to BullMQ but not processed after this long is handed over again.',
  })
  @Integer({ min: 0, max: 86_400 })
  outboxRedispatchAfterSeconds!: number;
}
