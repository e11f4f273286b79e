// The HTTP surface of the foundation against the real PostgreSQL and Redis:
// error shape, validation, body limits, authentication of the three
// principals, isolation, pagination, operations endpoints. Rate limits have
// their own suite (rate-limit.spec.ts).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { bearer, createTestEnv, operatorAuth, TEST_QUEUE_BACKEND, TestEnv } from './support/test-env';

let env: TestEnv;
let app: NestFastifyApplication;

const api = () => request(app.getHttpServer());

async function createMerchant(name = 'Noodle Bar') {
  const res = await api().post('/v1/merchants').set(operatorAuth).send({ name });
  expect(res.status).toBe(200);
  return res.body as { id: string; secret_key: string };
}

let phoneCounter = 0;
async function createCustomer() {
  phoneCounter += 1;
  const phone = `+86138${String(10_000_000 + phoneCounter * 7919).slice(0, 8)}`;
  const res = await api().post('/v1/customers').set(operatorAuth).send({ phone, kyc_tier: 2 });
  expect(res.status).toBe(200);
  return res.body as { id: string; phone: string };
}

async function issueToken(customerId: string, body: Record<string, unknown> = {}) {
  const res = await api().post(`/v1/customers/${customerId}/tokens`).set(operatorAuth).send(body);
  expect(res.status).toBe(200);
  return res.body as { id: string; token: string; expires_at: number };
}

function expectError(res: request.Response, status: number, type: string, code: string, param?: string) {
  expect(res.status).toBe(status);
  expect(res.body.error).toMatchObject({ type, code });
  expect(res.body.error.request_id).toMatch(/^req_/);
  expect(res.headers['request-id']).toBe(res.body.error.request_id);
  if (param !== undefined) expect(res.body.error.param).toBe(param);
}

beforeAll(async () => {
  env = await createTestEnv();
  app = await env.startApi();
});

afterAll(async () => {
  await env?.teardown();
});

describe('errors and validation', () => {
  it('answers malformed JSON with 400 invalid_json', async () => {
    const res = await api()
      .post('/v1/merchants')
      .set(operatorAuth)
      .set('content-type', 'application/json')
      .send('{"name": ');
    expectError(res, 400, 'invalid_request_error', 'invalid_json');
  });

  it('rejects unknown fields, naming them', async () => {
    const res = await api().post('/v1/merchants').set(operatorAuth).send({ name: 'x', colour: 'red' });
    expectError(res, 400, 'invalid_request_error', 'parameter_unknown', 'colour');
  });

  it('rejects a wrong type, naming the field', async () => {
    const res = await api().post('/v1/customers').set(operatorAuth).send({ phone: '+8613800138000', kyc_tier: '2' });
    expectError(res, 400, 'invalid_request_error', 'parameter_invalid', 'kyc_tier');
  });

  it('names a missing field and nested metadata problems', async () => {
    const missing = await api().post('/v1/customers').set(operatorAuth).send({ kyc_tier: 1 });
    expectError(missing, 400, 'invalid_request_error', 'parameter_missing', 'phone');
    const badMetadata = await api()
      .post('/v1/merchants')
      .set(operatorAuth)
      .send({ name: 'x', metadata: { order: 42 } });
    expectError(badMetadata, 400, 'invalid_request_error', 'parameter_invalid', 'metadata');
  });

  it('rejects a body that is not an object', async () => {
    const res = await api()
      .post('/v1/merchants')
      .set(operatorAuth)
      .set('content-type', 'application/json')
      .send('[1,2]');
    expectError(res, 400, 'invalid_request_error', 'invalid_body');
  });

  it('refuses a body over 64 KiB with 413 and writes nothing', async () => {
    const before = await env.sql.query('SELECT count(*)::int AS n FROM merchants');
    const res = await api()
      .post('/v1/merchants')
      .set(operatorAuth)
      .send({ name: 'x', metadata: { big: 'y'.repeat(70 * 1024) } });
    expectError(res, 413, 'invalid_request_error', 'body_too_large');
    const after = await env.sql.query('SELECT count(*)::int AS n FROM merchants');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const res = await api().get('/v1/nothing-here').set(operatorAuth);
    expectError(res, 404, 'invalid_request_error', 'route_not_found');
  });

  it('sets Request-Id on every response, success or not', async () => {
    const ok = await api().get('/health/live');
    expect(ok.headers['request-id']).toMatch(/^req_[0-9A-Z]{26}$/);
    const fail = await api().get('/v1/merchants');
    expect(fail.headers['request-id']).toMatch(/^req_/);
    expect(fail.headers['request-id']).not.toBe(ok.headers['request-id']);
  });

  it('sends the security headers of helmet', async () => {
    const res = await api().get('/health/live');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
  });
});

describe('authentication and isolation', () => {
  it('requires a key', async () => {
    expectError(await api().get('/v1/merchants'), 401, 'authentication_error', 'missing_api_key');
    expectError(
      await api().get('/v1/merchants').set(bearer('not-the-key')),
      401,
      'authentication_error',
      'invalid_api_key',
    );
    expectError(
      await api().get('/v1/merchants').set(bearer('sk_0000000000000000000000000000000000000000000')),
      401,
      'authentication_error',
      'invalid_api_key',
    );
    expectError(
      await api().get('/v1/merchants').set('Authorization', 'Basic abc'),
      401,
      'authentication_error',
      'invalid_authorization',
    );
  });

  it('shows the merchant key once and stores only its hash', async () => {
    const merchant = await createMerchant();
    expect(merchant.secret_key).toMatch(/^sk_[0-9A-Za-z]{43}$/);
    const stored = await env.sql.query('SELECT key_hash, last4 FROM merchant_api_keys WHERE merchant_id = $1', [
      merchant.id,
    ]);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0].key_hash).not.toContain(merchant.secret_key);
    expect(stored.rows[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.rows[0].last4).toBe(merchant.secret_key.slice(-4));
    const again = await api().get(`/v1/merchants/${merchant.id}`).set(operatorAuth);
    expect(again.status).toBe(200);
    expect(again.body.secret_key).toBeUndefined();
  });

  it('lets a merchant read itself, hides other merchants (404) and refuses operator routes (403)', async () => {
    const a = await createMerchant('A');
    const b = await createMerchant('B');
    const self = await api().get(`/v1/merchants/${a.id}`).set(bearer(a.secret_key));
    expect(self.status).toBe(200);
    expect(self.body).toMatchObject({ id: a.id, object: 'merchant', name: 'A' });
    expectError(
      await api().get(`/v1/merchants/${b.id}`).set(bearer(a.secret_key)),
      404,
      'invalid_request_error',
      'resource_missing',
    );
    expectError(
      await api().get('/v1/merchants').set(bearer(a.secret_key)),
      403,
      'permission_error',
      'principal_not_allowed',
    );
    expectError(
      await api().post('/v1/customers').set(bearer(a.secret_key)).send({ phone: '+8613900000000', kyc_tier: 1 }),
      403,
      'permission_error',
      'principal_not_allowed',
    );
  });

  it('rolls a merchant key: the old key stops at once, or after the overlap asked for', async () => {
    const merchant = await createMerchant();
    const rolled = await api().post(`/v1/merchants/${merchant.id}/keys`).set(operatorAuth).send({});
    expect(rolled.status).toBe(200);
    expect(rolled.body).toMatchObject({ object: 'merchant_key', merchant: merchant.id });
    expect(rolled.body.secret).not.toBe(merchant.secret_key);
    expectError(
      await api().get(`/v1/merchants/${merchant.id}`).set(bearer(merchant.secret_key)),
      401,
      'authentication_error',
      'invalid_api_key',
    );
    expect((await api().get(`/v1/merchants/${merchant.id}`).set(bearer(rolled.body.secret))).status).toBe(200);

    const overlap = await api()
      .post(`/v1/merchants/${merchant.id}/keys`)
      .set(operatorAuth)
      .send({ expire_current_in: 3600 });
    expect(overlap.status).toBe(200);
    expect((await api().get(`/v1/merchants/${merchant.id}`).set(bearer(rolled.body.secret))).status).toBe(200);
    expect((await api().get(`/v1/merchants/${merchant.id}`).set(bearer(overlap.body.secret))).status).toBe(200);

    expectError(
      await api().post('/v1/merchants/mch_01J00000000000000000000000/keys').set(operatorAuth).send({}),
      404,
      'invalid_request_error',
      'resource_missing',
    );
  });

  it('authenticates customer tokens: own record only, expiry and revocation', async () => {
    const alice = await createCustomer();
    const bob = await createCustomer();
    const token = await issueToken(alice.id);
    expect(token.token).toMatch(/^ct_[0-9A-Za-z]{43}$/);
    const self = await api().get(`/v1/customers/${alice.id}`).set(bearer(token.token));
    expect(self.status).toBe(200);
    expect(self.body).toMatchObject({ id: alice.id, object: 'customer', kyc_tier: 2, status: 'active' });
    expectError(
      await api().get(`/v1/customers/${bob.id}`).set(bearer(token.token)),
      404,
      'invalid_request_error',
      'resource_missing',
    );
    expectError(
      await api().get('/v1/customers').set(bearer(token.token)),
      403,
      'permission_error',
      'principal_not_allowed',
    );
    expectError(
      await api().get(`/v1/merchants/mch_01J00000000000000000000000`).set(bearer(token.token)),
      403,
      'permission_error',
      'principal_not_allowed',
    );

    const stored = await env.sql.query('SELECT token_hash FROM customer_tokens WHERE id = $1', [token.id]);
    expect(stored.rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);

    await env.sql.query(`UPDATE customer_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      token.id,
    ]);
    expectError(
      await api().get(`/v1/customers/${alice.id}`).set(bearer(token.token)),
      401,
      'authentication_error',
      'token_expired',
    );

    const second = await issueToken(alice.id, { expires_in: 600 });
    expect(second.expires_at - Math.floor(Date.now() / 1000)).toBeGreaterThan(590);
    const revoked = await api().post(`/v1/customers/${alice.id}/tokens/${second.id}/revoke`).set(operatorAuth).send({});
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: second.id, revoked: true });
    expectError(
      await api().get(`/v1/customers/${alice.id}`).set(bearer(second.token)),
      401,
      'authentication_error',
      'invalid_api_key',
    );
    expectError(
      await api().post(`/v1/customers/${bob.id}/tokens/${second.id}/revoke`).set(operatorAuth).send({}),
      404,
      'invalid_request_error',
      'resource_missing',
    );
  });

  it('stores phones in E.164 and refuses a second customer with the same number', async () => {
    const res = await api()
      .post('/v1/customers')
      .set(operatorAuth)
      .send({ phone: '+86 139 1234 5678', kyc_tier: 1, name: 'Li Wei' });
    expect(res.status).toBe(200);
    expect(res.body.phone).toBe('+8613912345678');
    const dup = await api().post('/v1/customers').set(operatorAuth).send({ phone: '+8613912345678', kyc_tier: 3 });
    expectError(dup, 400, 'invalid_request_error', 'phone_already_registered', 'phone');
    const badTier = await api().post('/v1/customers').set(operatorAuth).send({ phone: '+8613912345679', kyc_tier: 4 });
    expectError(badTier, 400, 'invalid_request_error', 'parameter_invalid', 'kyc_tier');
    const badPhone = await api().post('/v1/customers').set(operatorAuth).send({ phone: '12345', kyc_tier: 1 });
    expectError(badPhone, 400, 'invalid_request_error', 'parameter_invalid', 'phone');
  });
});

describe('cursor pagination', () => {
  it('pages newest first with limit, starting_after, ending_before and has_more', async () => {
    const pageEnv = await createTestEnv();
    try {
      const pageApp = await pageEnv.startApi();
      const ids: string[] = [];
      for (let i = 0; i < 23; i++) {
        const res = await request(pageApp.getHttpServer())
          .post('/v1/merchants')
          .set(operatorAuth)
          .send({ name: `M${i}` });
        ids.push(res.body.id);
      }
      const newestFirst = [...ids].reverse();
      const get = (query: string) => request(pageApp.getHttpServer()).get(`/v1/merchants${query}`).set(operatorAuth);

      const first = await get('');
      expect(first.body).toMatchObject({ object: 'list', url: '/v1/merchants', has_more: true });
      expect(first.body.data.map((m: { id: string }) => m.id)).toEqual(newestFirst.slice(0, 10));

      const second = await get(`?limit=10&starting_after=${newestFirst[9]}`);
      expect(second.body.data.map((m: { id: string }) => m.id)).toEqual(newestFirst.slice(10, 20));
      expect(second.body.has_more).toBe(true);
      const third = await get(`?limit=10&starting_after=${newestFirst[19]}`);
      expect(third.body.data.map((m: { id: string }) => m.id)).toEqual(newestFirst.slice(20));
      expect(third.body.has_more).toBe(false);

      const back = await get(`?limit=5&ending_before=${newestFirst[10]}`);
      expect(back.body.data.map((m: { id: string }) => m.id)).toEqual(newestFirst.slice(5, 10));
      expect(back.body.has_more).toBe(true);

      expectError(
        await get(`?starting_after=${ids[0]}&ending_before=${ids[1]}`),
        400,
        'invalid_request_error',
        'parameter_invalid',
        'ending_before',
      );
      expectError(await get('?limit=0'), 400, 'invalid_request_error', 'parameter_invalid', 'limit');
      expectError(await get('?limit=101'), 400, 'invalid_request_error', 'parameter_invalid', 'limit');
      expectError(await get('?limit=ten'), 400, 'invalid_request_error', 'parameter_invalid', 'limit');
      expectError(
        await get('?starting_after=drop%20table'),
        400,
        'invalid_request_error',
        'parameter_invalid',
        'starting_after',
      );
      expectError(await get('?page=2'), 400, 'invalid_request_error', 'parameter_unknown', 'page');
    } finally {
      await pageEnv.teardown();
    }
  });
});

describe('operations', () => {
  // The queue store's check: `redis`, or `queues` (schema bullmq) on PostgreSQL.
  const queueCheck = TEST_QUEUE_BACKEND === 'redis' ? 'redis' : 'queues';

  it('reports liveness and readiness of PostgreSQL and the queue store', async () => {
    const live = await api().get('/health/live');
    expect(live.status).toBe(200);
    expect(live.body.status).toBe('ok');
    const ready = await api().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info.database.status).toBe('up');
    expect(ready.body.info[queueCheck].status).toBe('up');
  });

  it('reports not ready when the queue store is unreachable', async () => {
    if (TEST_QUEUE_BACKEND === 'redis') {
      const broken = await env.startApi(env.configWith({ REDIS_URL: 'redis://127.0.0.1:1' }));
      const res = await request(broken.getHttpServer()).get('/health/ready');
      expect(res.status).toBe(503);
      expect(res.body.error?.redis?.status ?? res.body.details?.redis?.status).toBe('down');
      return;
    }
    // On PostgreSQL: the queue schema gone (a database restored without it, say).
    await env.sql.query('ALTER SCHEMA bullmq RENAME TO bullmq_away');
    try {
      const res = await api().get('/health/ready');
      expect(res.status).toBe(503);
      expect(res.body.details.queues.status).toBe('down');
      expect(res.body.details.database.status).toBe('up');
    } finally {
      await env.sql.query('ALTER SCHEMA bullmq_away RENAME TO bullmq');
    }
  });

  it('exposes Prometheus metrics: request durations by route and status, queue depths', async () => {
    await api().get('/v1/merchants').set(operatorAuth);
    await api().get('/v1/merchants/mch_01J00000000000000000000000').set(operatorAuth);
    const res = await api().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toMatch(
      /tally_http_request_duration_seconds_count\{method="GET",route="\/v1\/merchants",status_code="200"\} [1-9]/,
    );
    expect(res.text).toMatch(
      /tally_http_request_duration_seconds_count\{method="GET",route="\/v1\/merchants\/:id",status_code="404"\} [1-9]/,
    );
    expect(res.text).toMatch(/tally_queue_jobs\{queue="maintenance",state="waiting"\} \d+/);
  });

  it('serves the OpenAPI document generated from the code, and Swagger UI', async () => {
    const res = await api().get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/merchants',
        '/v1/merchants/{id}',
        '/v1/merchants/{id}/keys',
        '/v1/customers',
        '/v1/customers/{id}/tokens',
        '/health/ready',
      ]),
    );
    const createCustomer = res.body.components.schemas.CreateCustomerDto;
    expect(createCustomer.required).toEqual(expect.arrayContaining(['phone', 'kyc_tier']));
    expect(Object.keys(createCustomer.properties)).toEqual(
      expect.arrayContaining(['phone', 'name', 'kyc_tier', 'metadata']),
    );
    const docs = await api().get('/docs');
    expect(docs.status).toBe(200);
    expect(docs.text).toMatch(/swagger-ui/i);
  });
});
