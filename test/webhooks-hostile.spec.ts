// Webhooks against hostile owners and hostile receivers, end to end with the
// real PostgreSQL, Redis and worker: one owner's hanging receivers and event
// flood do not delay another owner's deliveries; the cap on endpoints holds
// under concurrent creates; whatever a receiver answers (NUL bytes, invalid
// UTF-8, absurd Retry-After, 10 MB) every attempt is recorded with sane
// values and nobody else's delivery is disturbed.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { MAX_RETRY_AFTER_SECONDS } from '../src/webhooks/safe-http';
import { MAX_ENDPOINTS_PER_OWNER } from '../src/webhooks/webhook-endpoints.service';
import { bearer, createTestEnv, eventually, operatorAuth } from './support/test-env';
import { paymentIntentEvent, Receiver } from './support/webhooks';
import { LEASED_AHEAD_SHARE } from '../src/webhooks/webhooks.jobs';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads until `done` holds or `timeoutMs` passes, and returns the last read (for assertions that show what is missing). */
async function settle<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(50);
  }
}

/** Accepts connections, reads what is sent, and never answers. */
class HangingServer {
  readonly sockets = new Set<net.Socket>();
  /** Connections accepted so far. */
  accepted = 0;
  private server = net.createServer((socket) => {
    this.accepted++;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.resume();
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }
}

type Environment = Awaited<ReturnType<typeof startEnvironment>>;

/** An API, `workers` workers, a receiver, a hanging server and helpers, on a database of their own. */
async function startEnvironment(settings: Record<string, string>, workers: number) {
  const env = await createTestEnv({ WEBHOOK_ALLOW_LOOPBACK: 'true', WEBHOOK_DISPATCH_INTERVAL_MS: '20', ...settings });
  const app: NestFastifyApplication = await env.startApi();
  for (let i = 0; i < workers; i++) await env.startWorker();
  const receiver = new Receiver();
  const hanging = new HangingServer();
  await receiver.start();
  await hanging.start();
  const api = () => request(app.getHttpServer());
  let merchants = 0;
  return {
    env,
    api,
    receiver,
    hanging,
    async stop(): Promise<void> {
      // The hanging connections first, so the worker's attempts end and it can stop.
      await hanging.stop();
      await receiver.stop();
      await env.teardown();
    },
    async merchant(): Promise<{ id: string; key: string; owner: string }> {
      const res = await api()
        .post('/v1/merchants')
        .set(operatorAuth)
        .send({ name: `Merchant ${++merchants}` })
        .expect(200);
      return { id: res.body.id, key: res.body.secret_key, owner: `merchant:${res.body.id}` };
    },
    async endpoint(key: string, url: string): Promise<string> {
      const res = await api()
        .post('/v1/webhook_endpoints')
        .set(bearer(key))
        .send({ url, enabled_events: ['payment_intent.created'] })
        .expect(200);
      return res.body.id;
    },
    /** A payment intent; returns the id of its payment_intent.created event (the deliveries' webhook-id). */
    event: (key: string) => paymentIntentEvent(api, env.sql, key),
    /**
     * A hog (a merchant with 20 endpoints on the hanging server) and a victim (a merchant with one
     * endpoint on the receiver's `victimPath`); the hog records `flood` events, 15 at a time.
     */
    async hogAndVictim(flood: number, victimPath: string) {
      const hog = await this.merchant();
      const victim = await this.merchant();
      for (let i = 0; i < 20; i++) await this.endpoint(hog.key, hanging.url(`/hang-${i}`));
      await this.endpoint(victim.key, receiver.url(victimPath));
      const hogInFlight = sampleMax(() => this.inFlight(hog.owner));
      try {
        for (let i = 0; i < flood; i += 15) await Promise.all(Array.from({ length: 15 }, () => this.event(hog.key)));
      } catch (error) {
        hogInFlight.stop();
        throw error;
      }
      return { hog, victim, hogInFlight };
    },
    /** Deliveries of `owner` leased to a worker and not yet recorded. */
    async inFlight(owner: string): Promise<number> {
      const { rows } = await env.sql.query(
        `SELECT count(*)::int AS n FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
          WHERE e.owner = $1 AND d.status = 'pending' AND d.leased_until > now()`,
        [owner],
      );
      return rows[0].n;
    },
  };
}

/** The enclosing describe's environment, started before its tests and stopped after them. */
function environment(settings: Record<string, string>, workers = 1): () => Environment {
  let started: Environment | undefined;
  beforeAll(async () => {
    started = await startEnvironment(settings, workers);
  });
  afterAll(async () => {
    await started?.stop();
  });
  return () => started!;
}

/** Calls `sample` every 50 ms until the returned stop() and keeps the largest value. */
function sampleMax(sample: () => Promise<number>): { max: () => number; stop: () => void } {
  let max = 0;
  const timer = setInterval(() => void sample().then((n) => (max = Math.max(max, n))), 50);
  return { max: () => max, stop: () => clearInterval(timer) };
}

describe('delivery is fair between owners', () => {
  const current = environment({
    // The defaults that matter here: WEBHOOK_CONCURRENCY 200, WEBHOOK_TIMEOUT_MS 15 s, 50 in flight per owner.
  });

  it('holds the cap of endpoints per owner under 40 concurrent creates', async () => {
    const s = current();
    // Three owners in turn, so that a race cannot pass by luck.
    for (let round = 0; round < 3; round++) {
      const owner = await s.merchant();
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          s
            .api()
            .post('/v1/webhook_endpoints')
            .set(bearer(owner.key))
            .send({ url: `https://93.184.216.34/hook/${i}`, enabled_events: ['*'] }),
        ),
      );
      const { rows } = await s.env.sql.query('SELECT count(*)::int AS n FROM webhook_endpoints WHERE owner = $1', [
        owner.owner,
      ]);
      expect(rows[0].n).toBe(MAX_ENDPOINTS_PER_OWNER);
      expect(results.filter((r) => r.status === 200)).toHaveLength(MAX_ENDPOINTS_PER_OWNER);
      expect(results.filter((r) => r.status !== 200).map((r) => [r.status, r.body.error.code])).toEqual(
        Array.from({ length: 40 - MAX_ENDPOINTS_PER_OWNER }, () => [400, 'too_many_endpoints']),
      );
    }
  });

  it('one owner with 20 hanging endpoints and a 150-event flood: each of another owner’s 20 webhooks arrives within 5 s, exactly once', async () => {
    const s = current();
    // 150 events to 20 endpoints: 3,000 deliveries to receivers that never answer.
    const { victim, hogInFlight } = await s.hogAndVictim(150, '/victim');
    try {
      await eventually(async () => s.hanging.accepted >= 40);

      const sentAt = new Map<string, number>();
      for (let i = 0; i < 20; i++) {
        const started = Date.now();
        sentAt.set(await s.event(victim.key), started);
        await sleep(100);
      }
      await settle(
        () => new Set(s.receiver.at('/victim').map((r) => r.headers['webhook-id'])).size,
        (n) => n >= 20,
        20_000,
      );
      await sleep(1_000);

      const received = s.receiver.at('/victim');
      // Each event's delay from the moment its request was sent (Infinity: it never came).
      const delays = [...sentAt].map(([id, sent]) => {
        const got = received.find((r) => r.headers['webhook-id'] === id);
        return got ? got.receivedAt - sent : Infinity;
      });
      expect(Math.max(...delays)).toBeLessThan(5_000);
      expect(received.map((r) => String(r.headers['webhook-id'])).sort()).toEqual([...sentAt.keys()].sort());
      // The hog held no more than its share of the worker's slots.
      expect(hogInFlight.max()).toBeGreaterThan(0);
      expect(hogInFlight.max()).toBeLessThanOrEqual(s.env.config.webhookMaxInFlightPerOwner);
    } finally {
      hogInFlight.stop();
    }
  });
});

describe('a worker leases no more deliveries than its free slots and a few held ahead', () => {
  const current = environment({
    WEBHOOK_CONCURRENCY: '10',
    WEBHOOK_MAX_IN_FLIGHT_PER_OWNER: '4',
    WEBHOOK_TIMEOUT_MS: '3000',
  });

  it('so an owner with nothing in flight takes the next free slot, ahead of everything the others have due', async () => {
    const s = current();
    // Five owners whose receivers hang: at 4 each they would want 20 of the worker's 10 slots.
    const hogs = [];
    for (let i = 0; i < 5; i++) {
      const hog = await s.merchant();
      await s.endpoint(hog.key, s.hanging.url(`/hang-${i}`));
      hogs.push(hog);
    }
    const victim = await s.merchant();
    await s.endpoint(victim.key, s.receiver.url('/victim'));
    const leased = sampleMax(async () => {
      const { rows } = await s.env.sql.query(
        "SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'pending' AND leased_until > now()",
      );
      return rows[0].n;
    });
    try {
      for (const hog of hogs) await Promise.all(Array.from({ length: 10 }, () => s.event(hog.key)));
      await eventually(async () => s.hanging.sockets.size >= 10);
      // Every slot hangs until the 3 s timeout. The victim's delivery must take one of the slots
      // freed then (about 3 s from now), not wait behind the hogs' leased deliveries for the round after:
      // only a few (LEASED_AHEAD_SHARE of the slots) may be leased ahead of it.
      const started = Date.now();
      const eventId = await s.event(victim.key);
      const [got] = await settle(
        () => s.receiver.at('/victim'),
        (at) => at.length > 0,
        10_000,
      );
      expect(got ? got.receivedAt - started : Infinity).toBeLessThan(4_500);
      expect(got.headers['webhook-id']).toBe(eventId);
      // The worker's 10 slots, and at most half as many leased ahead of the victim.
      expect(leased.max()).toBeLessThanOrEqual(10 + Math.ceil(10 * LEASED_AHEAD_SHARE));
    } finally {
      leased.stop();
    }
  });
});

describe('a worker that stops', () => {
  const current = environment({ WEBHOOK_CONCURRENCY: '2', WEBHOOK_TIMEOUT_MS: '2000', WEBHOOK_LEASE_SECONDS: '60' }, 0);

  it('finishes the attempts under way and gives back the leases it has not started', async () => {
    const s = current();
    const worker = await s.env.startWorker();
    const merchant = await s.merchant();
    await s.endpoint(merchant.key, s.hanging.url('/stopping'));
    await Promise.all(Array.from({ length: 5 }, () => s.event(merchant.key)));
    const deliveries = async () =>
      (
        await s.env.sql.query<{ attempts: number; leased: boolean }>(
          `SELECT d.attempts, coalesce(d.leased_until > now(), false) AS leased
             FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
            WHERE e.owner = $1 ORDER BY d.attempts DESC, leased DESC`,
          [merchant.owner],
        )
      ).rows;
    // Its 2 slots hang, and 1 more (half the slots) is leased ahead of a free one.
    await eventually(async () => s.hanging.sockets.size >= 2);
    await eventually(async () => (await deliveries()).filter((d) => d.leased).length === 3);
    await worker.close();
    // The two attempts ended (the receiver's 2 s timeout) and were recorded; nothing else is leased,
    // so another worker takes the rest at once rather than after the 60 s lease.
    expect(await deliveries()).toEqual([
      { attempts: 1, leased: false },
      { attempts: 1, leased: false },
      { attempts: 0, leased: false },
      { attempts: 0, leased: false },
      { attempts: 0, leased: false },
    ]);
  });
});

describe('several workers share the dispatcher', () => {
  // Hanging attempts end after 1 s, so the hog's 50 slots are handed over again every second.
  const current = environment({ WEBHOOK_TIMEOUT_MS: '1000' }, 3);

  it('and an owner’s cap holds across them, while another owner’s deliveries flow', async () => {
    const s = current();
    // Three dispatchers at once, each wanting the hog's whole share on every round.
    const { victim: other, hogInFlight } = await s.hogAndVictim(60, '/other');
    try {
      await sleep(4_000);
      const others = await Promise.all(Array.from({ length: 10 }, () => s.event(other.key)));
      const got = await settle(
        () => s.receiver.at('/other').map((r) => String(r.headers['webhook-id'])),
        (ids) => ids.length >= others.length,
        10_000,
      );
      await sleep(500);
      expect(got.sort()).toEqual([...others].sort());
      expect(s.hanging.accepted).toBeGreaterThan(100);
      expect(hogInFlight.max()).toBe(s.env.config.webhookMaxInFlightPerOwner);
    } finally {
      hogInFlight.stop();
    }
  });
});

describe('whatever a receiver answers, every attempt is recorded and others are not disturbed', () => {
  const current = environment({
    // A short lease: an attempt that is not recorded is made again within the test. The timeout
    // outlasts the first test's hold (every answer waits until all 64 requests have arrived, which
    // took over 2 s on a loaded machine, and an attempt that timed out is recorded without a status).
    WEBHOOK_RETRY_SCHEDULE_SECONDS: '60',
    WEBHOOK_TIMEOUT_MS: '5000',
    WEBHOOK_LEASE_SECONDS: '6',
  });

  it('records NUL bytes, invalid UTF-8, controls, absurd Retry-After and a 10 MB body as sane values', async () => {
    const s = current();
    const in2Hours = new Date(Date.now() + 2 * 3_600_000).toUTCString();
    const in3Days = new Date(Date.now() + 3 * 86_400_000).toUTCString();
    const answers: Record<string, { status: number; headers?: Record<string, string>; body?: string | Buffer }> = {
      '/nul-200': { status: 200, body: 'ok\u0000ok' },
      '/nul-500': { status: 500, body: 'bad\u0000bad' },
      '/bad-utf8-200': { status: 200, body: Buffer.from([0x6f, 0x6b, 0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80]) },
      '/controls-200': { status: 200, body: '\u0001\u0002\u001b[31mred\r\n\ttab' },
      '/retry-after-1e15': { status: 429, headers: { 'retry-after': '1e15' }, body: 'slow down' },
      '/retry-after-huge': { status: 503, headers: { 'retry-after': '99999999999999999999999' } },
      '/retry-after-negative': { status: 429, headers: { 'retry-after': '-5' } },
      '/retry-after-date': { status: 503, headers: { 'retry-after': in2Hours } },
      '/retry-after-far-date': { status: 429, headers: { 'retry-after': in3Days } },
      '/ten-mb': { status: 200, body: 'x'.repeat(10 * 1024 * 1024) },
      '/euro-cut': { status: 200, body: '\u20ac'.repeat(600) },
    };
    const paths = Object.keys(answers);
    const hostileEvents = 4;
    const victimEvents = 20;
    // Every answer is held until all requests have arrived, so the hostile and the victim's
    // successes are recorded together, as they would be under load.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    for (const path of paths) s.receiver.behaviour.set(path, () => ({ ...answers[path], hold: held }));
    s.receiver.behaviour.set('/victim', () => ({ status: 200, hold: held }));

    const hostile = await s.merchant();
    const victim = await s.merchant();
    const endpoints = new Map<string, string>();
    for (const path of paths) endpoints.set(path, await s.endpoint(hostile.key, s.receiver.url(path)));
    await s.endpoint(victim.key, s.receiver.url('/victim'));
    const [, victimIds] = await Promise.all([
      Promise.all(Array.from({ length: hostileEvents }, () => s.event(hostile.key))),
      Promise.all(Array.from({ length: victimEvents }, () => s.event(victim.key))),
    ]);
    const expected = paths.length * hostileEvents + victimEvents;
    await eventually(async () => s.receiver.received.length >= expected, 15_000);
    release();

    // Every attempt is recorded once.
    const attempts = await settle(
      async () =>
        (
          await s.env.sql.query(
            `SELECT e.url, a.status_code, a.error, a.response_excerpt, a.latency_ms,
                    extract(epoch FROM a.next_retry_at - a.created_at)::float AS retry_in
               FROM webhook_attempts a JOIN webhook_endpoints e ON e.id = a.endpoint_id WHERE e.owner = $1`,
            [hostile.owner],
          )
        ).rows,
      (rows) => rows.length >= paths.length * hostileEvents,
      15_000,
    );
    const byPath = (path: string) => attempts.filter((a) => a.url === s.receiver.url(path));
    expect(paths.map((path) => [path, byPath(path).length])).toEqual(paths.map((path) => [path, hostileEvents]));
    for (const path of paths) {
      const rows = byPath(path);
      for (const row of rows) {
        expect([path, row.status_code]).toEqual([path, answers[path].status]);
        expect(row.error).toBeNull();
        expect(row.latency_ms).toBeGreaterThanOrEqual(0);
        // No C0 control but tab and newline.
        expect([...row.response_excerpt].filter((c: string) => c < ' ' && c !== '\t' && c !== '\n')).toEqual([]);
        expect(Buffer.byteLength(row.response_excerpt)).toBeLessThanOrEqual(1_024);
      }
    }
    const excerpts = (path: string) => [...new Set(byPath(path).map((a) => a.response_excerpt))];
    expect(excerpts('/nul-200')).toEqual(['okok']);
    expect(excerpts('/nul-500')).toEqual(['badbad']);
    expect(excerpts('/bad-utf8-200')).toEqual(['ok\ufffd\ufffd(\ufffd\ufffd\ufffd']);
    expect(excerpts('/controls-200')).toEqual(['[31mred\n\ttab']);
    expect(excerpts('/ten-mb')).toEqual(['x'.repeat(1_024)]);
    expect(excerpts('/euro-cut')).toEqual(['\u20ac'.repeat(341)]);
    // Retry-After: invalid ones are ignored (the schedule's 60 s +-10 %), the others clamped to a day.
    const retryIn = (path: string) => byPath(path).map((a) => a.retry_in);
    for (const path of ['/nul-500', '/retry-after-1e15', '/retry-after-negative']) {
      for (const seconds of retryIn(path)) expect([path, seconds >= 53 && seconds <= 67]).toEqual([path, true]);
    }
    for (const seconds of retryIn('/retry-after-date')) expect(Math.abs(seconds - 7_200)).toBeLessThan(10);
    for (const path of ['/retry-after-huge', '/retry-after-far-date']) {
      for (const seconds of retryIn(path)) {
        expect([path, Math.abs(seconds - MAX_RETRY_AFTER_SECONDS) < 10]).toEqual([path, true]);
      }
    }
    // The deliveries moved on by exactly one attempt each: done on 2xx, waiting for the retry otherwise.
    const { rows: deliveries } = await s.env.sql.query(
      `SELECT e.url, d.status::text AS status, d.attempts FROM webhook_deliveries d
         JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE e.owner = $1`,
      [hostile.owner],
    );
    for (const d of deliveries) {
      const path = new URL(d.url).pathname;
      const status = answers[path].status < 300 ? 'succeeded' : 'pending';
      expect([path, d.status, d.attempts]).toEqual([path, status, 1]);
    }

    // The victim: each event delivered and recorded once, although its successes shared statements
    // with the hostile's; waiting past two leases shows nothing is sent again.
    await sleep(7_000);
    const victimGot = s.receiver.at('/victim').map((r) => String(r.headers['webhook-id']));
    expect(victimGot.sort()).toEqual([...victimIds].sort());
    const { rows: victimDeliveries } = await s.env.sql.query(
      `SELECT d.status::text AS status, d.attempts, (SELECT count(*)::int FROM webhook_attempts a WHERE a.delivery_id = d.id) AS recorded
         FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE e.owner = $1`,
      [victim.owner],
    );
    expect(victimDeliveries).toEqual(
      Array.from({ length: victimEvents }, () => ({ status: 'succeeded', attempts: 1, recorded: 1 })),
    );
    // Nothing of the hostile's was sent twice either.
    for (const path of paths) expect([path, s.receiver.at(path).length]).toEqual([path, hostileEvents]);
  });

  it('an endpoint deleted while its deliveries are in flight costs nobody else their record', async () => {
    const s = current();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    s.receiver.behaviour.set('/deleted', () => ({ status: 200, hold: held }));
    s.receiver.behaviour.set('/bystander', () => ({ status: 200, hold: held }));
    const leaving = await s.merchant();
    const bystander = await s.merchant();
    const leavingEndpoint = await s.endpoint(leaving.key, s.receiver.url('/deleted'));
    await s.endpoint(bystander.key, s.receiver.url('/bystander'));
    const [, bystanderIds] = await Promise.all([
      Promise.all(Array.from({ length: 10 }, () => s.event(leaving.key))),
      Promise.all(Array.from({ length: 20 }, () => s.event(bystander.key))),
    ]);
    await eventually(async () => s.receiver.at('/deleted').length >= 10 && s.receiver.at('/bystander').length >= 20);
    // Its deliveries (and so the rows its attempts would reference) go with it.
    await s.api().delete(`/v1/webhook_endpoints/${leavingEndpoint}`).set(bearer(leaving.key)).expect(200);
    release();
    await eventually(async () => {
      const { rows } = await s.env.sql.query(
        `SELECT count(*)::int AS n FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
          WHERE e.owner = $1 AND d.status = 'succeeded'`,
        [bystander.owner],
      );
      return rows[0].n === 20;
    });
    await sleep(7_000);
    expect(
      s.receiver
        .at('/bystander')
        .map((r) => String(r.headers['webhook-id']))
        .sort(),
    ).toEqual([...bystanderIds].sort());
    const { rows } = await s.env.sql.query(
      `SELECT count(*)::int AS n FROM webhook_attempts a JOIN webhook_endpoints e ON e.id = a.endpoint_id
        WHERE e.owner = $1`,
      [bystander.owner],
    );
    expect(rows[0].n).toBe(20);
  });
});
