// Hostile input at the door, over HTTP against the real PostgreSQL and Redis:
// strings PostgreSQL cannot store (NUL, lone surrogates) in bodies, paths and
// queries are a 400 naming the field before any database work, also inside a
// group-committed batch of other customers' transfers; deeply nested JSON is
// refused while parsing; every route refuses undeclared body and query
// fields; and Fastify's own routing errors come back in the API's error shape.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH, unstorableStringPath } from '../src/common/request-input';
import { fundedCustomer, type FundedCustomer } from './support/customers';
import { bearer, createTestEnv, operatorAuth, TestEnv } from './support/test-env';

let env: TestEnv;
let app: NestFastifyApplication;
let merchantKey: string;
let alice: FundedCustomer;
let bob: FundedCustomer;
const api = () => request(app.getHttpServer());

beforeAll(async () => {
  env = await createTestEnv();
  app = await env.startApi();
  merchantKey = (await api().post('/v1/merchants').set(operatorAuth).send({ name: 'Door Cafe' }).expect(200)).body
    .secret_key;
  alice = await fundedCustomer(app, '+8613900000001', 1_000_000n);
  bob = await fundedCustomer(app, '+8613900000002', 0n);
});

afterAll(async () => {
  await env.teardown();
});

const NUL = 'x\u0000y';
const LONE_HIGH = 'x\ud800';
const LONE_LOW = '\udc00x';

function expectRefused(res: request.Response, param: string, code = 'parameter_invalid') {
  expect({
    status: res.status,
    type: res.body.error?.type,
    code: res.body.error?.code,
    param: res.body.error?.param,
  }).toEqual({ status: 400, type: 'invalid_request_error', code, param });
  expect(res.body.error.request_id).toBe(res.headers['request-id']);
}

async function count(table: string): Promise<number> {
  const { rows } = await env.sql.query(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0].n;
}

describe('strings PostgreSQL cannot store', () => {
  it('are found with the path of the field, in keys and values, and nowhere else', () => {
    expect(unstorableStringPath({ a: 'fine', b: { c: ['ok', NUL] } })).toBe('b.c.1');
    expect(unstorableStringPath({ metadata: { [`k${LONE_HIGH}`]: 'v' } })).toBe('metadata.kx\ufffd');
    expect(unstorableStringPath({ note: LONE_LOW })).toBe('note');
    // A surrogate pair (an emoji) is fine, and so is every other control character.
    expect(unstorableStringPath({ note: 'pay \ud83d\ude00 \t\n\u0001' })).toBeNull();
  });

  it('are a 400 naming the field in every kind of body, and nothing is written', async () => {
    const merchants = await count('merchants');
    const customers = await count('customers');
    const intents = await count('payment_intents');
    const endpoints = await count('webhook_endpoints');
    const cases: [request.Test, string][] = [
      [api().post('/v1/merchants').set(operatorAuth).send({ name: NUL }), 'name'],
      [
        api().post('/v1/customers').set(operatorAuth).send({ phone: '+8613900000009', name: LONE_HIGH, kyc_tier: 1 }),
        'name',
      ],
      [
        api()
          .post('/v1/payment_intents')
          .set(bearer(merchantKey))
          .send({ amount: 100, currency: 'cny', description: NUL }),
        'description',
      ],
      [
        api()
          .post('/v1/payment_intents')
          .set(bearer(merchantKey))
          .send({ amount: 100, currency: 'cny', metadata: { order: LONE_LOW } }),
        'metadata.order',
      ],
      [
        api()
          .post('/v1/webhook_endpoints')
          .set(bearer(merchantKey))
          .send({ url: 'https://93.184.216.34/hook', enabled_events: ['*'], description: NUL }),
        'description',
      ],
      [api().patch(`/v1/customers/${alice.id}`).set(operatorAuth).send({ name: NUL }), 'name'],
    ];
    for (const [req, param] of cases)
      expectRefused(await req.set('Idempotency-Key', `bad-${param}-${Math.random()}`), param);
    expect([
      await count('merchants'),
      await count('customers'),
      await count('payment_intents'),
      await count('webhook_endpoints'),
    ]).toEqual([merchants, customers, intents, endpoints]);
    // Refused before execution: no idempotency key was stored either.
    expect(await count('idempotency_keys')).toBe(0);
  });

  it('are a 400 in a path or a query value', async () => {
    expectRefused(await api().get('/v1/payment_intents/%00').set(bearer(merchantKey)), 'id');
    expectRefused(await api().get('/v1/ledger/accounts?owner=%00').set(operatorAuth), 'owner');
    expectRefused(await api().get('/v1/customers/cus_%00').set(operatorAuth), 'id');
  });

  it('in one transfer among concurrent ones fail only that transfer, at the door, with a 400', async () => {
    const before = await count('wallet_transfers');
    const good = Array.from({ length: 40 }, (_, i) =>
      api()
        .post('/v1/wallet/transfers')
        .set(bearer(alice.token))
        .set('Idempotency-Key', `good-${i}`)
        .send({ to: { customer: bob.id }, amount: 10, currency: 'cny', note: `lunch ${i}` }),
    );
    const bad = Array.from({ length: 4 }, (_, i) =>
      api()
        .post('/v1/wallet/transfers')
        .set(bearer(alice.token))
        .set('Idempotency-Key', `bad-${i}`)
        .send({ to: { customer: bob.id }, amount: 10, currency: 'cny', note: i % 2 ? NUL : LONE_HIGH }),
    );
    const [goodRes, badRes] = await Promise.all([Promise.all(good), Promise.all(bad)]);
    expect(goodRes.map((r) => r.status)).toEqual(good.map(() => 200));
    for (const res of badRes) expectRefused(res, 'note');
    expect(await count('wallet_transfers')).toBe(before + 40);
    const wallet = await api().get('/v1/wallet').set(bearer(bob.token)).expect(200);
    expect(wallet.body.balances).toEqual([expect.objectContaining({ currency: 'cny', available: 400 })]);
  });
});

describe('JSON nesting', () => {
  it('is measured on the raw bytes, ignoring brackets inside strings', () => {
    const nested = (depth: number) => Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    expect(jsonNestsDeeperThan(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(jsonNestsDeeperThan(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonNestsDeeperThan(Buffer.from(`{"a":"${'['.repeat(100)}\\"${'{'.repeat(100)}"}`), 2)).toBe(false);
  });

  it('deeper than the limit is a 400 at parse time, after a scan that costs well under a millisecond per KB', async () => {
    const depth = 32_000;
    const body = `{"amount":100,"currency":"cny","metadata":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    expect(body.length).toBeLessThanOrEqual(64 * 1024);
    // The scan alone, as the parser runs it: the worst case stops at depth 33, so time a flat 64 KB.
    const flat = Buffer.from(`[${'"x",'.repeat(16_000)}"x"]`);
    // The cost of the scan, not of the machine's other work: warmed up, the fastest of 5 rounds of 10 (one round on
    // a 2-core machine busy with the rest of the suite was seen at twice the others).
    for (let i = 0; i < 10; i++) expect(jsonNestsDeeperThan(flat, MAX_JSON_DEPTH)).toBe(false);
    const rounds: number[] = [];
    for (let round = 0; round < 5; round++) {
      const started = performance.now();
      for (let i = 0; i < 10; i++) expect(jsonNestsDeeperThan(flat, MAX_JSON_DEPTH)).toBe(false);
      rounds.push((performance.now() - started) / 10 / (flat.length / 1024));
    }
    expect(Math.min(...rounds)).toBeLessThan(0.1);
    const res = await api()
      .post('/v1/payment_intents')
      .set(bearer(merchantKey))
      .set('content-type', 'application/json')
      .send(body);
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code: 'json_too_deep' });
  });

  it('at the limit is parsed, and validation answers for the field', async () => {
    const value = `${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}`;
    const res = await api()
      .post('/v1/payment_intents')
      .set(bearer(merchantKey))
      .set('content-type', 'application/json')
      .send(`{"amount":100,"currency":"cny","metadata":${value}}`);
    expectRefused(res, 'metadata');
  });
});

describe('undeclared input', () => {
  it('a body on a route that takes none is a 400 parameter_unknown (confirm, freeze)', async () => {
    const intent = await api()
      .post('/v1/payment_intents')
      .set(bearer(merchantKey))
      .send({ amount: 100, currency: 'cny' })
      .expect(200);
    expectRefused(
      await api().post(`/v1/payment_intents/${intent.body.id}/confirm`).set(bearer(alice.token)).send({ amount: 1 }),
      'amount',
      'parameter_unknown',
    );
    // Nothing happened: the intent is still open.
    const after = await api().get(`/v1/payment_intents/${intent.body.id}`).set(bearer(merchantKey)).expect(200);
    expect(after.body.status).toBe('requires_payment_method');
    expectRefused(
      await api().post(`/v1/customers/${bob.id}/freeze`).set(operatorAuth).send({ reason: 'x' }),
      'reason',
      'parameter_unknown',
    );
    // An empty body is no input at all.
    await api().post(`/v1/customers/${bob.id}/unfreeze`).set(operatorAuth).send({}).expect(200);
  });

  it('a query on a route that takes none is a 400 parameter_unknown', async () => {
    expectRefused(
      await api().get(`/v1/customers/${alice.id}?expand=everything`).set(operatorAuth),
      'expand',
      'parameter_unknown',
    );
    expectRefused(
      await api().get('/v1/ledger/trial_balance?currency=cny').set(operatorAuth),
      'currency',
      'parameter_unknown',
    );
  });
});

describe("Fastify's own errors", () => {
  it.each([
    ['a malformed %-escape', '/v1/customers/%zz', 400, 'invalid_url'],
    ['an over-long path parameter', `/v1/customers/${'a'.repeat(500)}`, 414, 'path_parameter_too_long'],
  ])('%s is answered in the error shape, with its Request-Id', async (_case, url, status, code) => {
    const res = await api().get(url).set(operatorAuth);
    expect(res.status).toBe(status);
    expect(res.body.error).toEqual({
      type: 'invalid_request_error',
      code,
      message: expect.any(String),
      request_id: res.headers['request-id'],
    });
  });
});
