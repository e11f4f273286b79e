// Payment intents end to end over HTTP against the real PostgreSQL and Redis:
// merchant settings, create / retrieve / list / QR, confirm by the customer
// (automatic and manual capture), partial capture with the fee, cancel,
// declines, expiry by the sweeper and by the delayed job, races, isolation,
// idempotent retries; and after it all the ledger balances.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { LedgerService } from '../src/ledger/ledger.service';
import { AccountsService } from '../src/accounts/accounts.service';
import type { CreatePaymentIntentDto } from '../src/payments/payment-intents.dto';
import { PaymentIntentsService } from '../src/payments/payment-intents.service';
import { type FundedCustomer, fundedCustomer } from './support/customers';
import { bearer, createTestEnv, eventually, operatorAuth, TEST_QUEUE_BACKEND, TestEnv } from './support/test-env';
import { expectReconciled } from './support/ledger-checks';
import { keyedPost, outcomeSummary } from './support/group-outcomes';

let env: TestEnv;
let app: NestFastifyApplication;
let ledger: LedgerService;
let merchant: { id: string; secret_key: string };
let otherMerchant: { id: string; secret_key: string };
let phoneCounter = 0;

const api = () => request(app.getHttpServer());

beforeAll(async () => {
  env = await createTestEnv();
  app = await env.startApi();
  ledger = app.get(LedgerService);
  merchant = await createMerchant({ pricing: { fee_bps: 250, fixed_fees: { cny: 10 } } });
  otherMerchant = await createMerchant();
});

afterAll(async () => {
  await env.teardown();
});

const createMerchantForTest = () => createMerchant();

async function createMerchant(settings: Record<string, unknown> = {}) {
  const res = await api()
    .post('/v1/merchants')
    .set(operatorAuth)
    .send({ name: 'Dumpling House', ...settings })
    .expect(200);
  return res.body as { id: string; secret_key: string };
}

const customerWith = (balance: bigint) =>
  fundedCustomer(app, `+86138001${String(++phoneCounter).padStart(5, '0')}`, balance);

async function walletBalances(walletId: string) {
  const account = await ledger.getAccount(walletId);
  return { posted: account!.creditsPosted - account!.debitsPosted, held: account!.debitsPending };
}

async function createIntent(body: Record<string, unknown>, key = merchant.secret_key) {
  const res = await api().post('/v1/payment_intents').set(bearer(key)).send(body).expect(200);
  return res.body as { id: string; status: string; amount: number };
}

async function eventTypes(objectId: string): Promise<string[]> {
  const { rows } = await env.sql.query('SELECT type FROM events WHERE object_id = $1 ORDER BY id', [objectId]);
  return rows.map((r) => r.type);
}

describe('merchant settings', () => {
  it('takes pricing, settlement, payout schedule and a validated bank account, and shows the account number masked', async () => {
    const created = await createMerchant({
      pricing: { fee_bps: 60, fixed_fees: { cny: 5, usd: 30 } },
      settlement_delay_seconds: 3600,
      payout_schedule: 'daily',
      bank_account: {
        account_holder_name: 'Dumpling House Ltd',
        bank_code: '102100099996',
        account_number: '6222020200112233',
      },
    });
    const res = await api().get(`/v1/merchants/${created.id}`).set(operatorAuth).expect(200);
    expect(res.body).toMatchObject({
      pricing: { fee_bps: 60, fixed_fees: { cny: 5, usd: 30 } },
      settlement_delay_seconds: 3600,
      payout_schedule: 'daily',
      bank_account: {
        account_holder_name: 'Dumpling House Ltd',
        bank_code: '102100099996',
        account_number_last4: '2233',
      },
    });
    expect(JSON.stringify(res.body)).not.toContain('6222020200112233');
    const updated = await api()
      .patch(`/v1/merchants/${created.id}`)
      .set(operatorAuth)
      .send({ pricing: { fee_bps: 100 }, payout_schedule: 'manual' })
      .expect(200);
    expect(updated.body).toMatchObject({
      pricing: { fee_bps: 100, fixed_fees: {} },
      payout_schedule: 'manual',
      settlement_delay_seconds: 3600,
    });
  });

  it('refuses bad settings with the field named', async () => {
    const bad = async (body: Record<string, unknown>, param: string) => {
      const res = await api().patch(`/v1/merchants/${otherMerchant.id}`).set(operatorAuth).send(body).expect(400);
      expect(res.body.error.param).toBe(param);
    };
    await bad({ pricing: { fee_bps: 10_001 } }, 'pricing.fee_bps');
    await bad({ pricing: { fee_bps: 10, fixed_fees: { xyz: 1 } } }, 'pricing.fixed_fees');
    await bad({ pricing: { fee_bps: 10, fixed_fees: { cny: 1.5 } } }, 'pricing.fixed_fees');
    await bad(
      { bank_account: { account_holder_name: 'A', bank_code: 'B!', account_number: '123456' } },
      'bank_account.bank_code',
    );
    await bad(
      { bank_account: { account_holder_name: 'A', bank_code: 'ABCD', account_number: '12' } },
      'bank_account.account_number',
    );
    await bad({ payout_schedule: 'weekly' }, 'payout_schedule');
    await bad({ settlement_delay_seconds: -1 }, 'settlement_delay_seconds');
    await api().patch('/v1/merchants/mch_01ARZ3NDEKTSV4RRFFQ69G5FAV').set(operatorAuth).send({ name: 'x' }).expect(404);
    await api()
      .patch(`/v1/merchants/${otherMerchant.id}`)
      .set(bearer(otherMerchant.secret_key))
      .send({ name: 'x' })
      .expect(403);
  });
});

describe('creating and reading payment intents', () => {
  it('creates an intent with its QR code, and renders the QR code as SVG', async () => {
    const intent = await createIntent({
      amount: 1099,
      currency: 'cny',
      description: 'Two bowls',
      metadata: { order: 'A-17' },
    });
    expect(intent).toMatchObject({
      object: 'payment_intent',
      status: 'requires_payment_method',
      amount: 1099,
      amount_capturable: 0,
      amount_received: 0,
      capture_method: 'automatic',
      qr_code: `tally://pay/${intent.id}`,
      metadata: { order: 'A-17' },
      version: 1,
    });
    expect(intent.id).toMatch(/^pi_/);
    const svg = await api().get(`/v1/payment_intents/${intent.id}/qr.svg`).set(bearer(merchant.secret_key)).expect(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(String(svg.text ?? svg.body)).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(await eventTypes(intent.id)).toEqual(['payment_intent.created']);
  });

  it('refuses bad input with the field named, and writes nothing', async () => {
    const before = await env.sql.query('SELECT count(*)::int AS n FROM payment_intents');
    const bad = async (body: Record<string, unknown>, param: string) => {
      const res = await api().post('/v1/payment_intents').set(bearer(merchant.secret_key)).send(body).expect(400);
      expect(res.body.error.param).toBe(param);
    };
    await bad({ amount: 0, currency: 'cny' }, 'amount');
    await bad({ amount: 10.5, currency: 'cny' }, 'amount');
    await bad({ amount: '100', currency: 'cny' }, 'amount');
    await bad({ amount: 100, currency: 'CNY' }, 'currency');
    await bad({ amount: 100, currency: 'cny', capture_method: 'later' }, 'capture_method');
    await bad({ amount: 100, currency: 'cny', expires_in: 10 }, 'expires_in');
    await bad({ amount: 100, currency: 'cny', metadata: { k: 5 } }, 'metadata');
    const after = await env.sql.query('SELECT count(*)::int AS n FROM payment_intents');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('lists the merchant\u2019s own intents, filtered by status', async () => {
    const mine = await createIntent({ amount: 500, currency: 'cny' });
    await createIntent({ amount: 500, currency: 'cny' }, otherMerchant.secret_key);
    const list = await api().get('/v1/payment_intents?limit=100').set(bearer(merchant.secret_key)).expect(200);
    expect(list.body.data.map((i: { id: string }) => i.id)).toContain(mine.id);
    expect(list.body.data.every((i: { merchant: string }) => i.merchant === merchant.id)).toBe(true);
    const canceled = await api()
      .get('/v1/payment_intents?status=canceled')
      .set(bearer(merchant.secret_key))
      .expect(200);
    expect(canceled.body.data.every((i: { status: string }) => i.status === 'canceled')).toBe(true);
    await api().get('/v1/payment_intents?status=paid').set(bearer(merchant.secret_key)).expect(400);
  });

  it('keeps merchants apart: another merchant gets 404 on every object of the first', async () => {
    const intent = await createIntent({ amount: 700, currency: 'cny', capture_method: 'manual' });
    const other = bearer(otherMerchant.secret_key);
    await api().get(`/v1/payment_intents/${intent.id}`).set(other).expect(404);
    await api().get(`/v1/payment_intents/${intent.id}/qr.svg`).set(other).expect(404);
    await api().post(`/v1/payment_intents/${intent.id}/capture`).set(other).send({}).expect(404);
    await api().post(`/v1/payment_intents/${intent.id}/cancel`).set(other).send({}).expect(404);
    // Customers cannot create or capture; merchants cannot confirm.
    const customer = await customerWith(0n);
    await api()
      .post('/v1/payment_intents')
      .set(bearer(customer.token))
      .send({ amount: 1, currency: 'cny' })
      .expect(403);
    await api().post(`/v1/payment_intents/${intent.id}/capture`).set(bearer(customer.token)).send({}).expect(403);
    await api().post(`/v1/payment_intents/${intent.id}/confirm`).set(bearer(merchant.secret_key)).send({}).expect(403);
  });
});

describe('group-committed creation', () => {
  it('creates the intents of one batch in one transaction, each with its own answer', async () => {
    const intents = app.get(PaymentIntentsService);
    const earlier = await api()
      .post('/v1/payment_intents')
      .set(bearer(merchant.secret_key))
      .set('Idempotency-Key', 'group-create-replay')
      .send({ amount: 700, currency: 'cny' })
      .expect(200);
    const create = (body: Record<string, unknown>, key?: string) =>
      intents.create({
        merchantId: merchant.id,
        input: body as unknown as CreatePaymentIntentDto,
        idempotency: key ? keyedPost(`merchant:${merchant.id}`, '/v1/payment_intents', key, body) : undefined,
      });
    // Submitted in one tick, so they leave together.
    const outcomes = await Promise.all([
      create({ amount: 100, currency: 'cny' }, 'group-create-1'),
      create({ amount: 200, currency: 'cny', capture_method: 'manual' }),
      create({ amount: 700, currency: 'cny' }, 'group-create-replay'),
      create({ amount: 999, currency: 'cny' }, 'group-create-replay-other-body'),
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(['executed', 'executed', 'replayed', 'executed']);
    const bodies = outcomes.map((o) => (o as { response: { body: Record<string, unknown> } }).response.body);
    expect(bodies[0]).toMatchObject({ amount: 100, capture_method: 'automatic', status: 'requires_payment_method' });
    expect(bodies[1]).toMatchObject({ amount: 200, capture_method: 'manual' });
    expect(bodies[2]).toEqual(earlier.body);
    // One transaction: the new intents' events share its start time.
    const created = [bodies[0].id, bodies[1].id, bodies[3].id];
    const { rows } = await env.sql.query(
      `SELECT count(*)::int AS events, count(DISTINCT created_at)::int AS times
         FROM events WHERE type = 'payment_intent.created' AND object_id = ANY($1::text[])`,
      [created],
    );
    expect(rows[0]).toEqual({ events: 3, times: 1 });
    // The stored response replays over HTTP.
    const replay = await api()
      .post('/v1/payment_intents')
      .set(bearer(merchant.secret_key))
      .set('Idempotency-Key', 'group-create-1')
      .send({ amount: 100, currency: 'cny' })
      .expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(bodies[0].id);
  });
});

describe('group-committed confirmation', () => {
  it('decides the confirmations of one batch each on its own, in arrival order, in one transaction', async () => {
    const intents = app.get(PaymentIntentsService);
    const payer = await customerWith(2_500n);
    const frozen = await customerWith(5_000n);
    await env.sql.query("UPDATE customers SET status = 'frozen' WHERE id = $1", [frozen.id]);
    const tierOne = await customerWith(250_000n);
    await env.sql.query('UPDATE customers SET kyc_tier = 1 WHERE id = $1', [tierOne.id]);
    // A customer who never had a wallet in any currency.
    const walletless = (
      await api().post('/v1/customers').set(operatorAuth).send({ phone: '+8613700000001', kyc_tier: 3 }).expect(200)
    ).body as { id: string };
    const other = await customerWith(5_000n);

    const auto = (amount: number) => createIntent({ amount, currency: 'cny' });
    const [paidAuto, held, short, ofFrozen, aboveLimit, ofWalletless, expired, replayed, takenByOther, last] =
      await Promise.all([
        auto(1_000),
        createIntent({ amount: 1_000, currency: 'cny', capture_method: 'manual' }),
        auto(1_000),
        auto(100),
        auto(200_001),
        auto(100),
        auto(100),
        auto(300),
        auto(100),
        auto(400),
      ]);
    await env.sql.query("UPDATE payment_intents SET expires_at = now() - interval '1 second' WHERE id = $1", [
      expired.id,
    ]);
    const earlier = await api()
      .post(`/v1/payment_intents/${replayed.id}/confirm`)
      .set(bearer(payer.token))
      .set('Idempotency-Key', 'group-confirm-replay')
      .send({})
      .expect(200);
    await api().post(`/v1/payment_intents/${takenByOther.id}/confirm`).set(bearer(other.token)).send({}).expect(200);

    const confirm = (customerId: string, intentId: string, key?: string) =>
      intents.confirm({
        customerId,
        paymentIntentId: intentId,
        idempotency: key
          ? keyedPost(`customer:${customerId}`, `/v1/payment_intents/${intentId}/confirm`, key, {})
          : undefined,
      });
    // Submitted in one tick, so they leave together. The payer has 2,200 left after the earlier 300.
    const outcomes = await Promise.all([
      confirm(payer.id, paidAuto.id, 'group-confirm-1'),
      confirm(payer.id, held.id),
      confirm(payer.id, short.id, 'group-confirm-short'), // 200 left after the first two
      confirm(frozen.id, ofFrozen.id),
      confirm(tierOne.id, aboveLimit.id), // above tier 1's 200,000 per transaction
      confirm(walletless.id, ofWalletless.id),
      confirm(payer.id, expired.id),
      confirm(payer.id, replayed.id, 'group-confirm-replay'),
      confirm(payer.id, takenByOther.id),
      confirm(payer.id, last.id), // 200 left: declined too
    ]);
    const status = (body: unknown) => (body as { status: string }).status;
    expect(outcomes.map((o) => outcomeSummary(o, status))).toEqual([
      'executed 200 succeeded',
      'executed 200 requires_capture',
      'stored_error 402 insufficient_funds',
      'rejected 402 wallet_frozen',
      'rejected 402 limit_exceeded',
      'rejected 402 insufficient_funds',
      'rejected 409 payment_intent_expired',
      'replayed 200 succeeded',
      'rejected 404 resource_missing',
      'rejected 402 insufficient_funds',
    ]);
    expect((outcomes[7] as { response: { body: unknown } }).response.body).toEqual(earlier.body);

    // Each answer is the row as written, in the payer's view.
    for (const [i, intent] of [
      [0, paidAuto],
      [1, held],
    ] as const) {
      const stored = await api().get(`/v1/payment_intents/${intent.id}`).set(bearer(payer.token)).expect(200);
      expect((outcomes[i] as { response: { body: unknown } }).response.body).toEqual(stored.body);
    }
    expect((outcomes[0] as { response: { body: unknown } }).response.body).toMatchObject({
      amount_received: 1_000,
      customer: payer.id,
    });
    const paidForMerchant = await api()
      .get(`/v1/payment_intents/${paidAuto.id}`)
      .set(bearer(merchant.secret_key))
      .expect(200);
    expect(paidForMerchant.body).toMatchObject({ amount_received: 1_000, fee: 35, customer: payer.id, version: 2 });
    for (const intent of [short, ofFrozen, aboveLimit, ofWalletless, last]) {
      const stored = await api().get(`/v1/payment_intents/${intent.id}`).set(bearer(merchant.secret_key)).expect(200);
      expect(stored.body).toMatchObject({ status: 'requires_payment_method', customer: null, version: 2 });
      expect(stored.body.last_payment_error).toMatchObject({ type: 'payment_error' });
    }
    expect(await walletBalances(payer.walletId)).toEqual({ posted: 2_500n - 300n - 1_000n, held: 1_000n });
    expect(await walletBalances(frozen.walletId)).toEqual({ posted: 5_000n, held: 0n });
    expect(await walletBalances(tierOne.walletId)).toEqual({ posted: 250_000n, held: 0n });
    expect(await ledger.getTransfer(`${paidAuto.id}:fee`)).toMatchObject({ amount: 35n });
    expect(await ledger.getTransfer(`${held.id}:authorization`)).toMatchObject({ amount: 1_000n });

    // One transaction: the batch's events share its start time; with them one settlement job for the
    // merchant's payments of the batch and the hold's expiry job.
    const { rows: events } = await env.sql.query(
      `SELECT object_id, type, created_at FROM events
        WHERE object_id = ANY($1::text[]) AND type <> 'payment_intent.created' ORDER BY object_id`,
      [[paidAuto.id, held.id, short.id, ofFrozen.id, aboveLimit.id, ofWalletless.id, last.id]],
    );
    expect(events).toHaveLength(7);
    expect(new Set(events.map((e) => e.created_at.toISOString())).size).toBe(1);
    expect(events.filter((e) => e.type === 'payment_intent.payment_failed')).toHaveLength(5);
    const { rows: jobs } = await env.sql.query(
      'SELECT job_name, payload FROM outbox_messages WHERE created_at = $1 ORDER BY job_name',
      [events[0].created_at],
    );
    expect(jobs).toEqual([
      { job_name: 'expire-payment-intent', payload: { paymentIntentId: held.id } },
      { job_name: 'settle-merchant', payload: { merchantId: merchant.id, currency: 'cny' } },
    ]);
    // The stored decline replays over HTTP.
    const replay = await api()
      .post(`/v1/payment_intents/${short.id}/confirm`)
      .set(bearer(payer.token))
      .set('Idempotency-Key', 'group-confirm-short')
      .send({})
      .expect(402);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.error).toMatchObject({ code: 'insufficient_funds', request_id: 'req_group-confirm-short' });
    // Today's usage counts what was paid or held, not the declines.
    const { rows: usage } = await env.sql.query(
      'SELECT outgoing FROM wallet_daily_usage WHERE customer_id = $1 AND currency = $2',
      [payer.id, 'cny'],
    );
    expect(usage).toEqual([{ outgoing: String(300 + 1_000 + 1_000) }]);
  });
});

describe('paying', () => {
  it('automatic capture: the wallet pays at once, the fee goes to fee revenue as its own transfer', async () => {
    const customer = await customerWith(10_000n);
    const intent = await createIntent({ amount: 1000, currency: 'cny' });
    // The wallet app can read the open intent it scanned.
    await api().get(`/v1/payment_intents/${intent.id}`).set(bearer(customer.token)).expect(200);
    const paid = await api()
      .post(`/v1/payment_intents/${intent.id}/confirm`)
      .set(bearer(customer.token))
      .send({})
      .expect(200);
    expect(paid.body).toMatchObject({ status: 'succeeded', amount_received: 1000, customer: customer.id });
    // fee = round(1000 * 2.5 %) + 10 fixed = 35, which the merchant sees and the payer does not.
    expect(paid.body.fee).toBeUndefined();
    const forMerchant = await api().get(`/v1/payment_intents/${intent.id}`).set(bearer(merchant.secret_key));
    expect(forMerchant.body).toMatchObject({ status: 'succeeded', fee: 35, customer: customer.id, version: 2 });
    expect(await walletBalances(customer.walletId)).toEqual({ posted: 9_000n, held: 0n });
    const charge = await ledger.getTransfer(`${intent.id}:charge`);
    const fee = await ledger.getTransfer(`${intent.id}:fee`);
    expect(charge).toMatchObject({ amount: 1000n, debitAccountId: customer.walletId });
    const pending = await app.get(AccountsService).merchantPending(merchant.id, 'cny');
    const revenue = await app.get(AccountsService).feeRevenue('cny');
    expect(fee).toMatchObject({ amount: 35n, debitAccountId: pending, creditAccountId: revenue });
    expect(await eventTypes(intent.id)).toEqual(['payment_intent.created', 'payment_intent.succeeded']);
    await api().post(`/v1/payment_intents/${intent.id}/confirm`).set(bearer(customer.token)).send({}).expect(409);
    await api().post(`/v1/payment_intents/${intent.id}/cancel`).set(bearer(merchant.secret_key)).send({}).expect(409);
    await api().post(`/v1/payment_intents/${intent.id}/capture`).set(bearer(merchant.secret_key)).send({}).expect(409);
    // Another customer cannot see a payment that is not theirs.
    const stranger = await customerWith(0n);
    await api().get(`/v1/payment_intents/${intent.id}`).set(bearer(stranger.token)).expect(404);
  });

  it('declines for insufficient funds, keeps the intent payable with last_payment_error, and then accepts', async () => {
    const customer = await customerWith(500n);
    const intent = await createIntent({ amount: 800, currency: 'cny' });
    const declined = await api()
      .post(`/v1/payment_intents/${intent.id}/confirm`)
      .set(bearer(customer.token))
      .set('Idempotency-Key', `confirm-${intent.id}`)
      .send({})
      .expect(402);
    expect(declined.body.error).toMatchObject({ type: 'payment_error', code: 'insufficient_funds' });
    const replay = await api()
      .post(`/v1/payment_intents/${intent.id}/confirm`)
      .set(bearer(customer.token))
      .set('Idempotency-Key', `confirm-${intent.id}`)
      .send({})
      .expect(402);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const after = await api().get(`/v1/payment_intents/${intent.id}`).set(bearer(merchant.secret_key)).expect(200);
    expect(after.body).toMatchObject({
      status: 'requires_payment_method',
      customer: null,
      last_payment_error: { type: 'payment_error', code: 'insufficient_funds' },
    });
    expect(await walletBalances(customer.walletId)).toEqual({ posted: 500n, held: 0n });
    expect(await eventTypes(intent.id)).toEqual(['payment_intent.created', 'payment_intent.payment_failed']);
    const bank = await app.get(AccountsService).bankClearing('cny');
    await ledger.postTransfer({
      id: `topup-more-${customer.id}`,
      debitAccountId: bank,
      creditAccountId: customer.walletId,
      amount: 300n,
      currency: 'cny',
    });
    const paid = await api()
      .post(`/v1/payment_intents/${intent.id}/confirm`)
      .set(bearer(customer.token))
      .send({})
      .expect(200);
    expect(paid.body).toMatchObject({ status: 'succeeded' });
    // The payer's view shows no last_payment_error; the merchant's shows it cleared.
    expect(paid.body).not.toHaveProperty('last_payment_error');
    const cleared = await api().get(`/v1/payment_intents/${intent.id}`).set(bearer(merchant.secret_key)).expect(200);
    expect(cleared.body).toMatchObject({ status: 'succeeded', last_payment_error: null });
    expect(await walletBalances(customer.walletId)).toEqual({ posted: 0n, held: 0n });
  });

  it('declines a frozen wallet', async () => {
    const customer = await customerWith(5_000n);
    await env.sql.query("UPDATE customers SET status = 'frozen' WHERE id = $1", [customer.id]);
    const intent = await createIntent({ amount: 100, currency: 'cny' });
    const res = await api()
      .post(`/v1/payment_intents/${intent.id}/confirm`)
      .set(bearer(customer.token))
      .send({})
      .expect(402);
    expect(res.body.error.code).toBe('wallet_frozen');
    expect(await walletBalances(customer.walletId)).toEqual({ posted: 5_000n, held: 0n });
    // Without an Idempotency-Key the decline is recorded too.
    const after = await api().get(`/v1/payment_intents/${intent.id}`).set(bearer(merchant.secret_key)).expect(200);
    expect(after.body).toMatchObject({
      status: 'requires_payment_method',
      last_payment_error: { code: 'wallet_frozen' },
    });
    expect(await eventTypes(intent.id)).toEqual(['payment_intent.created', 'payment_intent.payment_failed']);
  });

  it('manual capture: holds at confirm, captures part with the fee on the captured amount, releases the rest', async () => {
    const customer = await customerWith(2_000n);
    const intent = await createIntent({ amount: 1000, currency: 'cny', capture_method: 'manual' });
    const held = await api()
      .post(`/v1/payment_intents/${intent.id}/confirm`)
      .set(bearer(customer.token))
      .send({})
      .expect(200);
    expect(held.body).toMatchObject({ status: 'requires_capture', amount: 1000, amount_received: 0 });
    expect(held.body.authorization_expires_at).toBeGreaterThan(held.body.created);
    expect(await walletBalances(customer.walletId)).toEqual({ posted: 2_000n, held: 1_000n });
    const tooMuch = await api()
      .post(`/v1/payment_intents/${intent.id}/capture`)
      .set(bearer(merchant.secret_key))
      .send({ amount_to_capture: 1001 })
      .expect(400);
    expect(tooMuch.body.error.param).toBe('amount_to_capture');
    const captured = await api()
      .post(`/v1/payment_intents/${intent.id}/capture`)
      .set(bearer(merchant.secret_key))
      .set('Idempotency-Key', `capture-${intent.id}`)
      .send({ amount_to_capture: 600 })
      .expect(200);
    // fee = 600 * 2.5 % = 15 + 10 fixed = 25
    expect(captured.body).toMatchObject({ status: 'succeeded', amount_received: 600, amount_capturable: 0, fee: 25 });
    const again = await api()
      .post(`/v1/payment_intents/${intent.id}/capture`)
      .set(bearer(merchant.secret_key))
      .set('Idempotency-Key', `capture-${intent.id}`)
      .send({ amount_to_capture: 600 })
      .expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await walletBalances(customer.walletId)).toEqual({ posted: 1_400n, held: 0n });
    await api().post(`/v1/payment_intents/${intent.id}/capture`).set(bearer(merchant.secret_key)).send({}).expect(409);
    expect(await eventTypes(intent.id)).toEqual([
      'payment_intent.created',
      'payment_intent.requires_capture',
      'payment_intent.succeeded',
    ]);
  });

  it('cancels an unpaid intent, and a held one with its hold released', async () => {
    const unpaid = await createIntent({ amount: 300, currency: 'cny' });
    const canceled = await api()
      .post(`/v1/payment_intents/${unpaid.id}/cancel`)
      .set(bearer(merchant.secret_key))
      .send({ cancellation_reason: 'abandoned' })
      .expect(200);
    expect(canceled.body).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    const customer = await customerWith(1_000n);
    const late = await api().post(`/v1/payment_intents/${unpaid.id}/confirm`).set(bearer(customer.token)).send({});
    expect(late.status).toBe(404); // a canceled intent is no longer open to customers
    const held = await createIntent({ amount: 400, currency: 'cny', capture_method: 'manual' });
    await api().post(`/v1/payment_intents/${held.id}/confirm`).set(bearer(customer.token)).send({}).expect(200);
    expect(await walletBalances(customer.walletId)).toEqual({ posted: 1_000n, held: 400n });
    await api().post(`/v1/payment_intents/${held.id}/cancel`).set(bearer(merchant.secret_key)).send({}).expect(200);
    expect(await walletBalances(customer.walletId)).toEqual({ posted: 1_000n, held: 0n });
    expect((await ledger.pendingStatus(`${held.id}:authorization`)).status).toBe('voided');
    await api().post(`/v1/payment_intents/${held.id}/cancel`).set(bearer(merchant.secret_key)).send({}).expect(409);
  });
});

describe('accounts opened on first use', () => {
  it('12 concurrent first payments to new merchants all succeed with a pool of 5 connections', async () => {
    // Each confirm opens its merchant's pending account inside its own transaction;
    // the account is committed on the ledger's own pool, so no request waits for a
    // connection that another request's transaction holds.
    const merchants = await Promise.all(Array.from({ length: 12 }, () => createMerchantForTest()));
    const customers: FundedCustomer[] = [];
    for (let i = 0; i < 12; i++) customers.push(await customerWith(1_000n));
    const intents = await Promise.all(
      merchants.map((m) => createIntent({ amount: 100, currency: 'cny' }, m.secret_key)),
    );
    const results = await Promise.all(
      intents.map((intent, i) =>
        api()
          .post(`/v1/payment_intents/${intent.id}/confirm`)
          .set(bearer(customers[i].token))
          .set('Idempotency-Key', `first-${intent.id}`)
          .send({}),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(env.config.databasePoolSize).toBe(5);
  });
});

describe('races', () => {
  it('double capture and capture against cancel: exactly one winner', async () => {
    const customer = await customerWith(10_000n);
    const intent = await createIntent({ amount: 1000, currency: 'cny', capture_method: 'manual' });
    await api().post(`/v1/payment_intents/${intent.id}/confirm`).set(bearer(customer.token)).send({}).expect(200);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api()
          .post(`/v1/payment_intents/${intent.id}/${i % 3 === 0 ? 'cancel' : 'capture'}`)
          .set(bearer(merchant.secret_key))
          .send({}),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    const final = await api().get(`/v1/payment_intents/${intent.id}`).set(bearer(merchant.secret_key)).expect(200);
    const balance = await walletBalances(customer.walletId);
    expect(balance.held).toBe(0n);
    expect(balance.posted).toBe(final.body.status === 'succeeded' ? 9_000n : 10_000n);
  });

  it('confirm by two customers at once: one pays, the other gets nothing charged', async () => {
    const [a, b] = [await customerWith(5_000n), await customerWith(5_000n)];
    const intent = await createIntent({ amount: 700, currency: 'cny' });
    const results = await Promise.all(
      [a, b].map((c) => api().post(`/v1/payment_intents/${intent.id}/confirm`).set(bearer(c.token)).send({})),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, expect.any(Number)]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    // The loser is told the intent is no longer payable (409), or no longer visible to it (404).
    expect([404, 409]).toContain(results.find((r) => r.status !== 200)!.status);
    const paidBy = results[0].status === 200 ? a : b;
    const other = paidBy === a ? b : a;
    expect(await walletBalances(paidBy.walletId)).toEqual({ posted: 4_300n, held: 0n });
    expect(await walletBalances(other.walletId)).toEqual({ posted: 5_000n, held: 0n });
  });

  it('one wallet paying 8 intents at once with money for 3: 3 are paid, 5 declined, the wallet never below zero', async () => {
    // Each confirm decides on its own read of the balance and posts at
    // COMMIT; the postings that lose the race are rejected by the ledger and
    // their requests re-run, which then decline.
    const payer = await customerWith(3_000n);
    const intents = await Promise.all(
      Array.from({ length: 8 }, () => createIntent({ amount: 1_000, currency: 'cny' })),
    );
    const results = await Promise.all(
      intents.map((i) => api().post(`/v1/payment_intents/${i.id}/confirm`).set(bearer(payer.token)).send({})),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    const declined = results.filter((r) => r.status === 402);
    expect(declined).toHaveLength(5);
    for (const r of declined) expect(r.body.error.code).toBe('insufficient_funds');
    expect(await walletBalances(payer.walletId)).toEqual({ posted: 0n, held: 0n });
    const statuses = await env.sql.query(
      'SELECT status, count(*)::int AS n FROM payment_intents WHERE id = ANY($1) GROUP BY status',
      [intents.map((i) => i.id)],
    );
    expect(Object.fromEntries(statuses.rows.map((r) => [r.status, r.n]))).toEqual({
      succeeded: 3,
      requires_payment_method: 5,
    });
  });
});

describe('expiry', () => {
  it('the sweeper cancels unconfirmed intents past expires_at and held ones past their authorization window', async () => {
    const customer = await customerWith(1_000n);
    const unconfirmed = await createIntent({ amount: 100, currency: 'cny' });
    const held = await createIntent({ amount: 200, currency: 'cny', capture_method: 'manual' });
    await api().post(`/v1/payment_intents/${held.id}/confirm`).set(bearer(customer.token)).send({}).expect(200);
    const intents = app.get(PaymentIntentsService);
    expect(await intents.expire(unconfirmed.id)).toBe('not_due');
    await env.sql.query("UPDATE payment_intents SET expires_at = now() - interval '1 second' WHERE id = $1", [
      unconfirmed.id,
    ]);
    await env.sql.query(
      "UPDATE payment_intents SET authorization_expires_at = now() - interval '1 second' WHERE id = $1",
      [held.id],
    );
    const capture = await api()
      .post(`/v1/payment_intents/${held.id}/capture`)
      .set(bearer(merchant.secret_key))
      .send({});
    expect(capture.status).toBe(409);
    expect(await intents.expireDue()).toBeGreaterThanOrEqual(2);
    const [u, h] = await Promise.all(
      [unconfirmed.id, held.id].map((id) => api().get(`/v1/payment_intents/${id}`).set(bearer(merchant.secret_key))),
    );
    expect(u.body).toMatchObject({ status: 'canceled', cancellation_reason: 'expired' });
    expect(h.body).toMatchObject({ status: 'canceled', cancellation_reason: 'authorization_expired' });
    expect(await walletBalances(customer.walletId)).toEqual({ posted: 1_000n, held: 0n });
    expect(await intents.expire(held.id)).toBe('nothing_to_do');
  });

  it('the delayed job cancels a held intent at the end of its authorization window', async () => {
    const shortWindow = env.configWith({ PAYMENT_AUTHORIZATION_WINDOW_SECONDS: '1' });
    const shortApi = await env.startApi(shortWindow);
    const worker = await env.startWorker([], shortWindow);
    try {
      const customer = await customerWith(1_000n);
      const intent = await createIntent({ amount: 250, currency: 'cny', capture_method: 'manual' });
      await request(shortApi.getHttpServer())
        .post(`/v1/payment_intents/${intent.id}/confirm`)
        .set(bearer(customer.token))
        .send({})
        .expect(200);
      expect(await walletBalances(customer.walletId)).toEqual({ posted: 1_000n, held: 250n });
      await eventually(async () => {
        const { rows } = await env.sql.query('SELECT status FROM payment_intents WHERE id = $1', [intent.id]);
        return rows[0].status === 'canceled';
      }, 10_000);
      expect(await walletBalances(customer.walletId)).toEqual({ posted: 1_000n, held: 0n });
      expect(await eventTypes(intent.id)).toEqual([
        'payment_intent.created',
        'payment_intent.requires_capture',
        'payment_intent.canceled',
      ]);
    } finally {
      await worker.close();
    }
  });
});

describe('queue dashboard', () => {
  it('serves @bull-board at /admin/queues to the operator key only (Bearer or Basic)', async () => {
    await api().get('/admin/queues').expect(401);
    const denied = await api().get('/admin/queues').set(bearer(merchant.secret_key)).expect(401);
    expect(denied.headers['www-authenticate']).toContain('Basic');
    const page = await api().get('/admin/queues').set(operatorAuth).expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    const basic = Buffer.from(`operator:${operatorAuth.Authorization.slice('Bearer '.length)}`).toString('base64');
    const queues = await api().get('/admin/queues/api/queues').set('Authorization', `Basic ${basic}`).expect(200);
    const names = (queues.body.queues as { name: string }[]).map((q) => q.name).sort();
    expect(names).toEqual(expect.arrayContaining(['ledger', 'maintenance', 'payments', 'payouts', 'settlement']));
    // The store's figures: Redis's INFO, or on PostgreSQL the server's version, uptime and sessions.
    const stats = await api().get('/admin/queues/api/redis/stats').set(operatorAuth).expect(200);
    expect(stats.body.backend).toBe(TEST_QUEUE_BACKEND);
    expect(Number(stats.body.uptime)).toBeGreaterThan(0);
    // Jobs of a queue, read through the dashboard from whichever store holds them.
    const jobs = await api().get('/admin/queues/api/queues?activeQueue=payments&status=completed').set(operatorAuth);
    expect(jobs.status).toBe(200);
    expect(jobs.body.queues.find((q: { name: string }) => q.name === 'payments')).toBeDefined();
  });
});

describe('idempotency and the ledger afterwards', () => {
  it('a create retried with the same Idempotency-Key makes one intent', async () => {
    const send = () =>
      api()
        .post('/v1/payment_intents')
        .set(bearer(merchant.secret_key))
        .set('Idempotency-Key', 'checkout-order-991')
        .send({ amount: 1234, currency: 'cny' })
        .expect(200);
    const [first, second] = [await send(), await send()];
    expect(second.body.id).toBe(first.body.id);
    const { rows } = await env.sql.query('SELECT count(*)::int AS n FROM payment_intents WHERE amount = 1234');
    expect(rows[0].n).toBe(1);
  });

  it('confirm and cancel retried with the same Idempotency-Key have one effect', async () => {
    const customer = await customerWith(1_000n);
    const paid = await createIntent({ amount: 300, currency: 'cny' });
    const confirm = () =>
      api()
        .post(`/v1/payment_intents/${paid.id}/confirm`)
        .set(bearer(customer.token))
        .set('Idempotency-Key', `c-${paid.id}`)
        .send({});
    expect((await confirm()).status).toBe(200);
    const again = await confirm();
    expect([again.status, again.headers['idempotent-replayed']]).toEqual([200, 'true']);
    expect(await walletBalances(customer.walletId)).toEqual({ posted: 700n, held: 0n });
    const held = await createIntent({ amount: 200, currency: 'cny', capture_method: 'manual' });
    await api().post(`/v1/payment_intents/${held.id}/confirm`).set(bearer(customer.token)).send({}).expect(200);
    const cancel = () =>
      api()
        .post(`/v1/payment_intents/${held.id}/cancel`)
        .set(bearer(merchant.secret_key))
        .set('Idempotency-Key', `x-${held.id}`)
        .send({});
    expect((await cancel()).status).toBe(200);
    expect((await cancel()).headers['idempotent-replayed']).toBe('true');
    expect(await walletBalances(customer.walletId)).toEqual({ posted: 700n, held: 0n });
    expect(await eventTypes(held.id)).toEqual([
      'payment_intent.created',
      'payment_intent.requires_capture',
      'payment_intent.canceled',
    ]);
  });

  it('leaves the trial balance at zero and nothing for the reconciliation to report', async () => {
    const report = await expectReconciled(ledger);
    expect(report.trialBalance.every((line) => line.balanced)).toBe(true);
  });
});
