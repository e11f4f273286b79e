// Where the queues live: Redis, or BullMQ's PostgreSQL backend in the app's
// own database. The rule is applied once per start, by resolveQueueBackend,
// before the apps are built; the API and the worker must agree (a job added
// to one store is never seen by a worker polling the other), so a launcher
// that starts both resolves once and passes the result to each as
// QUEUE_BACKEND.
import { Socket } from 'node:net';
import { DEFAULT_REDIS_URL, type QueueBackendSetting } from '../config/settings/queues';
import type { AppConfig } from '../config/configuration';

export type QueueBackend = Exclude<QueueBackendSetting, 'auto'>;

export interface QueueBackendChoice {
  backend: QueueBackend;
  /** Why, in a few words, for the start-up log. */
  reason: string;
}

/** How long the probe of the default Redis address waits: a local Redis answers in well under a millisecond. */
const REDIS_PROBE_TIMEOUT_MS = 300;

/**
 * The queue backend of this start:
 * - QUEUE_BACKEND `redis` or `postgres` wins;
 * - `auto` (or unset) with REDIS_URL set: `redis`;
 * - `auto` without REDIS_URL, in development or test: `redis` if something
 *   accepts a TCP connection at the default Redis address, else `postgres`;
 * - `auto` without REDIS_URL in production: `redis` at the default address.
 *   Production does not guess: a Redis that is merely down at boot must not
 *   move the queues to another store (jobs would be split between the two).
 *
 * An unknown QUEUE_BACKEND is returned as it is for loadConfig to refuse.
 */
export async function resolveQueueBackend(env: Record<string, string | undefined>): Promise<QueueBackendChoice> {
  const given = env.QUEUE_BACKEND || 'auto';
  if (given !== 'auto') return { backend: given as QueueBackend, reason: 'QUEUE_BACKEND' };
  if (env.REDIS_URL) return { backend: 'redis', reason: 'REDIS_URL is set' };
  if (env.NODE_ENV === 'production') {
    return { backend: 'redis', reason: `production without REDIS_URL: the default ${DEFAULT_REDIS_URL}` };
  }
  // DEFAULT_REDIS_URL (a setting meant for tests) moves the default address, to test a machine without Redis.
  const defaultUrl = env.DEFAULT_REDIS_URL || DEFAULT_REDIS_URL;
  const { hostname, port } = new URL(defaultUrl);
  return (await answers(hostname, Number(port || 6379)))
    ? { backend: 'redis', reason: `a Redis answers at ${defaultUrl}` }
    : { backend: 'postgres', reason: `no REDIS_URL and nothing answers at ${defaultUrl}` };
}

/** Whether something accepts a TCP connection at host:port within REDIS_PROBE_TIMEOUT_MS. */
export function answers(host: string, port: number, timeoutMs = REDIS_PROBE_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

/**
 * The backend a built app uses. `auto` here means nobody resolved it (an app
 * built directly from loadConfig()): that is Redis, the behaviour before
 * PostgreSQL queues existed. main.ts and worker.ts always resolve first.
 */
export function queueBackendOf(config: Pick<AppConfig, 'queueBackend'>): QueueBackend {
  return config.queueBackend === 'postgres' ? 'postgres' : 'redis';
}
