// The ledger against the real PostgreSQL: accounts, single and multi-transfer
// entries, batches, two-phase transfers with expiry, idempotency, reversals,
// reads, reconciliation, append-only history and the operator endpoints.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DatabaseService } from '../src/database/database.service';
import { LedgerJobs } from '../src/ledger/ledger.jobs';
import { expiryTransferId, LedgerError, type TransferRequest } from '../src/ledger/ledger.model';
import { LedgerService, type OpenAccountInput } from '../src/ledger/ledger.service';
import { bearer, createTestEnv, eventually, operatorAuth, TestEnv } from './support/test-env';

let env: TestEnv;
let app: NestFastifyApplication;
let ledger: LedgerService;
let db: DatabaseService;
let counter = 0;
const uid = (label: string) => `${label}-${++counter}-${Date.now().toString(36)}`;

beforeAll(async () => {
  env = await createTestEnv({ MAX_AMOUNT: '1000000000' });
  app = await env.startApi();
  ledger = app.get(LedgerService);
  db = app.get(DatabaseService);
});

afterAll(async () => {
  await env.teardown();
});

const api = () => request(app.getHttpServer());

async function open(input: Partial<OpenAccountInput> = {}) {
  return ledger.openAccount({ currency: 'cny', type: 'asset', ...input });
}

/** A customer-wallet-like account (liability that may not go negative), funded from a bank asset. */
async function fundedWallet(amount: bigint) {
  const bank = await open({ type: 'asset' });
  const wallet = await open({ type: 'liability', debitsMustNotExceedCredits: true });
  if (amount > 0n) {
    await ledger.postTransfer({
      id: uid('fund'),
      debitAccountId: bank.id,
      creditAccountId: wallet.id,
      amount,
      currency: 'cny',
    });
  }
  return { bank, wallet };
}

async function balances(id: string) {
  const account = await ledger.getAccount(id);
  if (!account) throw new Error(`no account ${id}`);
  return {
    debitsPending: account.debitsPending,
    debitsPosted: account.debitsPosted,
    creditsPending: account.creditsPending,
    creditsPosted: account.creditsPosted,
  };
}

async function transferCount(): Promise<number> {
  const { rows } = await env.sql.query<{ n: string }>('SELECT count(*) AS n FROM ledger_transfers');
  return Number(rows[0].n);
}

async function expectRejected(transfers: TransferRequest[], code: string): Promise<LedgerError> {
  const before = await transferCount();
  const error = await ledger.postEntry(transfers).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LedgerError);
  expect((error as LedgerError).code).toBe(code);
  expect(await transferCount()).toBe(before);
  return error as LedgerError;
}

describe('accounts', () => {
  it('opens an account once per owner, code and currency', async () => {
    const owner = uid('customer:cus');
    const first = await open({ ownerRef: owner, code: 1, type: 'liability', debitsMustNotExceedCredits: true });
    const again = await open({ ownerRef: owner, code: 1, type: 'liability', debitsMustNotExceedCredits: true });
    expect(again.id).toBe(first.id);
    expect(first.id).toMatch(/^la_/);
    const usd = await open({ ownerRef: owner, code: 1, type: 'liability', currency: 'usd' });
    expect(usd.id).not.toBe(first.id);
    await expect(open({ ownerRef: owner, code: 1, type: 'asset' })).rejects.toMatchObject({ code: 'account_exists' });
    const concurrent = await Promise.all(
      Array.from({ length: 10 }, () => open({ ownerRef: `${owner}-c`, code: 2, type: 'revenue' })),
    );
    expect(new Set(concurrent.map((a) => a.id)).size).toBe(1);
  });

  it('refuses bad account input', async () => {
    await expect(open({ currency: 'xxx' })).rejects.toMatchObject({ code: 'invalid_account', param: 'currency' });
    await expect(open({ debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: true })).rejects.toMatchObject({
      code: 'invalid_account',
      param: 'flags',
    });
    await expect(open({ type: 'cash' as never })).rejects.toMatchObject({ code: 'invalid_account', param: 'type' });
  });

  it('closes an account with nothing pending; a closed account takes no transfers', async () => {
    const { bank, wallet } = await fundedWallet(1000n);
    await ledger.postTransfer({
      id: uid('hold'),
      kind: 'pending',
      debitAccountId: wallet.id,
      creditAccountId: bank.id,
      amount: 10n,
      currency: 'cny',
    });
    await expect(ledger.closeAccount(wallet.id)).rejects.toMatchObject({ code: 'account_has_pending' });
    const other = await open();
    const closed = await ledger.closeAccount(other.id);
    expect(closed.status).toBe('closed');
    expect((await ledger.closeAccount(other.id)).status).toBe('closed');
    await expectRejected(
      [{ id: uid('t'), debitAccountId: other.id, creditAccountId: wallet.id, amount: 5n, currency: 'cny' }],
      'account_closed',
    );
    await expect(ledger.closeAccount('la_missing')).rejects.toMatchObject({ code: 'account_not_found' });
  });
});

describe('posting', () => {
  it('posts a transfer: balances, derived balances and the balances recorded with it', async () => {
    const { bank, wallet } = await fundedWallet(0n);
    const transfer = await ledger.postTransfer({
      id: uid('topup'),
      debitAccountId: bank.id,
      creditAccountId: wallet.id,
      amount: 1099n,
      currency: 'cny',
      code: 7,
      reference: 'top_up tu_1',
      metadata: { order: '42' },
    });
    expect(transfer).toMatchObject({ kind: 'posted', amount: 1099n, code: 7, reference: 'top_up tu_1' });
    expect(transfer.metadata).toEqual({ order: '42' });
    expect(transfer.creditAccountAfter).toEqual({
      debitsPending: 0n,
      debitsPosted: 0n,
      creditsPending: 0n,
      creditsPosted: 1099n,
    });
    expect(await balances(wallet.id)).toEqual(transfer.creditAccountAfter);
    expect(await balances(bank.id)).toEqual({
      debitsPending: 0n,
      debitsPosted: 1099n,
      creditsPending: 0n,
      creditsPosted: 0n,
    });
  });

  it('refuses bad input with a domain error and writes nothing', async () => {
    const { bank, wallet } = await fundedWallet(500n);
    const usdAccount = await open({ currency: 'usd' });
    const base = { debitAccountId: wallet.id, creditAccountId: bank.id, currency: 'cny' };
    await expectRejected([{ id: uid('t'), ...base, amount: 0n }], 'invalid_transfer');
    await expectRejected([{ id: uid('t'), ...base, amount: -5n }], 'invalid_transfer');
    await expectRejected([{ id: uid('t'), ...base, amount: 1_000_000_001n }], 'invalid_transfer');
    await expectRejected([{ id: uid('t'), ...base, amount: 1.5 as unknown as bigint }], 'invalid_transfer');
    await expectRejected([{ id: 'bad id with spaces', ...base, amount: 5n }], 'invalid_transfer');
    await expectRejected([{ id: uid('t'), ...base, currency: 'usd', amount: 5n }], 'currency_mismatch');
    await expectRejected(
      [{ id: uid('t'), debitAccountId: usdAccount.id, creditAccountId: bank.id, currency: 'usd', amount: 5n }],
      'currency_mismatch',
    );
    await expectRejected([{ id: uid('t'), ...base, debitAccountId: 'la_nope', amount: 5n }], 'account_not_found');
    await expectRejected([{ id: uid('t'), ...base, creditAccountId: wallet.id, amount: 5n }], 'same_account');
    await expectRejected([{ id: uid('t'), ...base, amount: 501n }], 'exceeds_credits');
    await expectRejected(
      [{ id: uid('t'), kind: 'post_pending', pendingId: 'no-such-pending' }],
      'pending_transfer_not_found',
    );
    const posted = await ledger.postTransfer({ id: uid('t'), ...base, amount: 5n });
    await expectRejected(
      [{ id: uid('t'), kind: 'void_pending', pendingId: posted.id }],
      'pending_transfer_not_pending',
    );
    expect(await balances(wallet.id)).toEqual({
      debitsPending: 0n,
      debitsPosted: 5n,
      creditsPending: 0n,
      creditsPosted: 500n,
    });
  });

  it('enforces credits_must_not_exceed_debits', async () => {
    const limited = await open({ type: 'asset', creditsMustNotExceedDebits: true });
    const other = await open({ type: 'equity' });
    await expectRejected(
      [{ id: uid('t'), debitAccountId: other.id, creditAccountId: limited.id, amount: 1n, currency: 'cny' }],
      'exceeds_debits',
    );
    await ledger.postTransfer({
      id: uid('t'),
      debitAccountId: limited.id,
      creditAccountId: other.id,
      amount: 30n,
      currency: 'cny',
    });
    await ledger.postTransfer({
      id: uid('t'),
      debitAccountId: other.id,
      creditAccountId: limited.id,
      amount: 30n,
      currency: 'cny',
    });
    expect(await balances(limited.id)).toMatchObject({ debitsPosted: 30n, creditsPosted: 30n });
  });

  it('posts a multi-transfer entry atomically: all or none', async () => {
    const { bank, wallet } = await fundedWallet(100n);
    const merchant = await open({ type: 'liability' });
    const fees = await open({ type: 'revenue' });
    const entry = await ledger.postEntry([
      { id: uid('pay'), debitAccountId: wallet.id, creditAccountId: merchant.id, amount: 100n, currency: 'cny' },
      { id: uid('fee'), debitAccountId: merchant.id, creditAccountId: fees.id, amount: 3n, currency: 'cny' },
    ]);
    expect(entry.transfers.map((t) => t.entryId)).toEqual([entry.entryId, entry.entryId]);
    expect(entry.entryId).toMatch(/^je_/);
    // The second transfer overdraws the wallet, so the first is not written either.
    const before = await balances(merchant.id);
    await expectRejected(
      [
        { id: uid('a'), debitAccountId: bank.id, creditAccountId: merchant.id, amount: 50n, currency: 'cny' },
        { id: uid('b'), debitAccountId: wallet.id, creditAccountId: merchant.id, amount: 1n, currency: 'cny' },
      ],
      'exceeds_credits',
    );
    expect(await balances(merchant.id)).toEqual(before);
  });

  it('posts a batch of independent entries with a result for each', async () => {
    const { bank, wallet } = await fundedWallet(100n);
    const ids = [uid('b0'), uid('b1'), uid('b2'), uid('b3')];
    const results = await ledger.postEntries([
      [{ id: ids[0], debitAccountId: wallet.id, creditAccountId: bank.id, amount: 60n, currency: 'cny' }],
      [{ id: ids[1], debitAccountId: wallet.id, creditAccountId: bank.id, amount: 60n, currency: 'cny' }],
      [{ id: ids[2], debitAccountId: wallet.id, creditAccountId: bank.id, amount: 0n, currency: 'cny' }],
      [{ id: ids[3], debitAccountId: wallet.id, creditAccountId: bank.id, amount: 40n, currency: 'cny' }],
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
      'ok',
      'exceeds_credits',
      'invalid_transfer',
      'ok',
    ]);
    expect(await balances(wallet.id)).toMatchObject({ debitsPosted: 100n, creditsPosted: 100n });
    expect(await ledger.getTransfer(ids[1])).toBeNull();
  });

  it('joins the caller\u2019s transaction: a rollback takes the postings with it', async () => {
    const { bank, wallet } = await fundedWallet(0n);
    const id = uid('in-tx');
    await expect(
      db.transaction(async () => {
        await ledger.postTransfer({
          id,
          debitAccountId: bank.id,
          creditAccountId: wallet.id,
          amount: 70n,
          currency: 'cny',
        });
        throw new Error('the business change failed');
      }),
    ).rejects.toThrow('the business change failed');
    expect(await ledger.getTransfer(id)).toBeNull();
    expect(await balances(wallet.id)).toMatchObject({ creditsPosted: 0n });
  });
});

describe('idempotency', () => {
  it('replays the same id with the same fields and refuses it with different ones', async () => {
    const { bank, wallet } = await fundedWallet(0n);
    const t = { id: uid('same'), debitAccountId: bank.id, creditAccountId: wallet.id, amount: 25n, currency: 'cny' };
    const first = await ledger.postEntry([t]);
    const again = await ledger.postEntry([t]);
    expect(first.replayed).toBe(false);
    expect(again.replayed).toBe(true);
    expect(again.entryId).toBe(first.entryId);
    expect(again.transfers[0].seq).toBe(first.transfers[0].seq);
    expect(await balances(wallet.id)).toMatchObject({ creditsPosted: 25n });
    await expectRejected([{ ...t, amount: 26n }], 'transfer_exists');
    await expectRejected([{ ...t, metadata: { note: 'x' } }], 'transfer_exists');
    // An entry that is partly an old entry is not a retry of it.
    await expectRejected([t, { ...t, id: uid('extra') }], 'transfer_exists');
  });

  it('keeps exactly one transfer under concurrent duplicate submissions', async () => {
    const { bank, wallet } = await fundedWallet(0n);
    const t = { id: uid('dup'), debitAccountId: bank.id, creditAccountId: wallet.id, amount: 10n, currency: 'cny' };
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 2 === 0 ? ledger.postEntry([t]) : db.transaction(() => ledger.postEntry([t])),
      ),
    );
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const { rows } = await env.sql.query('SELECT count(*)::int AS n FROM ledger_transfers WHERE id = $1', [t.id]);
    expect(rows[0].n).toBe(1);
    expect(await balances(wallet.id)).toMatchObject({ creditsPosted: 10n });
  });

  it('lets exactly one of two concurrent conflicting submissions win', async () => {
    const { bank, wallet } = await fundedWallet(0n);
    const other = await open({ type: 'liability' });
    const id = uid('conflict');
    const results = await Promise.all([
      ledger.postEntries([[{ id, debitAccountId: bank.id, creditAccountId: wallet.id, amount: 10n, currency: 'cny' }]]),
      db.transaction(() =>
        ledger.postEntries([
          [{ id, debitAccountId: bank.id, creditAccountId: other.id, amount: 10n, currency: 'cny' }],
        ]),
      ),
    ]);
    const outcomes = results.map(([r]) => (r.ok ? 'ok' : r.error.code)).sort();
    expect(outcomes).toEqual(['ok', 'transfer_exists']);
    const credited = (await balances(wallet.id)).creditsPosted + (await balances(other.id)).creditsPosted;
    expect(credited).toBe(10n);
  });
});

describe('serialization failures and deadlocks', () => {
  it('retries when the same new id commits meanwhile with other accounts (40001), then reports the conflict', async () => {
    const first = await fundedWallet(0n);
    const second = await fundedWallet(0n);
    for (const inCallerTransaction of [false, true]) {
      const id = uid('race');
      const client = await env.sql.connect();
      try {
        await client.query('BEGIN');
        // Another writer has posted the id (with other accounts) but not committed yet.
        await client.query('SELECT * FROM ledger_post_entries($1::jsonb)', [
          JSON.stringify([
            {
              pos: 0,
              entry: 0,
              entry_id: 'je_manual',
              id,
              kind: 'posted',
              debit_account_id: first.bank.id,
              credit_account_id: first.wallet.id,
              amount: 10,
              currency: 'cny',
            },
          ]),
        ]);
        const post = () =>
          ledger.postEntries([
            [{ id, debitAccountId: second.bank.id, creditAccountId: second.wallet.id, amount: 10n, currency: 'cny' }],
          ]);
        const racing = inCallerTransaction ? db.transaction(post) : post();
        // The racing insert waits on the primary key until the other writer finishes.
        await eventually(async () => {
          const { rows } = await env.sql.query(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
          );
          return rows[0].n > 0;
        });
        await client.query('COMMIT');
        const [result] = await racing;
        expect(result.ok ? 'ok' : result.error.code).toBe('transfer_exists');
      } finally {
        client.release();
      }
    }
    expect(await balances(second.wallet.id)).toMatchObject({ creditsPosted: 0n });
    expect(await balances(first.wallet.id)).toMatchObject({ creditsPosted: 20n });
  });

  it('retries the whole caller transaction when two of them deadlock (40P01)', async () => {
    const a = await fundedWallet(0n);
    const b = await fundedWallet(0n);
    let arrived = 0;
    let release!: () => void;
    const bothPostedOnce = new Promise<void>((resolve) => (release = resolve));
    const attempts = [0, 0];
    const run = (caller: number, firstPair: typeof a, secondPair: typeof a) =>
      db.transaction(async () => {
        attempts[caller]++;
        await ledger.postTransfer({
          id: uid(`dl${caller}a`),
          debitAccountId: firstPair.bank.id,
          creditAccountId: firstPair.wallet.id,
          amount: 1n,
          currency: 'cny',
        });
        if (++arrived === 2) release();
        await bothPostedOnce;
        await ledger.postTransfer({
          id: uid(`dl${caller}b`),
          debitAccountId: secondPair.bank.id,
          creditAccountId: secondPair.wallet.id,
          amount: 1n,
          currency: 'cny',
        });
      });
    await Promise.all([run(0, a, b), run(1, b, a)]);
    // One of the two was chosen as the deadlock victim and ran again.
    expect(attempts[0] + attempts[1]).toBe(3);
    expect(await balances(a.wallet.id)).toMatchObject({ creditsPosted: 2n });
    expect(await balances(b.wallet.id)).toMatchObject({ creditsPosted: 2n });
  });
});

describe('two-phase transfers', () => {
  it('holds funds against available, then posts part and releases the rest', async () => {
    const { bank, wallet } = await fundedWallet(1000n);
    const hold = await ledger.postTransfer({
      id: uid('auth'),
      kind: 'pending',
      debitAccountId: wallet.id,
      creditAccountId: bank.id,
      amount: 600n,
      currency: 'cny',
    });
    expect(hold.expiresAt).toBeNull();
    const account = await ledger.getAccount(wallet.id);
    expect(account).toMatchObject({ debitsPending: 600n, creditsPosted: 1000n });
    // Only 400 is available now.
    await expectRejected(
      [{ id: uid('t'), debitAccountId: wallet.id, creditAccountId: bank.id, amount: 401n, currency: 'cny' }],
      'exceeds_credits',
    );
    await expectRejected(
      [{ id: uid('cap'), kind: 'post_pending', pendingId: hold.id, amount: 601n }],
      'exceeds_pending_amount',
    );
    const capture = await ledger.postPending(uid('cap'), hold.id, 450n);
    expect(capture).toMatchObject({
      kind: 'post_pending',
      amount: 450n,
      debitAccountId: wallet.id,
      pendingId: hold.id,
    });
    expect(await balances(wallet.id)).toEqual({
      debitsPending: 0n,
      debitsPosted: 450n,
      creditsPending: 0n,
      creditsPosted: 1000n,
    });
    // Resolved exactly once: a second post or a void is refused and changes nothing.
    await expectRejected(
      [{ id: uid('cap2'), kind: 'post_pending', pendingId: hold.id }],
      'pending_transfer_already_resolved',
    );
    await expectRejected(
      [{ id: uid('void'), kind: 'void_pending', pendingId: hold.id }],
      'pending_transfer_already_resolved',
    );
    expect(await ledger.pendingStatus(hold.id)).toEqual({ status: 'posted', resolvedBy: capture.id });
  });

  it('voids a hold, and only one of many concurrent resolutions wins', async () => {
    const { bank, wallet } = await fundedWallet(100n);
    const hold = await ledger.postTransfer({
      id: uid('auth'),
      kind: 'pending',
      debitAccountId: wallet.id,
      creditAccountId: bank.id,
      amount: 100n,
      currency: 'cny',
    });
    const attempts = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        ledger.postEntries([
          [
            i % 2
              ? { id: uid('v'), kind: 'void_pending', pendingId: hold.id }
              : { id: uid('p'), kind: 'post_pending', pendingId: hold.id },
          ],
        ]),
      ),
    );
    const winners = attempts.filter(([r]) => r.ok);
    expect(winners).toHaveLength(1);
    attempts
      .filter(([r]) => !r.ok)
      .forEach(([r]) => expect(!r.ok && r.error.code).toBe('pending_transfer_already_resolved'));
    const after = await balances(wallet.id);
    expect(after.debitsPending).toBe(0n);
    expect(after.debitsPosted === 100n || after.debitsPosted === 0n).toBe(true);
  });

  it('expires a hold after its timeout: the delayed job releases it and a late post is refused', async () => {
    const { bank, wallet } = await fundedWallet(100n);
    const worker = await env.startWorker();
    try {
      const hold = await ledger.postTransfer({
        id: uid('auth'),
        kind: 'pending',
        debitAccountId: wallet.id,
        creditAccountId: bank.id,
        amount: 80n,
        currency: 'cny',
        timeoutSeconds: 1,
      });
      expect(hold.expiresAt!.getTime() - hold.createdAt.getTime()).toBe(1000);
      const { rows } = await env.sql.query("SELECT job_name, payload FROM outbox_messages WHERE queue = 'ledger'");
      expect(rows).toContainEqual({ job_name: 'expire-pending', payload: { pendingId: hold.id } });
      await eventually(async () => (await ledger.pendingStatus(hold.id)).status === 'expired', 8_000);
      expect(await balances(wallet.id)).toMatchObject({ debitsPending: 0n, debitsPosted: 0n });
      await expectRejected(
        [{ id: uid('late'), kind: 'post_pending', pendingId: hold.id }],
        'pending_transfer_already_resolved',
      );
      // The job again (a redelivery) replays the same expiry and changes nothing.
      const before = await balances(wallet.id);
      const again = await worker
        .get(LedgerJobs)
        .expirePending({ data: { outboxId: 'obx_again', payload: { pendingId: hold.id } } });
      expect(again).toBe('expired');
      expect(await balances(wallet.id)).toEqual(before);
      const { rows: resolutions } = await env.sql.query('SELECT id FROM ledger_transfers WHERE pending_id = $1', [
        hold.id,
      ]);
      expect(resolutions).toEqual([{ id: expiryTransferId(hold.id) }]);
      expect(expiryTransferId(hold.id)).toMatch(/^expire:[0-9a-f]{40}$/);
    } finally {
      await worker.close();
    }
  });

  it('the sweeper expires due holds the job missed, and refuses to expire early', async () => {
    const { bank, wallet } = await fundedWallet(100n);
    const due = await ledger.postTransfer({
      id: uid('due'),
      kind: 'pending',
      debitAccountId: wallet.id,
      creditAccountId: bank.id,
      amount: 30n,
      currency: 'cny',
      timeoutSeconds: 1,
    });
    const later = await ledger.postTransfer({
      id: uid('later'),
      kind: 'pending',
      debitAccountId: wallet.id,
      creditAccountId: bank.id,
      amount: 20n,
      currency: 'cny',
      timeoutSeconds: 3600,
    });
    expect(await ledger.expirePending(later.id)).toBe('not_expired');
    await expectRejected(
      [{ id: uid('x'), kind: 'expire_pending', pendingId: later.id }],
      'pending_transfer_not_expired',
    );
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expectRejected([{ id: uid('late'), kind: 'void_pending', pendingId: due.id }], 'pending_transfer_expired');
    expect(await ledger.expireDueHolds()).toBeGreaterThanOrEqual(1);
    expect((await ledger.pendingStatus(due.id)).status).toBe('expired');
    expect((await ledger.pendingStatus(later.id)).status).toBe('pending');
    expect(await balances(wallet.id)).toMatchObject({ debitsPending: 20n });
  });
});

describe('reversals', () => {
  it('reverses a posted transfer once with a new transfer that references it', async () => {
    const { bank, wallet } = await fundedWallet(0n);
    const original = await ledger.postTransfer({
      id: uid('orig'),
      debitAccountId: bank.id,
      creditAccountId: wallet.id,
      amount: 300n,
      currency: 'cny',
    });
    const reversal = await ledger.reverseTransfer(uid('rev'), original.id, { reference: 'posted twice by mistake' });
    expect(reversal).toMatchObject({
      debitAccountId: wallet.id,
      creditAccountId: bank.id,
      amount: 300n,
      reversesId: original.id,
    });
    expect(await ledger.reversedBy(original.id)).toBe(reversal.id);
    await expect(ledger.reverseTransfer(uid('rev2'), original.id)).rejects.toMatchObject({
      code: 'transfer_already_reversed',
    });
    await expectRejected(
      [
        {
          id: uid('r'),
          debitAccountId: wallet.id,
          creditAccountId: bank.id,
          amount: 299n,
          currency: 'cny',
          reversesId: reversal.id,
        },
      ],
      'reversal_mismatch',
    );
    const { wallet: w } = await fundedWallet(0n);
    expect(await balances(wallet.id)).toMatchObject({ debitsPosted: 300n, creditsPosted: 300n });
    expect(w.id).not.toBe(wallet.id);
  });
});

describe('reads', () => {
  it('reads balances as of a past time from the history', async () => {
    const { bank, wallet } = await fundedWallet(0n);
    const t = (amount: bigint) =>
      ledger.postTransfer({
        id: uid('h'),
        debitAccountId: bank.id,
        creditAccountId: wallet.id,
        amount,
        currency: 'cny',
      });
    const first = await t(100n);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await t(50n);
    expect((await ledger.balancesAt(wallet.id, new Date(first.createdAt.getTime() - 1))).creditsPosted).toBe(0n);
    expect((await ledger.balancesAt(wallet.id, first.createdAt)).creditsPosted).toBe(100n);
    expect((await ledger.balancesAt(wallet.id, second.createdAt)).creditsPosted).toBe(150n);
  });

  it('reconciles: stored balances equal the transfers, and a tampered balance is reported', async () => {
    const clean = await ledger.reconcile();
    expect(clean.ok).toBe(true);
    expect(clean.differences).toEqual([]);
    expect(clean.transfersChecked).toBe(await transferCount());
    const { wallet } = await fundedWallet(10n);
    await env.sql.query('UPDATE ledger_accounts SET credits_posted = credits_posted + 1 WHERE id = $1', [wallet.id]);
    try {
      const report = await ledger.reconcile();
      expect(report.ok).toBe(false);
      expect(report.differences).toEqual([
        expect.objectContaining({
          accountId: wallet.id,
          stored: expect.objectContaining({ creditsPosted: 11n }),
          replayed: expect.objectContaining({ creditsPosted: 10n }),
        }),
      ]);
      expect(report.trialBalance.find((l) => l.currency === 'cny')?.balanced).toBe(false);
    } finally {
      await env.sql.query('UPDATE ledger_accounts SET credits_posted = credits_posted - 1 WHERE id = $1', [wallet.id]);
    }
    expect((await ledger.reconcile()).ok).toBe(true);
  });
});

describe('append-only history, enforced by the database', () => {
  it('refuses to update, delete or truncate transfers and to change or delete accounts', async () => {
    const { bank, wallet } = await fundedWallet(5n);
    const denied = (sqlText: string, params: unknown[] = []) =>
      expect(env.sql.query(sqlText, params)).rejects.toThrow(/append-only|cannot/);
    await denied('UPDATE ledger_transfers SET amount = amount + 1');
    await denied('DELETE FROM ledger_transfers');
    await denied('TRUNCATE ledger_transfers CASCADE');
    await denied('DELETE FROM ledger_accounts WHERE id = $1', [bank.id]);
    await denied("UPDATE ledger_accounts SET currency = 'usd' WHERE id = $1", [wallet.id]);
    await denied('UPDATE ledger_accounts SET debits_must_not_exceed_credits = false WHERE id = $1', [wallet.id]);
    await ledger.closeAccount(bank.id);
    await denied("UPDATE ledger_accounts SET status = 'open' WHERE id = $1", [bank.id]);
    // The flags hold even against a direct write.
    await expect(
      env.sql.query('UPDATE ledger_accounts SET debits_posted = 6 WHERE id = $1', [wallet.id]),
    ).rejects.toThrow(/ledger_accounts_debits_within_credits/);
  });
});

describe('operator endpoints', () => {
  it('lists and retrieves accounts, with balances now and as of a time', async () => {
    const { bank, wallet } = await fundedWallet(0n);
    const t = await ledger.postTransfer({
      id: uid('http'),
      debitAccountId: bank.id,
      creditAccountId: wallet.id,
      amount: 1099n,
      currency: 'cny',
    });
    await ledger.postTransfer({
      id: uid('hold'),
      kind: 'pending',
      debitAccountId: wallet.id,
      creditAccountId: bank.id,
      amount: 99n,
      currency: 'cny',
    });
    const res = await api().get(`/v1/ledger/accounts/${wallet.id}`).set(operatorAuth).expect(200);
    expect(res.body).toMatchObject({
      id: wallet.id,
      object: 'ledger_account',
      type: 'liability',
      normal_balance: 'credit',
      flags: { debits_must_not_exceed_credits: true, credits_must_not_exceed_debits: false },
      credits_posted: 1099,
      debits_pending: 99,
      balance: { posted: 1099, pending: -99, available: 1000 },
      balances_as_of: null,
    });
    const past = Math.floor(t.createdAt.getTime() / 1000) - 1;
    const asOf = await api().get(`/v1/ledger/accounts/${wallet.id}?at=${past}`).set(operatorAuth).expect(200);
    expect(asOf.body).toMatchObject({ credits_posted: 0, balances_as_of: past });
    const list = await api().get('/v1/ledger/accounts?limit=2&currency=cny').set(operatorAuth).expect(200);
    expect(list.body.data).toHaveLength(2);
    expect(list.body.has_more).toBe(true);
    await api().get('/v1/ledger/accounts/la_missing').set(operatorAuth).expect(404);
    await api().get('/v1/ledger/accounts?currency=xyz').set(operatorAuth).expect(400);
  });

  it('lists an account\u2019s entries newest first with the running balance, page by page', async () => {
    const { bank, wallet } = await fundedWallet(0n);
    const ids: string[] = [];
    for (const amount of [100n, 200n, 300n]) {
      const t = await ledger.postTransfer({
        id: uid('st'),
        debitAccountId: bank.id,
        creditAccountId: wallet.id,
        amount,
        currency: 'cny',
      });
      ids.push(t.id);
    }
    const spend = await ledger.postTransfer({
      id: uid('st'),
      debitAccountId: wallet.id,
      creditAccountId: bank.id,
      amount: 50n,
      currency: 'cny',
    });
    const page1 = await api().get(`/v1/ledger/accounts/${wallet.id}/entries?limit=2`).set(operatorAuth).expect(200);
    expect(page1.body.data.map((e: { transfer: string }) => e.transfer)).toEqual([spend.id, ids[2]]);
    expect(page1.body.data[0]).toMatchObject({
      side: 'debit',
      posted_change: -50,
      balance_after: { posted: 550 },
      counterparty_account: bank.id,
    });
    expect(page1.body.data[1]).toMatchObject({ side: 'credit', posted_change: 300, balance_after: { posted: 600 } });
    expect(page1.body.has_more).toBe(true);
    const page2 = await api()
      .get(`/v1/ledger/accounts/${wallet.id}/entries?limit=2&starting_after=${ids[2]}`)
      .set(operatorAuth)
      .expect(200);
    expect(page2.body.data.map((e: { balance_after: { posted: number } }) => e.balance_after.posted)).toEqual([
      300, 100,
    ]);
    expect(page2.body.has_more).toBe(false);
    const back = await api()
      .get(`/v1/ledger/accounts/${wallet.id}/entries?limit=1&ending_before=${ids[2]}`)
      .set(operatorAuth)
      .expect(200);
    expect(back.body.data.map((e: { transfer: string }) => e.transfer)).toEqual([spend.id]);
    const foreign = await api()
      .get(`/v1/ledger/accounts/${bank.id}/entries?starting_after=nope`)
      .set(operatorAuth)
      .expect(400);
    expect(foreign.body.error.param).toBe('starting_after');
    const badLimit = await api().get(`/v1/ledger/accounts/${wallet.id}/entries?limit=0`).set(operatorAuth).expect(400);
    expect(badLimit.body.error.param).toBe('limit');
    await api().get(`/v1/ledger/accounts/la_missing/entries`).set(operatorAuth).expect(404);
  });

  it('retrieves transfers, the trial balance and runs a reconciliation', async () => {
    const { bank, wallet } = await fundedWallet(500n);
    const hold = await ledger.postTransfer({
      id: uid('p'),
      kind: 'pending',
      debitAccountId: wallet.id,
      creditAccountId: bank.id,
      amount: 40n,
      currency: 'cny',
    });
    const voided = await ledger.voidPending(uid('v'), hold.id);
    const res = await api().get(`/v1/ledger/transfers/${hold.id}`).set(operatorAuth).expect(200);
    expect(res.body).toMatchObject({
      id: hold.id,
      object: 'ledger_transfer',
      kind: 'pending',
      amount: 40,
      pending_status: 'voided',
      resolved_by: voided.id,
      debit_account: wallet.id,
    });
    await api().get('/v1/ledger/transfers/unknown-id').set(operatorAuth).expect(404);
    const trial = await api().get('/v1/ledger/trial_balance').set(operatorAuth).expect(200);
    expect(trial.body.balanced).toBe(true);
    const cny = trial.body.currencies.find((c: { currency: string }) => c.currency === 'cny');
    expect(cny.debits_posted).toBe(cny.credits_posted);
    expect(cny.debits_posted).toBeGreaterThan(0);
    const rec = await api().post('/v1/ledger/reconciliations').set(operatorAuth).send({}).expect(200);
    expect(rec.body).toMatchObject({ object: 'ledger_reconciliation', ok: true, differences: [], hold_mismatches: [] });
    expect(rec.body.transfers_checked).toBe(await transferCount());
  });

  it('is for the operator only', async () => {
    const merchant = await api().post('/v1/merchants').set(operatorAuth).send({ name: 'Tea House' }).expect(200);
    const customer = await api()
      .post('/v1/customers')
      .set(operatorAuth)
      .send({ phone: '+8613800138111', kyc_tier: 1 })
      .expect(200);
    const token = await api().post(`/v1/customers/${customer.body.id}/tokens`).set(operatorAuth).send({}).expect(200);
    await api().get('/v1/ledger/accounts').set(bearer(merchant.body.secret_key)).expect(403);
    await api().get('/v1/ledger/trial_balance').set(bearer(token.body.token)).expect(403);
    await api().post('/v1/ledger/reconciliations').set(bearer(merchant.body.secret_key)).send({}).expect(403);
    await api().get('/v1/ledger/accounts').expect(401);
  });
});

describe('ledger decisions', () => {
  it('posts what was accepted with COMMIT, not what a rollback to a savepoint undid, and refuses what does not fit', async () => {
    const { bank, wallet } = await fundedWallet(100n);
    const ids = { kept: uid('decided-kept'), undone: uid('decided-undone'), refused: uid('decided-refused') };
    const move = (id: string, amount: bigint) => [
      { id, debitAccountId: wallet.id, creditAccountId: bank.id, amount, currency: 'cny' },
    ];
    const refusal = await db.sqlTransaction(async () => {
      const decisions = await ledger.decisions([wallet.id, bank.id]);
      expect(decisions.post(move(ids.kept, 30n))).toBeNull();
      const rollback = await db.savepoint('before_undone');
      expect(decisions.post(move(ids.undone, 50n))).toBeNull();
      await rollback();
      // A second set of decisions in the same transaction would miss the first one's entries.
      await expect(ledger.decisions([wallet.id])).rejects.toThrow('one set of ledger decisions per transaction');
      return decisions.post(move(ids.refused, 71n))?.code;
    });
    // 30 and 50 were accepted, so 71 more did not fit the 100 even though 50 was rolled back afterwards.
    expect(refusal).toBe('exceeds_credits');
    expect(await ledger.getTransfer(ids.kept)).toMatchObject({ amount: 30n, kind: 'posted' });
    expect(await ledger.getTransfer(ids.undone)).toBeNull();
    expect(await ledger.getTransfer(ids.refused)).toBeNull();
    expect(await ledger.getAccount(wallet.id)).toMatchObject({ debitsPosted: 30n, creditsPosted: 100n });
  });

  it('opens an account in the caller transaction: a rolled-back opening leaves neither a row nor a remembered id', async () => {
    const owner = `test:${uid('owner')}`;
    const input = { ownerRef: owner, code: 7, currency: 'cny', type: 'liability' as const };
    await expect(
      db.sqlTransaction(async () => {
        expect(await ledger.accountId(input)).toMatch(/^la_/);
        throw new Error('the work that needed the account failed');
      }),
    ).rejects.toThrow('the work that needed the account failed');
    expect(await ledger.findAccountId(owner, 7, 'cny')).toBeNull();
    const id = await ledger.accountId(input);
    expect(await ledger.findAccountId(owner, 7, 'cny')).toBe(id);
    expect(await ledger.accountId(input)).toBe(id);
  });
});
