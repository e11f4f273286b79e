// How fast is the ledger, next to PostgreSQL's own yardstick? In one run, on
// the same PostgreSQL:
//   (a) pgbench's built-in tpcb-like workload, 16 clients (scale 16, so that
//       each client mostly has its own branch row) - the baseline;
//   (b) single-transfer entries between random accounts, 16 concurrent callers
//       of LedgerService.postTransfer (the group-commit path);
//   (b') the same, each inside a caller's own transaction (no group commit:
//       the shape of a payment posting with its state change);
//   (c) as (b), every transfer crediting one hot account;
//   (d) batched posting: 16 callers of postEntries with 100 entries per call.
// Prints transfers/s, p50 and p99 latency per call, and the ratio to (a).
//
//   npm run bench:ledger                 (20 s per case)
//   BENCH_SECONDS=5 npm run bench:ledger
import { join } from 'node:path';
import { loadConfig } from '../src/config/configuration';
import { DatabaseService } from '../src/database/database.service';
import { migrate } from '../src/database/migrator';
import { PrismaService } from '../src/database/prisma.service';
import { LedgerService } from '../src/ledger/ledger.service';
import { OutboxService } from '../src/outbox/outbox.service';
import {
  benchHost,
  checkpoint,
  CLIENTS,
  databaseUrl,
  percentile,
  pgbenchTpcb,
  recreateDatabase,
  type Result,
  SECONDS,
} from './support/pgbench';

const ACCOUNTS = 1_000;
const BATCH = 100;

/** Runs `callers` loops of `call` for SECONDS (after a short warm-up); `call` returns transfers posted. */
async function measure(
  name: string,
  callers: number,
  call: (caller: number, n: number) => Promise<number>,
): Promise<Result> {
  const run = async (seconds: number, record: boolean) => {
    const latencies: number[] = [];
    let transfers = 0;
    const deadline = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: callers }, async (_, caller) => {
        for (let n = 0; performance.now() < deadline; n++) {
          const t0 = performance.now();
          const posted = await call(caller, n);
          if (record) {
            latencies.push(performance.now() - t0);
            transfers += posted;
          }
        }
      }),
    );
    return { latencies, transfers, elapsed: (performance.now() - started) / 1000 };
  };
  await checkpoint();
  await run(2, false);
  const { latencies, transfers, elapsed } = await run(SECONDS, true);
  latencies.sort((a, b) => a - b);
  return { name, perSecond: transfers / elapsed, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

async function main() {
  console.log(`ledger benchmark: ${SECONDS} s per case, ${CLIENTS} concurrent callers, PostgreSQL at ${benchHost()}`);
  const baseline = await pgbenchTpcb();
  console.log(`  measured ${baseline.name}`);

  const name = 'tally_bench_ledger';
  await recreateDatabase(name);
  await migrate(databaseUrl(name), join(__dirname, '..', '..', 'prisma', 'migrations'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl(name),
    LOG_LEVEL: 'silent',
    DATABASE_POOL_SIZE: '20',
  });
  const prisma = new PrismaService(config);
  const db = new DatabaseService(prisma, config);
  const ledger = new LedgerService(db, new OutboxService(), config);

  const accounts: string[] = [];
  for (let i = 0; i < ACCOUNTS; i++)
    accounts.push((await ledger.openAccount({ currency: 'cny', type: 'liability' })).id);
  const hot = (await ledger.openAccount({ currency: 'cny', type: 'liability', ownerRef: 'merchant:hot' })).id;
  const randomPair = () => {
    const debit = accounts[Math.floor(Math.random() * ACCOUNTS)];
    let credit = debit;
    while (credit === debit) credit = accounts[Math.floor(Math.random() * ACCOUNTS)];
    return { debitAccountId: debit, creditAccountId: credit };
  };
  let unique = 0;
  const transfer = (prefix: string, pair: { debitAccountId: string; creditAccountId: string }) => ({
    id: `${prefix}-${++unique}`,
    ...pair,
    amount: BigInt(1 + Math.floor(Math.random() * 10_000)),
    currency: 'cny',
  });

  const results: Result[] = [baseline];
  results.push(
    await measure('(b) single transfers, random accounts', CLIENTS, async () => {
      await ledger.postTransfer(transfer('b', randomPair()));
      return 1;
    }),
  );
  console.log(`  measured ${results.at(-1)!.name}`);
  results.push(
    await measure("(b') single transfers, each in a caller's transaction", CLIENTS, async () => {
      await db.transaction(() => ledger.postTransfer(transfer('bt', randomPair())));
      return 1;
    }),
  );
  console.log(`  measured ${results.at(-1)!.name}`);
  results.push(
    await measure('(c) single transfers, all crediting one hot account', CLIENTS, async () => {
      await ledger.postTransfer(transfer('c', { debitAccountId: randomPair().debitAccountId, creditAccountId: hot }));
      return 1;
    }),
  );
  console.log(`  measured ${results.at(-1)!.name}`);
  results.push(
    await measure(`(d) batches of ${BATCH} entries`, CLIENTS, async () => {
      const entries = Array.from({ length: BATCH }, () => [transfer('d', randomPair())]);
      const posted = await ledger.postEntries(entries);
      return posted.filter((r) => r.ok).length;
    }),
  );
  console.log(`  measured ${results.at(-1)!.name}`);

  const report = await ledger.reconcile();
  console.log('');
  console.log('| case | transfers/s | p50 ms | p99 ms | x tpcb-like |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    const ratio = r.perSecond / baseline.perSecond;
    console.log(
      `| ${r.name} | ${Math.round(r.perSecond).toLocaleString('en-US')} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${ratio.toFixed(2)}x |`,
    );
  }
  console.log('');
  console.log('(a) is transactions/s; its latency is per transaction. Latency of (b)-(d) is per call.');
  console.log(
    `reconciliation after the run: ${report.ok ? 'ok' : 'DIFFERENCES FOUND'} (${report.accountsChecked} accounts, ${report.transfersChecked} transfers)`,
  );
  await prisma.$disconnect();
  if (!report.ok) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
