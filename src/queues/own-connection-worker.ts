import { type ConnectionOptions, type Processor, type RedisOptions, Worker, type WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';

/**
 * The Worker class @nestjs/bullmq builds each processor's worker with
 * (`BullModule.workerClass`). A worker inherits its queue's connection, and
 * the queues share RedisService.client, which fails fast; but a worker
 * blocks on Redis, and BullMQ refuses to block on a connection that does not
 * retry forever. So each worker connects on its own, with the shared
 * connection's settings, `maxRetriesPerRequest: null` and BullMQ's own
 * reconnection backoff; BullMQ opens those connections and closes them with
 * the worker.
 */
export class OwnConnectionWorker extends Worker {
  constructor(name: string, processor: string | URL | null | Processor | undefined, opts: WorkerOptions) {
    super(name, processor, { ...opts, connection: ownConnection(opts.connection, name) });
  }
}

function ownConnection(connection: ConnectionOptions, queue: string): ConnectionOptions {
  if (!(connection instanceof Redis)) return connection;
  const { retryStrategy: _sharedConnectionBackoff, ...settings } = connection.options;
  const options: RedisOptions = { ...settings, maxRetriesPerRequest: null, connectionName: `tally:worker:${queue}` };
  return options;
}
