import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { answers, queueBackendOf, resolveQueueBackend } from './queue-backend';

describe('resolveQueueBackend', () => {
  it('takes an explicit QUEUE_BACKEND as it is, in every environment', async () => {
    for (const NODE_ENV of ['development', 'test', 'production']) {
      expect((await resolveQueueBackend({ NODE_ENV, QUEUE_BACKEND: 'postgres' })).backend).toBe('postgres');
      expect((await resolveQueueBackend({ NODE_ENV, QUEUE_BACKEND: 'redis' })).backend).toBe('redis');
    }
  });

  it('auto with REDIS_URL set is Redis, without looking', async () => {
    const choice = await resolveQueueBackend({ NODE_ENV: 'development', REDIS_URL: 'redis://127.0.0.1:1' });
    expect(choice).toEqual({ backend: 'redis', reason: 'REDIS_URL is set' });
    expect((await resolveQueueBackend({ QUEUE_BACKEND: 'auto', REDIS_URL: 'redis://10.0.0.1:6379' })).backend).toBe(
      'redis',
    );
  });

  it('auto in production without REDIS_URL is Redis at the default address, whether or not it answers', async () => {
    const choice = await resolveQueueBackend({ NODE_ENV: 'production' });
    expect(choice.backend).toBe('redis');
    expect(choice.reason).toContain('production');
  });

  it('auto in development or test without REDIS_URL follows what answers at the default Redis address', async () => {
    const up = await answers('127.0.0.1', 6379);
    for (const NODE_ENV of ['development', 'test', undefined]) {
      const choice = await resolveQueueBackend({ NODE_ENV, QUEUE_BACKEND: '' });
      expect(choice.backend).toBe(up ? 'redis' : 'postgres');
    }
  });

  it('queueBackendOf: an unresolved auto builds the Redis app, as before PostgreSQL queues existed', () => {
    expect(queueBackendOf({ queueBackend: 'auto' })).toBe('redis');
    expect(queueBackendOf({ queueBackend: 'redis' })).toBe('redis');
    expect(queueBackendOf({ queueBackend: 'postgres' })).toBe('postgres');
  });
});

describe('answers (the probe)', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is true for a listening port and false for a closed one, quickly', async () => {
    expect(await answers('127.0.0.1', port)).toBe(true);
    const started = Date.now();
    expect(await answers('127.0.0.1', 1)).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
