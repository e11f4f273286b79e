// How many P2P wallet transfers per second does the HTTP API take, next to
// pgbench's tpcb-like baseline on the same PostgreSQL, in one run?
//
// The API runs as its own process (dist/main.js from npm run build) against
// a fresh database with 1,000 funded tier-3 wallets; this process is the
// load: concurrent clients, each sending transfers between random pairs of
// wallets (POST /v1/wallet/transfers with the sender's token and an
// Idempotency-Key), over keep-alive HTTP on loopback, for 20 s with 16
// clients, then 20 s with 64 (see HTTP_CLIENTS for why both).
// Prints transfers/s, p50/p99 latency, and the ratio to tpcb-like.
//
//   npm run bench:wallets               (20 s each)
//   BENCH_SECONDS=5 BENCH_HTTP_CLIENTS=64 npm run bench:wallets
import {
  fundedCustomers,
  latencyLine,
  measureCalls,
  printTableHead,
  rateLine,
  startApiServer,
} from './support/api-server';
import { benchHost, HTTP_CLIENTS, percentile, pgbenchTpcb, SECONDS } from './support/pgbench';

const PORT = Number(process.env.BENCH_PORT || 3988);
const WALLETS = 1_000;

async function main() {
  console.log(
    `wallets benchmark: ${SECONDS} s at each of ${HTTP_CLIENTS.join(' and ')} concurrent HTTP clients (pgbench: 16), PostgreSQL at ${benchHost()}`,
  );
  const baseline = await pgbenchTpcb();
  console.log(`  measured ${baseline.name}`);
  const server = await startApiServer('tally_bench_wallets', PORT);
  try {
    // 10,000.00 CNY each: far from tier 3's daily limit for amounts of at most 50.00.
    const wallets = await fundedCustomers(server, WALLETS, 1_000_000);
    console.log(`  ${WALLETS} wallets onboarded and funded`);
    const results: string[] = [];
    const refusals: string[] = [];
    for (const clients of HTTP_CLIENTS) {
      const run = await measureCalls(clients, (i) => {
        const from = wallets[Math.floor(Math.random() * WALLETS)];
        let to = wallets[Math.floor(Math.random() * WALLETS)];
        if (to === from) to = wallets[(wallets.indexOf(from) + 1) % WALLETS];
        return server.call(
          'POST',
          '/v1/wallet/transfers',
          from.token,
          { to: { customer: to.id }, amount: 100 + (i % 4_900), currency: 'cny' },
          `bench-transfer-${i}`,
        );
      });
      results.push(rateLine(`wallet transfers, ${clients} HTTP clients`, run.perSecond, baseline));
      results.push(latencyLine(`POST /v1/wallet/transfers, ${clients} HTTP clients`, run.latenciesMs, percentile));
      refusals.push(`${clients} clients: ${run.succeeded} transfers${run.refused ? `; refused: ${run.refused}` : ''}.`);
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
