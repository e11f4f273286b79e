// Credit products and quotes over HTTP against the real database: the
// operator's products with their rules (rates, terms, sizes; price and terms
// fixed once made), what a customer may see, and quotes whose schedule, total
// interest and APR follow the documented formulas (docs/credit.md).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { buildSchedule } from '../src/credit/schedule';
import { bearer, createTestEnv, operatorAuth, type TestEnv } from './support/test-env';

let env: TestEnv;
let app: NestFastifyApplication;
const api = () => request(app.getHttpServer());
let customerToken: string;

const PRODUCT = {
  name: 'Flexible loan',
  currency: 'cny',
  daily_rate: '0.0005',
  penalty_daily_rate: '0.00025',
  terms: [12, 3, 6],
  repayment_methods: ['equal_installment', 'equal_principal'],
  min_amount: 50_000,
  max_amount: 5_000_000,
  limits_by_kyc_tier: { tier_1: 0, tier_2: 1_000_000, tier_3: 5_000_000 },
  grace_days: 3,
};

beforeAll(async () => {
  // UTC, so that the test's own "today" is the quote's drawdown day.
  env = await createTestEnv({ CREDIT_TIME_ZONE: 'UTC' });
  app = await env.startApi();
  const customer = await api()
    .post('/v1/customers')
    .set(operatorAuth)
    .send({ phone: '+8613800000301', kyc_tier: 2 })
    .expect(200);
  customerToken = (await api().post(`/v1/customers/${customer.body.id}/tokens`).set(operatorAuth).send({}).expect(200))
    .body.token;
});

afterAll(async () => {
  await env.teardown();
});

const createProduct = (body: Record<string, unknown> = {}) =>
  api()
    .post('/v1/credit/products')
    .set(operatorAuth)
    .send({ ...PRODUCT, ...body });

describe('credit products', () => {
  it('creates a product with its annual rate beside the daily one, terms in order', async () => {
    const res = await createProduct().expect(200);
    expect(res.body).toMatchObject({
      object: 'credit_product',
      status: 'active',
      daily_rate: '0.0005',
      penalty_daily_rate: '0.00025',
      annual_percentage_rate: '18.25',
      terms: [3, 6, 12],
      limits_by_kyc_tier: { tier_1: 0, tier_2: 1_000_000, tier_3: 5_000_000 },
      metadata: {},
    });
    expect(res.body.id).toMatch(/^cpr_[0-9A-Z]{26}$/);
    const read = await api().get(`/v1/credit/products/${res.body.id}`).set(bearer(customerToken)).expect(200);
    expect(read.body).toEqual(res.body);
  });

  it('refuses bad products with a 400 naming the field, and writes nothing', async () => {
    const { rows: before } = await env.sql.query('SELECT count(*)::int AS n FROM credit_products');
    const cases: [Record<string, unknown>, string][] = [
      [{ daily_rate: 0.0005 }, 'daily_rate'],
      [{ daily_rate: '5e-4' }, 'daily_rate'],
      [{ daily_rate: '-0.0005' }, 'daily_rate'],
      // 0.00095 + 0.0001 a day is 38.3 % a year, over the 36 % a product may charge.
      [{ daily_rate: '0.00095', penalty_daily_rate: '0.0001' }, 'daily_rate'],
      [{ terms: [] }, 'terms'],
      [{ terms: [3, 3] }, 'terms'],
      [{ terms: [61] }, 'terms'],
      [{ repayment_methods: ['balloon'] }, 'repayment_methods'],
      [{ min_amount: 0 }, 'min_amount'],
      [{ min_amount: 100, max_amount: 99 }, 'max_amount'],
      [{ limits_by_kyc_tier: { tier_1: 0, tier_2: -1, tier_3: 0 } }, 'limits_by_kyc_tier.tier_2'],
      [{ grace_days: 31 }, 'grace_days'],
      [{ currency: 'xxx' }, 'currency'],
    ];
    for (const [change, param] of cases) {
      const res = await createProduct(change);
      expect([JSON.stringify(change), res.status, res.body.error.param]).toEqual([JSON.stringify(change), 400, param]);
    }
    const { rows: after } = await env.sql.query('SELECT count(*)::int AS n FROM credit_products');
    expect(after[0].n).toBe(before[0].n);
  });

  it('lets the operator retire a product and change its lines, never its price; customers see only offered ones', async () => {
    const product = (await createProduct({ name: 'Short loan' }).expect(200)).body;
    const changed = await api()
      .patch(`/v1/credit/products/${product.id}`)
      .set(operatorAuth)
      .send({ limits_by_kyc_tier: { tier_1: 100_000, tier_2: 200_000, tier_3: 300_000 } })
      .expect(200);
    expect(changed.body.limits_by_kyc_tier).toEqual({ tier_1: 100_000, tier_2: 200_000, tier_3: 300_000 });
    const repriced = await api()
      .patch(`/v1/credit/products/${product.id}`)
      .set(operatorAuth)
      .send({ daily_rate: '0.0001' })
      .expect(400);
    expect([repriced.body.error.code, repriced.body.error.param]).toEqual(['parameter_unknown', 'daily_rate']);

    await api().patch(`/v1/credit/products/${product.id}`).set(operatorAuth).send({ status: 'retired' }).expect(200);
    await api().get(`/v1/credit/products/${product.id}`).set(bearer(customerToken)).expect(404);
    const offered = await api().get('/v1/credit/products?limit=100').set(bearer(customerToken)).expect(200);
    expect(offered.body.data.map((p: { id: string }) => p.id)).not.toContain(product.id);
    const all = await api().get('/v1/credit/products?limit=100').set(operatorAuth).expect(200);
    expect(all.body.data.map((p: { id: string }) => p.id)).toContain(product.id);
    const quote = await api()
      .post('/v1/credit/quotes')
      .set(operatorAuth)
      .send({ product: product.id, amount: 100_000, term: 3, repayment_method: 'equal_principal' })
      .expect(400);
    expect([quote.body.error.code, quote.body.error.param]).toEqual(['product_retired', 'product']);
  });

  it('keeps products from merchants', async () => {
    const merchant = (await api().post('/v1/merchants').set(operatorAuth).send({ name: 'Shop' }).expect(200)).body;
    await api().get('/v1/credit/products').set(bearer(merchant.secret_key)).expect(403);
    await createProduct().set(bearer(merchant.secret_key)).expect(403);
  });
});

describe('credit quotes', () => {
  let productId: string;
  beforeAll(async () => {
    productId = (await createProduct({ name: 'Quoted loan' }).expect(200)).body.id;
  });

  it('quotes the schedule of the formulas, from today, with total interest and an APR that includes all of it', async () => {
    const day = () => new Date().toISOString().slice(0, 10);
    const before = day();
    for (const method of ['equal_installment', 'equal_principal'] as const) {
      const res = await api()
        .post('/v1/credit/quotes')
        .set(bearer(customerToken))
        .send({ product: productId, amount: 1_200_000, term: 12, repayment_method: method })
        .expect(200);
      const expected = buildSchedule({
        principal: 1_200_000n,
        dailyRate: '0.0005',
        termMonths: 12,
        method,
        drawdownDate: res.body.drawdown_date,
      });
      // Today (UTC here), read around the request in case it ran across midnight.
      expect([before, day()]).toContain(res.body.drawdown_date);
      expect(res.body.schedule).toHaveLength(12);
      expect(res.body.schedule.map((i: { total: number }) => i.total)).toEqual(
        expected.instalments.map((i) => Number(i.total)),
      );
      expect(res.body.total_interest).toBe(Number(expected.totals.interest));
      expect(res.body.total_repayment).toBe(1_200_000 + res.body.total_interest);
      expect(res.body.schedule.reduce((sum: number, i: { principal: number }) => sum + i.principal, 0)).toBe(1_200_000);
      // Fee-free: the APR is 365 x the daily rate, give or take the rounding of the amounts.
      expect(Math.abs(Number(res.body.annual_percentage_rate) - 18.25)).toBeLessThanOrEqual(0.01);
      expect(res.body).toMatchObject({ object: 'credit_quote', currency: 'cny', daily_rate: '0.0005', term: 12 });
    }
    // A quote commits nothing.
    const { rows } = await env.sql.query("SELECT count(*)::int AS n FROM events WHERE type LIKE 'credit%'");
    expect(rows[0].n).toBe(0);
  });

  it('refuses what the product does not offer, naming the field', async () => {
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ amount: 49_999 }, 400, 'amount_out_of_range', 'amount'],
      [{ amount: 5_000_001 }, 400, 'amount_out_of_range', 'amount'],
      [{ term: 9 }, 400, 'term_not_offered', 'term'],
      [{ repayment_method: 'bullet' }, 400, 'parameter_invalid', 'repayment_method'],
      [{ product: 'cpr_01J9Z3K8E5Q7W2V6X4Y8T0R2M1' }, 404, 'resource_missing', 'product'],
      [{ product: 'pi_01J9Z3K8E5Q7W2V6X4Y8T0R2M1' }, 400, 'parameter_invalid', 'product'],
    ];
    for (const [change, status, code, param] of cases) {
      const res = await api()
        .post('/v1/credit/quotes')
        .set(bearer(customerToken))
        .send({ product: productId, amount: 100_000, term: 3, repayment_method: 'equal_installment', ...change });
      expect([JSON.stringify(change), res.status, res.body.error.code, res.body.error.param]).toEqual([
        JSON.stringify(change),
        status,
        code,
        param,
      ]);
    }
  });
});
