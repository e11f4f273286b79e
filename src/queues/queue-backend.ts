// Which queue backend a process runs on: BullMQ on Redis, or BullMQ's
// PostgreSQL backend (the database Tally already has).
import { answersAt } from '../common/reachable';
import { DEFAULT_REDIS_URL } from '../config/settings/queues';

export type QueueBackend = 'redis' | 'postgres';

/**
 * An explicit QUEUE_BACKEND wins. Otherwise (`auto`, or unset): REDIS_URL set
 * means Redis; in production Redis; in development and tests Redis if
 * something answers at the default Redis address (DEFAULT_REDIS_URL), else
 * PostgreSQL, so a machine with only Node.js runs without Redis.
 */
export async function resolveQueueBackend(env: Record<string, string | undefined>): Promise<QueueBackend> {
  const explicit = env.QUEUE_BACKEND?.trim();
  if (explicit === 'redis' || explicit === 'postgres') return explicit;
  if (env.REDIS_URL) return 'redis';
  if (env.NODE_ENV === 'production') return 'redis';
  return (await answersAt(env.DEFAULT_REDIS_URL || DEFAULT_REDIS_URL, 6379)) ? 'redis' : 'postgres';
}
