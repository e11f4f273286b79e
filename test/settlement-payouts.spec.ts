// Refunds, settlement, balance and payouts end to end against the real
// PostgreSQL and Redis (the worker runs the settlement and payout jobs), with
// the sandbox bank's test amounts; the ledger must balance afterwards.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { LedgerService } from '../src/ledger/ledger.service';
import { PayoutsService } from '../src/settlement/payouts.service';
import { SettlementService } from '../src/settlement/settlement.service';
import { fundedCustomer } from './support/customers';
import { bearer, createTestEnv, eventually, operatorAuth, TestEnv } from './support/test-env';
import { expectReconciled } from './support/ledger-checks';

let env: TestEnv;
let app: NestFastifyApplication;
let worker: INestApplicationContext;
let ledger: LedgerService;
let phoneCounter = 0;
const BANK = { account_holder_name: 'Tea House Ltd', bank_code: '102100099996', account_number: '6222020200114455' };

const api = () => request(app.getHttpServer());

beforeAll(async () => {
  env = await createTestEnv({ SANDBOX_BANK_LATENCY_MS: '5' });
  app = await env.startApi();
  worker = await env.startWorker();
  ledger = app.get(LedgerService);
});

afterAll(async () => {
  await env.teardown();
});

async function merchantWith(settings: Record<string, unknown>) {
  const res = await api()
    .post('/v1/merchants')
    .set(operatorAuth)
    .send({ name: 'Tea House', pricing: { fee_bps: 250, fixed_fees: { cny: 10 } }, ...settings })
    .expect(200);
  return { id: res.body.id as string, key: res.body.secret_key as string };
}

const customerWith = (balance: bigint) =>
  fundedCustomer(app, `+86139001${String(++phoneCounter).padStart(5, '0')}`, balance);

async function pay(merchant: { key: string }, customer: { token: string }, amount: number) {
  const intent = await api()
    .post('/v1/payment_intents')
    .set(bearer(merchant.key))
    .send({ amount, currency: 'cny' })
    .expect(200);
  await api().post(`/v1/payment_intents/${intent.body.id}/confirm`).set(bearer(customer.token)).send({}).expect(200);
  return intent.body.id as string;
}

async function walletPosted(walletId: string): Promise<bigint> {
  const account = await ledger.getAccount(walletId);
  return account!.creditsPosted - account!.debitsPosted;
}

async function balanceOf(merchant: { key: string }) {
  const res = await api().get('/v1/balance').set(bearer(merchant.key)).expect(200);
  const find = (list: { amount: number; currency: string }[]) => list.find((l) => l.currency === 'cny')?.amount ?? 0;
  return { available: find(res.body.available), pending: find(res.body.pending) };
}

const refund = (merchant: { key: string }, body: Record<string, unknown>) =>
  api().post('/v1/refunds').set(bearer(merchant.key)).send(body);

describe('refunds', () => {
  it('refunds in parts from the pending balance, giving back the fee share, never above what was received', async () => {
    const merchant = await merchantWith({ settlement_delay_seconds: 86_400 });
    const customer = await customerWith(5_000n);
    const pi = await pay(merchant, customer, 1000); // fee 25 + 10 = 35
    expect(await balanceOf(merchant)).toEqual({ available: 0, pending: 965 });
    const first = await refund(merchant, { payment_intent: pi, amount: 400, reason: 'requested_by_customer' }).expect(
      200,
    );
    expect(first.body).toMatchObject({
      object: 'refund',
      status: 'succeeded',
      amount: 400,
      fee_returned: 14,
      payment_intent: pi,
    });
    expect(await walletPosted(customer.walletId)).toBe(4_400n);
    const tooMuch = await refund(merchant, { payment_intent: pi, amount: 601 }).expect(400);
    expect(tooMuch.body.error).toMatchObject({ code: 'amount_too_large', param: 'amount' });
    const rest = await refund(merchant, { payment_intent: pi }).expect(200);
    expect(rest.body).toMatchObject({ amount: 600, fee_returned: 21 });
    expect(await balanceOf(merchant)).toEqual({ available: 0, pending: 0 });
    expect(await walletPosted(customer.walletId)).toBe(5_000n);
    const done = await refund(merchant, { payment_intent: pi }).expect(409);
    expect(done.body.error.code).toBe('charge_already_refunded');
    const intent = await api().get(`/v1/payment_intents/${pi}`).set(bearer(merchant.key)).expect(200);
    expect(intent.body).toMatchObject({ amount_refunded: 1000, amount_received: 1000 });
    const list = await api().get(`/v1/refunds?payment_intent=${pi}`).set(bearer(merchant.key)).expect(200);
    expect(list.body.data.map((r: { amount: number }) => r.amount)).toEqual([600, 400]);
    await api().get(`/v1/refunds/${first.body.id}`).set(bearer(merchant.key)).expect(200);
    const other = await merchantWith({});
    await api().get(`/v1/refunds/${first.body.id}`).set(bearer(other.key)).expect(404);
    await refund(other, { payment_intent: pi, amount: 1 }).expect(404);
  });

  it('a refund retried with the same Idempotency-Key refunds once', async () => {
    const merchant = await merchantWith({ settlement_delay_seconds: 86_400 });
    const customer = await customerWith(1_000n);
    const pi = await pay(merchant, customer, 500);
    const send = () =>
      api()
        .post('/v1/refunds')
        .set(bearer(merchant.key))
        .set('Idempotency-Key', `refund-${pi}`)
        .send({ payment_intent: pi, amount: 200 });
    const [first, second] = [await send(), await send()];
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await walletPosted(customer.walletId)).toBe(700n);
  });

  it('refuses to refund a payment that did not succeed, and bad input', async () => {
    const merchant = await merchantWith({});
    const open = await api()
      .post('/v1/payment_intents')
      .set(bearer(merchant.key))
      .send({ amount: 100, currency: 'cny' })
      .expect(200);
    expect((await refund(merchant, { payment_intent: open.body.id }).expect(409)).body.error.code).toBe(
      'payment_intent_not_refundable',
    );
    expect((await refund(merchant, { payment_intent: 'nope' }).expect(400)).body.error.param).toBe('payment_intent');
    expect((await refund(merchant, { payment_intent: open.body.id, amount: 0 }).expect(400)).body.error.param).toBe(
      'amount',
    );
  });

  it('20 concurrent partial refunds: the refunded total never exceeds the amount received', async () => {
    const merchant = await merchantWith({ settlement_delay_seconds: 86_400 });
    const customer = await customerWith(2_000n);
    const pi = await pay(merchant, customer, 1000);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => refund(merchant, { payment_intent: pi, amount: 100 })),
    );
    const succeeded = results.filter((r) => r.status === 200 && r.body.status === 'succeeded');
    expect(succeeded).toHaveLength(10);
    results.filter((r) => r.status !== 200).forEach((r) => expect([400, 409]).toContain(r.status));
    const { rows } = await env.sql.query(
      "SELECT coalesce(sum(amount), 0)::int AS total FROM refunds WHERE payment_intent_id = $1 AND status = 'succeeded'",
      [pi],
    );
    expect(rows[0].total).toBe(1000);
    expect(await walletPosted(customer.walletId)).toBe(2_000n);
    expect(await balanceOf(merchant)).toEqual({ available: 0, pending: 0 });
  });
});

describe('settlement', () => {
  it('settles due payments as one batch, once, through the worker\u2019s job', async () => {
    const merchant = await merchantWith({ settlement_delay_seconds: 0 });
    const customer = await customerWith(5_000n);
    const first = await pay(merchant, customer, 1000); // fee 35
    await eventually(async () => {
      const { rows } = await env.sql.query('SELECT settlement_id FROM payment_intents WHERE id = $1', [first]);
      return rows[0].settlement_id !== null;
    });
    expect(await balanceOf(merchant)).toEqual({ available: 965, pending: 0 });
    const list = await api().get('/v1/settlements').set(bearer(merchant.key)).expect(200);
    expect(list.body.data).toHaveLength(1);
    const settlement = await api().get(`/v1/settlements/${list.body.data[0].id}`).set(bearer(merchant.key)).expect(200);
    expect(settlement.body).toMatchObject({
      object: 'settlement',
      count: 1,
      gross: 1000,
      fees: 35,
      refunds: 0,
      net: 965,
      payments: [{ payment_intent: first, amount_received: 1000, net: 965 }],
    });
    // Again: nothing left to settle, nothing moves twice.
    expect(await app.get(SettlementService).settleDue(merchant.id, 'cny')).toBeNull();
    expect((await ledger.getTransfer(`${first}:settle`))?.amount).toBe(965n);
    const { rows: events } = await env.sql.query(
      "SELECT count(*)::int AS n FROM events WHERE type = 'settlement.completed' AND owner = $1",
      [`merchant:${merchant.id}`],
    );
    expect(events[0].n).toBe(1);
  });

  it('groups several payments, counts refunds made before settlement, and refunds after it from available', async () => {
    const merchant = await merchantWith({ settlement_delay_seconds: 86_400 });
    const customer = await customerWith(5_000n);
    const a = await pay(merchant, customer, 1000); // fee 35
    const b = await pay(merchant, customer, 500); // fee 13 + 10 = 23
    await refund(merchant, { payment_intent: a, amount: 100 }).expect(200); // fee back round(3.5) = 4
    await api()
      .patch(`/v1/merchants/${merchant.id}`)
      .set(operatorAuth)
      .send({ settlement_delay_seconds: 0 })
      .expect(200);
    // The worker's sweeper may get there first; either way there is one batch with both.
    await app.get(SettlementService).settleDue(merchant.id, 'cny');
    const { rows } = await env.sql.query('SELECT DISTINCT settlement_id FROM payment_intents WHERE id = ANY($1)', [
      [a, b],
    ]);
    expect(rows).toHaveLength(1);
    const settled = await api().get(`/v1/settlements/${rows[0].settlement_id}`).set(bearer(merchant.key)).expect(200);
    expect(settled.body).toMatchObject({ count: 2, gross: 1500, fees: 54, refunds: 100, net: 1346 });
    expect(await balanceOf(merchant)).toEqual({ available: 1346, pending: 0 });
    const after = await refund(merchant, { payment_intent: b, amount: 200 }).expect(200);
    expect(after.body).toMatchObject({ status: 'succeeded', fee_returned: 9 });
    expect(await balanceOf(merchant)).toEqual({ available: 1346 - 200 + 9, pending: 0 });
  });
});

describe('payouts', () => {
  async function settledMerchant(amount: number, settings: Record<string, unknown> = { bank_account: BANK }) {
    const merchant = await merchantWith({ settlement_delay_seconds: 0, ...settings });
    const customer = await customerWith(BigInt(amount) + 1_000n);
    await pay(merchant, customer, amount);
    await app.get(SettlementService).settleDue(merchant.id, 'cny');
    return merchant;
  }

  async function payoutStatus(id: string) {
    const { rows } = await env.sql.query('SELECT status, failure_reason FROM payouts WHERE id = $1', [id]);
    return rows[0] as { status: string; failure_reason: string | null };
  }

  it('holds the amount, pays through the bank connector, and the bank is asked once', async () => {
    const merchant = await settledMerchant(10_000); // available 10000 - 260 = 9740
    expect(await balanceOf(merchant)).toEqual({ available: 9_740, pending: 0 });
    const payout = await api()
      .post('/v1/payouts')
      .set(bearer(merchant.key))
      .set('Idempotency-Key', 'payout-1')
      .send({ amount: 5_000, currency: 'cny' })
      .expect(200);
    expect(payout.body).toMatchObject({
      object: 'payout',
      status: 'pending',
      amount: 5_000,
      bank_account: { account_number_last4: '4455' },
    });
    await api()
      .post('/v1/payouts')
      .set(bearer(merchant.key))
      .set('Idempotency-Key', 'payout-1')
      .send({ amount: 5_000, currency: 'cny' })
      .expect(200);
    expect(await balanceOf(merchant)).toEqual({ available: 4_740, pending: 0 });
    await eventually(async () => (await payoutStatus(payout.body.id)).status === 'paid');
    const { rows } = await env.sql.query('SELECT calls FROM sandbox_bank_operations WHERE reference = $1', [
      payout.body.id,
    ]);
    expect(rows).toEqual([{ calls: 1 }]);
    expect((await ledger.pendingStatus(`${payout.body.id}:hold`)).status).toBe('posted');
    const list = await api().get('/v1/payouts').set(bearer(merchant.key)).expect(200);
    expect(list.body.data.map((p: { id: string }) => p.id)).toEqual([payout.body.id]);
    expect(await balanceOf(merchant)).toEqual({ available: 4_740, pending: 0 });
  });

  it('a failed payout gives the money back', async () => {
    const merchant = await settledMerchant(10_000);
    const payout = await api()
      .post('/v1/payouts')
      .set(bearer(merchant.key))
      .send({ amount: 1_913, currency: 'cny' })
      .expect(200);
    await eventually(async () => (await payoutStatus(payout.body.id)).status === 'failed');
    expect(await payoutStatus(payout.body.id)).toEqual({ status: 'failed', failure_reason: 'account_closed' });
    expect(await balanceOf(merchant)).toEqual({ available: 9_740, pending: 0 });
  });

  it('a timeout stays pending until the status query says paid; a pending one stays pending', async () => {
    const merchant = await settledMerchant(10_000);
    const payouts = app.get(PayoutsService);
    const timedOut = await api()
      .post('/v1/payouts')
      .set(bearer(merchant.key))
      .send({ amount: 1_914, currency: 'cny' })
      .expect(200);
    const stuck = await api()
      .post('/v1/payouts')
      .set(bearer(merchant.key))
      .send({ amount: 1_915, currency: 'cny' })
      .expect(200);
    await eventually(async () => {
      const { rows } = await env.sql.query(
        'SELECT count(*)::int AS n FROM sandbox_bank_operations WHERE reference = ANY($1)',
        [[timedOut.body.id, stuck.body.id]],
      );
      return rows[0].n === 2;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await payoutStatus(timedOut.body.id)).status).toBe('pending');
    // The status query the worker schedules (after 30 s), run now:
    expect(await payouts.sendOrCheck(timedOut.body.id, 'check')).toBe('paid');
    expect(await payouts.sendOrCheck(stuck.body.id, 'check')).toBe('pending');
    // Asking again after it is paid changes nothing and calls no bank.
    expect(await payouts.sendOrCheck(timedOut.body.id, 'send')).toBe('paid');
    const { rows } = await env.sql.query('SELECT reference, calls FROM sandbox_bank_operations WHERE reference = $1', [
      timedOut.body.id,
    ]);
    expect(rows[0].calls).toBe(1);
    expect(await balanceOf(merchant)).toEqual({ available: 9_740 - 1_914 - 1_915, pending: 0 });
  });

  it('refuses a payout without a bank account or above the available balance; a refund the balance cannot cover fails', async () => {
    const noBank = await settledMerchant(1_000, {});
    expect(
      (await api().post('/v1/payouts').set(bearer(noBank.key)).send({ amount: 100, currency: 'cny' }).expect(400)).body
        .error.code,
    ).toBe('bank_account_missing');
    const merchant = await settledMerchant(1_000); // available 965
    const tooMuch = await api()
      .post('/v1/payouts')
      .set(bearer(merchant.key))
      .send({ amount: 966, currency: 'cny' })
      .expect(402);
    expect(tooMuch.body.error.code).toBe('insufficient_funds');
    await api().post('/v1/payouts').set(bearer(merchant.key)).send({ amount: 900, currency: 'cny' }).expect(200);
    const { rows } = await env.sql.query(
      "SELECT id FROM payment_intents WHERE merchant_id = $1 AND status = 'succeeded'",
      [merchant.id],
    );
    const failed = await refund(merchant, { payment_intent: rows[0].id, amount: 500 }).expect(200);
    expect(failed.body).toMatchObject({
      status: 'failed',
      failure_reason: 'insufficient_merchant_balance',
      fee_returned: 0,
    });
    const intent = await api().get(`/v1/payment_intents/${rows[0].id}`).set(bearer(merchant.key)).expect(200);
    expect(intent.body.amount_refunded).toBe(0);
  });

  it('pays out daily merchants once per day', async () => {
    const merchant = await settledMerchant(2_000, { bank_account: BANK, payout_schedule: 'daily' }); // available 1940
    const payouts = app.get(PayoutsService);
    expect(await payouts.payOutDailyMerchants('2026-11-29')).toBeGreaterThanOrEqual(1);
    expect(await payouts.payOutDailyMerchants('2026-11-29')).toBe(0);
    const { rows } = await env.sql.query(
      'SELECT amount::int, method, schedule_key FROM payouts WHERE merchant_id = $1',
      [merchant.id],
    );
    expect(rows).toEqual([{ amount: 1_940, method: 'scheduled', schedule_key: `${merchant.id}:cny:2026-11-29` }]);
  });
});

describe('the ledger afterwards', () => {
  it('balances, and the reconciliation finds nothing', async () => {
    await worker.close();
    await expectReconciled(ledger);
  });
});
