// Rate limiting through the real HTTP app on the real counter store (Redis,
// or PostgreSQL with QUEUE_BACKEND=postgres) and PostgreSQL:
// one budget per principal (a client over its limit still gets its budget in
// every window), a budget of failed authentications per client address that
// is checked before any credential lookup, public routes and the queue
// dashboard, the RateLimit-* and Retry-After headers, counts shared by API
// instances, and what happens when the counter store is unreachable.
//
// Requests are sent from chosen loopback addresses (all of 127.0.0.0/8 is
// loopback on Linux), so "another client address" is a real one, not a header.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { RateLimitError } from '../src/common/errors';
import { AppConfig } from '../src/config/configuration';
import { DatabaseService } from '../src/database/database.service';
import { idempotencyKeyHash } from '../src/idempotency/idempotency.service';
import { RATE_LIMIT_COMMAND_TIMEOUT_MS, RedisService } from '../src/queues/redis.service';
import { RateLimitService } from '../src/rate-limit/rate-limit.service';
import { PostgresRateLimiterStore } from '../src/rate-limit/rate-limiter-store';
import {
  bearer,
  createTestEnv,
  eventually,
  OPERATOR_KEY,
  operatorAuth,
  TEST_QUEUE_BACKEND,
  TestEnv,
} from './support/test-env';

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

/** An API with its own rate-limit counters (its own prefix), listening on loopback. */
async function startLimitedApi(overrides: Record<string, string>, waitForRedis = true): Promise<LimitedApi> {
  apps += 1;
  const app = await env.startApi(env.configWith({ QUEUE_PREFIX: `${env.config.queuePrefix}-rl${apps}`, ...overrides }));
  running.push(app);
  await app.listen(0, '127.0.0.1');
  // Until its connection is ready the Redis limiter lets requests through; the tests count exactly.
  // (On PostgreSQL a count waits for its pool's connection.)
  if (waitForRedis && app.get(AppConfig).queueBackend === 'redis') {
    await eventually(async () => app.get(RedisService).rateLimits.status === 'ready');
  }
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

const basicAuth = (password: string) => ({
  Authorization: `Basic ${Buffer.from(`operator:${password}`).toString('base64')}`,
});

/** Counts the statements that look credentials up in PostgreSQL (the spy calls through to the real database). */
function countCredentialLookups(app: NestFastifyApplication): () => number {
  const spy = jest.spyOn(app.get(DatabaseService).sql, 'query');
  return () => spy.mock.calls.filter(([text]) => /merchant_api_keys|customer_tokens/.test(String(text))).length;
}

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
    const keys = await env.sql.query('SELECT 1 FROM idempotency_keys WHERE key_hash = $1', [
      idempotencyKeyHash('limited-1'),
    ]);
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

describe('failed authentication, per client address', () => {
  it('answers 429 once an address has spent its budget, before any credential lookup; other addresses are unaffected', async () => {
    const api = await startLimitedApi({ RATE_LIMIT_AUTH_FAILURES: '5', RATE_LIMIT_AUTH_FAILURE_WINDOW_SECONDS: '60' });
    const merchant = await api.createMerchant();
    const lookups = countCredentialLookups(api.app);
    const attacker = '127.0.0.2';

    for (let i = 0; i < 5; i++) {
      const res = await api.call({
        path: '/v1/merchants',
        headers: bearer(unknownSecret(i % 2 ? 'ct_' : 'sk_')),
        from: attacker,
      });
      expectError(res, 401, 'authentication_error', 'invalid_api_key');
      expect(res.headers['ratelimit-limit']).toBe('5');
      expect(res.headers['ratelimit-remaining']).toBe(String(4 - i));
    }
    expect(lookups()).toBe(5);

    // The flood: unknown keys and tokens, missing, malformed and wrong credentials. None is looked up.
    const flood: Record<string, string>[] = [
      ...Array.from({ length: 20 }, (_, i) => bearer(unknownSecret(i % 2 ? 'ct_' : 'sk_'))),
      {},
      { Authorization: 'Basic abc' },
      bearer('not-the-operator-key'),
    ];
    for (const headers of flood) {
      const res = await api.call({ path: '/v1/merchants', headers, from: attacker });
      expectError(res, 429, 'rate_limit_error', 'too_many_authentication_failures');
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(50);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(res.headers['ratelimit-remaining']).toBe('0');
      expect(res.headers['ratelimit-reset']).toBe(String(retryAfter));
    }
    // Refused before the lookup, so even a valid key from that address waits.
    const sameAddress = await api.call({
      path: `/v1/merchants/${merchant.id}`,
      headers: bearer(merchant.secret_key),
      from: attacker,
    });
    expectError(sameAddress, 429, 'rate_limit_error', 'too_many_authentication_failures');
    expect(lookups()).toBe(5);

    // Another address: valid keys work, and it has a budget of failures of its own.
    const elsewhere = '127.0.0.3';
    const valid = await api.call({
      path: `/v1/merchants/${merchant.id}`,
      headers: bearer(merchant.secret_key),
      from: elsewhere,
    });
    expect(valid.status).toBe(200);
    expect((await api.call({ path: '/v1/merchants', headers: operatorAuth, from: elsewhere })).status).toBe(200);
    const ownFailure = await api.call({
      path: '/v1/merchants',
      headers: bearer(unknownSecret('sk_')),
      from: elsewhere,
    });
    expectError(ownFailure, 401, 'authentication_error', 'invalid_api_key');
    expect(ownFailure.headers['ratelimit-remaining']).toBe('4');

    // A key that has just authenticated passes the spent address (another client behind the same NAT);
    // a credential never seen working still waits.
    const trusted = await api.call({
      path: `/v1/merchants/${merchant.id}`,
      headers: bearer(merchant.secret_key),
      from: attacker,
    });
    expect(trusted.status).toBe(200);
    const expiredLooking = await api.call({
      path: '/v1/merchants',
      headers: bearer(unknownSecret('ct_')),
      from: attacker,
    });
    expectError(expiredLooking, 429, 'rate_limit_error', 'too_many_authentication_failures');
  });

  it('stops a concurrent flood of bad keys after the budget: the next wave causes no lookups', async () => {
    const api = await startLimitedApi({ RATE_LIMIT_AUTH_FAILURES: '5', RATE_LIMIT_AUTH_FAILURE_WINDOW_SECONDS: '60' });
    const lookups = countCredentialLookups(api.app);
    const wave = () =>
      Promise.all(
        Array.from({ length: 25 }, () =>
          api.call({ path: '/v1/merchants', headers: bearer(unknownSecret('sk_')), from: '127.0.0.4' }),
        ),
      );
    const first = await wave();
    expect(first.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(5);
    expect(first.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    const lookedUp = lookups();
    expect(lookedUp).toBeGreaterThanOrEqual(5);
    const second = await wave();
    expect(second.map((r) => r.status)).toEqual(Array(25).fill(429));
    expect(lookups()).toBe(lookedUp);
  });

  it('counts wrong operator passwords at /admin/queues against the same budget', async () => {
    const api = await startLimitedApi({ RATE_LIMIT_AUTH_FAILURES: '3', RATE_LIMIT_AUTH_FAILURE_WINDOW_SECONDS: '60' });
    const dashboard = (headers: Record<string, string>, from: string) =>
      api.call({ path: '/admin/queues', headers, from });
    for (let i = 0; i < 3; i++) {
      const res = await dashboard(basicAuth(`guess-${i}`), '127.0.0.5');
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toContain('Basic');
      expect(res.headers['ratelimit-remaining']).toBe(String(2 - i));
    }
    const refused = await dashboard(basicAuth('guess-3'), '127.0.0.5');
    expectError(refused, 429, 'rate_limit_error', 'too_many_authentication_failures');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(50);
    // Checked before the password, so the right one from that address waits too; from another it works.
    expect((await dashboard(basicAuth(OPERATOR_KEY), '127.0.0.5')).status).toBe(429);
    const page = await dashboard(basicAuth(OPERATOR_KEY), '127.0.0.6');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');

    // One budget per address for the API and the dashboard.
    const from = '127.0.0.7';
    expect((await api.call({ path: '/v1/merchants', headers: bearer('wrong'), from })).status).toBe(401);
    expect((await dashboard({}, from)).status).toBe(401);
    expect((await dashboard(bearer('wrong'), from)).status).toBe(401);
    const api429 = await api.call({ path: '/v1/merchants', headers: operatorAuth, from });
    expectError(api429, 429, 'rate_limit_error', 'too_many_authentication_failures');
  });

  it('takes the client address from X-Forwarded-For only with TRUST_PROXY, and counts an IPv6 /64 as one address', async () => {
    const limits = { RATE_LIMIT_AUTH_FAILURES: '2', RATE_LIMIT_AUTH_FAILURE_WINDOW_SECONDS: '60' };
    const direct = await startLimitedApi({ ...limits, TRUST_PROXY: 'false' });
    const spoofed = (i: number) =>
      direct.call({
        path: '/v1/merchants',
        headers: { ...bearer(unknownSecret('sk_')), 'X-Forwarded-For': `198.51.100.${i}` },
        from: '127.0.0.8',
      });
    // Without a trusted proxy the header is the client's own claim: changing it does not escape the budget.
    expect([(await spoofed(1)).status, (await spoofed(2)).status, (await spoofed(3)).status]).toEqual([401, 401, 429]);

    const proxied = await startLimitedApi({ ...limits, TRUST_PROXY: 'true' });
    const via = (forwardedFor: string, headers: Record<string, string> = bearer(unknownSecret('ct_'))) =>
      proxied.call({ path: '/v1/merchants', headers: { ...headers, 'X-Forwarded-For': forwardedFor } });
    expect([(await via('203.0.113.5')).status, (await via('203.0.113.5')).status]).toEqual([401, 401]);
    expectError(await via('203.0.113.5'), 429, 'rate_limit_error', 'too_many_authentication_failures');
    // Every request comes from the proxy's address; the clients behind it are told apart.
    expect((await via('203.0.113.6', operatorAuth)).status).toBe(200);
    expect((await via('203.0.113.6')).status).toBe(401);
    // An IPv6 client holds a whole /64: addresses inside it share one budget.
    expect((await via('2001:db8:1:2::1')).status).toBe(401);
    expect((await via('2001:db8:1:2:ffff:ffff:ffff:fffe')).status).toBe(401);
    expect((await via('2001:db8:1:2::abcd')).status).toBe(429);
    expect((await via('2001:db8:1:3::1')).status).toBe(401);

    // Behind one proxy that appends what it saw, TRUST_PROXY=1 believes only that last hop.
    const oneHop = await startLimitedApi({ ...limits, TRUST_PROXY: '1' });
    const appended = (claimed: string) =>
      oneHop.call({
        path: '/v1/merchants',
        headers: { ...bearer(unknownSecret('sk_')), 'X-Forwarded-For': `${claimed}, 203.0.113.9` },
      });
    expect([(await appended('198.51.100.1')).status, (await appended('198.51.100.2')).status]).toEqual([401, 401]);
    expect((await appended('198.51.100.3')).status).toBe(429);
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

/** A TCP proxy to `target` that can stop passing its answers on: a store that hangs while connected. */
async function freezableProxy(target: URL, defaultPort: number) {
  let frozen = false;
  const sockets: Socket[] = [];
  const proxy = createServer((client) => {
    const upstream = connect(Number(target.port || defaultPort), target.hostname);
    sockets.push(client, upstream);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => frozen || client.write(chunk));
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as AddressInfo).port,
    freeze: () => (frozen = true),
    close() {
      sockets.forEach((socket) => socket.destroy());
      proxy.close();
    },
  };
}

/**
 * Six counts against a store that stopped answering: each let through (no
 * RateLimit-Remaining); the first waits out the command timeout, then the
 * store is skipped (tried again once a second).
 */
async function expectHungStoreSkipped(count: () => Promise<string | string[] | undefined>) {
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const started = Date.now();
    expect(await count()).toBeUndefined();
    times.push(Date.now() - started);
  }
  expect(times[0]).toBeGreaterThanOrEqual(RATE_LIMIT_COMMAND_TIMEOUT_MS - 50);
  expect(times[0]).toBeLessThan(RATE_LIMIT_COMMAND_TIMEOUT_MS + 1_000);
  expect(Math.max(...times.slice(1))).toBeLessThan(RATE_LIMIT_COMMAND_TIMEOUT_MS - 100);
}

describe('counts shared by API instances', () => {
  it('refuses the request past the limit whichever instance it reaches', async () => {
    const first = await startLimitedApi({ RATE_LIMIT_REQUESTS: '3' });
    // The same prefix: a second replica of the same system.
    const second = await env.startApi(first.app.get(AppConfig));
    running.push(second);
    await second.listen(0, '127.0.0.1');
    if (TEST_QUEUE_BACKEND === 'redis') {
      await eventually(async () => second.get(RedisService).rateLimits.status === 'ready');
    }
    const secondPort = (second.getHttpServer().address() as AddressInfo).port;
    const statuses: number[] = [];
    const remaining: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      const res =
        i % 2 === 0
          ? await first.call({ path: '/v1/merchants', headers: operatorAuth })
          : await send(secondPort, { path: '/v1/merchants', headers: operatorAuth });
      statuses.push(res.status);
      remaining.push(res.headers['ratelimit-remaining']);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(remaining).toEqual(['2', '1', '0', '0']);
  });
});

if (TEST_QUEUE_BACKEND === 'redis') {
  describe('when Redis is unreachable', () => {
    it('lets requests through after a short wait when Redis stops answering mid-connection', async () => {
      const proxy = await freezableProxy(new URL(env.config.redisUrl), 6379);
      try {
        const api = await startLimitedApi({ REDIS_URL: `redis://127.0.0.1:${proxy.port}`, RATE_LIMIT_REQUESTS: '100' });
        const counted = await api.call({ path: '/v1/merchants', headers: operatorAuth });
        expect([counted.status, counted.headers['ratelimit-remaining']]).toEqual([200, '99']);
        proxy.freeze();
        await expectHungStoreSkipped(async () => {
          const res = await api.call({ path: '/v1/merchants', headers: operatorAuth });
          expect(res.status).toBe(200);
          return res.headers['ratelimit-remaining'];
        });
      } finally {
        proxy.close();
      }
    });

    it('lets requests through at once, unlimited, with no rate-limit headers', async () => {
      const api = await startLimitedApi(
        {
          REDIS_URL: 'redis://127.0.0.1:1',
          RATE_LIMIT_REQUESTS: '1',
          RATE_LIMIT_AUTH_FAILURES: '1',
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
}

/** A reply that records the headers the limiter sets (RateLimitService needs only `header`). */
function headerRecorder() {
  const headers: Record<string, string> = {};
  const reply = {
    header(name: string, value: string) {
      headers[name.toLowerCase()] = value;
      return reply;
    },
  };
  return { headers, reply: reply as unknown as Parameters<RateLimitService['admitRequest']>[1] };
}

if (TEST_QUEUE_BACKEND === 'postgres') {
  describe('batched counts (PostgreSQL store)', () => {
    /** A store and a limiter on the suite's database, with a count of the statements the store sends. */
    const countingLimiter = async (overrides: Record<string, string>) => {
      // A window longer than the test, so that every count of it falls in one window.
      const config = env.configWith({ RATE_LIMIT_WINDOW_SECONDS: '3600', ...overrides });
      const store = new PostgresRateLimiterStore(config);
      await store.onModuleInit();
      const counter = { statements: 0 };
      const query = store.pool.query.bind(store.pool) as (...args: unknown[]) => unknown;
      (store.pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        counter.statements += 1;
        return query(...args);
      };
      return { store, counter, limits: new RateLimitService(config, store.limiter) };
    };
    /** The RateLimit-Remaining of one request, 'refused' for a 429, undefined when it was let through uncounted. */
    const admit = async (limits: RateLimitService, subject: string) => {
      const res = headerRecorder();
      try {
        await limits.admitRequest(subject, res.reply);
        return res.headers['ratelimit-remaining'];
      } catch (error) {
        if (error instanceof RateLimitError) return 'refused';
        throw error;
      }
    };

    it('gives concurrent counts of one key each its own running total, in a few statements', async () => {
      const { store, counter, limits } = await countingLimiter({
        RATE_LIMIT_REQUESTS: '250',
        QUEUE_PREFIX: `batch-${randomBytes(4).toString('hex')}`,
      });
      try {
        const results = await Promise.all(Array.from({ length: 300 }, () => admit(limits, 'merchant:m1')));
        const allowed = results.filter((r) => r !== 'refused');
        // Exactly the budget, each remaining figure once, as if every count had been its own statement.
        expect(allowed.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 250 }, (_, i) => i));
        expect(results.filter((r) => r === 'refused')).toHaveLength(50);
        expect(counter.statements).toBeLessThanOrEqual(5);
      } finally {
        await store.onApplicationShutdown();
      }
    });

    it('lets two instances count the same keys in opposite orders at once without a deadlock', async () => {
      const prefix = `batch-${randomBytes(4).toString('hex')}`;
      const a = await countingLimiter({ RATE_LIMIT_REQUESTS: '100000', QUEUE_PREFIX: prefix });
      const b = await countingLimiter({ RATE_LIMIT_REQUESTS: '100000', QUEUE_PREFIX: prefix });
      const keys = Array.from({ length: 100 }, (_, i) => `customer:c${String(i).padStart(3, '0')}`);
      try {
        // Waves a turn of the event loop apart, so that each instance sends many statements and theirs overlap.
        const rounds = 10;
        const counts: Promise<string | undefined>[] = [];
        for (let round = 0; round < rounds; round++) {
          counts.push(...keys.map((key) => admit(a.limits, key)));
          counts.push(...[...keys].reverse().map((key) => admit(b.limits, key)));
          await new Promise((resolve) => setImmediate(resolve));
        }
        const results = await Promise.all(counts);
        // Every count was answered by the store (none let through uncounted after a failed statement)...
        expect(results.filter((r) => r === undefined || r === 'refused')).toHaveLength(0);
        // ...and every key holds both instances' counts.
        const { rows } = await env.sql.query<{ points: number }>(
          `SELECT points FROM rate_limits.counters WHERE key LIKE $1::text`,
          [`${prefix}:rate-limit:requests:%`],
        );
        expect(rows.map((row) => row.points)).toEqual(keys.map(() => 2 * rounds));
      } finally {
        await a.store.onApplicationShutdown();
        await b.store.onApplicationShutdown();
      }
    });
  });

  describe('when the counters database is unreachable (PostgreSQL store)', () => {
    const limiterOn = async (databaseUrl: string, requests: string) => {
      const config = env.configWith({ DATABASE_URL: databaseUrl, RATE_LIMIT_REQUESTS: requests });
      const store = new PostgresRateLimiterStore(config);
      // As the app does at start: its connections are opened before the first count.
      await store.onModuleInit();
      return { store, limits: new RateLimitService(config, store.limiter) };
    };

    it('lets requests through after a short wait when PostgreSQL stops answering mid-connection', async () => {
      const proxy = await freezableProxy(new URL(env.databaseUrl), 5432);
      const proxied = new URL(env.databaseUrl);
      proxied.port = String(proxy.port);
      const { store, limits } = await limiterOn(proxied.toString(), '100');
      try {
        const counted = headerRecorder();
        await limits.admitRequest('operator', counted.reply);
        expect(counted.headers['ratelimit-remaining']).toBe('99');
        proxy.freeze();
        await expectHungStoreSkipped(async () => {
          const res = headerRecorder();
          await limits.admitRequest('operator', res.reply);
          return res.headers['ratelimit-remaining'];
        });
      } finally {
        proxy.close();
        await store.onApplicationShutdown();
      }
    });

    it('lets requests through at once, unlimited, with no rate-limit headers', async () => {
      const { store, limits } = await limiterOn('postgresql://postgres@127.0.0.1:1/nowhere', '1');
      try {
        for (let i = 0; i < 4; i++) {
          const started = Date.now();
          const res = headerRecorder();
          await limits.admitRequest('operator', res.reply);
          expect(res.headers['ratelimit-limit']).toBeUndefined();
          expect(Date.now() - started).toBeLessThan(1_000);
        }
      } finally {
        await store.onApplicationShutdown();
      }
    });
  });
}
