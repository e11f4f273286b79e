// Rate limiting through the real HTTP app on the real Redis and PostgreSQL:
// one budget per principal (a client over its limit still gets its budget in
// every window), public routes per client address, the RateLimit-* and
// Retry-After headers, and what happens when Redis is unreachable.
//
// Requests are sent from chosen loopback addresses (all of 127.0.0.0/8 is
// loopback on Linux), so "another client address" is a real one, not a header.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RedisService } from '../src/queues/redis.service';
import { bearer, createTestEnv, eventually, operatorAuth, TestEnv } from './support/test-env';

let env: TestEnv;
let apps = 0;
/** The apps of the running test, closed after it. */
const running: NestFastifyApplication[] = [];

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

interface CallOptions {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** The client's source address. */
  from?: string;
  body?: unknown;
}

interface LimitedApi {
  app: NestFastifyApplication;
  call(options: CallOptions): Promise<Reply>;
  createMerchant(): Promise<{ id: string; secret_key: string }>;
}

/** An API with its own rate-limit counters (its own Redis prefix), listening on loopback. */
async function startLimitedApi(overrides: Record<string, string>, waitForRedis = true): Promise<LimitedApi> {
  apps += 1;
  const app = await env.startApi(env.configWith({ QUEUE_PREFIX: `${env.config.queuePrefix}-rl${apps}`, ...overrides }));
  running.push(app);
  await app.listen(0, '127.0.0.1');
  // Until its connection is ready the limiter lets requests through; the tests count exactly.
  if (waitForRedis) await eventually(async () => app.get(RedisService).rateLimits.status === 'ready');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const call = (options: CallOptions) => send(port, options);
  return {
    app,
    call,
    async createMerchant() {
      const res = await call({ method: 'POST', path: '/v1/merchants', headers: operatorAuth, body: { name: 'Busy' } });
      expect(res.status).toBe(200);
      return res.body as { id: string; secret_key: string };
    },
  };
}

function send(port: number, { method = 'GET', path, headers = {}, from = '127.0.0.1', body }: CallOptions) {
  return new Promise<Reply>((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        localAddress: from,
        agent: false,
        headers: {
          ...headers,
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }
            : {}),
        },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (data += chunk));
        res.on('end', () => {
          let parsed: unknown = data;
          try {
            parsed = JSON.parse(data);
          } catch {
            // not JSON (the dashboard's HTML)
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

/** A well-formed key or token that was never issued. */
const unknownSecret = (prefix: 'sk_' | 'ct_') => `${prefix}${randomBytes(32).toString('base64url').slice(0, 43)}`;

function expectError(res: Reply, status: number, type: string, code: string) {
  expect(res.status).toBe(status);
  expect(res.body.error).toMatchObject({ type, code });
  expect(res.body.error.request_id).toMatch(/^req_/);
}

beforeAll(async () => {
  env = await createTestEnv();
});

afterEach(async () => {
  for (const app of running.splice(0)) await app.close();
});

afterAll(async () => {
  await env?.teardown();
});

describe('one budget per principal', () => {
  it('gives a client that keeps sending at twice its limit its full budget in every window', async () => {
    const LIMIT = 10;
    const WINDOW_SECONDS = 2;
    const api = await startLimitedApi({
      RATE_LIMIT_REQUESTS: String(LIMIT),
      RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
    });
    const merchant = await api.createMerchant();
    // Twice the limit, evenly paced, for a little over four windows.
    const intervalMs = (WINDOW_SECONDS * 1000) / (2 * LIMIT);
    const durationMs = 4 * WINDOW_SECONDS * 1000 + 2 * intervalMs;
    const started = Date.now();
    const replies: Reply[] = [];
    for (let i = 0; started + i * intervalMs < started + durationMs; i++) {
      await sleepUntil(started + i * intervalMs);
      replies.push(await api.call({ path: `/v1/merchants/${merchant.id}`, headers: bearer(merchant.secret_key) }));
    }
    expect(new Set(replies.map((r) => r.status))).toEqual(new Set([200, 429]));
    // Four whole windows fit in the run (each starts at its first request), so at least four budgets were served.
    const served = replies.filter((r) => r.status === 200).length;
    expect(served).toBeGreaterThanOrEqual(4 * LIMIT);
    expect(served).toBeLessThanOrEqual(5 * LIMIT);

    // The server's windows, read from the headers: a window starts where the remaining budget is back to LIMIT - 1.
    const windows: { served: number; refused: number }[] = [];
    for (const reply of replies) {
      const remaining = Number(reply.headers['ratelimit-remaining']);
      expect(Number.isInteger(remaining)).toBe(true);
      if (reply.status === 200 && remaining === LIMIT - 1) windows.push({ served: 0, refused: 0 });
      const current = windows[windows.length - 1];
      if (reply.status === 200) current.served += 1;
      else current.refused += 1;
    }
    expect(windows.length).toBeGreaterThanOrEqual(4);
    // Every window that ended during the run served exactly the budget, though the client was over it in each.
    for (const window of windows.slice(0, -1)) {
      expect(window.served).toBe(LIMIT);
      expect(window.refused).toBeGreaterThan(0);
    }
  });

  it('answers 429 rate_limit_error past the limit, per principal, and stores nothing', async () => {
    const api = await startLimitedApi({ RATE_LIMIT_REQUESTS: '5', RATE_LIMIT_WINDOW_SECONDS: '60' });
    const merchant = await api.createMerchant(); // the operator's first request
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await api.call({ path: '/v1/merchants', headers: operatorAuth })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const limited = await api.call({
      method: 'POST',
      path: '/v1/merchants',
      headers: { ...operatorAuth, 'Idempotency-Key': 'limited-1' },
      body: { name: 'never' },
    });
    expectError(limited, 429, 'rate_limit_error', 'rate_limited');
    const keys = await env.sql.query(`SELECT 1 FROM idempotency_keys WHERE key = 'limited-1'`);
    expect(keys.rowCount).toBe(0);
    // Another principal, from the same address, has its own budget.
    const other = await api.call({ path: `/v1/merchants/${merchant.id}`, headers: bearer(merchant.secret_key) });
    expect(other.status).toBe(200);
    expect(other.headers['ratelimit-remaining']).toBe('4');
  });

  it('counts requests refused for the route (403) against the principal too', async () => {
    const api = await startLimitedApi({ RATE_LIMIT_REQUESTS: '2', RATE_LIMIT_WINDOW_SECONDS: '60' });
    const merchant = await api.createMerchant();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await api.call({ path: '/v1/merchants', headers: bearer(merchant.secret_key) })).status);
    }
    expect(statuses).toEqual([403, 403, 429, 429]);
  });

  it('says the limit, what is left and when it resets; Retry-After is when the budget returns', async () => {
    const api = await startLimitedApi({ RATE_LIMIT_REQUESTS: '3', RATE_LIMIT_WINDOW_SECONDS: '4' });
    const get = () => api.call({ path: '/v1/merchants', headers: operatorAuth });
    const first = await get();
    expect(first.status).toBe(200);
    expect(first.headers['ratelimit-limit']).toBe('3');
    expect(first.headers['ratelimit-remaining']).toBe('2');
    expect(['3', '4']).toContain(first.headers['ratelimit-reset']);
    expect(first.headers['ratelimit-policy']).toBe('3;w=4');
    expect((await get()).headers['ratelimit-remaining']).toBe('1');
    expect((await get()).headers['ratelimit-remaining']).toBe('0');

    const sentAt = Date.now();
    const limited = await get();
    const receivedAt = Date.now();
    expectError(limited, 429, 'rate_limit_error', 'rate_limited');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(2);
    expect(retryAfter).toBeLessThanOrEqual(4);
    expect(limited.headers['ratelimit-reset']).toBe(String(retryAfter));
    expect(limited.headers['ratelimit-remaining']).toBe('0');
    expect(limited.headers['ratelimit-limit']).toBe('3');

    // The budget returns within the last of those seconds: not a second earlier...
    await sleepUntil(sentAt + (retryAfter - 1) * 1000 - 700);
    const early = await get();
    expect(early.status).toBe(429);
    // Between 0.7 and 1.7 seconds were left then.
    expect([1, 2]).toContain(Number(early.headers['retry-after']));
    // ...and it is back once they have passed.
    await sleepUntil(receivedAt + retryAfter * 1000 + 50);
    const back = await get();
    expect(back.status).toBe(200);
    expect(back.headers['ratelimit-remaining']).toBe('2');
  });
});

describe('public routes', () => {
  it('limits them per client address with the general budget', async () => {
    const api = await startLimitedApi({ RATE_LIMIT_REQUESTS: '3', RATE_LIMIT_WINDOW_SECONDS: '60' });
    const from = '127.0.0.9';
    const live = [];
    for (let i = 0; i < 3; i++) live.push(await api.call({ path: '/health/live', from }));
    expect(live.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(live.map((r) => r.headers['ratelimit-remaining'])).toEqual(['2', '1', '0']);
    for (const path of ['/health/live', '/health/ready', '/metrics', '/openapi.json', '/docs']) {
      const res = await api.call({ path, from });
      expectError(res, 429, 'rate_limit_error', 'rate_limited');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(50);
    }
    // Another address has its own budget; a principal is not limited by its address's public budget.
    expect((await api.call({ path: '/openapi.json', from: '127.0.0.10' })).status).toBe(200);
    expect((await api.call({ path: '/docs', from: '127.0.0.10' })).status).toBe(200);
    expect((await api.call({ path: '/v1/merchants', headers: operatorAuth, from })).status).toBe(200);
  });
});

describe('when Redis is unreachable', () => {
  it('lets requests through at once, unlimited, with no rate-limit headers', async () => {
    const api = await startLimitedApi(
      {
        REDIS_URL: 'redis://127.0.0.1:1',
        RATE_LIMIT_REQUESTS: '1',
      },
      false,
    );
    for (let i = 0; i < 4; i++) {
      const started = Date.now();
      const res = await api.call({ path: '/v1/merchants', headers: operatorAuth });
      expect(res.status).toBe(200);
      expect(res.headers['ratelimit-limit']).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(1_000);
    }
    for (let i = 0; i < 3; i++) {
      expectError(
        await api.call({ path: '/v1/merchants', headers: bearer(unknownSecret('sk_')) }),
        401,
        'authentication_error',
        'invalid_api_key',
      );
    }
  });
});
