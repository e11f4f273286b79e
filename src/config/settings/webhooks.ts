import { Check, Flag, Integer, Invalid, Parsed, Setting, SettingsGroup } from '../setting';

function parseRetrySchedule(text: string): number[] | Invalid {
  const delays = text.split(',').map((v) => Number(v.trim()));
  return delays.length > 20 || delays.some((v) => !Number.isInteger(v) || v < 0 || v > 7 * 86_400)
    ? new Invalid('must be up to 20 comma-separated whole seconds, each at most 7 days')
    : delays;
}

@SettingsGroup({
  title: 'Webhooks and events',
  description: "Delivery of events to merchants' and the platform's endpoints (see docs/webhooks.md).",
})
export class WebhookSettings {
  @Setting({
    env: 'WEBHOOK_RETRY_SCHEDULE_SECONDS',
    default: '5,300,1800,7200,18000,36000,36000,86400',
    description:
      'Seconds to wait after each failed attempt: one more attempt than delays in all (the default spans about three days).',
  })
  @Parsed('comma-separated seconds, at most 20', parseRetrySchedule)
  webhookRetryScheduleSeconds!: number[];

  @Setting({
    env: 'WEBHOOK_TIMEOUT_MS',
    default: 15_000,
    description: 'How long an attempt may take, all of it (connecting, sending, the answer).',
  })
  @Integer({ min: 100, max: 60_000 })
  webhookTimeoutMs!: number;

  @Setting({
    env: 'WEBHOOK_CONNECT_TIMEOUT_MS',
    default: 5_000,
    description:
      'Of that, how long opening the connection may take (DNS, TCP, the TLS handshake), so that a receiver that ' +
      'cannot be reached frees its worker slot early.',
  })
  @Integer({ min: 100, max: 60_000 })
  webhookConnectTimeoutMs!: number;

  @Setting({
    env: 'WEBHOOK_DISABLE_AFTER_HOURS',
    default: 120,
    description: 'An endpoint whose attempts have all failed for this long is disabled.',
  })
  @Integer({ min: 1, max: 24 * 90 })
  webhookDisableAfterHours!: number;

  @Setting({
    env: 'WEBHOOK_ALLOW_LOOPBACK',
    default: false,
    developmentDefault: 'true',
    description:
      'Lets webhook endpoints and their deliveries use loopback addresses (a receiver on the same machine, for ' +
      'local development and tests); private and metadata addresses stay refused whatever it says. Production ' +
      'refuses loopback unless this is set to true.',
  })
  @Flag()
  webhookAllowLoopback!: boolean;

  @Setting({
    env: 'WEBHOOK_CONCURRENCY',
    default: 200,
    description: 'Deliveries in flight per worker process; high, because a delivery mostly waits on its receiver.',
  })
  @Integer({ min: 1, max: 1_000 })
  webhookConcurrency!: number;

  @Setting({
    env: 'WEBHOOK_MAX_IN_FLIGHT_PER_OWNER',
    default: 50,
    description:
      'Deliveries of one owner (a merchant, or the platform) in flight at once across all workers: the most worker ' +
      "slots one owner's slow or hanging receivers can hold.",
  })
  @Integer({ min: 1, max: 1_000 })
  webhookMaxInFlightPerOwner!: number;

  @Setting({
    env: 'WEBHOOK_LEASE_SECONDS',
    default: 60,
    description:
      'A delivery leased to a worker is leased again after this if that worker did not record an attempt ' +
      '(it died); longer than WEBHOOK_TIMEOUT_MS.',
  })
  @Check(
    'isLongerThanTimeout',
    (lease, settings: WebhookSettings) =>
      typeof lease !== 'number' ||
      typeof settings.webhookTimeoutMs !== 'number' ||
      lease * 1000 > settings.webhookTimeoutMs,
    'must be longer than WEBHOOK_TIMEOUT_MS',
  )
  @Integer({ min: 1, max: 3_600 })
  webhookLeaseSeconds!: number;

  @Setting({
    env: 'WEBHOOK_DISPATCH_INTERVAL_MS',
    default: 200,
    description: 'How often the worker looks for deliveries that are due.',
  })
  @Integer({ min: 10, max: 60_000 })
  webhookDispatchIntervalMs!: number;

  @Setting({
    env: 'EVENT_RETENTION_DAYS',
    default: 30,
    description: 'Events, with their deliveries and attempts, are kept at least this many days, then pruned.',
  })
  @Integer({ min: 30, max: 3_650 })
  eventRetentionDays!: number;
}
