// The typed client (clients/typescript): its layer over openapi-fetch, first
// against a real Tally (typed errors, idempotency keys and replays, cursor
// pagination, a real 429 waited out), then against a scripted HTTP server
// that answers what Tally answers only under failure (503s, a key still in
// use, an unreadable 502, no answer at all), to check the retry rules.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  autoPaginate,
  createTallyClient,
  TallyConnectionError,
  TallyError,
  type TallyClient,
  unwrap,
} from '@tally/client';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccountsService } from '../src/accounts/accounts.service';
import { LedgerService } from '../src/ledger/ledger.service';
import { fundedCustomer } from './support/customers';
import { createTestEnv, OPERATOR_KEY, type TestEnv } from './support/test-env';

let env: TestEnv;
let api: NestFastifyApplication;
let baseUrl: string;
let operator: TallyClient;
let merchantKey: string;

async function listen(app: NestFastifyApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
}

beforeAll(async () => {
  env = await createTestEnv();
  api = await env.startApi();
  baseUrl = await listen(api);
  operator = createTallyClient({ baseUrl, apiKey: OPERATOR_KEY });
  merchantKey = (await unwrap(operator.POST('/v1/merchants', { body: { name: 'Client Test Shop' } }))).secret_key;
});

afterAll(async () => {
  await env.teardown();
});

describe('the typed client against Tally', () => {
  it('throws a TallyError carrying the error’s type, code, param and request id', async () => {
    const tally = createTallyClient({ baseUrl, apiKey: merchantKey });
    const result = await tally.POST('/v1/payment_intents', { body: { amount: 0, currency: 'cny' } });
    const error = await unwrap(Promise.resolve(result)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TallyError);
    const { status, type, code, param, requestId } = error as TallyError;
    expect({ status, type, code, param }).toEqual({
      status: 400,
      type: 'invalid_request_error',
      code: 'parameter_invalid',
      param: 'amount',
    });
    expect(requestId).toBe(result.response.headers.get('request-id'));

    const denied = createTallyClient({ baseUrl, apiKey: 'sk_not_a_key' });
    const unauthorized = await unwrap(denied.GET('/v1/payment_intents')).catch((caught: unknown) => caught);
    expect([(unauthorized as TallyError).status, (unauthorized as TallyError).type]).toEqual([
      401,
      'authentication_error',
    ]);
  });

  it('sends a new Idempotency-Key with every POST, and replays a POST sent again with the same key', async () => {
    const tally = createTallyClient({ baseUrl, apiKey: merchantKey });
    const body = { amount: 700, currency: 'cny' as const };
    const first = await unwrap(tally.POST('/v1/payment_intents', { body }));
    const second = await unwrap(tally.POST('/v1/payment_intents', { body }));
    expect(second.id).not.toBe(first.id);

    const headers = { 'Idempotency-Key': `client-test-${first.id}` };
    const made = await tally.POST('/v1/payment_intents', { body, headers });
    const replayed = await tally.POST('/v1/payment_intents', { body, headers });
    expect(replayed.data?.id).toBe(made.data?.id);
    expect([
      made.response.headers.get('idempotent-replayed'),
      replayed.response.headers.get('idempotent-replayed'),
    ]).toEqual([null, 'true']);
  });

  it('pages through a whole list newest first, by id or by the cursor the list uses', async () => {
    const fresh = await unwrap(operator.POST('/v1/merchants', { body: { name: 'Paging Shop' } }));
    const tally = createTallyClient({ baseUrl, apiKey: fresh.secret_key });
    const made: string[] = [];
    for (let i = 0; i < 23; i++) {
      made.push((await unwrap(tally.POST('/v1/payment_intents', { body: { amount: 100 + i, currency: 'cny' } }))).id);
    }
    const seen: string[] = [];
    for await (const intent of autoPaginate((starting_after) =>
      tally.GET('/v1/payment_intents', { params: { query: { limit: 10, starting_after } } }),
    )) {
      seen.push(intent.id);
    }
    expect(seen).toEqual([...made].reverse());

    // A ledger account's entries have no id: they page by transfer, which autoPaginate must be told.
    const { id: customerId, walletId: account } = await fundedCustomer(api, '+8613800000201', 100n);
    const accounts = api.get(AccountsService);
    for (let i = 0; i < 14; i++) {
      await api.get(LedgerService).postTransfer({
        id: `client-test-${i}`,
        debitAccountId: await accounts.bankClearing('cny'),
        creditAccountId: account,
        amount: BigInt(i + 1),
        currency: 'cny',
      });
    }
    const entries = (starting_after: string | undefined) =>
      operator.GET('/v1/ledger/accounts/{id}/entries', {
        params: { path: { id: account }, query: { starting_after } },
      });
    // @ts-expect-error entries have no `id`: without cursorOf this does not compile
    void autoPaginate(entries);
    const transfers: string[] = [];
    for await (const entry of autoPaginate(entries, (line) => line.transfer)) transfers.push(entry.transfer);
    // Newest first, over two pages of the default 10.
    expect(transfers).toEqual([...Array.from({ length: 14 }, (_, i) => `client-test-${13 - i}`), `fund-${customerId}`]);
  });

  it('waits out a real 429 for its Retry-After and then succeeds; with no retries it throws rate_limit_error', async () => {
    const limited = await listen(
      await env.startApi(env.configWith({ RATE_LIMIT_REQUESTS: '2', RATE_LIMIT_WINDOW_SECONDS: '1' })),
    );
    const shop = await unwrap(operator.POST('/v1/merchants', { body: { name: 'Busy Shop' } }));
    const waits: number[] = [];
    const patient = createTallyClient({
      baseUrl: limited,
      apiKey: shop.secret_key,
      sleep: async (ms) => {
        waits.push(ms);
        await new Promise((resolve) => setTimeout(resolve, ms));
      },
    });
    // Six at once: with 2 per window, at most 4 fit even across a window's end, so some wait.
    const lists = await Promise.all([1, 2, 3, 4, 5, 6].map(() => unwrap(patient.GET('/v1/payment_intents'))));
    expect(lists.map((list) => list.object)).toEqual(Array(6).fill('list'));
    expect(waits.length).toBeGreaterThan(0);
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(1000);

    const impatient = createTallyClient({ baseUrl: limited, apiKey: shop.secret_key, maxRetries: 0 });
    const outcomes = await Promise.all(
      [1, 2, 3, 4, 5].map(() => unwrap(impatient.GET('/v1/payment_intents')).catch((error: unknown) => error)),
    );
    const refused = outcomes.filter((outcome): outcome is TallyError => outcome instanceof TallyError);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.map((error) => [error.status, error.type])).toContainEqual([429, 'rate_limit_error']);
  });
});

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
}

/** An HTTP server that answers each request with the next scripted answer, and records what it received. */
class ScriptedServer {
  readonly received: { method: string; headers: IncomingHttpHeaders; body: string }[] = [];
  private answers: Answer[] = [];
  private readonly server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      this.received.push({ method: req.method ?? '', headers: req.headers, body });
      const answer = this.answers.shift() ?? { status: 500, body: '{}' };
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(answer.body ?? '{}');
      }, answer.delayMs ?? 0);
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  script(...answers: Answer[]): void {
    this.answers = answers;
    this.received.length = 0;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const intentBody = JSON.stringify({ id: 'pi_01J9Z3K8E5Q7W2V6X4Y8T0R2M1', object: 'payment_intent' });
const tallyError = (code: string, type = 'state_error') =>
  JSON.stringify({ error: { type, code, message: code, request_id: 'req_scripted' } });

describe('the typed client’s retries', () => {
  const server = new ScriptedServer();
  let url: string;
  const waits: number[] = [];
  const client = (options: { maxRetries?: number } = {}) =>
    createTallyClient({
      baseUrl: url,
      apiKey: 'sk_scripted',
      baseDelayMs: 100,
      maxDelayMs: 1_000,
      sleep: async (ms) => void waits.push(ms),
      ...options,
    });
  const createIntent = (tally: TallyClient, headers?: Record<string, string>) =>
    tally.POST('/v1/payment_intents', { body: { amount: 100, currency: 'cny' }, headers });

  beforeAll(async () => {
    url = await server.start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('retries 5xx with the same Idempotency-Key and body, waiting a jittered delay under a doubling cap', async () => {
    waits.length = 0;
    server.script({ status: 503 }, { status: 502 }, { status: 500 }, { status: 200, body: intentBody });
    const intent = await unwrap(createIntent(client()));
    expect(intent.id).toBe('pi_01J9Z3K8E5Q7W2V6X4Y8T0R2M1');
    const keys = server.received.map((request) => request.headers['idempotency-key']);
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(server.received.map((request) => request.body))).toEqual(
      new Set([JSON.stringify({ amount: 100, currency: 'cny' })]),
    );
    expect(waits).toHaveLength(3);
    waits.forEach((wait, attempt) => expect(wait).toBeLessThanOrEqual(100 * 2 ** attempt));
  });

  it('keeps the caller’s Idempotency-Key, and sends none with a GET', async () => {
    server.script({ status: 503 }, { status: 200, body: intentBody }, { status: 200, body: '{"object":"list"}' });
    await unwrap(createIntent(client(), { 'Idempotency-Key': 'order-42' }));
    await client().GET('/v1/payment_intents');
    expect(server.received.map((request) => request.headers['idempotency-key'])).toEqual([
      'order-42',
      'order-42',
      undefined,
    ]);
  });

  it('retries a 409 only when the key is still in use, not when the object’s state refuses', async () => {
    server.script(
      { status: 409, body: tallyError('idempotency_key_in_use', 'idempotency_error') },
      { status: 200, body: intentBody },
    );
    expect((await unwrap(createIntent(client()))).id).toBe('pi_01J9Z3K8E5Q7W2V6X4Y8T0R2M1');
    expect(server.received).toHaveLength(2);

    server.script(
      { status: 409, body: tallyError('payment_intent_unexpected_state') },
      { status: 200, body: intentBody },
    );
    const refused = await unwrap(createIntent(client())).catch((error: unknown) => error);
    expect([(refused as TallyError).status, (refused as TallyError).code]).toEqual([
      409,
      'payment_intent_unexpected_state',
    ]);
    expect(server.received).toHaveLength(1);
  });

  it('honours Retry-After as the least wait, and gives a 429 back when Retry-After is too long to wait', async () => {
    waits.length = 0;
    const limited = {
      status: 429,
      headers: { 'retry-after': '2' },
      body: tallyError('rate_limited', 'rate_limit_error'),
    };
    server.script(limited, { status: 200, body: intentBody });
    await unwrap(createIntent(client()));
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(2_000);

    server.script({ ...limited, headers: { 'retry-after': '3600' } }, { status: 200, body: intentBody });
    const refused = await unwrap(createIntent(client())).catch((error: unknown) => error);
    expect([(refused as TallyError).status, (refused as TallyError).type]).toEqual([429, 'rate_limit_error']);
    expect(server.received).toHaveLength(1);
  });

  it('retries PATCH and DELETE only when Tally surely did nothing: a 429, not a 503', async () => {
    const endpoint = JSON.stringify({ id: 'we_01J9Z3K8E5Q7W2V6X4Y8T0R2M1', object: 'webhook_endpoint', deleted: true });
    server.script({ status: 503 }, { status: 200, body: endpoint });
    const path = { params: { path: { id: 'we_01J9Z3K8E5Q7W2V6X4Y8T0R2M1' } } };
    const unavailable = await unwrap(client().DELETE('/v1/webhook_endpoints/{id}', path)).catch(
      (error: unknown) => error,
    );
    expect([(unavailable as TallyError).status, server.received.length]).toEqual([503, 1]);

    server.script({ status: 429, headers: { 'retry-after': '1' } }, { status: 200, body: endpoint });
    await unwrap(client().DELETE('/v1/webhook_endpoints/{id}', path));
    expect(server.received.map((request) => [request.method, request.headers['idempotency-key']])).toEqual([
      ['DELETE', undefined],
      ['DELETE', undefined],
    ]);
  });

  it('retries an attempt that timed out, and stops at once when the caller aborts', async () => {
    server.script({ status: 200, body: intentBody, delayMs: 1_000 }, { status: 200, body: intentBody });
    const timed = createTallyClient({ baseUrl: url, apiKey: 'sk_x', timeoutMs: 200, sleep: async () => undefined });
    expect((await unwrap(createIntent(timed))).id).toBe('pi_01J9Z3K8E5Q7W2V6X4Y8T0R2M1');
    expect(server.received).toHaveLength(2);
    expect(server.received[0].headers['idempotency-key']).toBe(server.received[1].headers['idempotency-key']);

    server.script({ status: 503 }, { status: 503 }, { status: 200, body: intentBody });
    const controller = new AbortController();
    const slow = createTallyClient({
      baseUrl: url,
      apiKey: 'sk_x',
      sleep: () => new Promise((resolve) => setTimeout(resolve, 10_000).unref()),
    });
    const started = Date.now();
    const pending = slow.POST('/v1/payment_intents', {
      body: { amount: 100, currency: 'cny' },
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.received).toHaveLength(1);
  });

  it('reports a response without Tally’s error body, and no response at all, as typed errors', async () => {
    server.script({ status: 502, headers: { 'content-type': 'text/html' }, body: '<h1>Bad gateway</h1>' });
    const proxy = await unwrap(createIntent(client({ maxRetries: 0 }))).catch((error: unknown) => error);
    expect([(proxy as TallyError).status, (proxy as TallyError).code]).toEqual([502, 'unexpected_response']);

    // A port nothing listens on: every attempt is refused.
    const closed = new ScriptedServer();
    const closedUrl = await closed.start();
    await closed.stop();
    waits.length = 0;
    const unreachable = createTallyClient({
      baseUrl: closedUrl,
      apiKey: 'sk_x',
      maxRetries: 2,
      sleep: async (ms) => void waits.push(ms),
    });
    const error = await unwrap(createIntent(unreachable)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TallyConnectionError);
    expect((error as TallyConnectionError).message).toContain('no response after 3 attempt(s)');
    expect(waits).toHaveLength(2);
  });
});
