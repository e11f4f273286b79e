// A process posting ledger entries in a loop is killed with SIGKILL; what it
// committed must be whole entries, and every invariant must still hold.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { LedgerService } from '../src/ledger/ledger.service';
import { createTestEnv, eventually, TestEnv } from './support/test-env';
import { expectReconciled } from './support/ledger-checks';

let env: TestEnv;
let ledger: LedgerService;

beforeAll(async () => {
  env = await createTestEnv();
  ledger = (await env.startApi()).get(LedgerService);
});

afterAll(async () => {
  await env.teardown();
});

it('leaves no half-written entry and keeps every invariant after SIGKILL mid-posting', async () => {
  const source = await ledger.openAccount({ currency: 'cny', type: 'asset' });
  const wallets = [];
  for (let i = 0; i < 4; i++) {
    const wallet = await ledger.openAccount({ currency: 'cny', type: 'liability', debitsMustNotExceedCredits: true });
    await ledger.postTransfer({
      id: `seed-${i}`,
      debitAccountId: source.id,
      creditAccountId: wallet.id,
      amount: 5_000n,
      currency: 'cny',
    });
    wallets.push(wallet.id);
  }
  const tsx = join(__dirname, '..', 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, [join(__dirname, 'support', 'ledger-poster.ts'), env.databaseUrl, source.id, ...wallets], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`the poster exited early: ${stderr}`);
    const { rows } = await env.sql.query("SELECT count(*)::int AS n FROM ledger_transfers WHERE id LIKE 'kill-%'");
    return rows[0].n >= 600;
  }, 60_000);
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');

  // PostgreSQL rolls back the transactions of the dropped connections; give it a moment.
  await eventually(async () => {
    const { rows } = await env.sql.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'",
    );
    return rows[0].n === 0;
  });
  const { rows: entries } = await env.sql.query(
    "SELECT entry_id, count(*)::int AS transfers FROM ledger_transfers WHERE id LIKE 'kill-%' GROUP BY entry_id",
  );
  expect(entries.length).toBeGreaterThan(150);
  expect(entries.filter((e) => e.transfers !== 3)).toEqual([]);
  // Every entry is whole: its three transfers share their entry, and none has a sibling missing.
  const { rows: orphans } = await env.sql.query(
    `SELECT t.id FROM ledger_transfers t WHERE t.id LIKE 'kill-%' AND NOT EXISTS (
       SELECT 1 FROM ledger_transfers s WHERE s.entry_id = t.entry_id AND s.id <> t.id)`,
  );
  expect(orphans).toEqual([]);
  // Each committed pending transfer with a timeout has its expiry job in the outbox.
  const { rows: missingJobs } = await env.sql.query(
    `SELECT t.id FROM ledger_transfers t WHERE t.kind = 'pending' AND t.id LIKE 'kill-%' AND NOT EXISTS (
       SELECT 1 FROM outbox_messages o WHERE o.queue = 'ledger' AND o.payload->>'pendingId' = t.id)`,
  );
  expect(missingJobs).toEqual([]);
  await expectReconciled(ledger);
  for (const id of wallets) {
    const wallet = await ledger.getAccount(id);
    expect(wallet!.debitsPending + wallet!.debitsPosted).toBeLessThanOrEqual(wallet!.creditsPosted);
  }
}, 90_000);
