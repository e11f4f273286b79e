// The demo set a newcomer finds after the first `npm start` in development:
// a merchant with a short settlement delay and two customers with wallets
// (one topped up through the sandbox bank), made through the public API with
// the operator key, exactly as an integration would make them.
//
// Its secrets (the merchant's key, the customers' tokens) are kept only in
// TALLY_LOCAL_DIR (`.tally/`, ignored by git) as demo.json and as demo.env,
// shell variables for docs/getting-started.md. Development only: the launcher
// never seeds in production.
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DemoCustomer {
  id: string;
  name: string;
  phone: string;
  token: string;
  /** Unix seconds. */
  token_expires_at: number;
}

export interface DemoSet {
  api_url: string;
  merchant: { id: string; name: string; secret_key: string };
  alice: DemoCustomer;
  bob: DemoCustomer;
}

/** Customer tokens last this long (the most Tally issues), and are issued afresh when less than a day is left. */
const TOKEN_TTL_SECONDS = 90 * 86_400;
const TOKEN_RENEW_BEFORE_SECONDS = 86_400;
/** Alice's opening balance: 1,000.00 CNY, from the sandbox bank. */
export const DEMO_TOP_UP = { amount: 100_000, currency: 'cny' };
/** Seconds from capture to settlement for the demo merchant, so the walkthrough sees money settle. */
export const DEMO_SETTLEMENT_DELAY_SECONDS = 5;

export class ApiCallError extends Error {}

/** A JSON call to Tally's API, failing with the API's error message on a non-2xx answer. */
export async function callApi<T>(
  apiUrl: string,
  key: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  idempotencyKey?: string,
): Promise<T> {
  const response = await fetch(new URL(path, apiUrl), {
    method,
    headers: {
      Authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const answer = (await response.json()) as T & { error?: { message?: string } };
  if (!response.ok) {
    throw new ApiCallError(`${method} ${path}: ${response.status} ${answer.error?.message ?? ''}`.trim());
  }
  return answer;
}

export function demoFiles(localDir: string) {
  return { json: join(localDir, 'demo.json'), env: join(localDir, 'demo.env') };
}

function readDemoSet(localDir: string): DemoSet | null {
  const { json } = demoFiles(localDir);
  if (!existsSync(json)) return null;
  try {
    return JSON.parse(readFileSync(json, 'utf8')) as DemoSet;
  } catch {
    return null;
  }
}

function writeDemoSet(localDir: string, demo: DemoSet, operatorKey: string): void {
  mkdirSync(localDir, { recursive: true });
  const files = demoFiles(localDir);
  writeFileSync(files.json, JSON.stringify(demo, null, 2) + '\n', { mode: 0o600 });
  const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
  const lines = {
    TALLY: demo.api_url.replace(/\/$/, ''),
    OPERATOR_KEY: operatorKey,
    MERCHANT_KEY: demo.merchant.secret_key,
    ALICE: demo.alice.id,
    ALICE_TOKEN: demo.alice.token,
    ALICE_PHONE: demo.alice.phone,
    BOB: demo.bob.id,
    BOB_TOKEN: demo.bob.token,
    BOB_PHONE: demo.bob.phone,
  };
  writeFileSync(
    files.env,
    '# The demo set of this Tally (development only; `npm run seed` prints it again).\n' +
      Object.entries(lines)
        .map(([name, value]) => `${name}=${quote(value)}`)
        .join('\n') +
      '\n',
    { mode: 0o600 },
  );
}

/** A random mainland China mobile number (+86 138...), so that demo sets of different databases never clash. */
function demoPhone(): string {
  return `+86138${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
}

async function issueToken(apiUrl: string, operatorKey: string, customerId: string) {
  const token = await callApi<{ token: string; expires_at: number }>(
    apiUrl,
    operatorKey,
    'POST',
    `/v1/customers/${customerId}/tokens`,
    { expires_in: TOKEN_TTL_SECONDS },
  );
  return { token: token.token, token_expires_at: token.expires_at };
}

async function createCustomer(apiUrl: string, operatorKey: string, name: string, tag: string): Promise<DemoCustomer> {
  const phone = demoPhone();
  const customer = await callApi<{ id: string }>(
    apiUrl,
    operatorKey,
    'POST',
    '/v1/customers',
    { phone, name, kyc_tier: 2, metadata: { demo: 'true' } },
    `demo-${tag}-${phone}`,
  );
  return { id: customer.id, name, phone, ...(await issueToken(apiUrl, operatorKey, customer.id)) };
}

async function topUp(apiUrl: string, customer: DemoCustomer, timeoutMs: number): Promise<void> {
  const topUp = await callApi<{ id: string; status: string }>(
    apiUrl,
    customer.token,
    'POST',
    '/v1/wallet/top_ups',
    DEMO_TOP_UP,
    `demo-top-up-${customer.id}`,
  );
  // The sandbox bank answers through the worker, asynchronously.
  const deadline = Date.now() + timeoutMs;
  for (let status = topUp.status; status !== 'succeeded';) {
    if (status === 'failed') throw new ApiCallError(`the demo top-up ${topUp.id} failed`);
    if (Date.now() > deadline) throw new ApiCallError(`the demo top-up ${topUp.id} is still ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    status = (await callApi<{ status: string }>(apiUrl, customer.token, 'GET', `/v1/wallet/top_ups/${topUp.id}`))
      .status;
  }
}

async function createDemoSet(apiUrl: string, operatorKey: string, timeoutMs: number): Promise<DemoSet> {
  const merchant = await callApi<{ id: string; name: string; secret_key: string }>(
    apiUrl,
    operatorKey,
    'POST',
    '/v1/merchants',
    {
      name: 'Demo Noodle Bar',
      settlement_delay_seconds: DEMO_SETTLEMENT_DELAY_SECONDS,
      metadata: { demo: 'true' },
    },
  );
  const alice = await createCustomer(apiUrl, operatorKey, 'Alice (demo)', 'alice');
  const bob = await createCustomer(apiUrl, operatorKey, 'Bob (demo)', 'bob');
  await topUp(apiUrl, alice, timeoutMs);
  return {
    api_url: apiUrl,
    merchant: { id: merchant.id, name: merchant.name, secret_key: merchant.secret_key },
    alice,
    bob,
  };
}

async function merchantExists(apiUrl: string, operatorKey: string, merchantId: string): Promise<boolean> {
  try {
    await callApi(apiUrl, operatorKey, 'GET', `/v1/merchants/${merchantId}`);
    return true;
  } catch (error) {
    if (error instanceof ApiCallError && / 404 /.test(error.message)) return false;
    throw error;
  }
}

export interface EnsuredDemoSet {
  demo: DemoSet;
  created: boolean;
}

/**
 * The demo set recorded in `localDir`, with customer tokens issued afresh when
 * they are about to expire; or, when none is recorded for this database (its
 * merchant does not exist there), a new one.
 */
export async function ensureDemoSet(options: {
  apiUrl: string;
  operatorKey: string;
  localDir: string;
  timeoutMs?: number;
}): Promise<EnsuredDemoSet> {
  const { apiUrl, operatorKey, localDir } = options;
  const recorded = readDemoSet(localDir);
  if (recorded && (await merchantExists(apiUrl, operatorKey, recorded.merchant.id))) {
    const now = Date.now() / 1000;
    for (const customer of [recorded.alice, recorded.bob]) {
      if (customer.token_expires_at - now < TOKEN_RENEW_BEFORE_SECONDS) {
        Object.assign(customer, await issueToken(apiUrl, operatorKey, customer.id));
      }
    }
    recorded.api_url = apiUrl;
    writeDemoSet(localDir, recorded, operatorKey);
    return { demo: recorded, created: false };
  }
  const demo = await createDemoSet(apiUrl, operatorKey, options.timeoutMs ?? 30_000);
  writeDemoSet(localDir, demo, operatorKey);
  return { demo, created: true };
}

/** The lines that introduce the demo set. */
export function describeDemoSet(demo: DemoSet, localDir: string): string[] {
  return [
    `demo merchant  ${demo.merchant.name} (${demo.merchant.id})  secret key ${demo.merchant.secret_key}`,
    `demo customer  ${demo.alice.name} ${demo.alice.phone} (${demo.alice.id})  token ${demo.alice.token}  (topped up with 1,000.00 CNY)`,
    `demo customer  ${demo.bob.name} ${demo.bob.phone} (${demo.bob.id})  token ${demo.bob.token}`,
    `as shell variables: source ${demoFiles(localDir).env}  (walkthrough: docs/getting-started.md)`,
  ];
}
