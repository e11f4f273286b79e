// A process that posts ledger entries in a loop until it is killed; the crash
// test runs it with tsx and kills it with SIGKILL mid-posting. Every entry has
// exactly three transfers, so a half-written entry would show.
// Usage: tsx test/support/ledger-poster.ts <databaseUrl> <accountId>...
import { loadConfig } from '../../src/config/configuration';
import { DatabaseService } from '../../src/database/database.service';
import { PrismaService } from '../../src/database/prisma.service';
import { LedgerService } from '../../src/ledger/ledger.service';
import { OutboxService } from '../../src/outbox/outbox.service';

async function main() {
  const [databaseUrl, ...accounts] = process.argv.slice(2);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
    DATABASE_POOL_SIZE: '6',
  });
  const db = new DatabaseService(new PrismaService(config), config);
  const ledger = new LedgerService(db, new OutboxService(), config);
  const pick = () => accounts[Math.floor(Math.random() * accounts.length)];
  let posted = 0;
  const poster = async (lane: number) => {
    for (let n = 0; ; n++) {
      const [a, b, c] = [pick(), pick(), pick()];
      if (a === b || b === c || c === a) continue;
      const id = `kill-${process.pid}-${lane}-${n}`;
      const amount = BigInt(1 + Math.floor(Math.random() * 50));
      const entry = [
        { id: `${id}-a`, debitAccountId: a, creditAccountId: b, amount, currency: 'cny' },
        { id: `${id}-b`, debitAccountId: b, creditAccountId: c, amount, currency: 'cny' },
        // Every third entry holds money with a timeout, which also writes its expiry job to the outbox.
        n % 3 === 0
          ? {
              id: `${id}-c`,
              kind: 'pending' as const,
              debitAccountId: c,
              creditAccountId: a,
              amount,
              currency: 'cny',
              timeoutSeconds: 600,
            }
          : { id: `${id}-c`, debitAccountId: c, creditAccountId: a, amount, currency: 'cny' },
      ];
      const post = () => ledger.postEntries([entry]);
      await (lane % 2 === 0 ? post() : db.transaction(post));
      if (++posted === 20) process.stdout.write('posting\n');
    }
  };
  await Promise.all(Array.from({ length: 8 }, (_, lane) => poster(lane)));
}

main().catch((error) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
