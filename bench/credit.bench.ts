// How many loan drawdowns per second does the HTTP API take, next to
// pgbench's tpcb-like baseline on the same PostgreSQL, in one run?
//
// The API runs as its own process (dist/main.js from npm run build) against
// a fresh database: one credit product, 1,000 tier-3 customers 60 days old
// whose wallets received 10,000.00 each, and a line for each (approved by
// POST /v1/credit/applications, so half the inflows: 5,000.00). This
// process is the load: concurrent clients, each drawing a 10.00 loan over 3
// months on a random customer's line (POST /v1/credit/loans with an
// Idempotency-Key), for BENCH_SECONDS at each of BENCH_HTTP_CLIENTS.
// Prints drawdowns/s, p50/p99 latency, and the ratio to tpcb-like.
//
//   npm run bench:credit
//   BENCH_SECONDS=10 BENCH_HTTP_CLIENTS=64 npm run bench:credit
import pg from 'pg';
import {
  fundedCustomers,
  latencyLine,
  measureCalls,
  OPERATOR_KEY,
  printTableHead,
  rateLine,
  startApiServer,
} from './support/api-server';
import { benchHost, HTTP_CLIENTS, percentile, pgbenchTpcb, SECONDS } from './support/pgbench';

const PORT = Number(process.env.BENCH_PORT || 3989);
const CUSTOMERS = 1_000;

async function main() {
  console.log(
    `credit benchmark: ${SECONDS} s of drawdowns at each of ${HTTP_CLIENTS.join(' and ')} concurrent HTTP clients (pgbench: 16), PostgreSQL at ${benchHost()}`,
  );
  const baseline = await pgbenchTpcb();
  console.log(`  measured ${baseline.name}`);
  const server = await startApiServer('tally_bench_credit', PORT);
  try {
    const customers = await fundedCustomers(server, CUSTOMERS, 1_000_000);
    // Old enough to borrow (the decision's account-age rule).
    const db = new pg.Client({ connectionString: server.databaseUrl });
    await db.connect();
    await db.query(`UPDATE customers SET created_at = now() - interval '60 days'`);
    await db.end();
    const product = await server.call('POST', '/v1/credit/products', OPERATOR_KEY, {
      name: 'Bench loan',
      currency: 'cny',
      daily_rate: '0.0005',
      penalty_daily_rate: '0.0002',
      terms: [3, 6, 12],
      repayment_methods: ['equal_installment', 'equal_principal'],
      min_amount: 100,
      max_amount: 1_000_000,
      limits_by_kyc_tier: { tier_1: 0, tier_2: 1_000_000, tier_3: 1_000_000 },
      grace_days: 3,
    });
    if (product.status !== 200) throw new Error(`product: ${JSON.stringify(product.body)}`);
    const lines: string[] = [];
    for (const customer of customers) {
      const application = await server.call('POST', '/v1/credit/applications', customer.token, {
        product: product.body.id,
      });
      if (application.body.decision !== 'approved') throw new Error(`declined: ${JSON.stringify(application.body)}`);
      lines.push(String(application.body.line));
    }
    console.log(`  ${CUSTOMERS} customers onboarded, funded and given a line of 5,000.00`);
    const results: string[] = [];
    const refusals: string[] = [];
    for (const clients of HTTP_CLIENTS) {
      const run = await measureCalls(clients, (i) => {
        const who = Math.floor(Math.random() * CUSTOMERS);
        return server.call(
          'POST',
          '/v1/credit/loans',
          customers[who].token,
          { line: lines[who], amount: 1_000, term: 3, repayment_method: 'equal_installment' },
          `bench-loan-${i}`,
        );
      });
      results.push(rateLine(`drawdowns, ${clients} HTTP clients`, run.perSecond, baseline));
      results.push(latencyLine(`POST /v1/credit/loans, ${clients} HTTP clients`, run.latenciesMs, percentile));
      refusals.push(`${clients} clients: ${run.succeeded} loans${run.refused ? `; refused: ${run.refused}` : ''}.`);
    }
    printTableHead(baseline);
    for (const line of results) console.log(line);
    console.log('');
    console.log(`${refusals.join(' ')} Target: >= 0.4x tpcb-like, p99 < 100 ms.`);
  } finally {
    server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
