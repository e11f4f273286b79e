// Wallets end to end over HTTP against the real PostgreSQL and Redis, with
// the worker running: customers (tier, freeze), the wallet view, top-ups and
// withdrawals through the sandbox bank, transfers by phone and by id, every
// limit and error code, the statement, isolation, idempotent retries,
// hundreds of concurrent transfers, and the ledger balanced afterwards.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { LedgerService } from '../src/ledger/ledger.service';
import { DatabaseService } from '../src/database/database.service';
import { WalletLimitsService } from '../src/wallets/wallet-limits.service';
import { WalletTransfersService } from '../src/wallets/wallet-transfers.service';
import type { CreateWalletTransferDto } from '../src/wallets/wallets.dto';
import { WalletBankService } from '../src/wallets/wallet-bank.service';
import type { WalletTransactionView } from '../src/wallets/wallets.view';
import { bearer, createTestEnv, eventually, operatorAuth, TestEnv } from './support/test-env';
import { expectReconciled } from './support/ledger-checks';
import { keyedPost, outcomeSummary } from './support/group-outcomes';

// Small limits (minor units) so that tests reach them: tier 1 and 2 are tight, tier 3 roomy.
const LIMITS = {
  WALLET_LIMITS_TIER_1: 'per_transaction=5000,daily=8000,max_balance=20000',
  WALLET_LIMITS_TIER_2: 'per_transaction=50000,daily=100000,max_balance=300000',
  WALLET_LIMITS_TIER_3: 'per_transaction=10000000,daily=100000000,max_balance=1000000000',
  SANDBOX_BANK_LATENCY_MS: '5',
};

let env: TestEnv;
let app: NestFastifyApplication;
let worker: INestApplicationContext;
let phoneCounter = 0;
const api = () => request(app.getHttpServer());

beforeAll(async () => {
  env = await createTestEnv(LIMITS);
  app = await env.startApi();
  worker = await env.startWorker();
});

afterAll(async () => {
  await env.teardown();
});

interface Customer {
  id: string;
  phone: string;
  token: string;
}

async function customer(tier = 3): Promise<Customer> {
  const phone = `+86139${String(++phoneCounter).padStart(8, '0')}`;
  const created = await api().post('/v1/customers').set(operatorAuth).send({ phone, kyc_tier: tier }).expect(200);
  const token = await api().post(`/v1/customers/${created.body.id}/tokens`).set(operatorAuth).send({}).expect(200);
  return { id: created.body.id, phone, token: token.body.token };
}

/** A top-up through the worker and the sandbox bank, waited for until it is final. */
async function topUp(c: Customer, amount: number): Promise<{ id: string; status: string }> {
  const created = await api().post('/v1/wallet/top_ups').set(bearer(c.token)).send({ amount, currency: 'cny' });
  expect(created.status).toBe(200);
  return eventually(async () => {
    const res = await api().get(`/v1/wallet/top_ups/${created.body.id}`).set(bearer(c.token)).expect(200);
    return res.body.status === 'pending' ? undefined : res.body;
  });
}

async function funded(amount: number, tier = 3): Promise<Customer> {
  const c = await customer(tier);
  expect((await topUp(c, amount)).status).toBe('succeeded');
  return c;
}

async function wallet(c: Customer) {
  return (await api().get('/v1/wallet').set(bearer(c.token)).expect(200)).body;
}

async function available(c: Customer): Promise<number> {
  return (await wallet(c)).balances.find((b: { currency: string }) => b.currency === 'cny').available;
}

const send = (from: Customer, body: Record<string, unknown>, key?: string) => {
  const req = api().post('/v1/wallet/transfers').set(bearer(from.token));
  if (key) void req.set('Idempotency-Key', key);
  return req.send({ currency: 'cny', ...body });
};

async function events(type: string): Promise<Record<string, unknown>[]> {
  const { rows } = await env.sql.query('SELECT data FROM events WHERE type = $1 ORDER BY id', [type]);
  return rows.map((r) => r.data.object);
}

describe('customers', () => {
  it('stores the phone as E.164, refuses a bad or taken phone, and changes the tier and name', async () => {
    const created = await api()
      .post('/v1/customers')
      .set(operatorAuth)
      .send({ phone: '+86 138 0013 8000', name: 'Li Wei', kyc_tier: 1 })
      .expect(200);
    expect(created.body).toMatchObject({ phone: '+8613800138000', kyc_tier: 1, status: 'active' });
    const bad = await api().post('/v1/customers').set(operatorAuth).send({ phone: '12345', kyc_tier: 1 }).expect(400);
    expect(bad.body.error.param).toBe('phone');
    const taken = await api()
      .post('/v1/customers')
      .set(operatorAuth)
      .send({ phone: '+8613800138000', kyc_tier: 2 })
      .expect(400);
    expect(taken.body.error.code).toBe('phone_already_registered');
    const badTier = await api()
      .patch(`/v1/customers/${created.body.id}`)
      .set(operatorAuth)
      .send({ kyc_tier: 4 })
      .expect(400);
    expect(badTier.body.error.param).toBe('kyc_tier');
    const updated = await api()
      .patch(`/v1/customers/${created.body.id}`)
      .set(operatorAuth)
      .send({ kyc_tier: 2, name: 'Li Wei Jr' })
      .expect(200);
    expect(updated.body).toMatchObject({ kyc_tier: 2, name: 'Li Wei Jr', phone: '+8613800138000' });
    const newest = await api().get('/v1/customers?limit=1').set(operatorAuth).expect(200);
    expect(newest.body).toMatchObject({ object: 'list', url: '/v1/customers', data: [updated.body] });
    await api()
      .patch('/v1/customers/cus_01M8KTWWKRGAFQQ2B7CGHFTWWP')
      .set(operatorAuth)
      .send({ kyc_tier: 2 })
      .expect(404);
  });

  it('refuses to freeze, unfreeze or issue a token to a closed customer (409 customer_closed)', async () => {
    const c = await customer();
    // No operation closes a customer yet: closed here as the database would have it.
    await env.sql.query("UPDATE customers SET status = 'closed' WHERE id = $1", [c.id]);
    for (const action of ['freeze', 'unfreeze', 'tokens']) {
      const refused = await api().post(`/v1/customers/${c.id}/${action}`).set(operatorAuth).send({}).expect(409);
      expect([action, refused.body.error.code]).toEqual([action, 'customer_closed']);
    }
    const read = await api().get(`/v1/customers/${c.id}`).set(operatorAuth).expect(200);
    expect(read.body.status).toBe('closed');
  });

  it('revokes a token: the wallet app is locked out at once', async () => {
    const c = await customer();
    const token = await api().post(`/v1/customers/${c.id}/tokens`).set(operatorAuth).send({}).expect(200);
    await api().get('/v1/wallet').set(bearer(token.body.token)).expect(200);
    await api().post(`/v1/customers/${c.id}/tokens/${token.body.id}/revoke`).set(operatorAuth).send({}).expect(200);
    await api().get('/v1/wallet').set(bearer(token.body.token)).expect(401);
    await api().get('/v1/wallet').set(bearer(c.token)).expect(200);
  });

  it('requests that authenticate together (one lookup) each get their own principal or refusal', async () => {
    const [a, b, revoked] = [await customer(), await customer(), await customer()];
    const old = await api().post(`/v1/customers/${revoked.id}/tokens`).set(operatorAuth).send({}).expect(200);
    await api().post(`/v1/customers/${revoked.id}/tokens/${old.body.id}/revoke`).set(operatorAuth).send({}).expect(200);
    const tokens = [a.token, old.body.token, b.token, 'ct_not_a_real_token_at_all_000000000000000', a.token];
    const answers = await Promise.all(tokens.map((t) => api().get('/v1/wallet').set(bearer(t))));
    expect(answers.map((r) => [r.status, r.body.customer ?? r.body.error?.code])).toEqual([
      [200, a.id],
      [401, 'invalid_api_key'],
      [200, b.id],
      [401, 'invalid_api_key'],
      [200, a.id],
    ]);
  });
});

describe('the wallet', () => {
  it('shows status, tier, limits with what is left today, and balances', async () => {
    const c = await funded(10_000, 2);
    await send(c, { to: { phone: (await customer()).phone }, amount: 1_500 }).expect(200);
    const view = await wallet(c);
    expect(view).toMatchObject({
      object: 'wallet',
      customer: c.id,
      status: 'active',
      kyc_tier: 2,
      limits: { per_transaction: 50_000, daily: 100_000, max_balance: 300_000 },
      balances: [{ currency: 'cny', available: 8_500, pending: 0, incoming: 0, daily_remaining: 98_500 }],
    });
    expect(view.limits.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('top-ups', () => {
  it('credits the wallet when the bank confirms, moves nothing when it fails, and records events', async () => {
    const c = await customer();
    const ok = await topUp(c, 12_000);
    expect(ok).toMatchObject({ object: 'wallet.top_up', status: 'succeeded', amount: 12_000, version: 2 });
    const failed = await topUp(c, 2_913);
    expect(failed).toMatchObject({ status: 'failed', failure_reason: 'card_declined' });
    expect(await available(c)).toBe(12_000);
    expect((await events('wallet.top_up.succeeded')).map((o) => o.id)).toContain(ok.id);
    expect((await events('wallet.top_up.failed')).map((o) => o.id)).toContain(failed.id);
  });

  it('a timeout stays pending until the status query says succeeded, and credits once', async () => {
    const c = await customer();
    const bank = worker.get(WalletBankService);
    const created = await api()
      .post('/v1/wallet/top_ups')
      .set(bearer(c.token))
      .send({ amount: 3_914, currency: 'cny' });
    await eventually(async () => {
      const { rows } = await env.sql.query('SELECT attempts FROM wallet_top_ups WHERE id = $1', [created.body.id]);
      return rows[0].attempts >= 1;
    });
    const { body: pending } = await api().get(`/v1/wallet/top_ups/${created.body.id}`).set(bearer(c.token));
    expect(pending.status).toBe('pending');
    expect((await wallet(c)).balances[0]).toMatchObject({ available: 0, incoming: 3_914 });
    expect(await bank.sendOrCheck('top_up', created.body.id, 'check')).toBe('succeeded');
    expect(await bank.sendOrCheck('top_up', created.body.id, 'check')).toBe('succeeded');
    expect(await available(c)).toBe(3_914);
    const { rows } = await env.sql.query('SELECT count(*)::int AS n FROM ledger_transfers WHERE reference = $1', [
      created.body.id,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('refuses a top-up above the maximum balance, counting pending top-ups', async () => {
    const c = await funded(15_000, 1); // tier 1: at most 20,000
    const over = await api().post('/v1/wallet/top_ups').set(bearer(c.token)).send({ amount: 5_001, currency: 'cny' });
    expect(over.status).toBe(402);
    expect(over.body.error.code).toBe('balance_limit_exceeded');
    // 4,915 stays pending at the bank; with it, another 100 does not fit.
    await api().post('/v1/wallet/top_ups').set(bearer(c.token)).send({ amount: 4_915, currency: 'cny' }).expect(200);
    const next = await api().post('/v1/wallet/top_ups').set(bearer(c.token)).send({ amount: 100, currency: 'cny' });
    expect(next.body.error.code).toBe('balance_limit_exceeded');
  });

  it('refuses bad input with the field named, and writes nothing', async () => {
    const c = await customer();
    for (const [body, param] of [
      [{ amount: -5, currency: 'cny' }, 'amount'],
      [{ amount: 1.5, currency: 'cny' }, 'amount'],
      [{ amount: 100, currency: 'xyz' }, 'currency'],
      [{ currency: 'cny' }, 'amount'],
    ] as const) {
      const res = await api().post('/v1/wallet/top_ups').set(bearer(c.token)).send(body).expect(400);
      expect(res.body.error.param).toBe(param);
    }
    const { rows } = await env.sql.query('SELECT count(*)::int AS n FROM wallet_top_ups WHERE customer_id = $1', [
      c.id,
    ]);
    expect(rows[0].n).toBe(0);
  });
});

describe('transfers', () => {
  it('moves money by phone and by customer id, instantly, with both events', async () => {
    const [a, b] = [await funded(10_000), await customer()];
    const byPhone = await send(a, { to: { phone: b.phone }, amount: 2_500, note: 'dumplings' }).expect(200);
    expect(byPhone.body).toMatchObject({
      object: 'wallet.transfer',
      sender: a.id,
      recipient: b.id,
      amount: 2_500,
      note: 'dumplings',
      status: 'succeeded',
    });
    await send(b, { to: { customer: a.id }, amount: 500 }).expect(200);
    expect([await available(a), await available(b)]).toEqual([8_000, 2_000]);
    expect((await events('wallet.transfer.sent')).map((o) => o.id)).toContain(byPhone.body.id);
    expect((await events('wallet.transfer.received')).map((o) => o.id)).toContain(byPhone.body.id);
    const seen = await api().get(`/v1/wallet/transfers/${byPhone.body.id}`).set(bearer(b.token)).expect(200);
    expect(seen.body.id).toBe(byPhone.body.id);
  });

  it('answers every error with its code, and moves nothing', async () => {
    const a = await funded(6_000, 1); // tier 1: 5,000 per transaction, 8,000 a day
    const b = await customer(1);
    const code = async (body: Record<string, unknown>, status: number) => {
      const res = await send(a, body);
      expect(res.status).toBe(status);
      return res.body.error.code as string;
    };
    expect(await code({ to: { phone: '+8613999999999' }, amount: 100 }, 404)).toBe('recipient_not_found');
    expect(await code({ to: { customer: 'cus_01M8KTWWKRGAFQQ2B7CGHFTWWP' }, amount: 100 }, 404)).toBe(
      'recipient_not_found',
    );
    expect(await code({ to: { phone: a.phone }, amount: 100 }, 400)).toBe('transfer_to_self');
    expect(await code({ to: { phone: b.phone, customer: b.id }, amount: 100 }, 400)).toBe('parameter_invalid');
    expect(await code({ to: {}, amount: 100 }, 400)).toBe('parameter_invalid');
    expect(await code({ to: { phone: 'not a phone' }, amount: 100 }, 400)).toBe('parameter_invalid');
    expect(await code({ to: { phone: b.phone }, amount: 5_001 }, 402)).toBe('limit_exceeded');
    expect(await code({ to: { phone: b.phone }, amount: 0 }, 400)).toBe('parameter_invalid');
    await send(a, { to: { phone: b.phone }, amount: 5_000 }).expect(200);
    expect(await code({ to: { phone: b.phone }, amount: 1_001 }, 402)).toBe('insufficient_funds');
    // b (tier 1, at most 20,000) is at 5,000; a richer sender cannot push it past the cap.
    const rich = await funded(100_000);
    const capped = await send(rich, { to: { phone: b.phone }, amount: 15_001 });
    // The recipient's state is its own: at its cap it is just unavailable.
    expect([capped.status, capped.body.error.code]).toEqual([402, 'recipient_unavailable']);
    await send(rich, { to: { phone: b.phone }, amount: 15_000 }).expect(200);
    expect([await available(a), await available(b), await available(rich)]).toEqual([1_000, 20_000, 85_000]);
    // a has sent 5,000 today; 3,000 more reaches the daily 8,000, one more fen does not fit.
    await topUp(a, 9_000);
    await send(a, { to: { phone: rich.phone }, amount: 3_000 }).expect(200);
    expect(await code({ to: { phone: rich.phone }, amount: 1 }, 402)).toBe('limit_exceeded');
    expect((await wallet(a)).balances[0].daily_remaining).toBe(0);
  });

  it('a frozen wallet can neither send nor receive, and unfreezing restores it', async () => {
    const [a, b] = [await funded(5_000), await funded(5_000)];
    const frozen = await api().post(`/v1/customers/${a.id}/freeze`).set(operatorAuth).send({}).expect(200);
    expect(frozen.body.status).toBe('frozen');
    expect((await events('customer.frozen')).map((o) => o.id)).toContain(a.id);
    const out = await send(a, { to: { phone: b.phone }, amount: 100 });
    expect([out.status, out.body.error.code]).toEqual([402, 'wallet_frozen']);
    const into = await send(b, { to: { phone: a.phone }, amount: 100 });
    // The sender is not told that the recipient is frozen.
    expect([into.status, into.body.error.code, into.body.error.param]).toEqual([402, 'recipient_unavailable', 'to']);
    const withdrawal = await api()
      .post('/v1/wallet/withdrawals')
      .set(bearer(a.token))
      .send({ amount: 100, currency: 'cny' });
    expect(withdrawal.body.error.code).toBe('wallet_frozen');
    const top = await api().post('/v1/wallet/top_ups').set(bearer(a.token)).send({ amount: 100, currency: 'cny' });
    expect(top.body.error.code).toBe('wallet_frozen');
    expect((await wallet(a)).status).toBe('frozen');
    await api().post(`/v1/customers/${a.id}/unfreeze`).set(operatorAuth).send({}).expect(200);
    await send(a, { to: { phone: b.phone }, amount: 100 }).expect(200);
    await send(b, { to: { phone: a.phone }, amount: 300 }).expect(200);
    expect([await available(a), await available(b)]).toEqual([5_200, 4_800]);
  });

  it('a transfer retried with the same Idempotency-Key moves the money once', async () => {
    const [a, b] = [await funded(5_000), await customer()];
    const first = await send(a, { to: { phone: b.phone }, amount: 700 }, 'gift-1').expect(200);
    const again = await send(a, { to: { phone: b.phone }, amount: 700 }, 'gift-1').expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const declined = await send(a, { to: { phone: b.phone }, amount: 900_000 }, 'gift-2');
    const declinedAgain = await send(a, { to: { phone: b.phone }, amount: 900_000 }, 'gift-2');
    expect([declined.status, declinedAgain.status]).toEqual([402, 402]);
    expect(declinedAgain.body.error.code).toBe('insufficient_funds');
    expect([await available(a), await available(b)]).toEqual([4_300, 700]);
  });
});

describe('idempotent retries', () => {
  it('top-ups, withdrawals and freezes retried with the same Idempotency-Key have one effect', async () => {
    const c = await funded(10_000);
    const post = (path: string, key: string, body: Record<string, unknown>, auth = bearer(c.token)) =>
      api().post(path).set(auth).set('Idempotency-Key', key).send(body);
    const top = await post('/v1/wallet/top_ups', 'top-1', { amount: 1_000, currency: 'cny' }).expect(200);
    const topAgain = await post('/v1/wallet/top_ups', 'top-1', { amount: 1_000, currency: 'cny' }).expect(200);
    expect(topAgain.body.id).toBe(top.body.id);
    const out = await post('/v1/wallet/withdrawals', 'out-1', { amount: 2_000, currency: 'cny' }).expect(200);
    const outAgain = await post('/v1/wallet/withdrawals', 'out-1', { amount: 2_000, currency: 'cny' }).expect(200);
    expect(outAgain.body.id).toBe(out.body.id);
    const reused = await post('/v1/wallet/withdrawals', 'out-1', { amount: 2_001, currency: 'cny' });
    expect([reused.status, reused.body.error.code]).toEqual([422, 'idempotency_key_reused']);
    await post(`/v1/customers/${c.id}/freeze`, 'freeze-1', {}, operatorAuth).expect(200);
    await post(`/v1/customers/${c.id}/freeze`, 'freeze-1', {}, operatorAuth).expect(200);
    const counts = await env.sql.query(
      `SELECT (SELECT count(*) FROM wallet_top_ups WHERE customer_id = $1)::int AS top_ups,
              (SELECT count(*) FROM wallet_withdrawals WHERE customer_id = $1)::int AS withdrawals,
              (SELECT count(*) FROM events WHERE type = 'customer.frozen' AND object_id = $1)::int AS freezes`,
      [c.id],
    );
    // One top-up of its own besides the funding one.
    expect(counts.rows[0]).toEqual({ top_ups: 2, withdrawals: 1, freezes: 1 });
    await api().post(`/v1/customers/${c.id}/unfreeze`).set(operatorAuth).send({}).expect(200);
  });
});

describe('withdrawals', () => {
  it('holds the amount, then pays it, or gives it back when the bank fails', async () => {
    const c = await funded(10_000);
    const paid = await api()
      .post('/v1/wallet/withdrawals')
      .set(bearer(c.token))
      .send({ amount: 3_000, currency: 'cny' });
    expect(paid.body).toMatchObject({ object: 'wallet.withdrawal', status: 'pending', amount: 3_000 });
    const failed = await api()
      .post('/v1/wallet/withdrawals')
      .set(bearer(c.token))
      .send({ amount: 1_913, currency: 'cny' });
    const final = async (id: string) =>
      eventually(async () => {
        const res = await api().get(`/v1/wallet/withdrawals/${id}`).set(bearer(c.token)).expect(200);
        return res.body.status === 'pending' ? undefined : res.body;
      });
    expect(await final(paid.body.id)).toMatchObject({ status: 'paid' });
    expect(await final(failed.body.id)).toMatchObject({ status: 'failed', failure_reason: 'account_closed' });
    expect((await wallet(c)).balances[0]).toMatchObject({ available: 7_000, pending: 0 });
    expect((await events('wallet.withdrawal.paid')).map((o) => o.id)).toContain(paid.body.id);
    expect((await events('wallet.withdrawal.failed')).map((o) => o.id)).toContain(failed.body.id);
    const tooMuch = await api()
      .post('/v1/wallet/withdrawals')
      .set(bearer(c.token))
      .send({ amount: 7_001, currency: 'cny' });
    expect([tooMuch.status, tooMuch.body.error.code]).toEqual([402, 'insufficient_funds']);
  });
});

type Line = WalletTransactionView;

async function statement(c: Customer, query = ''): Promise<Line[]> {
  return (await api().get(`/v1/wallet/transactions${query}`).set(bearer(c.token)).expect(200)).body.data;
}

/** A line's figures: [type, amount, pending_change, available_change, balance, pending, available]. */
const figures = (l: Line) => [
  l.type,
  l.amount,
  l.pending_change,
  l.available_change,
  l.balance,
  l.pending,
  l.available,
];

/**
 * The statement adds up: read oldest first from an empty wallet, each running
 * column is the one before plus the line's change, available is balance less
 * pending, and the newest line's columns are the wallet's balances now.
 */
async function expectStatementAddsUp(c: Customer): Promise<Line[]> {
  const lines = await statement(c, '?limit=100');
  let [balance, pending, available] = [0, 0, 0];
  for (const l of [...lines].reverse()) {
    [balance, pending, available] = [balance + l.amount, pending + l.pending_change, available + l.available_change];
    expect([l.id, l.balance, l.pending, l.available]).toEqual([l.id, balance, pending, available]);
    expect(l.available).toBe(l.balance - l.pending);
  }
  const now = (await wallet(c)).balances.find((b: { currency: string }) => b.currency === 'cny');
  expect({ balance, pending, available }).toEqual({
    balance: now.available + now.pending,
    pending: now.pending,
    available: now.available,
  });
  return lines;
}

async function withdraw(c: Customer, amount: number): Promise<string> {
  const res = await api().post('/v1/wallet/withdrawals').set(bearer(c.token)).send({ amount, currency: 'cny' });
  expect(res.status).toBe(200);
  return res.body.id;
}

describe('the statement', () => {
  it('lists every movement newest first with its type, counterparty and the running balances after it', async () => {
    const [c, friend] = [await funded(10_000), await funded(1_000)];
    await send(c, { to: { phone: friend.phone }, amount: 2_000 }).expect(200);
    await send(friend, { to: { phone: c.phone }, amount: 500 }).expect(200);
    const withdrawal = await withdraw(c, 1_000);
    await eventually(async () => {
      const res = await api().get(`/v1/wallet/withdrawals/${withdrawal}`).set(bearer(c.token));
      return res.body.status === 'paid';
    });
    const all = await expectStatementAddsUp(c);
    expect(all.map(figures)).toEqual([
      ['withdrawal', -1_000, -1_000, 0, 7_500, 0, 7_500],
      ['hold', 0, 1_000, -1_000, 8_500, 1_000, 7_500],
      ['transfer_in', 500, 0, 500, 8_500, 0, 8_500],
      ['transfer_out', -2_000, 0, -2_000, 8_000, 0, 8_000],
      ['top_up', 10_000, 0, 10_000, 10_000, 0, 10_000],
    ]);
    expect(all.map((l) => l.hold)).toEqual([all[1].id, null, null, null, null]);
    const res = await api().get('/v1/wallet/transactions').set(bearer(c.token)).expect(200);
    expect(res.body.data[2].counterparty).toEqual({ type: 'customer', id: friend.id });
    expect(res.body.data[4].counterparty).toEqual({ type: 'bank', id: null });
    // Pages of two, forwards and back, show the same lines with the same figures, and a filter by type.
    const page1 = await api().get('/v1/wallet/transactions?limit=2').set(bearer(c.token)).expect(200);
    expect(page1.body.has_more).toBe(true);
    const page2 = await api()
      .get(`/v1/wallet/transactions?limit=2&starting_after=${encodeURIComponent(page1.body.data[1].id)}`)
      .set(bearer(c.token))
      .expect(200);
    expect(page2.body.data.map((l: { type: string }) => l.type)).toEqual(['transfer_in', 'transfer_out']);
    const page3 = await statement(c, `?limit=2&starting_after=${encodeURIComponent(page2.body.data[1].id)}`);
    expect([...page1.body.data, ...page2.body.data, ...page3]).toEqual(res.body.data);
    const back = await api()
      .get(`/v1/wallet/transactions?limit=2&ending_before=${encodeURIComponent(page2.body.data[0].id)}`)
      .set(bearer(c.token))
      .expect(200);
    expect(back.body.data).toEqual(page1.body.data);
    const outs = await api().get('/v1/wallet/transactions?type=transfer_out').set(bearer(c.token)).expect(200);
    expect(outs.body.data.map(figures)).toEqual([['transfer_out', -2_000, 0, -2_000, 8_000, 0, 8_000]]);
    const holds = await statement(c, '?type=hold');
    expect(holds.map(figures)).toEqual([['hold', 0, 1_000, -1_000, 8_500, 1_000, 7_500]]);
    const future = await api()
      .get('/v1/wallet/transactions?created_gte=2999-01-01T00:00:00Z')
      .set(bearer(c.token))
      .expect(200);
    expect(future.body.data).toEqual([]);
    await api().get('/v1/wallet/transactions?type=gift').set(bearer(c.token)).expect(400);
    // Another customer's line is not a cursor here.
    const other = await api().get('/v1/wallet/transactions').set(bearer(friend.token)).expect(200);
    await api()
      .get(
        `/v1/wallet/transactions?starting_after=${encodeURIComponent(other.body.data[other.body.data.length - 1].id)}`,
      )
      .set(bearer(c.token))
      .expect(400);
  });

  it('shows a withdrawal and a manual-capture payment as a hold and the line that posts it, adding up at each step', async () => {
    const c = await funded(10_000);
    const merchant = (await api().post('/v1/merchants').set(operatorAuth).send({ name: 'Statement Cafe' }).expect(200))
      .body;
    const newest = async (n = 1) => (await expectStatementAddsUp(c)).slice(0, n);

    // A 5,000 withdrawal: held (balance unchanged, available down), then paid (balance down, hold gone).
    const paid = await withdraw(c, 5_000);
    await eventually(async () => {
      const res = await api().get(`/v1/wallet/withdrawals/${paid}`).set(bearer(c.token));
      return res.body.status === 'paid';
    });
    const [withdrawal, hold] = await newest(2);
    expect([figures(withdrawal), figures(hold)]).toEqual([
      ['withdrawal', -5_000, -5_000, 0, 5_000, 0, 5_000],
      ['hold', 0, 5_000, -5_000, 10_000, 5_000, 5_000],
    ]);
    expect([withdrawal.hold, hold.hold]).toEqual([hold.id, null]);

    // A withdrawal the bank keeps pending (amount ending in 915): its hold stays, and the wallet agrees.
    await withdraw(c, 1_915);
    expect((await newest()).map(figures)).toEqual([['hold', 0, 1_915, -1_915, 5_000, 1_915, 3_085]]);

    // A manual-capture payment of 3,000, captured for 2,000: the rest is released by the capture line.
    const intent = await api()
      .post('/v1/payment_intents')
      .set(bearer(merchant.secret_key))
      .send({ amount: 3_000, currency: 'cny', capture_method: 'manual' })
      .expect(200);
    await api().post(`/v1/payment_intents/${intent.body.id}/confirm`).set(bearer(c.token)).send({}).expect(200);
    const [paymentHold] = await newest();
    expect(figures(paymentHold)).toEqual(['hold', 0, 3_000, -3_000, 5_000, 4_915, 85]);
    await api()
      .post(`/v1/payment_intents/${intent.body.id}/capture`)
      .set(bearer(merchant.secret_key))
      .send({ amount_to_capture: 2_000 })
      .expect(200);
    const [payment] = await newest();
    expect(figures(payment)).toEqual(['payment', -2_000, -3_000, 1_000, 3_000, 1_915, 1_085]);
    expect(payment.hold).toBe(paymentHold.id);
    expect(payment.counterparty).toEqual({ type: 'merchant', id: merchant.id });
  });
});

describe('the statement in the OpenAPI document', () => {
  it('declares each line with its running columns and changes', async () => {
    const doc = (await api().get('/openapi.json').expect(200)).body;
    const ok = doc.paths['/v1/wallet/transactions'].get.responses['200'];
    expect(ok.content['application/json'].schema.$ref).toBe('#/components/schemas/WalletTransactionListView');
    const line = doc.components.schemas.WalletTransactionView;
    expect(Object.keys(line.properties)).toEqual(
      expect.arrayContaining([
        'amount',
        'pending_change',
        'available_change',
        'balance',
        'pending',
        'available',
        'hold',
      ]),
    );
    expect(line.properties.type.enum).toContain('hold');
  });
});

describe('isolation', () => {
  it('a customer never reads another one\u2019s objects, and merchants and customers keep to their endpoints', async () => {
    const [a, b] = [await funded(5_000), await customer()];
    const transfer = await send(a, { to: { phone: (await customer()).phone }, amount: 100 }).expect(200);
    const top = await topUp(a, 100);
    const withdrawal = await api()
      .post('/v1/wallet/withdrawals')
      .set(bearer(a.token))
      .send({ amount: 100, currency: 'cny' });
    await api().get(`/v1/wallet/transfers/${transfer.body.id}`).set(bearer(b.token)).expect(404);
    await api().get(`/v1/wallet/top_ups/${top.id}`).set(bearer(b.token)).expect(404);
    await api().get(`/v1/wallet/withdrawals/${withdrawal.body.id}`).set(bearer(b.token)).expect(404);
    await api().get(`/v1/customers/${a.id}`).set(bearer(b.token)).expect(404);
    const merchant = await api().post('/v1/merchants').set(operatorAuth).send({ name: 'Tea Shop' }).expect(200);
    await api().get('/v1/wallet').set(bearer(merchant.body.secret_key)).expect(403);
    await send({ ...a, token: merchant.body.secret_key }, { to: { phone: b.phone }, amount: 1 }).expect(403);
    await api().get('/v1/payment_intents').set(bearer(a.token)).expect(403);
    await api().get('/v1/balance').set(bearer(a.token)).expect(403);
    await api().post(`/v1/customers/${a.id}/freeze`).set(bearer(a.token)).send({}).expect(403);
  });
});

describe('concurrency', () => {
  it('300 concurrent transfers among 8 wallets, both ways between pairs: total conserved, no negative balance, limits kept, no errors', async () => {
    // Tier 2 wallets: 50,000 per transaction, 100,000 a day, at most 300,000.
    const wallets = await Promise.all(Array.from({ length: 8 }, () => funded(60_000, 2)));
    const amounts = [7_000, 9_000, 11_000, 13_000];
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) => {
        const from = wallets[i % 8];
        // Pairs (0,1), (1,0), (2,3), (3,2)... and some further away.
        const to = wallets[i % 3 === 0 ? (i % 8) ^ 1 : (i * 5 + 3) % 8 === i % 8 ? (i + 1) % 8 : (i * 5 + 3) % 8];
        return send(from, { to: { customer: to.id }, amount: amounts[i % amounts.length] });
      }),
    );
    const statuses = results.map((r) => (r.status === 200 ? 'ok' : `${r.status} ${r.body.error.code}`));
    const counts = statuses.reduce<Record<string, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});
    for (const status of Object.keys(counts)) {
      expect(['ok', '402 insufficient_funds', '402 limit_exceeded', '402 recipient_unavailable']).toContain(status);
    }
    expect(counts.ok).toBeGreaterThan(50);
    const balances = await Promise.all(wallets.map(available));
    expect(balances.reduce((s, b) => s + b, 0)).toBe(8 * 60_000);
    for (const b of balances) expect(b).toBeGreaterThanOrEqual(0);
    for (const b of balances) expect(b).toBeLessThanOrEqual(300_000);
    const { rows } = await env.sql.query(
      `SELECT sender_id, sum(amount)::bigint AS sent FROM wallet_transfers WHERE sender_id = ANY($1) GROUP BY sender_id`,
      [wallets.map((w) => w.id)],
    );
    for (const row of rows) expect(BigInt(row.sent)).toBeLessThanOrEqual(100_000n);
    const { rows: usage } = await env.sql.query(
      'SELECT customer_id, outgoing FROM wallet_daily_usage WHERE customer_id = ANY($1)',
      [wallets.map((w) => w.id)],
    );
    for (const u of usage) expect(u.outgoing).toBe(rows.find((r) => r.sender_id === u.customer_id)?.sent ?? '0');
  });
});

describe('group commit', () => {
  it('decides the transfers of one batch each on its own, in arrival order, in one transaction', async () => {
    const [a, c] = [await funded(1_000), await funded(9_000, 1)];
    const [b, frozen] = [await customer(), await customer()];
    await api().post(`/v1/customers/${frozen.id}/freeze`).set(operatorAuth).send({}).expect(200);
    const earlier = await send(a, { to: { phone: b.phone }, amount: 10 }, 'batch-replay').expect(200);

    const transfers = app.get(WalletTransfersService);
    const transfer = (sender: Customer, body: Record<string, unknown>, key?: string) => {
      const input = { currency: 'cny', ...body };
      return transfers.transfer({
        senderId: sender.id,
        input: input as unknown as CreateWalletTransferDto,
        idempotency: key ? keyedPost(`customer:${a.id}`, '/v1/wallet/transfers', key, input) : undefined,
      });
    };
    // Submitted in one tick, so they leave together.
    const outcomes = await Promise.all([
      transfer(a, { to: { phone: b.phone }, amount: 100 }, 'batch-1'),
      transfer(a, { to: { phone: b.phone }, amount: 900 }, 'batch-2'), // 890 left after the first and the earlier 10
      transfer(c, { to: { customer: frozen.id }, amount: 100 }),
      transfer(c, { to: { customer: b.id }, amount: 6_000 }), // above tier 1's 5,000 per transaction
      transfer(a, { to: { customer: a.id }, amount: 1 }),
      transfer(a, { to: { phone: '+8613999999999' }, amount: 1 }),
      transfer(a, { to: { phone: b.phone }, amount: 10 }, 'batch-replay'),
      transfer(a, { to: { phone: b.phone }, amount: 800 }, 'batch-3'),
    ]);

    expect(outcomes.map((o) => outcomeSummary(o))).toEqual([
      'executed 200',
      'stored_error 402 insufficient_funds',
      'rejected 402 recipient_unavailable',
      'rejected 402 limit_exceeded',
      'rejected 400 transfer_to_self',
      'rejected 404 recipient_not_found',
      'replayed 200',
      'executed 200',
    ]);
    expect((outcomes[6] as { response: { body: unknown } }).response.body).toEqual(earlier.body);
    expect(await available(a)).toBe(1_000 - 10 - 100 - 800);
    expect(await available(b)).toBe(10 + 100 + 800);
    expect(await available(c)).toBe(9_000);
    // The stored responses, errors included, replay over HTTP.
    const replayed = await send(a, { to: { phone: b.phone }, amount: 900 }, 'batch-2').expect(402);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.body.error).toMatchObject({ code: 'insufficient_funds', request_id: 'req_batch-2' });
    // One transaction: its events share its start time (now()), the earlier transfer's do not.
    const made = await env.sql.query(
      `SELECT data->'object'->>'id' AS transfer, count(DISTINCT type)::int AS types, min(created_at) AS at
         FROM events WHERE type LIKE 'wallet.transfer.%' AND data->'object'->>'recipient' = $1
        GROUP BY 1 ORDER BY 1`,
      [b.id],
    );
    expect(made.rows.map((r) => r.types)).toEqual([2, 2, 2]);
    expect(new Set(made.rows.map((r) => r.at.toISOString())).size).toBe(2);
    // Today's outgoing counts only what was sent.
    const spent = (await wallet(a)).balances.find((x: { currency: string }) => x.currency === 'cny');
    expect(spent.daily_remaining).toBe(100_000_000 - 910);
  });
});

describe('daily usage in a batch', () => {
  it('adds to the rows of the day it locked, even when that is no longer today', async () => {
    const c = await customer();
    const limits = app.get(WalletLimitsService);
    const day = '2026-01-01'; // a day that is not today, as for a batch that spans midnight
    const used = await app.get(DatabaseService).sqlTransaction(async (sql) => {
      const locked = await limits.lockUsage(sql, [{ customerId: c.id, currency: 'cny' }], day);
      limits.addUsage(sql, [{ customerId: c.id, currency: 'cny', amount: 300n }], day);
      return locked;
    });
    expect([...used.values()]).toEqual([0n]);
    const { rows } = await env.sql.query(
      'SELECT day::text, outgoing FROM wallet_daily_usage WHERE customer_id = $1 ORDER BY day',
      [c.id],
    );
    expect(rows).toEqual([{ day, outgoing: '300' }]);
  });
});

describe('the ledger afterwards', () => {
  it('balances to zero per currency and reconciles without a difference', async () => {
    const report = await expectReconciled(app.get(LedgerService));
    expect(report.trialBalance.length).toBeGreaterThan(0);
    expect(report.trialBalance.every((line) => line.balanced)).toBe(true);
  });
});
