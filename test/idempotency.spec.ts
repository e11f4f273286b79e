// Idempotency-Key semantics (docs/api.md) against the real database.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { StateError } from '../src/common/errors';
import { newId } from '../src/common/ids';
import { DatabaseService } from '../src/database/database.service';
import { IdempotencyService, idempotencyKeyHash, idempotentRequest } from '../src/idempotency/idempotency.service';
import { createTestEnv, operatorAuth, TestEnv } from './support/test-env';

let env: TestEnv;
let app: NestFastifyApplication;
let idempotency: IdempotencyService;
let db: DatabaseService;
const api = () => request(app.getHttpServer());

const countMerchants = async (name: string) =>
  (await env.sql.query('SELECT count(*)::int AS n FROM merchants WHERE name = $1', [name])).rows[0].n as number;
const storedKey = async (key: string) =>
  (await env.sql.query('SELECT * FROM idempotency_keys WHERE key_hash = $1', [idempotencyKeyHash(key)])).rows;

beforeAll(async () => {
  env = await createTestEnv();
  app = await env.startApi();
  idempotency = app.get(IdempotencyService);
  db = app.get(DatabaseService);
});

afterAll(async () => {
  await env?.teardown();
});

describe('Idempotency-Key over HTTP', () => {
  it('replays the first response with Idempotent-Replayed and causes one effect', async () => {
    const first = await api()
      .post('/v1/merchants')
      .set(operatorAuth)
      .set('Idempotency-Key', 'k-replay')
      .send({ name: 'Replay Co' });
    expect(first.status).toBe(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const second = await api()
      .post('/v1/merchants')
      .set(operatorAuth)
      .set('Idempotency-Key', 'k-replay')
      .send({ name: 'Replay Co' });
    expect(second.status).toBe(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await countMerchants('Replay Co')).toBe(1);
    const rows = await storedKey('k-replay');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      principal: 'operator',
      request_method: 'POST',
      request_path: '/v1/merchants',
      response_status: 200,
    });
  });

  it('treats a body with the same fields in another order as the same request', async () => {
    const a = await api()
      .post('/v1/merchants')
      .set(operatorAuth)
      .set('Idempotency-Key', 'k-order')
      .send({ name: 'Order', email: 'a@b.cn' });
    const b = await api()
      .post('/v1/merchants')
      .set(operatorAuth)
      .set('Idempotency-Key', 'k-order')
      .set('content-type', 'application/json')
      .send('{"email":"a@b.cn","name":"Order"}');
    expect(b.status).toBe(200);
    expect(b.body.id).toBe(a.body.id);
  });

  it('answers 422 idempotency_key_reused for the same key with another request', async () => {
    await api().post('/v1/merchants').set(operatorAuth).set('Idempotency-Key', 'k-reuse').send({ name: 'First' });
    const reused = await api()
      .post('/v1/merchants')
      .set(operatorAuth)
      .set('Idempotency-Key', 'k-reuse')
      .send({ name: 'Second' });
    expect(reused.status).toBe(422);
    expect(reused.body.error).toMatchObject({ type: 'idempotency_error', code: 'idempotency_key_reused' });
    const otherPath = await api()
      .post('/v1/customers')
      .set(operatorAuth)
      .set('Idempotency-Key', 'k-reuse')
      .send({ name: 'First' });
    expect(otherPath.status).toBe(422);
    expect(await countMerchants('Second')).toBe(0);
  });

  it('runs concurrent identical requests exactly once', async () => {
    const responses = await Promise.all(
      Array.from({ length: 12 }, () =>
        api()
          .post('/v1/merchants')
          .set(operatorAuth)
          .set('Idempotency-Key', 'k-concurrent')
          .send({ name: 'Concurrent' }),
      ),
    );
    expect(await countMerchants('Concurrent')).toBe(1);
    const executed = responses.filter((r) => r.status === 200 && r.headers['idempotent-replayed'] === undefined);
    const replayed = responses.filter((r) => r.status === 200 && r.headers['idempotent-replayed'] === 'true');
    const inFlight = responses.filter((r) => r.status === 409);
    expect(executed).toHaveLength(1);
    expect(replayed.length + inFlight.length).toBe(11);
    for (const r of replayed) expect(r.body.id).toBe(executed[0].body.id);
    for (const r of inFlight)
      expect(r.body.error).toMatchObject({ type: 'idempotency_error', code: 'idempotency_key_in_use' });
  });

  it('stores nothing for a request rejected by validation, so a corrected retry runs', async () => {
    const invalid = await api()
      .post('/v1/merchants')
      .set(operatorAuth)
      .set('Idempotency-Key', 'k-invalid')
      .send({ name: '' });
    expect(invalid.status).toBe(400);
    expect(await storedKey('k-invalid')).toHaveLength(0);
    const fixed = await api()
      .post('/v1/merchants')
      .set(operatorAuth)
      .set('Idempotency-Key', 'k-invalid')
      .send({ name: 'Fixed' });
    expect(fixed.status).toBe(200);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
  });

  it('stores nothing for a request refused by authentication', async () => {
    const res = await api()
      .post('/v1/merchants')
      .set('Authorization', 'Bearer wrong')
      .set('Idempotency-Key', 'k-auth')
      .send({ name: 'X' });
    expect(res.status).toBe(401);
    expect(await storedKey('k-auth')).toHaveLength(0);
  });

  it('stores and replays an error that is the result of executing', async () => {
    await api().post('/v1/customers').set(operatorAuth).send({ phone: '+8613700000001', kyc_tier: 1 });
    const first = await api()
      .post('/v1/customers')
      .set(operatorAuth)
      .set('Idempotency-Key', 'k-dup-phone')
      .send({ phone: '+8613700000001', kyc_tier: 2 });
    expect(first.status).toBe(400);
    expect(first.body.error.code).toBe('phone_already_registered');
    const again = await api()
      .post('/v1/customers')
      .set(operatorAuth)
      .set('Idempotency-Key', 'k-dup-phone')
      .send({ phone: '+8613700000001', kyc_tier: 2 });
    expect(again.status).toBe(400);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('validates the header: at most 255 printable characters', async () => {
    const tooLong = await api()
      .post('/v1/merchants')
      .set(operatorAuth)
      .set('Idempotency-Key', 'x'.repeat(256))
      .send({ name: 'Long' });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toMatchObject({ code: 'idempotency_key_invalid', param: 'Idempotency-Key' });
    expect(await countMerchants('Long')).toBe(0);
    const max = await api()
      .post('/v1/merchants')
      .set(operatorAuth)
      .set('Idempotency-Key', 'y'.repeat(255))
      .send({ name: 'Max' });
    expect(max.status).toBe(200);
  });

  it('still works without a key, with no retry safety', async () => {
    await api().post('/v1/merchants').set(operatorAuth).send({ name: 'No Key' });
    await api().post('/v1/merchants').set(operatorAuth).send({ name: 'No Key' });
    expect(await countMerchants('No Key')).toBe(2);
  });
});

describe('IdempotencyService', () => {
  const base = (key: string, principal = 'operator') =>
    idempotentRequest({ principal, key, method: 'POST', path: '/v1/test', body: { a: 1 }, requestId: 'req_test' });
  const insertMerchant = (name: string) =>
    db.transaction((tx) => tx.merchant.create({ data: { id: newId('merchant'), name } }));

  it('stores nothing and keeps no effect when the transaction fails, so a retry executes', async () => {
    await expect(
      idempotency.run(base('svc-fail'), async () => {
        await insertMerchant('Doomed');
        throw new Error('connection lost');
      }),
    ).rejects.toThrow('connection lost');
    expect(await storedKey('svc-fail')).toHaveLength(0);
    expect(await countMerchants('Doomed')).toBe(0);

    const retry = await idempotency.run(base('svc-fail'), async () => {
      await insertMerchant('Doomed');
      return { status: 200, body: { ok: true } };
    });
    expect(retry.kind).toBe('executed');
    expect(await countMerchants('Doomed')).toBe(1);
  });

  it('rolls back the effects of a stored domain error', async () => {
    const outcome = await idempotency.run(base('svc-state'), async () => {
      await insertMerchant('Rolled Back');
      throw new StateError('intent_canceled', 'already canceled');
    });
    expect(outcome.kind).toBe('stored_error');
    expect(await countMerchants('Rolled Back')).toBe(0);
    const [row] = await storedKey('svc-state');
    expect(row.response_status).toBe(409);
    expect(row.response_body.error).toMatchObject({
      type: 'state_error',
      code: 'intent_canceled',
      request_id: 'req_test',
    });
  });

  it('answers 409 in use while the first request runs', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = idempotency.run(base('svc-inflight'), async () => {
      await gate;
      return { status: 200, body: { first: true } };
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(idempotency.run(base('svc-inflight'), async () => ({ status: 200, body: {} }))).rejects.toMatchObject({
      status: 409,
      code: 'idempotency_key_in_use',
    });
    release();
    expect((await first).kind).toBe('executed');
    const replay = await idempotency.run(base('svc-inflight'), async () => ({ status: 200, body: { second: true } }));
    expect(replay).toEqual({ kind: 'replayed', response: { status: 200, body: { first: true } } });
  });

  it('scopes keys to the principal', async () => {
    const a = await idempotency.run(base('svc-scope', 'merchant:mch_a'), async () => ({
      status: 200,
      body: { who: 'a' },
    }));
    const b = await idempotency.run(base('svc-scope', 'merchant:mch_b'), async () => ({
      status: 200,
      body: { who: 'b' },
    }));
    expect(a).toEqual({ kind: 'executed', response: { status: 200, body: { who: 'a' } } });
    expect(b).toEqual({ kind: 'executed', response: { status: 200, body: { who: 'b' } } });
  });

  it('prunes keys older than the retention (24 h) and keeps the others', async () => {
    await idempotency.run(base('svc-old'), async () => ({ status: 200, body: {} }));
    await idempotency.run(base('svc-fresh'), async () => ({ status: 200, body: {} }));
    const age = (key: string, hours: number) =>
      env.sql.query(`UPDATE idempotency_keys SET created_at = now() - make_interval(hours => $2) WHERE key_hash = $1`, [
        idempotencyKeyHash(key),
        hours,
      ]);
    await age('svc-old', 25);
    await age('svc-fresh', 23);
    const deleted = await idempotency.pruneExpired();
    expect(deleted).toBe(1);
    expect(await storedKey('svc-old')).toHaveLength(0);
    expect(await storedKey('svc-fresh')).toHaveLength(1);
  });
});
