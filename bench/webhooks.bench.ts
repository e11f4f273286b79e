// How many webhook deliveries per second does one worker make, and how long
// after its event commits does each arrive?
//
// The worker (dist/worker.js from npm run build) runs as its own process
// against a fresh database with 4 merchants, each with an endpoint
// subscribed to every event, pointing at a receiver in this process that
// answers 200. This process also records payment-intent events through
// EventsService in transactions of 10 (as the API does), at BENCH_RATE
// events per second for BENCH_SECONDS. The receiver notes, per `webhook-id`,
// the time since that event's transaction committed.
// Prints deliveries/s and p50/p99 of that delay. The target is at least
// 1,000 deliveries/s with p99 under 1 s.
//
//   npm run bench:webhooks
//   BENCH_RATE=2000 BENCH_SECONDS=10 npm run bench:webhooks
//   BENCH_WORKER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' npm run bench:webhooks   (profile the worker)
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadConfig } from '../src/config/configuration';
import { DatabaseService } from '../src/database/database.service';
import { migrate } from '../src/database/migrator';
import { PrismaService } from '../src/database/prisma.service';
import { EventsService } from '../src/events/events.service';
import { databaseUrl, percentile, recreateDatabase, SECONDS } from './support/pgbench';

const RATE = Number(process.env.BENCH_RATE || 1_200);
const BATCH = 10;
const ENDPOINTS = 4;

async function main() {
  console.log(`webhooks benchmark: ${RATE} events/s for ${SECONDS} s, ${ENDPOINTS} endpoints, one worker`);
  const committedAt = new Map<string, number>();
  const delays: number[] = [];
  let delivered = 0;
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const committed = committedAt.get(String(req.headers['webhook-id']));
      if (committed !== undefined) {
        delays.push(performance.now() - committed);
        delivered++;
      }
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;

  const name = 'tally_bench_webhooks';
  await recreateDatabase(name);
  await migrate(databaseUrl(name), join(__dirname, '..', '..', 'prisma', 'migrations'));
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl(name),
    QUEUE_PREFIX: `tally-${name}`,
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: '20',
    WEBHOOK_ALLOW_LOOPBACK: 'true',
    WEBHOOK_DISPATCH_INTERVAL_MS: '20',
  };
  const nodeArgs = process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const worker = spawn(process.execPath, [...nodeArgs, join(__dirname, '..', '..', 'dist', 'worker.js')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  // The producer: the API's way of recording events, without the API around it.
  const config = loadConfig({ ...process.env, ...env });
  const prisma = new PrismaService(config);
  const db = new DatabaseService(prisma, config);
  const events = new EventsService();
  try {
    for (let i = 0; i < ENDPOINTS; i++) {
      await db.sql.query(
        `WITH m AS (INSERT INTO merchants (id, name) VALUES ($1::text, $2::text))
         INSERT INTO webhook_endpoints (id, owner, url, enabled_events, secret)
         VALUES ($3::text, 'merchant:' || $1::text, $4::text, ARRAY['*'], $5::text)`,
        [
          `mch_bench${i}`,
          `Bench ${i}`,
          `we_bench${i}`,
          `http://127.0.0.1:${port}/hook`,
          `whsec_${Buffer.alloc(32, i + 1).toString('base64')}`,
        ],
      );
    }
    let produced = 0;
    const produce = async (seconds: number, record: boolean) => {
      const started = performance.now();
      const total = Math.round(RATE * seconds);
      let issued = 0;
      const inFlight: Promise<void>[] = [];
      while (issued < total) {
        // Paced: the next batch leaves when the rate says so.
        const due = started + (issued / RATE) * 1000;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const first = issued;
        issued += BATCH;
        inFlight.push(
          db
            .sqlTransaction(async (sql) => {
              const ids: string[] = [];
              for (let i = first; i < first + BATCH; i++) {
                const owner = `merchant:mch_bench${i % ENDPOINTS}`;
                const object = { id: `pi_bench${i}`, object: 'payment_intent', amount: 100 + i, version: 1 };
                ids.push(events.record(sql, { type: 'payment_intent.created', owner, object }));
              }
              return ids;
            })
            .then((ids) => {
              const now = performance.now();
              if (record) for (const id of ids) committedAt.set(id, now);
              if (record) produced += ids.length;
            }),
        );
        if (inFlight.length >= 50) await Promise.all(inFlight.splice(0));
      }
      await Promise.all(inFlight);
    };
    await produce(2, false); // warm-up: these deliveries are not counted
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const started = performance.now();
    await produce(SECONDS, true);
    const deadline = performance.now() + 30_000;
    while (delivered < produced && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const elapsed = (performance.now() - started) / 1000;
    delays.sort((a, b) => a - b);
    console.log('');
    console.log('| case | per second | p50 ms | p99 ms |');
    console.log('| --- | ---: | ---: | ---: |');
    console.log(`| events recorded | ${Math.round(produced / SECONDS).toLocaleString('en-US')} | | |`);
    console.log(
      `| deliveries (commit to receiver) | ${Math.round(delivered / elapsed).toLocaleString('en-US')} | ${percentile(delays, 50).toFixed(1)} | ${percentile(delays, 99).toFixed(1)} |`,
    );
    console.log('');
    console.log(`${delivered} of ${produced} delivered. Target: >= 1,000 deliveries/s, p99 < 1,000 ms.`);
  } finally {
    worker.kill('SIGTERM');
    await prisma.onApplicationShutdown();
    receiver.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
