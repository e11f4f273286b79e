// How many payments per second does the HTTP API take, next to pgbench's
// tpcb-like baseline on the same PostgreSQL, in one run?
//
// The API runs as its own process (dist/main.js from npm run build, LOG_LEVEL=warn)
// against a fresh database; this process is the load: 16 concurrent clients,
// each creating a payment intent with an Idempotency-Key (merchant key) and
// confirming it with one (customer token, automatic capture, so a confirmed
// intent is paid), over keep-alive HTTP on loopback, for 20 s.
// Prints paid intents/s, p50/p99 of each call, and the ratio to tpcb-like.
//
//   npm run bench:payments               (20 s)
//   BENCH_SECONDS=5 npm run bench:payments
//   BENCH_API_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' npm run bench:payments   (profile the API)
import { spawn } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import pg from 'pg';
import { migrate } from '../src/database/migrator';
import {
  benchHost,
  checkpoint,
  CLIENTS,
  databaseUrl,
  percentile,
  pgbenchTpcb,
  recreateDatabase,
  SECONDS,
} from './support/pgbench';

const PORT = Number(process.env.BENCH_PORT || 3987);
const OPERATOR_KEY = 'bench_operator_key_0123456789abcdef';
const CUSTOMERS = 64;
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS * 2 });

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

function call(method: string, path: string, key: string, body?: unknown, idempotencyKey?: string): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: PORT,
        method,
        path,
        agent,
        headers: {
          Authorization: `Bearer ${key}`,
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
          ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
        },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (data += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data ? JSON.parse(data) : {} }));
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

async function waitForApi(): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      const res = await call('GET', '/health/ready', OPERATOR_KEY);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the API did not start');
}

async function main() {
  console.log(`payments benchmark: ${SECONDS} s, ${CLIENTS} concurrent clients, PostgreSQL at ${benchHost()}`);
  const baseline = await pgbenchTpcb();
  console.log(`  measured ${baseline.name}`);

  const name = 'tally_bench_payments';
  await recreateDatabase(name);
  await migrate(databaseUrl(name), join(__dirname, '..', '..', 'prisma', 'migrations'));
  const nodeArgs = process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const api = spawn(process.execPath, [...nodeArgs, join(__dirname, '..', '..', 'dist', 'main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl(name),
      PORT: String(PORT),
      HOST: '127.0.0.1',
      OPERATOR_API_KEY: OPERATOR_KEY,
      LOG_LEVEL: 'warn',
      QUEUE_PREFIX: 'tally-bench-payments',
      RATE_LIMIT_REQUESTS: '10000000',
      DATABASE_POOL_SIZE: '20',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    await waitForApi();
    const merchant = await call('POST', '/v1/merchants', OPERATOR_KEY, {
      name: 'Bench Noodles',
      pricing: { fee_bps: 60 },
    });
    const merchantKey = String(merchant.body.secret_key);
    const tokens: string[] = [];
    const db = new pg.Client({ connectionString: databaseUrl(name) });
    await db.connect();
    for (let i = 0; i < CUSTOMERS; i++) {
      const customer = await call('POST', '/v1/customers', OPERATOR_KEY, {
        phone: `+8613700${String(i).padStart(6, '0')}`,
        kyc_tier: 3,
      });
      const token = await call('POST', `/v1/customers/${customer.body.id}/tokens`, OPERATOR_KEY, {
        expires_in: 86_400,
      });
      tokens.push(String(token.body.token));
      // Fund the wallet straight in the ledger (top-ups are the wallets capability's).
      await db.query(
        `WITH bank AS (INSERT INTO ledger_accounts (id, currency, type, owner_ref, code) VALUES ('la_bench_bank', 'cny', 'asset', 'platform', 400)
                        ON CONFLICT DO NOTHING RETURNING id),
              wallet AS (INSERT INTO ledger_accounts (id, currency, type, owner_ref, code, debits_must_not_exceed_credits)
                        VALUES ($1, 'cny', 'liability', $2, 100, true) RETURNING id)
         SELECT 1`,
        [`la_bench_wallet_${i}`, `customer:${customer.body.id}`],
      );
      await db.query(`SELECT * FROM ledger_post_entries($1::jsonb)`, [
        JSON.stringify([
          {
            pos: 0,
            entry: 0,
            entry_id: `je_bench_${i}`,
            id: `bench-fund-${i}`,
            kind: 'posted',
            debit_account_id: 'la_bench_bank',
            credit_account_id: `la_bench_wallet_${i}`,
            amount: 1_000_000_000,
            currency: 'cny',
          },
        ]),
      ]);
    }
    await db.end();

    const createLatencies: number[] = [];
    const confirmLatencies: number[] = [];
    let paid = 0;
    // One sequence for the warm-up and the measured run: every request has an Idempotency-Key of its own.
    let n = 0;
    const notPaid = new Map<string, number>();
    const run = async (seconds: number, record: boolean) => {
      const deadline = performance.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, client) => {
          while (performance.now() < deadline) {
            const i = n++;
            const t0 = performance.now();
            const intent = await call(
              'POST',
              '/v1/payment_intents',
              merchantKey,
              { amount: 100 + (i % 5_000), currency: 'cny' },
              `bench-create-${i}`,
            );
            const t1 = performance.now();
            const confirm = await call(
              'POST',
              `/v1/payment_intents/${intent.body.id}/confirm`,
              tokens[(client + i) % CUSTOMERS],
              undefined,
              `bench-confirm-${i}`,
            );
            const t2 = performance.now();
            if (!record) continue;
            createLatencies.push(t1 - t0);
            confirmLatencies.push(t2 - t1);
            if (confirm.status === 200 && confirm.body.status === 'succeeded') {
              paid++;
            } else {
              const error = confirm.body.error as { code?: string } | undefined;
              const why = `create ${intent.status}, confirm ${confirm.status} ${error?.code ?? ''}`.trim();
              notPaid.set(why, (notPaid.get(why) ?? 0) + 1);
            }
          }
        }),
      );
    };
    await run(2, false);
    await checkpoint();
    const started = performance.now();
    await run(SECONDS, true);
    const elapsed = (performance.now() - started) / 1000;
    createLatencies.sort((a, b) => a - b);
    confirmLatencies.sort((a, b) => a - b);
    const paidPerSecond = paid / elapsed;
    console.log('');
    console.log('| case | per second | p50 ms | p99 ms | x tpcb-like |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    console.log(
      `| ${baseline.name} | ${Math.round(baseline.perSecond).toLocaleString('en-US')} tps | ${baseline.p50Ms.toFixed(2)} | ${baseline.p99Ms.toFixed(2)} | 1.00x |`,
    );
    console.log(
      `| paid intents (create + confirm) | ${Math.round(paidPerSecond).toLocaleString('en-US')} | | | ${(paidPerSecond / baseline.perSecond).toFixed(2)}x |`,
    );
    console.log(
      `| POST /v1/payment_intents | | ${percentile(createLatencies, 50).toFixed(2)} | ${percentile(createLatencies, 99).toFixed(2)} | |`,
    );
    console.log(
      `| POST /v1/payment_intents/{id}/confirm | | ${percentile(confirmLatencies, 50).toFixed(2)} | ${percentile(confirmLatencies, 99).toFixed(2)} | |`,
    );
    console.log('');
    const failures = [...notPaid].map(([why, n]) => `${n} x (${why})`).join(', ');
    console.log(
      `${paid} paid${failures ? `; not paid: ${failures}` : ''}. Target: >= 0.25x tpcb-like, p99 < 100 ms per call.`,
    );
  } finally {
    api.kill('SIGTERM');
    agent.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
