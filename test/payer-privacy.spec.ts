// What one customer can learn of a merchant or of another customer, over
// HTTP against the real PostgreSQL and Redis: a payer sees a payment intent
// as a payer (no merchant metadata, no fee); a sender learns nothing of a
// recipient's state beyond whether its number is registered, and may try
// only so many numbers a day; a refused transfer or withdrawal in a currency
// never used opens no ledger account; and a hold authorised before a freeze
// can still be captured.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { RecipientLookups } from '../src/wallets/recipient-lookups';
import { WalletLimitsService } from '../src/wallets/wallet-limits.service';
import { WalletTransfersService } from '../src/wallets/wallet-transfers.service';
import type { CreateWalletTransferDto } from '../src/wallets/wallets.dto';
import { fundedCustomer, type FundedCustomer } from './support/customers';
import { outcomeSummary } from './support/group-outcomes';
import { bearer, createTestEnv, operatorAuth, TestEnv } from './support/test-env';

const LOOKUPS_PER_DAY = 4;

let env: TestEnv;
let app: NestFastifyApplication;
let merchantKey: string;
let phoneCounter = 0;
const api = () => request(app.getHttpServer());
const nextPhone = () => `+8613600${String(++phoneCounter).padStart(6, '0')}`;

beforeAll(async () => {
  env = await createTestEnv({ WALLET_RECIPIENT_LOOKUPS_PER_DAY: String(LOOKUPS_PER_DAY) });
  app = await env.startApi();
  merchantKey = (
    await api()
      .post('/v1/merchants')
      .set(operatorAuth)
      .send({ name: 'Corner Noodles', metadata: { internal_cost_centre: 'cc-17' }, pricing: { fee_bps: 250 } })
      .expect(200)
  ).body.secret_key;
});

afterAll(async () => {
  await env.teardown();
});

/** A customer with a token; with a balance, its CNY wallet is funded (which opens it), else it has no account. */
async function customer(balance = 0n): Promise<FundedCustomer & { phone: string }> {
  const phone = nextPhone();
  if (balance > 0n) return { ...(await fundedCustomer(app, phone, balance)), phone };
  const created = await api().post('/v1/customers').set(operatorAuth).send({ phone, kyc_tier: 3 }).expect(200);
  const token = await api().post(`/v1/customers/${created.body.id}/tokens`).set(operatorAuth).send({}).expect(200);
  return { id: created.body.id, token: token.body.token, walletId: '', phone };
}

const send = (from: FundedCustomer, body: Record<string, unknown>) =>
  api()
    .post('/v1/wallet/transfers')
    .set(bearer(from.token))
    .send({ currency: 'cny', ...body });

async function ledgerAccountCount(): Promise<number> {
  const { rows } = await env.sql.query('SELECT count(*)::int AS n FROM ledger_accounts');
  return rows[0].n;
}

describe('the payer view of a payment intent', () => {
  const PAYER_FIELDS = [
    'amount',
    'amount_received',
    'amount_refunded',
    'authorization_expires_at',
    'canceled_at',
    'created',
    'currency',
    'customer',
    'description',
    'expires_at',
    'id',
    'merchant',
    'object',
    'status',
    'succeeded_at',
  ];

  it('holds what a wallet app shows, never the merchant metadata or the fee, open and paid', async () => {
    const payer = await customer(10_000n);
    const created = await api()
      .post('/v1/payment_intents')
      .set(bearer(merchantKey))
      .send({ amount: 1_000, currency: 'cny', description: 'Beef noodles', metadata: { margin: 'secret-42' } })
      .expect(200);
    const open = await api().get(`/v1/payment_intents/${created.body.id}`).set(bearer(payer.token)).expect(200);
    expect(Object.keys(open.body).sort()).toEqual(PAYER_FIELDS);
    expect(open.body).toMatchObject({
      amount: 1_000,
      currency: 'cny',
      status: 'requires_payment_method',
      description: 'Beef noodles',
      merchant: { id: created.body.merchant, name: 'Corner Noodles' },
    });
    const paid = await api()
      .post(`/v1/payment_intents/${created.body.id}/confirm`)
      .set(bearer(payer.token))
      .send({})
      .expect(200);
    const again = await api().get(`/v1/payment_intents/${created.body.id}`).set(bearer(payer.token)).expect(200);
    for (const view of [paid.body, again.body]) {
      expect(Object.keys(view).sort()).toEqual(PAYER_FIELDS);
      expect(view).toMatchObject({ status: 'succeeded', amount_received: 1_000, customer: payer.id });
      expect(JSON.stringify(view)).not.toMatch(/secret-42|cc-17|"fee"/);
    }
    // The merchant still sees everything of its own.
    const mine = await api().get(`/v1/payment_intents/${created.body.id}`).set(bearer(merchantKey)).expect(200);
    expect(mine.body).toMatchObject({ fee: 25, metadata: { margin: 'secret-42' } });
  });
});

describe('what a sender learns of a recipient', () => {
  it('with no money, the same answer for an active and a frozen number; 404 only for an unknown one', async () => {
    const prober = await customer(0n);
    const [active, frozen] = [await customer(), await customer()];
    await api().post(`/v1/customers/${frozen.id}/freeze`).set(operatorAuth).send({}).expect(200);
    const answer = async (phone: string) => {
      const res = await send(prober, { to: { phone }, amount: 100 });
      return `${res.status} ${res.body.error?.code}`;
    };
    expect(await answer(active.phone)).toBe('402 insufficient_funds');
    expect(await answer(frozen.phone)).toBe('402 insufficient_funds');
    expect(await answer('+8613911111111')).toBe('404 recipient_not_found');
  });

  it('with money, a frozen or full recipient is one answer that does not say why', async () => {
    const sender = await customer(300_000n);
    const frozen = await customer();
    await api().post(`/v1/customers/${frozen.id}/freeze`).set(operatorAuth).send({}).expect(200);
    const tier1 = await api()
      .post('/v1/customers')
      .set(operatorAuth)
      .send({ phone: nextPhone(), kyc_tier: 1 })
      .expect(200);
    const toFrozen = await send(sender, { to: { customer: frozen.id }, amount: 100 });
    // Tier 1 holds at most 200,000 fen by default; this would pass it.
    const toFull = await send(sender, { to: { customer: tier1.body.id }, amount: 200_001 });
    for (const res of [toFrozen, toFull]) {
      expect(res.status).toBe(402);
      expect(res.body.error).toMatchObject({ code: 'recipient_unavailable', param: 'to' });
      expect(res.body.error.message).not.toMatch(/frozen|limit|hold at most/i);
    }
  });

  it(`may try at most ${LOOKUPS_PER_DAY} distinct numbers a day, known or not; numbers already tried stay free`, async () => {
    const sender = await customer(10_000n);
    const known = await customer();
    const unknown = Array.from({ length: LOOKUPS_PER_DAY }, () => nextPhone());
    await send(sender, { to: { phone: known.phone }, amount: 10 }).expect(200);
    for (const phone of unknown.slice(0, LOOKUPS_PER_DAY - 1)) {
      expect((await send(sender, { to: { phone }, amount: 10 })).status).toBe(404);
    }
    // The allowance is spent: a new number is refused before anything is said about it.
    const refused = await send(sender, { to: { phone: unknown[LOOKUPS_PER_DAY - 1] }, amount: 10 });
    expect(refused.status).toBe(402);
    expect(refused.body.error).toMatchObject({ code: 'recipient_lookup_limit_exceeded', param: 'to.phone' });
    const registered = await customer();
    expect((await send(sender, { to: { phone: registered.phone }, amount: 10 })).body.error.code).toBe(
      'recipient_lookup_limit_exceeded',
    );
    // Numbers tried today, and transfers by customer id, still go through.
    await send(sender, { to: { phone: known.phone }, amount: 10 }).expect(200);
    expect((await send(sender, { to: { phone: unknown[0] }, amount: 10 })).status).toBe(404);
    await send(sender, { to: { customer: registered.id }, amount: 10 }).expect(200);
    // Another sender has its own allowance.
    const other = await customer(1_000n);
    await send(other, { to: { phone: registered.phone }, amount: 10 }).expect(200);
    // Only hashes are kept.
    const { rows } = await env.sql.query(
      'SELECT phone_hash FROM wallet_recipient_lookups WHERE customer_id = $1 ORDER BY phone_hash',
      [sender.id],
    );
    expect(rows).toHaveLength(LOOKUPS_PER_DAY);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.phone_hash))).toBe(true);
  });

  it('forgets the lookups of days before yesterday', async () => {
    const lookups = app.get(RecipientLookups);
    const today = app.get(WalletLimitsService).today();
    await env.sql.query(
      `INSERT INTO wallet_recipient_lookups (customer_id, day, phone_hash)
       VALUES ('cus_old', $1::date - 2, 'a'), ('cus_old', $1::date - 1, 'b'), ('cus_old', $1::date, 'c')`,
      [today],
    );
    expect(await lookups.prune(today)).toBe(1);
    const { rows } = await env.sql.query(
      "SELECT phone_hash FROM wallet_recipient_lookups WHERE customer_id = 'cus_old' ORDER BY 1",
    );
    expect(rows.map((r) => r.phone_hash)).toEqual(['b', 'c']);
  });

  it('holds exactly for concurrent lookups of one sender, in one batch and across batches', async () => {
    const sender = await customer(10_000n);
    const phones = Array.from({ length: 40 }, () => nextPhone());
    const results = await Promise.all(phones.map((phone) => send(sender, { to: { phone }, amount: 10 })));
    const tried = results.filter((r) => r.status === 404).length;
    const refused = results.filter((r) => r.body.error?.code === 'recipient_lookup_limit_exceeded').length;
    expect([tried, refused]).toEqual([LOOKUPS_PER_DAY, 40 - LOOKUPS_PER_DAY]);
    // Two batches in flight at once, each with new numbers of the same sender.
    const other = await customer(10_000n);
    const transfers = app.get(WalletTransfersService);
    const lookup = (phone: string) =>
      transfers.transfer({
        senderId: other.id,
        input: { to: { phone }, amount: 10, currency: 'cny' } as unknown as CreateWalletTransferDto,
      });
    const first = Array.from({ length: LOOKUPS_PER_DAY }, () => lookup(nextPhone()));
    await new Promise((resolve) => setImmediate(resolve));
    const second = Array.from({ length: LOOKUPS_PER_DAY }, () => lookup(nextPhone()));
    const outcomes = (await Promise.all([...first, ...second])).map((o) => outcomeSummary(o));
    expect(outcomes.filter((o) => o === 'rejected 404 recipient_not_found')).toHaveLength(LOOKUPS_PER_DAY);
    expect(outcomes.filter((o) => o === 'rejected 402 recipient_lookup_limit_exceeded')).toHaveLength(LOOKUPS_PER_DAY);
  });
});

describe('refused money movements open no ledger account', () => {
  it('a transfer or a withdrawal in a currency the wallets never used', async () => {
    const [sender, recipient] = [await customer(10_000n), await customer()];
    const before = await ledgerAccountCount();
    const transfer = await send(sender, { to: { customer: recipient.id }, amount: 100, currency: 'usd' });
    expect([transfer.status, transfer.body.error.code]).toEqual([402, 'insufficient_funds']);
    const withdrawal = await api()
      .post('/v1/wallet/withdrawals')
      .set(bearer(sender.token))
      .send({ amount: 100, currency: 'eur' });
    expect([withdrawal.status, withdrawal.body.error.code]).toEqual([402, 'insufficient_funds']);
    expect(await ledgerAccountCount()).toBe(before);
    // The first transfer that is made opens the recipient's account, and only that one.
    await send(sender, { to: { customer: recipient.id }, amount: 100 }).expect(200);
    const recipientAccounts = await env.sql.query('SELECT currency FROM ledger_accounts WHERE owner_ref = $1', [
      `customer:${recipient.id}`,
    ]);
    expect(recipientAccounts.rows.map((r) => r.currency)).toEqual(['cny']);
  });

  it('two transfers in one batch to a recipient that never had money share its new account', async () => {
    const [a, b, recipient] = [await customer(1_000n), await customer(1_000n), await customer()];
    const transfers = app.get(WalletTransfersService);
    const transfer = (sender: FundedCustomer, amount: number) =>
      transfers.transfer({
        senderId: sender.id,
        input: { to: { customer: recipient.id }, amount, currency: 'cny' } as unknown as CreateWalletTransferDto,
      });
    // Submitted in one tick, so they leave in one batch.
    const outcomes = await Promise.all([transfer(a, 300), transfer(b, 400)]);
    expect(outcomes.map((o) => o.kind)).toEqual(['executed', 'executed']);
    // One batch, one transaction: its events share the transaction's time.
    const { rows: times } = await env.sql.query(
      `SELECT DISTINCT created_at FROM events WHERE type = 'wallet.transfer.received'
          AND data->'object'->>'recipient' = $1`,
      [recipient.id],
    );
    expect(times).toHaveLength(1);
    const wallet = await api().get('/v1/wallet').set(bearer(recipient.token)).expect(200);
    expect(wallet.body.balances).toEqual([expect.objectContaining({ currency: 'cny', available: 700 })]);
    const accounts = await env.sql.query('SELECT count(*)::int AS n FROM ledger_accounts WHERE owner_ref = $1', [
      `customer:${recipient.id}`,
    ]);
    expect(accounts.rows[0].n).toBe(1);
  });
});

describe('a freeze after a hold', () => {
  it('does not stop the merchant capturing what was authorised before it', async () => {
    const payer = await customer(5_000n);
    const intent = await api()
      .post('/v1/payment_intents')
      .set(bearer(merchantKey))
      .send({ amount: 2_000, currency: 'cny', capture_method: 'manual' })
      .expect(200);
    await api().post(`/v1/payment_intents/${intent.body.id}/confirm`).set(bearer(payer.token)).send({}).expect(200);
    await api().post(`/v1/customers/${payer.id}/freeze`).set(operatorAuth).send({}).expect(200);
    const captured = await api()
      .post(`/v1/payment_intents/${intent.body.id}/capture`)
      .set(bearer(merchantKey))
      .send({ amount_to_capture: 1_500 })
      .expect(200);
    expect(captured.body).toMatchObject({ status: 'succeeded', amount_received: 1_500 });
    // The rest of the hold went back to the frozen wallet, which still cannot spend it.
    const wallet = await api().get('/v1/wallet').set(bearer(payer.token)).expect(200);
    expect(wallet.body).toMatchObject({ status: 'frozen' });
    expect(wallet.body.balances[0]).toMatchObject({ available: 3_500, pending: 0 });
  });
});
