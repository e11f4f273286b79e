// Redis outages in the log: one structured warning per connection group when
// it starts, one line when it ends, however many reconnect attempts fail in
// between. No Redis is stopped: the connections are pointed at a port where
// nothing listens, then (on the Redis run) a proxy to the real Redis opens there.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Logger, type LoggerService } from '@nestjs/common';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { DEFAULT_REDIS_URL, loadConfig } from '../src/config/configuration';
import { RedisService } from '../src/queues/redis.service';
import { TEST_QUEUE_BACKEND } from './support/test-env';

interface Captured {
  level: 'log' | 'warn' | 'error';
  message: unknown;
}

let captured: Captured[];
const capture: LoggerService = {
  log: (message) => captured.push({ level: 'log', message }),
  warn: (message) => captured.push({ level: 'warn', message }),
  error: (message) => captured.push({ level: 'error', message }),
  debug: () => undefined,
  verbose: () => undefined,
};

/** A port where nothing listens (taken, then given back). */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const text = (c: Captured) => (typeof c.message === 'string' ? c.message : (c.message as { msg: string }).msg);

let redis: RedisService | undefined;

beforeEach(() => {
  captured = [];
  Logger.overrideLogger(capture);
});

afterEach(async () => {
  await redis?.onApplicationShutdown();
  redis = undefined;
  Logger.overrideLogger(false as never);
});

describe('a Redis outage in the log', () => {
  it('is one structured warning per connection group, however many reconnects fail', async () => {
    const port = await unusedPort();
    redis = new RedisService(loadConfig({ NODE_ENV: 'test', REDIS_URL: `redis://127.0.0.1:${port}` }));
    // ioredis retries with a growing backoff: about ten attempts per connection in 3 s.
    await sleep(3_000);
    const warnings = captured.filter((c) => c.level === 'warn');
    expect(warnings.map(text).sort()).toEqual([
      expect.stringMatching(/^redis commands connection unavailable, retrying: connect ECONNREFUSED/),
      expect.stringMatching(/^redis rate-limits connection unavailable, retrying: connect ECONNREFUSED/),
    ]);
    expect(warnings[0].message).toMatchObject({ code: 'ECONNREFUSED', group: expect.stringContaining('redis') });
    expect(captured.filter((c) => c.level === 'error')).toEqual([]);
  });

  if (TEST_QUEUE_BACKEND === 'redis') {
    it('ends with one line per group when Redis answers again', async () => {
      const port = await unusedPort();
      redis = new RedisService(loadConfig({ NODE_ENV: 'test', REDIS_URL: `redis://127.0.0.1:${port}` }));
      await sleep(1_000);
      // Redis "comes back" at that port: a proxy to the real one.
      const real = new URL(process.env.REDIS_URL || DEFAULT_REDIS_URL);
      const sockets: Socket[] = [];
      const proxy: Server = createServer((client) => {
        const upstream = connect(Number(real.port || 6379), real.hostname);
        sockets.push(client, upstream);
        client.pipe(upstream).pipe(client);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
      });
      await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
      try {
        for (let i = 0; i < 50 && captured.filter((c) => c.level === 'log').length < 2; i++) await sleep(100);
        expect(captured.filter((c) => c.level === 'warn')).toHaveLength(2);
        const recoveries = captured.filter((c) => c.level === 'log').map(text);
        expect(recoveries.sort()).toEqual([
          expect.stringMatching(/^redis commands connection available again after \d+ s \(\d+ failed attempts\)$/),
          expect.stringMatching(/^redis rate-limits connection available again after \d+ s \(\d+ failed attempts\)$/),
        ]);
        expect(await redis.client.ping()).toBe('PONG');
      } finally {
        await redis.onApplicationShutdown();
        redis = undefined;
        sockets.forEach((s) => s.destroy());
        await new Promise((resolve) => proxy.close(resolve));
      }
    });
  }
});
