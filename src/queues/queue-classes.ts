// The Queue and Worker classes of every Tally queue (BullModule.queueClass and
// workerClass, and QueueRegistry's own queues). Both read the backend from the
// shared connection BullModule hands them: a pg.Pool means BullMQ's PostgreSQL
// backend, anything else Redis.
import {
  type ConnectionOptions,
  createPostgresBackend,
  isPgPool,
  type Processor,
  Queue,
  type QueueOptions,
  type RedisOptions,
  Worker,
  type WorkerOptions,
} from 'bullmq';
import { Redis } from 'ioredis';
import type { Pool } from 'pg';

type Connection = ConnectionOptions | Pool;

/** The backend factory for `connection`: PostgreSQL's for a pg.Pool, BullMQ's default (Redis) otherwise. */
function backendFor(connection: unknown) {
  return isPgPool(connection) ? createPostgresBackend : undefined;
}

export class TallyQueue extends Queue {
  constructor(name: string, opts: QueueOptions) {
    // BullMQ types each backend's options apart; the connection decides which one this is.
    super(name, opts as never, backendFor(opts.connection) as never);
  }
}

/**
 * On Redis, a worker inherits its queue's connection, and the queues share
 * RedisService.client, which fails fast; but a worker blocks on Redis, and
 * BullMQ refuses to block on a connection that does not retry forever. So
 * each worker connects on its own, with the shared connection's settings,
 * `maxRetriesPerRequest: null` and BullMQ's own reconnection backoff; BullMQ
 * opens those connections and closes them with the worker.
 *
 * On PostgreSQL, a worker waits for jobs with LISTEN on a connection it
 * checks out of the shared queue pool for its whole life: the pool grows by
 * one for each worker (reserveListener), so the
 * workers' waits never starve the pool's queries.
 */
export class TallyWorker extends Worker {
  constructor(name: string, processor: string | URL | null | Processor | undefined, opts: WorkerOptions) {
    const connection = opts.connection as Connection;
    const backend = backendFor(connection);
    const release = isPgPool(connection) ? reserveListener(connection as Pool) : undefined;
    super(name, processor, { ...opts, connection: ownConnection(connection, name) } as never, backend as never);
    if (release) this.once('closed', release);
  }
}

function ownConnection(connection: Connection, queue: string): Connection {
  if (!(connection instanceof Redis)) return connection;
  const { retryStrategy: _sharedConnectionBackoff, ...settings } = connection.options;
  const options: RedisOptions = { ...settings, maxRetriesPerRequest: null, connectionName: `tally:worker:${queue}` };
  return options;
}

/** One more connection in `pool` for a worker's LISTEN; the returned function gives it back. */
function reserveListener(pool: Pool): () => void {
  const options = (pool as unknown as { options: { max: number } }).options;
  options.max += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    options.max -= 1;
  };
}
