// No live secret sits in the database in plain text, against the real
// PostgreSQL: merchant keys, customer tokens and webhook signing secrets are
// created and rolled (with Idempotency-Keys), the database is dumped with
// pg_dump, and none of them, nor the raw Idempotency-Keys, is in the dump;
// retries with the same keys still get the same, usable secrets. Webhook
// secrets from before sealing are sealed at the worker's boot, and a
// rotation of the master keys reseals them.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { SecretBox } from '../src/common/secret-box';
import { DEVELOPMENT_SECRETS_ENCRYPTION_KEYS } from '../src/config/configuration';
import { DatabaseService } from '../src/database/database.service';
import { idempotencyKeyHash } from '../src/idempotency/idempotency.service';
import { WebhookDeliveryService } from '../src/webhooks/webhook-delivery.service';
import { WebhookSecrets } from '../src/webhooks/webhook-secrets';
import { bearer, createTestEnv, eventually, operatorAuth, TestEnv } from './support/test-env';

let env: TestEnv;
let app: NestFastifyApplication;
const api = () => request(app.getHttpServer());
/** Idempotency-Keys of this run: random, so finding one in the dump means it was stored. */
const idem = (name: string) => `${name}-${randomBytes(6).toString('hex')}`;

beforeAll(async () => {
  env = await createTestEnv();
  app = await env.startApi();
});

afterAll(async () => {
  await env.teardown();
});

function pgDump(): string {
  const url = new URL(env.databaseUrl);
  return execFileSync(
    'pg_dump',
    ['-h', url.hostname, '-p', url.port || '5432', '-U', url.username || 'postgres', url.pathname.slice(1)],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
}

async function legacyEndpoint(secret: string): Promise<string> {
  const id = `we_legacy${randomBytes(4).toString('hex')}`;
  await env.sql.query(
    `INSERT INTO webhook_endpoints (id, owner, url, enabled_events, secret, updated_at)
     VALUES ($1, 'platform', 'https://example.com/legacy', '{*}', $2, now())`,
    [id, secret],
  );
  return id;
}

async function post(path: string, key: string, auth: Record<string, string>, body: object = {}) {
  const res = await api().post(path).set(auth).set('Idempotency-Key', key).send(body);
  expect(res.status).toBe(200);
  return res;
}

describe('secrets at rest', () => {
  it('keeps no merchant key, customer token, webhook secret or Idempotency-Key in a pg_dump, and retries still get them', async () => {
    const keys = {
      merchant: idem('onboard'),
      roll: idem('roll-key'),
      customer: idem('customer'),
      token: idem('token'),
      endpoint: idem('endpoint'),
      rollSecret: idem('roll-secret'),
    };
    const merchant = (await post('/v1/merchants', keys.merchant, operatorAuth, { name: 'Sealed Cafe' })).body;
    const rolled = (await post(`/v1/merchants/${merchant.id}/keys`, keys.roll, operatorAuth)).body;
    const customer = (
      await post('/v1/customers', keys.customer, operatorAuth, { phone: '+8613700000001', kyc_tier: 2 })
    ).body;
    const token = (await post(`/v1/customers/${customer.id}/tokens`, keys.token, operatorAuth)).body;
    const merchantAuth = bearer(rolled.secret);
    const endpoint = (
      await post('/v1/webhook_endpoints', keys.endpoint, merchantAuth, {
        // A public address written out: registration resolves names, and this network has no public DNS.
        url: 'https://93.184.216.34/hooks',
        enabled_events: ['*'],
      })
    ).body;
    const rolledEndpoint = (
      await post(`/v1/webhook_endpoints/${endpoint.id}/roll_secret`, keys.rollSecret, merchantAuth)
    ).body;
    const secrets = [merchant.secret_key, rolled.secret, token.token, endpoint.secret, rolledEndpoint.secret];
    expect(secrets.map((s: string) => s.slice(0, 3))).toEqual(['sk_', 'sk_', 'ct_', 'whs', 'whs']);

    const dump = pgDump();
    expect(dump).toContain(merchant.id); // the dump is of this suite's database
    for (const secret of secrets) {
      expect(dump).not.toContain(secret);
      // Nor the secret's random part alone (a webhook secret's base64 key bytes).
      expect(dump).not.toContain(secret.slice(secret.indexOf('_') + 1));
    }
    for (const key of Object.values(keys)) expect(dump).not.toContain(key);
    // What is there: the key's hash, and the responses sealed.
    expect(dump).toContain(idempotencyKeyHash(keys.token));
    const { rows } = await env.sql.query(
      `SELECT response_body, response_sealed FROM idempotency_keys WHERE key_hash = ANY($1)`,
      [Object.values(keys).map(idempotencyKeyHash)],
    );
    // The customer's creation carries no secret: kept in clear, the five others sealed.
    expect(rows.map((r) => (r.response_sealed ? 'sealed' : 'clear')).sort()).toEqual([
      'clear',
      'sealed',
      'sealed',
      'sealed',
      'sealed',
      'sealed',
    ]);
    expect(rows.filter((r) => r.response_sealed).every((r) => r.response_body === null)).toBe(true);

    // Retries replay the same secrets, and they work.
    const again = await api()
      .post(`/v1/customers/${customer.id}/tokens`)
      .set(operatorAuth)
      .set('Idempotency-Key', keys.token)
      .send({});
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.token).toBe(token.token);
    await api().get('/v1/wallet').set(bearer(again.body.token)).expect(200);
    const rollAgain = await api()
      .post(`/v1/merchants/${merchant.id}/keys`)
      .set(operatorAuth)
      .set('Idempotency-Key', keys.roll)
      .send({});
    expect(rollAgain.body.secret).toBe(rolled.secret);
    await api().get(`/v1/merchants/${merchant.id}`).set(bearer(rollAgain.body.secret)).expect(200);
    const hookAgain = await api()
      .post(`/v1/webhook_endpoints/${endpoint.id}/roll_secret`)
      .set(merchantAuth)
      .set('Idempotency-Key', keys.rollSecret)
      .send({});
    expect(hookAgain.body.secret).toBe(rolledEndpoint.secret);
    // The endpoint signs with what the responses showed: the new secret, and the old one beside it.
    const [stored] = (
      await env.sql.query('SELECT secret, previous_secret FROM webhook_endpoints WHERE id = $1', [endpoint.id])
    ).rows;
    const webhookSecrets = app.get(WebhookSecrets);
    expect(webhookSecrets.open(endpoint.id, stored.secret)).toBe(rolledEndpoint.secret);
    expect(webhookSecrets.open(endpoint.id, stored.previous_secret)).toBe(endpoint.secret);
  });

  it('answers 409 idempotency_response_unavailable for a secret response it no longer keeps, and runs nothing again', async () => {
    const key = idem('lost');
    const customer = (await post('/v1/customers', idem('c'), operatorAuth, { phone: '+8613700000002', kyc_tier: 1 }))
      .body;
    await post(`/v1/customers/${customer.id}/tokens`, key, operatorAuth);
    // As the upgrade leaves a response stored in clear by an earlier version: dropped.
    await env.sql.query(
      'UPDATE idempotency_keys SET response_body = NULL, response_sealed = NULL WHERE key_hash = $1',
      [idempotencyKeyHash(key)],
    );
    const retry = await api()
      .post(`/v1/customers/${customer.id}/tokens`)
      .set(operatorAuth)
      .set('Idempotency-Key', key)
      .send({});
    expect({ status: retry.status, code: retry.body.error?.code }).toEqual({
      status: 409,
      code: 'idempotency_response_unavailable',
    });
    const { rows } = await env.sql.query('SELECT count(*)::int AS n FROM customer_tokens WHERE customer_id = $1', [
      customer.id,
    ]);
    expect(rows[0].n).toBe(1);
  });
});

describe('webhook secrets from before sealing, and master key rotation', () => {
  it('seals plain secrets when the worker boots', async () => {
    const plain = `whsec_${randomBytes(32).toString('base64')}`;
    const id = await legacyEndpoint(plain);
    await env.startWorker();
    const sealed = await eventually(async () => {
      const { rows } = await env.sql.query('SELECT secret FROM webhook_endpoints WHERE id = $1', [id]);
      return SecretBox.isSealed(rows[0].secret) ? (rows[0].secret as string) : null;
    });
    expect(app.get(WebhookSecrets).open(id, sealed)).toBe(plain);
    expect(pgDump()).not.toContain(plain);
  });

  it('reseals every secret with a new first master key, after which the old key can go', async () => {
    const plain = `whsec_${randomBytes(32).toString('base64')}`;
    const id = await legacyEndpoint(plain);
    const db = app.get(DatabaseService);
    const [, devKey] = DEVELOPMENT_SECRETS_ENCRYPTION_KEYS.split(':');
    const newKey = { id: 'k2', key: randomBytes(32) };
    const before = new WebhookSecrets(new SecretBox([{ id: 'dev', key: Buffer.from(devKey, 'base64') }]), db);
    await before.reseal();
    const rotated = new WebhookSecrets(new SecretBox([newKey, { id: 'dev', key: Buffer.from(devKey, 'base64') }]), db);
    expect((await rotated.reseal()).resealed).toBeGreaterThanOrEqual(1);
    expect(await rotated.reseal()).toEqual({ resealed: 0, unopenable: 0 });
    const { rows } = await env.sql.query('SELECT id, secret FROM webhook_endpoints');
    expect(rows.every((r) => r.secret.startsWith('sealed:v1:k2:'))).toBe(true);
    // With the development key removed, everything still opens.
    const only = new WebhookSecrets(new SecretBox([newKey]), db);
    expect(only.open(id, rows.find((r) => r.id === id).secret)).toBe(plain);
    // And back, so that the app (which has only the development key) can open them all again.
    const back = new WebhookSecrets(new SecretBox([{ id: 'dev', key: Buffer.from(devKey, 'base64') }, newKey]), db);
    expect((await back.reseal()).unopenable).toBe(0);
  });
});

describe('a secret sealed with a master key that is gone', () => {
  it('is passed over by resealing, and its deliveries fail as recorded attempts instead of looping', async () => {
    const merchant = (await post('/v1/merchants', idem('m'), operatorAuth, { name: 'Lost Key Cafe' })).body;
    const endpoint = (
      await post('/v1/webhook_endpoints', idem('e'), bearer(merchant.secret_key), {
        url: 'https://93.184.216.34/hooks',
        enabled_events: ['*'],
      })
    ).body;
    const later = await legacyEndpoint(`whsec_${randomBytes(32).toString('base64')}`);
    // As if sealed with a key since removed from SECRETS_ENCRYPTION_KEYS.
    const gone = new SecretBox([{ id: 'gone', key: randomBytes(32) }]);
    await env.sql.query('UPDATE webhook_endpoints SET secret = $2 WHERE id = $1', [
      endpoint.id,
      gone.seal(endpoint.secret, `webhook_endpoints:${endpoint.id}`),
    ]);
    const result = await app.get(WebhookSecrets).reseal(1);
    expect(result.unopenable).toBe(1);
    // The rows after it were still sealed.
    const { rows } = await env.sql.query('SELECT secret FROM webhook_endpoints WHERE id = $1', [later]);
    expect(SecretBox.isSealed(rows[0].secret)).toBe(true);

    await api().post('/v1/payment_intents').set(bearer(merchant.secret_key)).send({ amount: 100, currency: 'cny' });
    const [delivery] = (await env.sql.query('SELECT id FROM webhook_deliveries WHERE endpoint_id = $1', [endpoint.id]))
      .rows;
    expect(await app.get(WebhookDeliveryService).deliver({ deliveryId: delivery.id, attempt: 1 })).toBe('retrying');
    const attempts = await env.sql.query('SELECT error FROM webhook_attempts WHERE delivery_id = $1', [delivery.id]);
    expect(attempts.rows).toEqual([{ error: 'signing secret unavailable' }]);
  });
});
