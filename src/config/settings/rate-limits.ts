import { Integer, Setting, SettingsGroup } from '../setting';

@SettingsGroup({
  title: 'Rate limits',
  description: 'Budgets kept in Redis, so that no client can slow the others (see "Rate limits" in docs/api.md).',
})
export class RateLimitSettings {
  @Setting({
    env: 'RATE_LIMIT_REQUESTS',
    default: 100,
    description: 'Requests one principal may make per window across all routes; on public routes, one client address.',
  })
  @Integer({ min: 1 })
  rateLimitRequests!: number;

  @Setting({ env: 'RATE_LIMIT_WINDOW_SECONDS', default: 1, description: 'The window of RATE_LIMIT_REQUESTS.' })
  @Integer({ min: 1, max: 3600 })
  rateLimitWindowSeconds!: number;

  @Setting({
    env: 'RATE_LIMIT_AUTH_FAILURES',
    default: 20,
    description:
      'Failed authentications (missing, malformed, unknown, expired or revoked credentials, wrong passwords at ' +
      '/admin/queues) one client address may make per window; then its requests get 429 before any credential is looked up.',
  })
  @Integer({ min: 1, max: 1_000_000 })
  rateLimitAuthFailures!: number;

  @Setting({
    env: 'RATE_LIMIT_AUTH_FAILURE_WINDOW_SECONDS',
    default: 60,
    description: 'The window of RATE_LIMIT_AUTH_FAILURES.',
  })
  @Integer({ min: 1, max: 86_400 })
  rateLimitAuthFailureWindowSeconds!: number;
}
