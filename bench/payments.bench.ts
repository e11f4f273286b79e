// How many payments per second does the HTTP API take, next to pgbench's
// tpcb-like baseline on the same PostgreSQL, in one run?
//
// The API runs as its own process (dist/main.js from npm run build, LOG_LEVEL=warn)
// against a fresh database; this process is the load: concurrent clients,
// each creating a payment intent with an Idempotency-Key (merchant key) and
// confirming it with one (customer token, automatic capture, so a confirmed
// intent is paid), over keep-alive HTTP on loopback, for 20 s with 16
// clients, then 20 s with 64 (see HTTP_CLIENTS). Each confirmation comes from
// one of 1,000 funded customers at random (BENCH_CUSTOMERS), as at real
// checkouts, where one customer seldom pays twice at once: payments of one
// customer queue on that customer's usage row and wallet until COMMIT.
// Prints paid intents/s, p50/p99 of each call, and the ratio to tpcb-like.
//
//   npm run bench:payments               (20 s each)
//   BENCH_SECONDS=5 BENCH_HTTP_CLIENTS=16 BENCH_CUSTOMERS=64 npm run bench:payments
//   BENCH_API_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' npm run bench:payments   (profile the API)
import {
  driveClients,
  fundedCustomers,
  latencyLine,
  printTableHead,
  rateLine,
  OPERATOR_KEY,
  startApiServer,
} from './support/api-server';
import { benchHost, HTTP_CLIENTS, percentile, pgbenchTpcb, SECONDS } from './support/pgbench';

const PORT = Number(process.env.BENCH_PORT || 3987);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS || 1_000);

async function main() {
  console.log(
    `payments benchmark: ${SECONDS} s at each of ${HTTP_CLIENTS.join(' and ')} concurrent HTTP clients (pgbench: 16), PostgreSQL at ${benchHost()}`,
  );
  const baseline = await pgbenchTpcb();
  console.log(`  measured ${baseline.name}`);

  const server = await startApiServer('tally_bench_payments', PORT);
  const call = server.call;
  try {
    const merchant = await call('POST', '/v1/merchants', OPERATOR_KEY, {
      name: 'Bench Noodles',
      pricing: { fee_bps: 60 },
    });
    const merchantKey = String(merchant.body.secret_key);
    const tokens = (await fundedCustomers(server, CUSTOMERS, 1_000_000_000)).map((c) => c.token);
    console.log(`  ${CUSTOMERS} customers onboarded and funded`);

    // One sequence for every run: each request has an Idempotency-Key of its own.
    let n = 0;
    const results: string[] = [];
    const outcomes: string[] = [];
    for (const clients of HTTP_CLIENTS) {
      const createLatencies: number[] = [];
      const confirmLatencies: number[] = [];
      let paid = 0;
      const notPaid = new Map<string, number>();
      const elapsed = await driveClients(clients, async (record) => {
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
          tokens[Math.floor(Math.random() * CUSTOMERS)],
          undefined,
          `bench-confirm-${i}`,
        );
        const t2 = performance.now();
        if (!record) return;
        createLatencies.push(t1 - t0);
        confirmLatencies.push(t2 - t1);
        if (confirm.status === 200 && confirm.body.status === 'succeeded') {
          paid++;
        } else {
          const error = confirm.body.error as { code?: string } | undefined;
          const why = `create ${intent.status}, confirm ${confirm.status} ${error?.code ?? ''}`.trim();
          notPaid.set(why, (notPaid.get(why) ?? 0) + 1);
        }
      });
      createLatencies.sort((a, b) => a - b);
      confirmLatencies.sort((a, b) => a - b);
      results.push(rateLine(`paid intents (create + confirm), ${clients} HTTP clients`, paid / elapsed, baseline));
      results.push(latencyLine(`POST /v1/payment_intents, ${clients} HTTP clients`, createLatencies, percentile));
      results.push(
        latencyLine(`POST /v1/payment_intents/{id}/confirm, ${clients} HTTP clients`, confirmLatencies, percentile),
      );
      const failures = [...notPaid].map(([why, count]) => `${count} x (${why})`).join(', ');
      outcomes.push(`${clients} clients: ${paid} paid${failures ? `; not paid: ${failures}` : ''}.`);
    }
    printTableHead(baseline);
    for (const line of results) console.log(line);
    console.log('');
    console.log(`${outcomes.join(' ')} Target: >= 0.25x tpcb-like, p99 < 100 ms per call.`);
  } finally {
    server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
