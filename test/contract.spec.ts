// The OpenAPI document as an integrator reads it: Redocly's recommended
// ruleset finds no error, the API's conventions are on every operation they
// apply to, and the contract check (support/contract.ts) that every suite
// runs catches a response the document does not describe. And the typed
// client (clients/typescript) is what this document gives: the drift check.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { defaultOpenApiDocument } from '../src/openapi-document';
import { BODIES_NOT_YET_DESCRIBED, ContractCheck } from './support/contract';
import { createTestEnv, TestEnv } from './support/test-env';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let env: TestEnv;
let app: NestFastifyApplication;
let document: Json;
const operations = () =>
  Object.entries(document.paths as Record<string, Record<string, Json>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
  );

beforeAll(async () => {
  env = await createTestEnv();
  app = await env.startApi();
  document = (await request(app.getHttpServer()).get('/openapi.json').expect(200)).body as Json;
});

afterAll(async () => {
  await env?.teardown();
});

describe('the OpenAPI document', () => {
  it("passes Redocly's recommended ruleset with no error", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-openapi-'));
    try {
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document));
      const lint = spawnSync(process.execPath, [join(__dirname, '..', 'scripts', 'lint-openapi.mjs'), 'openapi.json'], {
        cwd: dir,
        encoding: 'utf8',
      });
      const problems = lint.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { severity: string; ruleId: string; location: string });
      expect(problems.filter((problem) => problem.severity === 'error')).toEqual([]);
      expect(lint.status).toBe(0);

      // The linter itself finds errors where there are some.
      writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...document, servers: [], paths: {} }));
      const bad = spawnSync(process.execPath, [join(__dirname, '..', 'scripts', 'lint-openapi.mjs'), 'bad.json'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(bad.status).toBe(1);
      expect(bad.stdout).toContain('"ruleId":"no-empty-servers"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names its servers, license and one security scheme per principal, none of them JWT', () => {
    expect(document.servers).toEqual([{ url: '/', description: expect.any(String) }]);
    expect(document.info.license).toEqual({ name: 'Apache-2.0', url: expect.stringContaining('apache.org') });
    const schemes = document.components.securitySchemes as Record<string, Json>;
    expect(Object.keys(schemes).sort()).toEqual(['customer', 'merchant', 'operator']);
    for (const scheme of Object.values(schemes)) {
      expect(scheme).toEqual({ type: 'http', scheme: 'bearer', description: expect.any(String) });
    }
  });

  it('says which principals each operation takes, and none for the public ones', () => {
    const security = (path: string, method: string) =>
      (document.paths[path][method].security as Record<string, string[]>[]).flatMap(Object.keys).sort();
    expect(security('/v1/payment_intents', 'post')).toEqual(['merchant']);
    expect(security('/v1/payment_intents/{id}', 'get')).toEqual(['customer', 'merchant']);
    expect(security('/v1/payment_intents/{id}/confirm', 'post')).toEqual(['customer']);
    expect(security('/v1/merchants', 'post')).toEqual(['operator']);
    expect(security('/v1/webhook_endpoints', 'post')).toEqual(['merchant', 'operator']);
    expect(security('/health/ready', 'get')).toEqual([]);
    for (const { path, method, operation } of operations()) {
      expect([path, method, Array.isArray(operation.security)]).toEqual([path, method, true]);
      expect([path, method, typeof operation.summary]).toEqual([path, method, 'string']);
    }
  });

  it('takes an Idempotency-Key on POST only, with its rules, and declares the response headers', () => {
    for (const { path, method, operation } of operations()) {
      const refs = ((operation.parameters ?? []) as Json[]).map((parameter) => parameter.$ref);
      const takesKey = refs.includes('#/components/parameters/IdempotencyKey');
      expect([path, method, takesKey]).toEqual([path, method, method === 'post']);
      for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
        const headers = response.$ref
          ? document.components.responses[response.$ref.split('/').pop()].headers
          : response.headers;
        expect([path, method, status, headers['Request-Id']]).toEqual([
          path,
          method,
          status,
          { $ref: '#/components/headers/RequestId' },
        ]);
      }
    }
    expect(document.components.parameters.IdempotencyKey).toMatchObject({
      in: 'header',
      schema: { minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
    });
    expect(document.components.responses.RateLimited.headers['Retry-After']).toEqual({
      $ref: '#/components/headers/RetryAfter',
    });
    const create = document.paths['/v1/payment_intents'].post.responses['200'];
    expect(Object.keys(create.headers)).toEqual(
      expect.arrayContaining(['Idempotent-Replayed', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']),
    );
  });

  it('declares the errors of the conventions and of each operation’s own rules, all in the one Error shape', () => {
    const statuses = (path: string, method: string) => Object.keys(document.paths[path][method].responses);
    expect(statuses('/v1/payment_intents/{id}/confirm', 'post')).toEqual([
      '200',
      '400',
      '401',
      '402',
      '403',
      '404',
      '409',
      '413',
      '414',
      '415',
      '422',
      '429',
      '500',
    ]);
    expect(statuses('/v1/payment_intents', 'get')).toEqual(['200', '400', '401', '403', '429', '500']);
    // 503 is the health check's own (not ready), declared by @nestjs/terminus.
    expect(statuses('/health/live', 'get')).toEqual(['200', '400', '429', '500', '503']);
    for (const [name, response] of Object.entries(document.components.responses as Record<string, Json>)) {
      expect([name, response.content['application/json'].schema]).toEqual([
        name,
        { $ref: '#/components/schemas/ApiErrorView' },
      ]);
    }
  });

  it('describes a payment intent exactly: integer amounts, enums, nullable fields, every field required', () => {
    const view = document.components.schemas.PaymentIntentView as Json;
    expect(view.properties.amount).toMatchObject({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
    expect(view.properties.status.enum).toEqual([
      'requires_payment_method',
      'requires_capture',
      'succeeded',
      'canceled',
    ]);
    expect(view.properties.currency.enum).toContain('cny');
    expect(view.properties.canceled_at).toMatchObject({ type: 'integer', nullable: true });
    expect(view.required).toEqual(Object.keys(view.properties));
    const body = document.paths['/v1/payment_intents/{id}/capture'].post.requestBody;
    expect(body.required).toBe(false);
  });

  it('describes requests exactly too: integer amounts and counts, currency enums, one of two recipients, URIs', () => {
    // Nothing in the API's operations is a bare `number` or an undefined `format` (the health checks' bodies are
    // @nestjs/terminus's own).
    const loose: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${at}/${i}`));
      if (!node || typeof node !== 'object') return;
      const schema = node as Json;
      if (schema.type === 'number' || schema.format === 'currency') loose.push(at);
      for (const [key, value] of Object.entries(schema)) walk(value, `${at}/${key}`);
    };
    for (const [path, item] of Object.entries(document.paths as Record<string, Json>)) {
      if (!path.startsWith('/health/')) walk(item, path);
    }
    walk(document.components.schemas, '#/components/schemas');
    expect(loose).toEqual([]);

    const schemas = document.components.schemas as Record<string, Json>;
    expect(schemas.CreatePaymentIntentDto.properties.amount).toMatchObject({ type: 'integer', minimum: 1 });
    expect(schemas.CreatePaymentIntentDto.properties.currency.enum).toContain('cny');
    expect(schemas.CreatePaymentIntentDto.properties.metadata).toMatchObject({ maxProperties: 50 });
    expect(schemas.CapturePaymentIntentDto.required ?? []).toEqual([]);
    expect(schemas.MerchantPricingDto.properties.fixed_fees.additionalProperties).toMatchObject({ minimum: 0 });
    expect(schemas.CreateWalletTransferDto.properties.to.oneOf).toEqual([
      { $ref: '#/components/schemas/TransferToPhone' },
      { $ref: '#/components/schemas/TransferToCustomer' },
    ]);
    expect(schemas.TransferToPhone.required).toEqual(['phone']);
    expect(schemas.CreateWebhookEndpointDto.properties.url.format).toBe('uri');
    expect(schemas.WebhookEndpointView.properties.url.format).toBe('uri');
  });

  it('pages every list the same way: limit, starting_after and ending_before', () => {
    // Every operation that answers a list envelope (a `*ListView`) takes the three, and nothing else takes `limit`.
    const answersList = (item: Json) =>
      /ListView$/.test(item.get?.responses?.['200']?.content?.['application/json']?.schema?.$ref ?? '');
    const takesLimit = (item: Json) =>
      (item.get?.parameters ?? []).some((parameter: Json) => parameter.name === 'limit');
    const entries = Object.entries(document.paths as Record<string, Json>);
    const lists = entries.filter(([, item]) => answersList(item));
    expect(lists.length).toBeGreaterThanOrEqual(15);
    expect(entries.filter(([, item]) => takesLimit(item)).map(([path]) => path)).toEqual(lists.map(([path]) => path));
    for (const [path, item] of lists) {
      const query = (item.get.parameters as Json[]).filter((p) => p.in === 'query');
      expect([path, query.map((p) => p.name)]).toEqual([
        path,
        expect.arrayContaining(['limit', 'starting_after', 'ending_before']),
      ]);
      expect(query.find((p) => p.name === 'limit')?.schema).toMatchObject({
        type: 'integer',
        minimum: 1,
        maximum: 100,
      });
    }
  });
});

describe('the contract check', () => {
  const check = () => new ContractCheck(document);
  const intent = {
    id: 'pi_01J9Z3K8E5Q7W2V6X4Y8T0R2M1',
    object: 'payment_intent',
    created: 1,
    merchant: 'mch_01J9Z3K8E5Q7W2V6X4Y8T0R2M1',
    amount: 100,
    amount_capturable: 0,
    amount_received: 0,
    amount_refunded: 0,
    currency: 'cny',
    status: 'requires_payment_method',
    capture_method: 'automatic',
    fee: 0,
    description: null,
    metadata: {},
    customer: null,
    last_payment_error: null,
    cancellation_reason: null,
    canceled_at: null,
    succeeded_at: null,
    expires_at: 2,
    authorization_expires_at: null,
    qr_code: 'tally://pay/pi_01J9Z3K8E5Q7W2V6X4Y8T0R2M1',
    version: 1,
  };
  const response = (status: number, body: unknown) => ({
    method: 'POST',
    route: '/v1/payment_intents',
    status,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify(body),
  });

  it('lists as not yet described only operations that exist and whose bodies are still bare', () => {
    const all = new Map(
      operations().map(({ path, method, operation }) => [`${method.toUpperCase()} ${path}`, operation]),
    );
    for (const key of BODIES_NOT_YET_DESCRIBED) {
      expect([key, all.has(key)]).toEqual([key, true]);
      const success = Object.entries(all.get(key)!.responses as Record<string, Json>).find(
        ([status]) => status < '400',
      );
      const schema = success?.[1].content?.['application/json']?.schema as Json | undefined;
      // Described means a named schema: a listed operation that has one should leave the list.
      expect([key, schema?.$ref]).toEqual([key, undefined]);
    }
  });

  it('accepts a response the document describes', () => {
    const contract = check();
    contract.check(response(200, intent));
    contract.check(
      response(400, { error: { type: 'invalid_request_error', code: 'x', message: 'm', request_id: 'req_1' } }),
    );
    expect(contract.violations).toEqual([]);
    expect(contract.counts).toEqual({ responses: 2, bodies: 2 });
  });

  it('refuses an undeclared status, a missing, extra or mistyped field, and an unknown route', () => {
    const contract = check();
    contract.check(response(201, intent));
    const { qr_code: _qr, ...missing } = intent;
    contract.check(response(200, missing));
    contract.check(response(200, { ...intent, secret: 'x' }));
    contract.check(response(200, { ...intent, amount: 1.5 }));
    contract.check(response(200, { ...intent, status: 'paid' }));
    contract.check({ ...response(200, intent), route: '/v1/nowhere' });
    expect(contract.violations.map((violation) => violation.split('\n')[0])).toEqual([
      'POST /v1/payment_intents answered 201, which it does not declare',
      expect.stringMatching(/body does not match its schema: \/ must have required property 'qr_code'/),
      expect.stringMatching(/body does not match its schema: \/ must NOT have additional properties/),
      expect.stringMatching(/body does not match its schema: \/amount must be integer/),
      expect.stringMatching(/body does not match its schema: \/status must be equal to one of the allowed values/),
      'POST /v1/nowhere is not in the document',
    ]);
  });
});

describe('the typed client', () => {
  const generator = join(__dirname, '..', 'scripts', 'generate-client.mjs');
  const check = (file: string) => spawnSync(process.execPath, [generator, '--check', file], { encoding: 'utf8' });

  it('is generated from the document Tally serves (npm run client:generate), and the check notices a change', async () => {
    // The generator's document (no database, no configuration) is the served one.
    const generated = JSON.parse(JSON.stringify(await defaultOpenApiDocument())) as Json;
    expect(generated).toEqual(document);

    const dir = mkdtempSync(join(tmpdir(), 'tally-client-'));
    try {
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(generated));
      const same = check(join(dir, 'openapi.json'));
      expect([same.status, same.stderr]).toEqual([0, '']);

      const changed = structuredClone(generated);
      changed.components.schemas.PaymentIntentView.properties.amount.type = 'string';
      writeFileSync(join(dir, 'changed.json'), JSON.stringify(changed));
      const drifted = check(join(dir, 'changed.json'));
      expect(drifted.status).toBe(1);
      expect(drifted.stderr).toContain('npm run client:generate');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
