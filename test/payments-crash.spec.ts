// The worker is killed with SIGKILL while it settles payments, while it
// sends payouts, and while it runs wallet top-ups and withdrawals through
// the (slow) sandbox bank, and while it delivers webhooks to a slow
// receiver, then restarted: every payment settles exactly once, every
// payout, top-up and withdrawal ends in one final state with the matching
// ledger effect, the bank is never asked to execute a reference as a new
// operation twice, the ledger reconciles, and every event is delivered.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { LedgerService } from '../src/ledger/ledger.service';
import { AccountsService } from '../src/accounts/accounts.service';
import { bearer, createTestEnv, eventually, operatorAuth, TestEnv } from './support/test-env';
import { expectReconciled } from './support/ledger-checks';

const SETTINGS = {
  SANDBOX_BANK_LATENCY_MS: '300',
  OUTBOX_POLL_INTERVAL_MS: '20',
  OUTBOX_REDISPATCH_AFTER_SECONDS: '1',
  WEBHOOK_ALLOW_LOOPBACK: 'true',
  WEBHOOK_TIMEOUT_MS: '1000',
  WEBHOOK_LEASE_SECONDS: '2',
  WEBHOOK_DISPATCH_INTERVAL_MS: '20',
};
let env: TestEnv;
let app: NestFastifyApplication;
let buildDir: string;

beforeAll(async () => {
  // The worker runs as a real process that can be killed: compile it first
  // (asynchronously, so that no connection of this process times out meanwhile).
  // Inside the project, so that the compiled worker finds node_modules.
  const root = join(__dirname, '..', '.test-build');
  mkdirSync(root, { recursive: true });
  buildDir = mkdtempSync(join(root, 'worker-'));
  await promisify(execFile)(join(__dirname, '..', 'node_modules', '.bin', 'tsc'), [
    '-p',
    join(__dirname, '..', 'tsconfig.json'),
    '--outDir',
    buildDir,
  ]);
  env = await createTestEnv(SETTINGS);
  app = await env.startApi();
}, 120_000);

afterAll(async () => {
  await env.teardown();
  rmSync(buildDir, { recursive: true, force: true });
});

function startWorker(): ChildProcess {
  return spawn(process.execPath, [join(buildDir, 'worker.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: env.databaseUrl,
      QUEUE_BACKEND: env.queueBackend,
      REDIS_URL: env.config.redisUrl,
      QUEUE_PREFIX: env.config.queuePrefix,
      LOG_LEVEL: 'silent',
      OPERATOR_API_KEY: 'test_operator_key_0123456789',
      ...SETTINGS,
    },
    stdio: 'ignore',
  });
}

async function kill(worker: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.kill('SIGKILL');
  await exited;
}

const count = async (sql: string, params: unknown[] = []) => (await env.sql.query(sql, params)).rows[0].n as number;

it('settles every payment once and ends every payout paid or failed across SIGKILLs of the worker', async () => {
  const api = () => request(app.getHttpServer());
  const merchant = (
    await api()
      .post('/v1/merchants')
      .set(operatorAuth)
      .send({
        name: 'Crash Cafe',
        pricing: { fee_bps: 100 },
        settlement_delay_seconds: 0,
        bank_account: { account_holder_name: 'Crash Cafe', bank_code: 'ABCD1234', account_number: '12345678' },
      })
      .expect(200)
  ).body;
  const customer = (
    await api().post('/v1/customers').set(operatorAuth).send({ phone: '+8613600000001', kyc_tier: 3 }).expect(200)
  ).body;
  const token = (await api().post(`/v1/customers/${customer.id}/tokens`).set(operatorAuth).send({}).expect(200)).body
    .token;
  const ledger = app.get(LedgerService);
  const wallet = await app.get(AccountsService).walletAccount(customer.id, 'cny');
  const bank = await app.get(AccountsService).bankClearing('cny');
  await ledger.postTransfer({
    id: 'crash-fund',
    debitAccountId: bank,
    creditAccountId: wallet,
    amount: 10_000_000n,
    currency: 'cny',
  });

  // 40 payments; the worker is killed while it settles them.
  let worker = startWorker();
  const payments: string[] = [];
  for (let i = 0; i < 40; i++) {
    const intent = await api()
      .post('/v1/payment_intents')
      .set(bearer(merchant.secret_key))
      .send({ amount: 10_000 + i, currency: 'cny' })
      .expect(200);
    await api().post(`/v1/payment_intents/${intent.body.id}/confirm`).set(bearer(token)).send({}).expect(200);
    payments.push(intent.body.id);
    if (i === 20) await kill(worker);
    if (i === 25) worker = startWorker();
  }
  await eventually(
    async () => (await count('SELECT count(*)::int AS n FROM payment_intents WHERE settlement_id IS NULL')) === 0,
    30_000,
  );
  await kill(worker);
  worker = startWorker();

  // 12 payouts through the slow bank (a third of them fail); killed mid-way twice.
  const payouts: string[] = [];
  for (let i = 0; i < 12; i++) {
    const amount = i % 3 === 0 ? 1_913 : 2_000 + i;
    payouts.push(
      (await api().post('/v1/payouts').set(bearer(merchant.secret_key)).send({ amount, currency: 'cny' }).expect(200))
        .body.id,
    );
  }
  await eventually(
    async () => (await count("SELECT count(*)::int AS n FROM sandbox_bank_operations WHERE kind = 'payout'")) >= 2,
    20_000,
  );
  await kill(worker);
  worker = startWorker();
  await eventually(
    async () => (await count("SELECT count(*)::int AS n FROM payouts WHERE status <> 'pending'")) >= 4,
    20_000,
  );
  await kill(worker);
  worker = startWorker();
  try {
    // A job that was running when its worker died is taken up again once its BullMQ lock expires (30 s).
    await eventually(
      async () => (await count("SELECT count(*)::int AS n FROM payouts WHERE status = 'pending'")) === 0,
      100_000,
    );
  } finally {
    await kill(worker);
  }

  // Settled exactly once each: one settlement transfer per payment, the batches add up.
  expect(await count("SELECT count(*)::int AS n FROM ledger_transfers WHERE id LIKE 'pi_%:settle'")).toBe(40);
  const { rows: batches } = await env.sql.query(
    'SELECT sum(count)::int AS payments, sum(net)::bigint AS net FROM settlements',
  );
  expect(batches[0].payments).toBe(40);
  const { rows: settled } = await env.sql.query(
    "SELECT sum(amount)::bigint AS total FROM ledger_transfers WHERE id LIKE 'pi_%:settle'",
  );
  expect(settled[0].total).toBe(batches[0].net);
  // Every payout ended paid or failed, agreeing with its hold; the bank holds one operation per payout.
  const { rows: outcomes } = await env.sql.query(
    `SELECT p.status, r.kind AS resolution, b.outcome FROM payouts p
       JOIN ledger_transfers r ON r.pending_id = p.id || ':hold'
       JOIN sandbox_bank_operations b ON b.reference = p.id`,
  );
  expect(outcomes).toHaveLength(12);
  for (const o of outcomes) {
    expect([o.status, o.resolution, o.outcome]).toEqual(
      o.status === 'paid' ? ['paid', 'post_pending', 'succeeded'] : ['failed', 'void_pending', 'failed:account_closed'],
    );
  }
  expect(outcomes.filter((o) => o.status === 'failed')).toHaveLength(4);
  await expectReconciled(ledger);
}, 240_000);

it('ends every wallet top-up and withdrawal in one final state with its ledger effect across SIGKILLs', async () => {
  const api = () => request(app.getHttpServer());
  const customer = (
    await api().post('/v1/customers').set(operatorAuth).send({ phone: '+8613600000002', kyc_tier: 3 }).expect(200)
  ).body;
  const token = (await api().post(`/v1/customers/${customer.id}/tokens`).set(operatorAuth).send({}).expect(200)).body
    .token;
  const ledger = app.get(LedgerService);
  const wallet = await app.get(AccountsService).walletAccount(customer.id, 'cny');
  await ledger.postTransfer({
    id: 'crash-fund-wallet',
    debitAccountId: await app.get(AccountsService).bankClearing('cny'),
    creditAccountId: wallet,
    amount: 1_000_000n,
    currency: 'cny',
  });

  // 12 top-ups and 12 withdrawals (a quarter of each fail at the bank), the worker killed twice on the way.
  let worker = startWorker();
  const created: { kind: 'top_ups' | 'withdrawals'; id: string; amount: number }[] = [];
  for (let i = 0; i < 12; i++) {
    for (const kind of ['top_ups', 'withdrawals'] as const) {
      const amount = i % 4 === 0 ? 1_913 : 3_000 + i;
      const res = await api()
        .post(`/v1/wallet/${kind}`)
        .set(bearer(token))
        .send({ amount, currency: 'cny' })
        .expect(200);
      created.push({ kind, id: res.body.id, amount });
    }
  }
  const pending = async () =>
    count(
      `SELECT (SELECT count(*) FROM wallet_top_ups WHERE status = 'pending')
            + (SELECT count(*) FROM wallet_withdrawals WHERE status = 'pending') AS n`,
    );
  await eventually(
    async () => (await count("SELECT count(*)::int AS n FROM sandbox_bank_operations WHERE kind = 'top_up'")) >= 2,
    20_000,
  );
  await kill(worker);
  worker = startWorker();
  await eventually(async () => Number(await pending()) <= 18, 20_000);
  await kill(worker);
  worker = startWorker();
  try {
    await eventually(async () => Number(await pending()) === 0, 100_000);
  } finally {
    await kill(worker);
  }

  let expected = 1_000_000;
  for (const op of created) {
    const table = op.kind === 'top_ups' ? 'wallet_top_ups' : 'wallet_withdrawals';
    const { rows } = await env.sql.query(`SELECT status::text AS status FROM ${table} WHERE id = $1`, [op.id]);
    const { rows: transfers } = await env.sql.query(
      'SELECT id, kind::text AS kind FROM ledger_transfers WHERE reference = $1 OR pending_id = $2 ORDER BY seq',
      [op.id, `${op.id}:hold`],
    );
    const { rows: bank } = await env.sql.query('SELECT outcome FROM sandbox_bank_operations WHERE reference = $1', [
      op.id,
    ]);
    const fails = op.amount % 1000 === 913;
    if (op.kind === 'top_ups') {
      expect([rows[0].status, transfers.map((t) => t.id), bank[0].outcome]).toEqual(
        fails ? ['failed', [], 'failed:card_declined'] : ['succeeded', [`${op.id}:credit`], 'succeeded'],
      );
      if (!fails) expected += op.amount;
    } else {
      expect([rows[0].status, transfers.map((t) => t.kind), bank[0].outcome]).toEqual(
        fails
          ? ['failed', ['pending', 'void_pending'], 'failed:account_closed']
          : ['paid', ['pending', 'post_pending'], 'succeeded'],
      );
      if (!fails) expected -= op.amount;
    }
  }
  const account = await ledger.getAccount(wallet);
  expect([account!.creditsPosted - account!.debitsPosted, account!.debitsPending]).toEqual([BigInt(expected), 0n]);
  await expectReconciled(ledger);
}, 240_000);

it('delivers every event at least once across a SIGKILL of the worker mid-delivery', async () => {
  const api = () => request(app.getHttpServer());
  // A slow receiver, so that deliveries are in flight when the worker dies.
  const received: string[] = [];
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(String(req.headers['webhook-id']));
      setTimeout(() => res.end('ok'), 150);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const merchant = (await api().post('/v1/merchants').set(operatorAuth).send({ name: 'Hooked' }).expect(200)).body;
  await api()
    .post('/v1/webhook_endpoints')
    .set(bearer(merchant.secret_key))
    .send({
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
      enabled_events: ['payment_intent.created'],
    })
    .expect(200);
  const events: string[] = [];
  for (let i = 0; i < 30; i++) {
    const intent = await api()
      .post('/v1/payment_intents')
      .set(bearer(merchant.secret_key))
      .send({ amount: 100 + i, currency: 'cny' })
      .expect(200);
    const { rows } = await env.sql.query('SELECT id FROM events WHERE object_id = $1', [intent.body.id]);
    events.push(rows[0].id);
  }
  let worker = startWorker();
  try {
    await eventually(async () => received.length >= 3, 20_000);
    await kill(worker);
    worker = startWorker();
    await eventually(async () => events.every((id) => received.includes(id)), 60_000);
    await eventually(
      async () =>
        (await count(
          "SELECT count(*)::int AS n FROM webhook_deliveries d JOIN events e ON e.id = d.event_id WHERE e.id = ANY($1) AND d.status = 'succeeded'",
          [events],
        )) === 30,
      20_000,
    );
  } finally {
    await kill(worker);
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  }
  // At least once: a delivery cut short by the kill may arrive twice, never zero times.
  expect(new Set(received.filter((id) => events.includes(id))).size).toBe(30);
}, 120_000);
