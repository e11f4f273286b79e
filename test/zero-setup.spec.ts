// `npm start` on a machine with only Node.js: no DATABASE_URL, no REDIS_URL,
// and nothing answering at the default addresses (DEFAULT_DATABASE_URL and
// DEFAULT_REDIS_URL point at unused ports). The built launcher must start an
// embedded PostgreSQL, run the queues on PostgreSQL, seed the demo set, and
// carry a payment, a wallet transfer and a webhook delivery end to end; after
// a restart the data must still be there. Killed or hung up on, it must leave
// no API or worker behind.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { callApi, type DemoSet } from '../src/launcher/demo-seed';
import { eventually } from './support/test-env';
import {
  buildTally,
  childProcessesOf,
  freePort,
  isRunning,
  startLauncher,
  type RunningTally,
} from './support/launcher';

describe('zero-setup start (npm start with only Node.js)', () => {
  let home: string;
  let env: Record<string, string>;
  let tally: RunningTally | undefined;
  let receiver: Server;
  const verified: { type: string; id: string }[] = [];
  let webhookSecret = '';

  beforeAll(async () => {
    buildTally();
    home = mkdtempSync(join(tmpdir(), 'tally-zero-setup-'));
    // Opened so that, as root, the user postgres reaches .tally/postgres inside and the data stays in it (out of
    // its reach the data would live in /var/lib/tally; test/embedded-postgres.spec.ts covers that).
    chmodSync(home, 0o755);
    env = {
      NODE_ENV: 'development',
      PORT: String(await freePort()),
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      // Nothing answers at the defaults: this port was free a moment ago and nobody listens on it.
      DEFAULT_DATABASE_URL: `postgresql://postgres@127.0.0.1:${await freePort()}/tally`,
      DEFAULT_REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      LOG_LEVEL: 'warn',
    };
    // A partner's endpoint: verifies every delivery's signature, as a real receiver must.
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        try {
          const event = new Webhook(webhookSecret).verify(body, request.headers as Record<string, string>) as {
            type: string;
            id: string;
          };
          verified.push({ type: event.type, id: event.id });
          response.writeHead(204).end();
        } catch {
          response.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  }, 300_000);

  afterAll(async () => {
    await tally?.stop();
    await new Promise((resolve) => receiver.close(resolve));
    rmSync(home, { recursive: true, force: true });
  });

  const demo = () => JSON.parse(readFileSync(join(home, '.tally', 'demo.json'), 'utf8')) as DemoSet;

  it('starts on an embedded PostgreSQL with queues on PostgreSQL, and seeds the demo set', async () => {
    tally = await startLauncher(home, env);
    const output = tally.output();
    expect(output).toMatch(/created and started an embedded PostgreSQL on 127\.0\.0\.1:\d+/);
    expect(output).toContain('migrations: created the database');
    expect(output).toContain('queues: PostgreSQL');
    expect(output).toContain('seeded the demo set');
    expect(output).toContain(`API              http://localhost:${env.PORT}`);
    expect(output).toContain(`/docs`);
    expect(output).toContain(`/admin/queues`);
    // Measured, not asserted against a machine's speed: the first start, build excluded.
    console.log(`first start to the banner (embedded PostgreSQL created, demo set seeded): ${tally.readyAfterMs} ms`);
    const wallet = await callApi<{ balances: { currency: string; available: number }[] }>(
      demo().api_url,
      demo().alice.token,
      'GET',
      '/v1/wallet',
    );
    expect(JSON.stringify(wallet)).toContain('"available":100000');
  });

  it('carries a payment, a wallet transfer and a webhook delivery', async () => {
    const { api_url: api, merchant, alice, bob } = demo();
    const endpoint = await callApi<{ id: string; secret: string }>(
      api,
      merchant.secret_key,
      'POST',
      '/v1/webhook_endpoints',
      {
        url: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks`,
        enabled_events: ['payment_intent.succeeded'],
      },
    );
    webhookSecret = endpoint.secret;

    const intent = await callApi<{ id: string }>(api, merchant.secret_key, 'POST', '/v1/payment_intents', {
      amount: 2_500,
      currency: 'cny',
    });
    const paid = await callApi<{ status: string }>(
      api,
      alice.token,
      'POST',
      `/v1/payment_intents/${intent.id}/confirm`,
    );
    expect(paid.status).toBe('succeeded');

    const transfer = await callApi<{ status: string; amount: number }>(
      api,
      alice.token,
      'POST',
      '/v1/wallet/transfers',
      {
        to: { phone: bob.phone },
        amount: 1_200,
        currency: 'cny',
      },
    );
    expect(transfer).toMatchObject({ status: 'succeeded', amount: 1_200 });

    // The event travels outbox -> queue on PostgreSQL -> worker -> signed delivery.
    const delivered = await eventually(async () => verified.find((e) => e.type === 'payment_intent.succeeded'), 30_000);
    expect(delivered.id).toMatch(/^evt_/);
    // The settlement job (5 s after capture for the demo merchant) runs on the PostgreSQL queues too.
    const balance = await eventually(async () => {
      const b = await callApi<{ available: { amount: number; currency: string }[] }>(
        api,
        merchant.secret_key,
        'GET',
        '/v1/balance',
      );
      return b.available.length > 0 ? b : null;
    }, 30_000);
    expect(balance.available).toEqual([{ amount: 2_500, currency: 'cny' }]);
  });

  it('stops cleanly, and after a restart the data is still there', async () => {
    const before = demo();
    expect(await tally!.stop()).toBe(0);
    tally = undefined;
    expect(() => readFileSync(join(home, '.tally', 'postgres', 'PG_VERSION'))).not.toThrow();

    tally = await startLauncher(home, env);
    const output = tally.output();
    expect(output).toMatch(/\] started an embedded PostgreSQL/);
    expect(output).not.toContain('seeded the demo set');
    expect(output).toContain(before.merchant.secret_key);
    const { api_url: api, merchant, bob } = demo();
    expect(merchant.id).toBe(before.merchant.id);
    const intents = await callApi<{ data: { status: string; amount: number }[] }>(
      api,
      merchant.secret_key,
      'GET',
      '/v1/payment_intents',
    );
    expect(intents.data).toEqual([expect.objectContaining({ status: 'succeeded', amount: 2_500 })]);
    const statement = await callApi<{ data: { amount: number }[] }>(api, bob.token, 'GET', '/v1/wallet/transactions');
    expect(statement.data.map((line) => line.amount)).toEqual([1_200]);
  });

  /** What the running launcher started, by command line: the API, the worker and the embedded PostgreSQL. */
  const startedBy = (launcher: RunningTally) => {
    const children = childProcessesOf(launcher.process.pid!);
    const find = (pattern: RegExp) => children.find((child) => pattern.test(child.command))?.pid ?? 0;
    return { api: find(/dist\/main\.js/), worker: find(/dist\/worker\.js/), postgres: find(/postgres -D/) };
  };
  const exitOf = (launcher: RunningTally) =>
    new Promise<number | null>((resolve) => launcher.process.once('exit', (code) => resolve(code)));

  it('leaves no API or worker behind when the launcher is killed, and the next start stops the PostgreSQL it left', async () => {
    const killed = tally!;
    const pids = startedBy(killed);
    expect(pids).toEqual({ api: expect.any(Number), worker: expect.any(Number), postgres: expect.any(Number) });
    expect(Object.values(pids)).not.toContain(0);
    const exited = exitOf(killed);
    killed.process.kill('SIGKILL');
    await exited;
    tally = undefined;
    // Their IPC channel closed: both stop as on SIGTERM.
    await eventually(async () => !isRunning(pids.api) && !isRunning(pids.worker), 15_000);
    // The embedded PostgreSQL runs in a session of its own, so it is still there...
    expect(isRunning(pids.postgres)).toBe(true);
    // ...until the next start stops it and starts PostgreSQL afresh.
    tally = await startLauncher(home, env);
    expect(tally.output()).toContain(
      `stopped the embedded PostgreSQL (pid ${pids.postgres}) that a killed launcher left running`,
    );
    expect(isRunning(pids.postgres)).toBe(false);
    const restarted = startedBy(tally);
    expect(restarted.postgres).not.toBe(0);
    expect(restarted.postgres).not.toBe(pids.postgres);
  });

  it('stops everything on SIGHUP (the terminal closed)', async () => {
    const pids = startedBy(tally!);
    const exited = exitOf(tally!);
    tally!.process.kill('SIGHUP');
    expect(await exited).toBe(0);
    expect(tally!.output()).toContain('stopped the embedded PostgreSQL');
    tally = undefined;
    expect([isRunning(pids.api), isRunning(pids.worker), isRunning(pids.postgres)]).toEqual([false, false, false]);
  });

  it('with DEMO_SEED=false neither makes nor prints the demo set; a second Ctrl-C stops at once', async () => {
    tally = await startLauncher(home, { ...env, DEMO_SEED: 'false' });
    // A demo set is recorded from the first start: it is not printed (nor made again) either.
    expect(tally.output()).not.toContain(demo().merchant.secret_key);
    expect(tally.output()).not.toContain('demo merchant');
    const pids = startedBy(tally);
    const exited = exitOf(tally);
    tally.process.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 50));
    tally.process.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(tally.output()).toContain('stopping now: the API and the worker are killed');
    tally = undefined;
    expect([isRunning(pids.api), isRunning(pids.worker), isRunning(pids.postgres)]).toEqual([false, false, false]);
  });
});
