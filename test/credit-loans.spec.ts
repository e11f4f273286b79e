// Credit lines and loans over HTTP against the real database and ledger:
// applications decided by the documented rules, lines the operator manages,
// and drawdowns that pay the wallet in the transaction that records the
// loan, never past the line's limit however many run at once, and never
// past the wallet's maximum balance.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { AccountsService } from '../src/accounts/accounts.service';
import { buildSchedule } from '../src/credit/schedule';
import { LedgerService } from '../src/ledger/ledger.service';
import { bearer, createTestEnv, operatorAuth, type TestEnv } from './support/test-env';

let env: TestEnv;
let app: NestFastifyApplication;
const api = () => request(app.getHttpServer());
let productId: string;
let otherProductId: string;
let phoneCounter = 0;

// A tier 2 wallet may hold at most 1,500,000 here, so a drawdown can break the cap.
const SETTINGS = {
  CREDIT_TIME_ZONE: 'UTC',
  WALLET_LIMITS_TIER_2: 'per_transaction=1000000,daily=1000000,max_balance=1500000',
};

beforeAll(async () => {
  env = await createTestEnv(SETTINGS);
  app = await env.startApi();
  productId = (
    await api()
      .post('/v1/credit/products')
      .set(operatorAuth)
      .send({
        name: 'Flexible loan',
        currency: 'cny',
        daily_rate: '0.0005',
        penalty_daily_rate: '0.00025',
        terms: [3, 6, 12],
        repayment_methods: ['equal_installment', 'equal_principal'],
        min_amount: 10_000,
        max_amount: 500_000,
        limits_by_kyc_tier: { tier_1: 0, tier_2: 1_000_000, tier_3: 5_000_000 },
        grace_days: 3,
      })
      .expect(200)
  ).body.id;
  otherProductId = (
    await api()
      .post('/v1/credit/products')
      .set(operatorAuth)
      .send({
        name: 'Instalments',
        currency: 'cny',
        daily_rate: '0.0004',
        penalty_daily_rate: '0.0002',
        terms: [6],
        repayment_methods: ['equal_principal'],
        min_amount: 10_000,
        max_amount: 500_000,
        limits_by_kyc_tier: { tier_1: 0, tier_2: 2_000_000, tier_3: 2_000_000 },
        grace_days: 0,
      })
      .expect(200)
  ).body.id;
});

afterAll(async () => {
  await env.teardown();
});

/** A customer with a token, `ageDays` old, whose wallet has just received `inflows` from the bank. */
async function customer(options: { ageDays: number; inflows: bigint; tier?: number }) {
  const phone = `+86138000004${String(++phoneCounter).padStart(2, '0')}`;
  const created = (
    await api()
      .post('/v1/customers')
      .set(operatorAuth)
      .send({ phone, kyc_tier: options.tier ?? 2 })
      .expect(200)
  ).body;
  await env.sql.query(`UPDATE customers SET created_at = now() - make_interval(days => $2) WHERE id = $1`, [
    created.id,
    options.ageDays,
  ]);
  if (options.inflows > 0n) {
    const accounts = app.get(AccountsService);
    await app.get(LedgerService).postTransfer({
      id: `inflow-${created.id}`,
      debitAccountId: await accounts.bankClearing('cny'),
      creditAccountId: await accounts.walletAccount(created.id, 'cny'),
      amount: options.inflows,
      currency: 'cny',
    });
  }
  const token = (await api().post(`/v1/customers/${created.id}/tokens`).set(operatorAuth).send({}).expect(200)).body
    .token as string;
  return { id: created.id as string, token };
}

const apply = (token: string, product = productId) =>
  api().post('/v1/credit/applications').set(bearer(token)).send({ product });
const drawdown = (token: string, body: Record<string, unknown> = {}) =>
  api()
    .post('/v1/credit/loans')
    .set(bearer(token))
    .send({ amount: 100_000, term: 3, repayment_method: 'equal_installment', ...body });
const walletBalance = async (token: string) =>
  (await api().get('/v1/wallet').set(bearer(token)).expect(200)).body.balances.find(
    (b: { currency: string }) => b.currency === 'cny',
  )?.available ?? 0;
const countRows = async (table: string) =>
  (await env.sql.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;

describe('credit applications', () => {
  it('declines a new customer without history, with every reason, and records why', async () => {
    const newcomer = await customer({ ageDays: 2, inflows: 0n });
    const res = await apply(newcomer.token).expect(200);
    expect(res.body).toMatchObject({
      object: 'credit_application',
      decision: 'declined',
      reasons: ['account_too_new', 'insufficient_history'],
      limit: null,
      line: null,
      facts: { wallet_status: 'active', kyc_tier: 2, account_age_days: 2, inflows_90d: 0, delinquent: false },
    });
    const events = await env.sql.query(`SELECT type, object_id FROM events WHERE object_id = $1`, [res.body.id]);
    expect(events.rows).toEqual([{ type: 'credit_application.declined', object_id: res.body.id }]);
    const tier1 = await customer({ ageDays: 60, inflows: 1_000_000n, tier: 1 });
    expect((await apply(tier1.token).expect(200)).body.reasons).toEqual(['kyc_tier_not_eligible']);
  });

  it('approves half the 90-day inflows as a line, once per product', async () => {
    const regular = await customer({ ageDays: 45, inflows: 800_000n });
    const res = await apply(regular.token).expect(200);
    expect(res.body).toMatchObject({ decision: 'approved', reasons: [], limit: 400_000 });
    const line = await api().get(`/v1/credit/lines/${res.body.line}`).set(bearer(regular.token)).expect(200);
    expect(line.body).toMatchObject({
      object: 'credit_line',
      customer: regular.id,
      status: 'active',
      limit: 400_000,
      available: 400_000,
      principal_outstanding: 0,
    });
    const again = await apply(regular.token).expect(409);
    expect(again.body.error.code).toBe('credit_line_exists');
    // Another customer sees nothing of it.
    const other = await customer({ ageDays: 1, inflows: 0n });
    await api().get(`/v1/credit/lines/${res.body.line}`).set(bearer(other.token)).expect(404);
  });
});

describe('credit applications across products', () => {
  it('sizes a second line by what the first leaves of the history', async () => {
    // 3,000,000 of inflows support 1,500,000: the first product's tier caps its line at 1,000,000.
    const saver = await customer({ ageDays: 45, inflows: 3_000_000n });
    expect((await apply(saver.token).expect(200)).body.limit).toBe(1_000_000);
    const second = await apply(saver.token, otherProductId).expect(200);
    expect(second.body).toMatchObject({ decision: 'approved', limit: 500_000, facts: { other_limits: 1_000_000 } });

    const modest = await customer({ ageDays: 45, inflows: 800_000n });
    await apply(modest.token).expect(200);
    const refused = await apply(modest.token, otherProductId).expect(200);
    expect(refused.body).toMatchObject({ decision: 'declined', reasons: ['insufficient_history'] });
  });

  it('declines a customer with an instalment unpaid past its grace days', async () => {
    // 1,400,000 of inflows: the loan still fits the wallet's 1,500,000 cap.
    const later = await customer({ ageDays: 45, inflows: 1_400_000n });
    await apply(later.token).expect(200);
    const overdue = (await drawdown(later.token).expect(200)).body;
    // Declined for its short history, it opens no line: the customer may apply again.
    expect((await apply(later.token, otherProductId).expect(200)).body.facts.delinquent).toBe(false);
    // Instalment 1 fell due 10 days ago; the product allows 3 days of grace.
    await env.sql.query(`UPDATE loan_installments SET due_date = current_date - 10 WHERE loan_id = $1 AND number = 1`, [
      overdue.id,
    ]);
    const declined = await apply(later.token, otherProductId).expect(200);
    expect(declined.body).toMatchObject({ decision: 'declined', facts: { delinquent: true } });
    expect(declined.body.reasons).toContain('delinquent');
  });
});

describe('drawdowns', () => {
  it('pays the loan into the wallet with its schedule, the receivable and the line in one transaction', async () => {
    const borrower = await customer({ ageDays: 45, inflows: 800_000n });
    await apply(borrower.token).expect(200);
    const before = await walletBalance(borrower.token);
    const res = await drawdown(borrower.token, { amount: 200_000, term: 6 }).expect(200);
    const loan = res.body;
    const expected = buildSchedule({
      principal: 200_000n,
      dailyRate: '0.0005',
      termMonths: 6,
      method: 'equal_installment',
      drawdownDate: loan.drawdown_date,
    });
    expect(loan).toMatchObject({
      object: 'loan',
      status: 'active',
      principal: 200_000,
      principal_outstanding: 200_000,
      term: 6,
      daily_rate: '0.0005',
    });
    expect(loan.schedule.map((i: { total: number }) => i.total)).toEqual(
      expected.instalments.map((i) => Number(i.total)),
    );
    expect(await walletBalance(borrower.token)).toBe(before + 200_000);
    const line = (await api().get(`/v1/credit/lines/${loan.line}`).set(bearer(borrower.token)).expect(200)).body;
    expect([line.available, line.principal_outstanding]).toEqual([200_000, 200_000]);
    const receivable = await app.get(AccountsService).loansReceivable(borrower.id, 'cny');
    const account = await api().get(`/v1/ledger/accounts/${receivable}`).set(operatorAuth).expect(200);
    expect(account.body.balance.posted).toBe(200_000);
    const transfer = await api().get(`/v1/ledger/transfers/${loan.id}:disburse`).set(operatorAuth).expect(200);
    expect(transfer.body).toMatchObject({ amount: 200_000, debit_account: receivable });
    const events = await env.sql.query(`SELECT type FROM events WHERE object_id = $1`, [loan.id]);
    expect(events.rows).toEqual([{ type: 'loan.disbursed' }]);
    expect((await api().get(`/v1/credit/loans/${loan.id}`).set(bearer(borrower.token)).expect(200)).body).toEqual(loan);
  });

  it('refuses over the limit (402), terms the product lacks (400) and a suspended line (409), writing nothing', async () => {
    const borrower = await customer({ ageDays: 45, inflows: 400_000n });
    const lineId = (await apply(borrower.token).expect(200)).body.line;
    const loans = await countRows('loans');
    const over = await drawdown(borrower.token, { amount: 200_100 }).expect(402);
    expect([over.body.error.code, over.body.error.param]).toEqual(['credit_limit_exceeded', 'amount']);
    const term = await drawdown(borrower.token, { term: 9 }).expect(400);
    expect(term.body.error.param).toBe('term');
    await api().patch(`/v1/credit/lines/${lineId}`).set(operatorAuth).send({ status: 'suspended' }).expect(200);
    const suspended = await drawdown(borrower.token).expect(409);
    expect(suspended.body.error.code).toBe('credit_line_suspended');
    expect(await countRows('loans')).toBe(loans);
    await api()
      .patch(`/v1/credit/lines/${lineId}`)
      .set(operatorAuth)
      .send({ status: 'active', limit: 300_000 })
      .expect(200);
    await drawdown(borrower.token, { amount: 300_000 }).expect(200);
    const types = await env.sql.query(`SELECT type FROM events WHERE object_id = $1 ORDER BY id`, [lineId]);
    expect(types.rows.map((r) => r.type)).toEqual([
      'credit_line.approved',
      'credit_line.suspended',
      'credit_line.reopened',
    ]);
    const closing = await api()
      .patch(`/v1/credit/lines/${lineId}`)
      .set(operatorAuth)
      .send({ status: 'closed' })
      .expect(409);
    expect(closing.body.error.code).toBe('credit_line_in_use');
  });

  it('never lends past the limit, however many drawdowns run at once', async () => {
    const borrower = await customer({ ageDays: 45, inflows: 600_000n });
    const lineId = (await apply(borrower.token).expect(200)).body.line;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => drawdown(borrower.token, { amount: 50_000, line: lineId })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(6);
    expect(statuses.filter((s) => s === 402)).toHaveLength(14);
    const line = (await api().get(`/v1/credit/lines/${lineId}`).set(bearer(borrower.token)).expect(200)).body;
    expect([line.principal_outstanding, line.available]).toEqual([300_000, 0]);
    const { rows } = await env.sql.query(
      `SELECT coalesce(sum(principal), 0)::int AS lent FROM loans WHERE line_id = $1`,
      [lineId],
    );
    expect(rows[0].lent).toBe(300_000);
  });

  it('refuses a loan the wallet could not hold, and replays a drawdown sent again with its key', async () => {
    const borrower = await customer({ ageDays: 45, inflows: 1_400_000n });
    await apply(borrower.token).expect(200);
    const capped = await drawdown(borrower.token, { amount: 200_000 }).expect(402);
    expect(capped.body.error.code).toBe('balance_limit_exceeded');
    const untouched = (await api().get('/v1/credit/lines').set(bearer(borrower.token)).expect(200)).body.data[0];
    expect(untouched.principal_outstanding).toBe(0);
    expect(
      (await env.sql.query(`SELECT count(*)::int AS n FROM loans WHERE customer_id = $1`, [borrower.id])).rows[0].n,
    ).toBe(0);

    const key = `loan-${borrower.id}`;
    const first = await drawdown(borrower.token, { amount: 50_000 }).set('Idempotency-Key', key).expect(200);
    const second = await drawdown(borrower.token, { amount: 50_000 }).set('Idempotency-Key', key).expect(200);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(
      (await env.sql.query(`SELECT count(*)::int AS n FROM loans WHERE customer_id = $1`, [borrower.id])).rows[0].n,
    ).toBe(1);
  });

  it('refuses a frozen wallet and a line of another customer; a refused drawdown sent again with its key writes nothing', async () => {
    const borrower = await customer({ ageDays: 45, inflows: 800_000n });
    const lineId = (await apply(borrower.token).expect(200)).body.line;
    const other = await customer({ ageDays: 45, inflows: 800_000n });
    await apply(other.token).expect(200);
    const foreign = await drawdown(other.token, { line: lineId }).expect(404);
    expect(foreign.body.error.param).toBe('line');

    const loans = await countRows('loans');
    const key = `too-much-${borrower.id}`;
    const first = await drawdown(borrower.token, { amount: 400_100 }).set('Idempotency-Key', key).expect(402);
    const again = await drawdown(borrower.token, { amount: 400_100 }).set('Idempotency-Key', key).expect(402);
    expect([first.body.error.code, again.body.error.code]).toEqual(['credit_limit_exceeded', 'credit_limit_exceeded']);
    expect(await countRows('loans')).toBe(loans);

    await api().post(`/v1/customers/${borrower.id}/freeze`).set(operatorAuth).send({}).expect(200);
    const frozen = await drawdown(borrower.token).expect(402);
    expect(frozen.body.error.code).toBe('wallet_frozen');
    expect(await countRows('loans')).toBe(loans);
  });

  it('keeps loans and lines to their customer and the operator', async () => {
    const borrower = await customer({ ageDays: 45, inflows: 800_000n });
    await apply(borrower.token).expect(200);
    const loan = (await drawdown(borrower.token).expect(200)).body;
    const other = await customer({ ageDays: 1, inflows: 0n });
    await api().get(`/v1/credit/loans/${loan.id}`).set(bearer(other.token)).expect(404);
    const none = await drawdown(other.token).expect(400);
    expect([none.body.error.code, none.body.error.param]).toEqual(['no_credit_line', 'line']);
    const mine = await api().get('/v1/credit/loans').set(bearer(other.token)).expect(200);
    expect(mine.body.data).toEqual([]);
    const all = await api().get('/v1/credit/loans?limit=100').set(operatorAuth).expect(200);
    expect(all.body.data.map((l: { id: string }) => l.id)).toContain(loan.id);
  });
});

describe('reconciliation', () => {
  // Last: it breaks the books on purpose.
  it('proves the loans against the loans-receivable accounts and the lines, and reports a record that drifted', async () => {
    // With an Idempotency-Key too: the reconciliation keeps its own snapshot.
    const clean = await api()
      .post('/v1/ledger/reconciliations')
      .set(operatorAuth)
      .set('Idempotency-Key', 'reconcile-credit')
      .send({})
      .expect(200);
    expect(clean.body.ok).toBe(true);
    expect(clean.body.subledgers).toEqual([{ name: 'credit', ok: true, differences: [] }]);

    const { rows } = await env.sql.query(
      `SELECT id, customer_id, line_id, principal_outstanding::int AS owed FROM loans ORDER BY id LIMIT 1`,
    );
    const loan = rows[0];
    await env.sql.query(`UPDATE loans SET principal_outstanding = principal_outstanding - 1 WHERE id = $1`, [loan.id]);
    const drifted = await api().post('/v1/ledger/reconciliations').set(operatorAuth).send({}).expect(200);
    expect(drifted.body.ok).toBe(false);
    const credit = drifted.body.subledgers[0];
    expect(credit.ok).toBe(false);
    expect(
      credit.differences.map((d: { subject: string; expected: number; found: number }) => [
        d.subject,
        d.found - d.expected,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [`customer:${loan.customer_id} cny`, 1],
        [loan.line_id, 1],
      ]),
    );
    expect(credit.differences).toHaveLength(2);
  });
});
