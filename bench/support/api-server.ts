// The HTTP benchmarks' harness: the API built by `npm run build` (dist/main.js)
// runs as its own process against a fresh database, and the bench talks to
// it over keep-alive HTTP on loopback.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import pg from 'pg';
import { migrate } from '../../src/database/migrator';
import { type QueueBackend, resolveQueueBackend } from '../../src/queues/queue-backend';
import { checkpoint, CLIENTS, databaseUrl, HTTP_CLIENTS, recreateDatabase, type Result, SECONDS } from './pgbench';

export const OPERATOR_KEY = 'bench_operator_key_0123456789abcdef';

export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

export interface ApiServer {
  databaseUrl: string;
  call(method: string, path: string, key: string, body?: unknown, idempotencyKey?: string): Promise<Reply>;
  stop(): void;
}

/** The Node flags of `npm run start:api`, so the bench runs the API as production does. */
function startApiNodeFlags(): string[] {
  const packageJson = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
  const words: string[] = packageJson.scripts['start:api'].split(' ');
  return words.filter((word) => word.startsWith('--'));
}

/**
 * The queue backend a bench runs on: QUEUE_BACKEND, or the rule of `auto`
 * (docs/operations.md), printed so that the figures say what they measured.
 */
export async function benchQueueBackend(): Promise<QueueBackend> {
  const { backend, reason } = await resolveQueueBackend(process.env);
  console.log(`  queues on ${backend} (${reason})`);
  return backend;
}

/**
 * Starts the API on a fresh database `name`, on the queue backend of benchQueueBackend, with the Node flags of `npm run
 * start:api`. `BENCH_API_NODE_ARGS` adds flags (for example '--cpu-prof
 * --cpu-prof-dir=/tmp/prof').
 */
export async function startApiServer(name: string, port: number): Promise<ApiServer> {
  const queueBackend = await benchQueueBackend();
  await recreateDatabase(name);
  await migrate(databaseUrl(name), join(__dirname, '..', '..', '..', 'prisma', 'migrations'));
  const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(...HTTP_CLIENTS) * 2 });
  const nodeArgs = [...startApiNodeFlags(), ...(process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, join(__dirname, '..', '..', '..', 'dist', 'main.js')],
    {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: databaseUrl(name),
        QUEUE_BACKEND: queueBackend,
        PORT: String(port),
        HOST: '127.0.0.1',
        OPERATOR_API_KEY: OPERATOR_KEY,
        LOG_LEVEL: 'warn',
        QUEUE_PREFIX: `tally-${name}`,
        RATE_LIMIT_REQUESTS: '10000000',
        DATABASE_POOL_SIZE: '20',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const call = (method: string, path: string, key: string, body?: unknown, idempotencyKey?: string) =>
    new Promise<Reply>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
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
  const stop = () => {
    child.kill('SIGTERM');
    agent.destroy();
  };
  try {
    for (let i = 0; ; i++) {
      if (i >= 300) throw new Error('the API did not start');
      const ready = await call('GET', '/health/ready', OPERATOR_KEY).catch(() => null);
      if (ready?.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    stop();
    throw error;
  }
  return { databaseUrl: databaseUrl(name), call, stop };
}

/**
 * Onboards `count` tier-3 customers with wallet tokens (16 at a time) and
 * funds each CNY wallet with `balance` straight in the ledger, as the bank
 * clearing account's transfer a confirmed top-up would post.
 */
export async function fundedCustomers(
  server: ApiServer,
  count: number,
  balance: number,
): Promise<{ id: string; token: string }[]> {
  const customers: { id: string; token: string }[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = next++; i < count; i = next++) {
        const customer = await server.call('POST', '/v1/customers', OPERATOR_KEY, {
          phone: `+8613700${String(i).padStart(6, '0')}`,
          kyc_tier: 3,
        });
        const token = await server.call('POST', `/v1/customers/${customer.body.id}/tokens`, OPERATOR_KEY, {
          expires_in: 86_400,
        });
        customers[i] = { id: String(customer.body.id), token: String(token.body.token) };
      }
    }),
  );
  const db = new pg.Client({ connectionString: server.databaseUrl });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO ledger_accounts (id, currency, type, owner_ref, code) VALUES ('la_bench_bank', 'cny', 'asset', 'platform', 400)
       ON CONFLICT DO NOTHING`,
    );
    await db.query(
      `INSERT INTO ledger_accounts (id, currency, type, owner_ref, code, debits_must_not_exceed_credits)
       SELECT 'la_bench_wallet_' || i, 'cny', 'liability', 'customer:' || id, 100, true
         FROM unnest($1::text[]) WITH ORDINALITY AS c(id, i)`,
      [customers.map((c) => c.id)],
    );
    await db.query('SELECT * FROM ledger_post_entries($1::jsonb)', [
      JSON.stringify(
        customers.map((_, i) => ({
          pos: i,
          entry: i,
          entry_id: `je_bench_${i + 1}`,
          id: `bench-fund-${i + 1}`,
          kind: 'posted',
          debit_account_id: 'la_bench_bank',
          credit_account_id: `la_bench_wallet_${i + 1}`,
          amount: balance,
          currency: 'cny',
        })),
      ),
    ]);
  } finally {
    await db.end();
  }
  return customers;
}

/** The markdown table line of one measured call. */
/**
 * `clients` concurrent loops of `step`: 2 s of warm-up (`record` false), a
 * CHECKPOINT, then BENCH_SECONDS measured (`record` true). Returns the
 * measured run's length in seconds.
 */
export async function driveClients(clients: number, step: (record: boolean) => Promise<void>): Promise<number> {
  const run = async (seconds: number, record: boolean) => {
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < deadline) await step(record);
      }),
    );
  };
  await run(2, false);
  await checkpoint();
  const started = performance.now();
  await run(SECONDS, true);
  return (performance.now() - started) / 1000;
}

/** Counts every call measureCalls makes, so that each gets its own Idempotency-Key. */
let callCount = 0;

/** One call's figures at one number of clients: successes per second, sorted latencies, the refusals by status and code. */
export interface CallRun {
  succeeded: number;
  perSecond: number;
  latenciesMs: number[];
  /** "3 x (402 credit_limit_exceeded), ..." or '' when nothing was refused. */
  refused: string;
}

/**
 * `clients` concurrent loops of one API call (`send(i)`, i counting every
 * call of the bench), through driveClients: a 200 counts, anything else is a
 * refusal by status and error code.
 */
export async function measureCalls(clients: number, send: (i: number) => Promise<Reply>): Promise<CallRun> {
  const latenciesMs: number[] = [];
  const failed = new Map<string, number>();
  let succeeded = 0;
  const elapsed = await driveClients(clients, async (record) => {
    const t0 = performance.now();
    const res = await send(callCount++);
    const latency = performance.now() - t0;
    if (!record) return;
    latenciesMs.push(latency);
    if (res.status === 200) {
      succeeded++;
    } else {
      const why = `${res.status} ${(res.body.error as { code?: string } | undefined)?.code ?? ''}`.trim();
      failed.set(why, (failed.get(why) ?? 0) + 1);
    }
  });
  latenciesMs.sort((a, b) => a - b);
  const refused = [...failed].map(([why, count]) => `${count} x (${why})`).join(', ');
  return { succeeded, perSecond: succeeded / elapsed, latenciesMs, refused };
}

export function latencyLine(label: string, sortedMs: number[], percentile: (s: number[], p: number) => number): string {
  return `| ${label} | | ${percentile(sortedMs, 50).toFixed(2)} | ${percentile(sortedMs, 99).toFixed(2)} | |`;
}

/** The results table's head and the pgbench baseline's line. */
export function printTableHead(baseline: Result): void {
  console.log('');
  console.log('| case | per second | p50 ms | p99 ms | x tpcb-like |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  console.log(
    `| ${baseline.name} | ${Math.round(baseline.perSecond).toLocaleString('en-US')} tps | ${baseline.p50Ms.toFixed(2)} | ${baseline.p99Ms.toFixed(2)} | 1.00x |`,
  );
}

/** The table line of a measured rate, with its ratio to the baseline. */
export function rateLine(label: string, perSecond: number, baseline: Result): string {
  return `| ${label} | ${Math.round(perSecond).toLocaleString('en-US')} | | | ${(perSecond / baseline.perSecond).toFixed(2)}x |`;
}
