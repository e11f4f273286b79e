// Model-based property tests of the ledger (fast-check). Random sequences of
// operations (single and multi-transfer entries, pending transfers with and
// without timeouts, partial posts, voids, expiries, reversals, resubmissions
// of the same ids with the same and with different fields, bad input) run
// against the real PostgreSQL, then are compared with LedgerModel:
//
// - run one at a time, every outcome equals the model's prediction;
// - run concurrently (several lanes over the pool, through the group-commit
//   path and inside callers' transactions), the database's history replayed
//   in posting order through the model must be valid at every step, and the
//   stored balances, the balances recorded with each transfer and every
//   reported outcome must agree with it. Then: debits equal credits, no
//   flagged account is past its limit, each pending transfer was resolved at
//   most once, each id is one transfer, and a reconciliation finds nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import fc from 'fast-check';
import { DatabaseService } from '../src/database/database.service';
import type { TransferKind } from '../src/ledger/ledger.model';
import { LedgerService } from '../src/ledger/ledger.service';
import { LedgerModel, type ModelOutcome, type ModelRequest } from './support/ledger-model';
import { createTestEnv, TestEnv } from './support/test-env';
import { expectReconciled } from './support/ledger-checks';

let env: TestEnv;
let app: INestApplicationContext;
let ledger: LedgerService;
let db: DatabaseService;
let runCounter = 0;

beforeAll(async () => {
  env = await createTestEnv({ DATABASE_POOL_SIZE: '8', LEDGER_MAX_CONCURRENT_BATCHES: '3' });
  app = await env.startApi();
  ledger = app.get(LedgerService);
  db = app.get(DatabaseService);
});

afterAll(async () => {
  await env.teardown();
});

type Flag = 'none' | 'dmnec' | 'cmned';
const FLAGGED_ACCOUNTS = 4;
/** Account indexes: 0..3 flagged as generated, 4 an unconstrained source, 5 a USD account. */
const SOURCE = FLAGGED_ACCOUNTS;
const USD = FLAGGED_ACCOUNTS + 1;

interface LegSpec {
  dr: number;
  cr: number;
  amount: number;
  pending: boolean;
  timeout: 'none' | 'short' | 'long';
  usdCurrency: boolean;
}

type OpSpec =
  | { type: 'entry'; legs: LegSpec[] }
  | {
      type: 'resolve';
      kind: 'post_pending' | 'void_pending' | 'expire_pending';
      target: number;
      amount: 'one' | 'less' | 'all' | 'more' | null;
    }
  | { type: 'reverse'; target: number }
  | { type: 'resubmit'; target: number; mutate: boolean };

const legArb = (allowShortTimeout: boolean) =>
  fc.record({
    dr: fc.integer({ min: 0, max: USD }),
    cr: fc.integer({ min: 0, max: USD }),
    // Amounts that land exactly on the funded balance (500) and one past it, so that
    // off-by-one limits show, besides arbitrary ones and the invalid zero.
    amount: fc.oneof(
      { weight: 10, arbitrary: fc.integer({ min: 1, max: 400 }) },
      { weight: 10, arbitrary: fc.constantFrom(1, 100, 250, 499, 500, 501) },
      { weight: 1, arbitrary: fc.constant(0) },
    ),
    pending: fc.boolean(),
    timeout: allowShortTimeout ? fc.constantFrom('none', 'short', 'long') : fc.constantFrom('none', 'long'),
    usdCurrency: fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  }) as fc.Arbitrary<LegSpec>;

const opArb = (allowShortTimeout: boolean): fc.Arbitrary<OpSpec> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        type: fc.constant('entry' as const),
        legs: fc.array(legArb(allowShortTimeout), { minLength: 1, maxLength: 3 }),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        type: fc.constant('resolve' as const),
        kind: fc.constantFrom('post_pending' as const, 'void_pending' as const, 'expire_pending' as const),
        target: fc.nat(),
        // Relative to the held amount, so that the boundary is hit often.
        amount: fc.option(fc.constantFrom('one' as const, 'less' as const, 'all' as const, 'more' as const), {
          nil: null,
        }),
      }),
    },
    { weight: 3, arbitrary: fc.record({ type: fc.constant('reverse' as const), target: fc.nat() }) },
    {
      weight: 2,
      arbitrary: fc.record({ type: fc.constant('resubmit' as const), target: fc.nat(), mutate: fc.boolean() }),
    },
  );

interface Scenario {
  flags: Flag[];
  ops: OpSpec[];
  /** How operations are grouped into batch calls. */
  groupSizes: number[];
}

const scenarioArb = (allowShortTimeout: boolean, maxOps: number) =>
  fc.record({
    flags: fc.array(fc.constantFrom<Flag>('none', 'dmnec', 'cmned'), {
      minLength: FLAGGED_ACCOUNTS,
      maxLength: FLAGGED_ACCOUNTS,
    }),
    ops: fc.array(opArb(allowShortTimeout), { minLength: 5, maxLength: maxOps }),
    groupSizes: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 6 }),
  });

interface Materialized {
  requests: ModelRequest[];
  mode: 'batched' | 'in_transaction';
}

/** One of the last three items: operations that collide on the same target are the interesting ones. */
function recent<T>(items: T[], pick: number): T | undefined {
  if (items.length === 0) return undefined;
  return items[items.length - 1 - (pick % Math.min(3, items.length))];
}

/** Turns specs into concrete requests: ids, accounts, and targets among earlier operations. */
function materialize(run: string, accountIds: string[], ops: OpSpec[]): Materialized[] {
  const out: Materialized[] = [];
  const pendings: ModelRequest[] = [];
  const posted: ModelRequest[] = [];
  ops.forEach((op, i) => {
    const mode = i % 3 === 0 ? 'in_transaction' : 'batched';
    const id = (j = 0) => `${run}-op${i}-t${j}`;
    let requests: ModelRequest[];
    if (op.type === 'entry') {
      requests = op.legs.map((leg, j) => {
        const kind: TransferKind = leg.pending ? 'pending' : 'posted';
        return {
          id: id(j),
          kind,
          debitAccountId: accountIds[leg.dr],
          creditAccountId: accountIds[leg.cr],
          amount: BigInt(leg.amount),
          currency: leg.usdCurrency || (leg.dr === USD && leg.cr === USD) ? 'usd' : 'cny',
          ...(leg.pending && leg.timeout !== 'none' ? { timeoutSeconds: leg.timeout === 'short' ? 1 : 3600 } : {}),
        };
      });
      requests.forEach((r) => (r.kind === 'pending' ? pendings : posted).push(r));
    } else if (op.type === 'resolve') {
      // A target that may not exist (yet) is part of the test too.
      const pending = recent(pendings, op.target);
      const target = pending?.id ?? `${run}-missing`;
      const held = pending?.amount ?? 100n;
      const amount = { one: 1n, less: held - 1n, all: held, more: held + 1n }[op.amount ?? 'all'];
      requests = [
        {
          id: id(),
          kind: op.kind,
          pendingId: target,
          ...(op.amount !== null && op.kind !== 'expire_pending' ? { amount } : {}),
        },
      ];
      if (op.kind === 'post_pending') posted.push(requests[0]);
    } else if (op.type === 'reverse') {
      const original = recent(posted, op.target);
      requests = original?.debitAccountId
        ? [
            {
              id: id(),
              kind: 'posted',
              debitAccountId: original.creditAccountId,
              creditAccountId: original.debitAccountId,
              amount: original.amount,
              currency: original.currency,
              reversesId: original.id,
            },
          ]
        : [
            {
              id: id(),
              kind: 'posted',
              debitAccountId: accountIds[SOURCE],
              creditAccountId: accountIds[0],
              amount: 1n,
              currency: 'cny',
            },
          ];
    } else {
      const earlier = recent(out, op.target);
      requests = earlier ? earlier.requests.map((r) => ({ ...r })) : [];
      if (requests.length === 0) {
        requests = [
          {
            id: id(),
            kind: 'posted',
            debitAccountId: accountIds[SOURCE],
            creditAccountId: accountIds[1],
            amount: 2n,
            currency: 'cny',
          },
        ];
      } else if (op.mutate) {
        requests[0].amount = (requests[0].amount ?? 1n) + 1n;
      }
    }
    out.push({ requests, mode });
  });
  return out;
}

async function openAccounts(run: string, flags: Flag[], model: LedgerModel): Promise<string[]> {
  const specs = [
    ...flags.map((flag) => ({ flag, currency: 'cny' })),
    { flag: 'none' as Flag, currency: 'cny' },
    { flag: 'none' as Flag, currency: 'usd' },
  ];
  const ids: string[] = [];
  for (const [i, spec] of specs.entries()) {
    const account = await ledger.openAccount({
      ownerRef: `${run}:acct${i}`,
      currency: spec.currency,
      type: spec.flag === 'cmned' ? 'asset' : 'liability',
      debitsMustNotExceedCredits: spec.flag === 'dmnec',
      creditsMustNotExceedDebits: spec.flag === 'cmned',
    });
    model.openAccount({
      id: account.id,
      currency: spec.currency,
      debitsMustNotExceedCredits: spec.flag === 'dmnec',
      creditsMustNotExceedDebits: spec.flag === 'cmned',
    });
    ids.push(account.id);
  }
  return ids;
}

/** Gives every flagged account room to move, in the database and the model alike. */
async function fund(run: string, accountIds: string[], flags: Flag[], model: LedgerModel) {
  for (const [i, flag] of flags.entries()) {
    const request: ModelRequest = {
      id: `${run}-fund${i}`,
      kind: 'posted',
      debitAccountId: flag === 'cmned' ? accountIds[i] : accountIds[SOURCE],
      creditAccountId: flag === 'cmned' ? accountIds[SOURCE] : accountIds[i],
      amount: 500n,
      currency: 'cny',
    };
    await ledger.postTransfer({ ...request, amount: request.amount! });
    expect(model.applyEntry([request], new Date())).toEqual({ ok: true, replayed: false });
  }
}

/**
 * Posts a group of operations in one postEntries call (a batch: each entry on
 * its own), inside a caller's transaction or through the group commit. An
 * operation whose ids repeat one already in the group goes in a call of its own.
 */
async function executeGroup(group: Materialized[]): Promise<ModelOutcome[]> {
  const outcomes: ModelOutcome[] = [];
  let start = 0;
  while (start < group.length) {
    const ids = new Set<string>();
    let end = start;
    while (end < group.length && group[end].requests.every((r) => !ids.has(r.id))) {
      group[end].requests.forEach((r) => ids.add(r.id));
      end++;
    }
    const part = group.slice(start, end);
    const post = () => ledger.postEntries(part.map((op) => op.requests.map((r) => ({ ...r }))));
    const results = part[0].mode === 'in_transaction' ? await db.transaction(post) : await post();
    for (const result of results) {
      outcomes.push(result.ok ? { ok: true, replayed: result.replayed } : { ok: false, code: result.error.code });
    }
    start = end;
  }
  return outcomes;
}

/** Splits operations into consecutive groups of 1 to 3. */
function groups<T>(items: T[], sizes: number[]): T[][] {
  const out: T[][] = [];
  for (let i = 0, g = 0; i < items.length; g++) {
    const size = sizes.length > 0 ? sizes[g % sizes.length] : 1;
    out.push(items.slice(i, i + size));
    i += size;
  }
  return out;
}

type TransferRow = {
  id: string;
  entry_id: string;
  kind: TransferKind;
  debit_account_id: string;
  credit_account_id: string;
  amount: string;
  currency: string;
  pending_id: string | null;
  reverses_id: string | null;
  timeout_seconds: number | null;
  created_at: Date;
  [balance: string]: unknown;
};

/** Replays the database's history in posting order; every entry must be valid in the model. */
async function checkHistory(run: string, accountIds: string[], flags: Flag[]) {
  const { rows } = await env.sql.query<TransferRow>(
    `SELECT * FROM ledger_transfers WHERE debit_account_id = ANY($1) OR credit_account_id = ANY($1) ORDER BY seq`,
    [accountIds],
  );
  const replay = new LedgerModel();
  const accounts = await env.sql.query(`SELECT * FROM ledger_accounts WHERE id = ANY($1)`, [accountIds]);
  for (const a of accounts.rows) {
    replay.openAccount({
      id: a.id,
      currency: a.currency,
      debitsMustNotExceedCredits: a.debits_must_not_exceed_credits,
      creditsMustNotExceedDebits: a.credits_must_not_exceed_debits,
    });
  }
  let i = 0;
  while (i < rows.length) {
    let j = i;
    while (j < rows.length && rows[j].entry_id === rows[i].entry_id) j++;
    const entryRows = rows.slice(i, j);
    const requests: ModelRequest[] = entryRows.map((r) => ({
      id: r.id,
      kind: r.kind,
      debitAccountId: r.debit_account_id,
      creditAccountId: r.credit_account_id,
      amount: BigInt(r.amount),
      currency: r.currency,
      ...(r.pending_id ? { pendingId: r.pending_id } : {}),
      ...(r.reverses_id ? { reversesId: r.reverses_id } : {}),
      ...(r.timeout_seconds !== null ? { timeoutSeconds: r.timeout_seconds } : {}),
    }));
    let k = 0;
    const outcome = replay.applyEntry(requests, entryRows[0].created_at, (_t, debit, credit) => {
      const row = entryRows[k++];
      const recorded = (side: 'dr' | 'cr') => [
        BigInt(row[`${side}_debits_pending_after`] as string),
        BigInt(row[`${side}_debits_posted_after`] as string),
        BigInt(row[`${side}_credits_pending_after`] as string),
        BigInt(row[`${side}_credits_posted_after`] as string),
      ];
      const balances = (b: typeof debit) => [b.debitsPending, b.debitsPosted, b.creditsPending, b.creditsPosted];
      expect({ transfer: row.id, debit: recorded('dr'), credit: recorded('cr') }).toEqual({
        transfer: row.id,
        debit: balances(debit),
        credit: balances(credit),
      });
    });
    expect({ entry: entryRows.map((r) => r.id), outcome }).toEqual({
      entry: entryRows.map((r) => r.id),
      outcome: { ok: true, replayed: false },
    });
    i = j;
  }
  // Stored balances equal the replay, and no flagged account is past its limit.
  for (const a of accounts.rows) {
    const m = replay.accounts.get(a.id)!;
    expect([
      a.id,
      BigInt(a.debits_pending),
      BigInt(a.debits_posted),
      BigInt(a.credits_pending),
      BigInt(a.credits_posted),
    ]).toEqual([a.id, m.debitsPending, m.debitsPosted, m.creditsPending, m.creditsPosted]);
    if (a.debits_must_not_exceed_credits) expect(m.debitsPending + m.debitsPosted).toBeLessThanOrEqual(m.creditsPosted);
    if (a.credits_must_not_exceed_debits)
      expect(m.creditsPending + m.creditsPosted).toBeLessThanOrEqual(m.debitsPosted);
  }
  // Debits equal credits per currency, posted and pending.
  const { rows: totals } = await env.sql.query(
    `SELECT currency, sum(debits_posted - credits_posted)::text AS posted, sum(debits_pending - credits_pending)::text AS pending
       FROM ledger_accounts WHERE id = ANY($1) GROUP BY currency`,
    [accountIds],
  );
  for (const t of totals) expect([t.currency, t.posted, t.pending]).toEqual([t.currency, '0', '0']);
  void flags;
  void run;
  return { rows, replay };
}

/** What every operation reported must agree with the history. */
function checkOutcomes(ops: Materialized[], outcomes: ModelOutcome[], replay: LedgerModel) {
  const firstPosts = new Map<string, number>();
  ops.forEach((op, i) => {
    const outcome = outcomes[i];
    if (outcome.ok) {
      for (const r of op.requests) {
        const stored = replay.transfers.get(r.id);
        expect(stored).toBeDefined();
        expect(stored!.kind).toBe(r.kind);
        if (r.amount !== undefined) expect(stored!.amount).toBe(r.amount);
        if (r.debitAccountId !== undefined) expect(stored!.debitAccountId).toBe(r.debitAccountId);
      }
      if (!outcome.replayed) firstPosts.set(op.requests[0].id, (firstPosts.get(op.requests[0].id) ?? 0) + 1);
    } else {
      // A failed operation wrote nothing: any of its ids that exist were posted by another operation that succeeded.
      for (const r of op.requests) {
        if (!replay.transfers.has(r.id)) continue;
        const poster = ops.findIndex((other, k) => outcomes[k].ok && other.requests.some((o) => o.id === r.id));
        expect({ id: r.id, postedByAnother: poster >= 0 }).toEqual({ id: r.id, postedByAnother: true });
      }
    }
  });
  // Duplicates: each id was created by exactly one operation; the others replayed it.
  for (const [id, count] of firstPosts) expect({ id, count }).toEqual({ id, count: 1 });
}

describe('ledger properties (fast-check, real PostgreSQL)', () => {
  it('one at a time, every outcome is the model\u2019s', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(false, 30), async (scenario: Scenario) => {
        const run = `seq${++runCounter}`;
        const model = new LedgerModel();
        const accountIds = await openAccounts(run, scenario.flags, model);
        await fund(run, accountIds, scenario.flags, model);
        const ops = materialize(run, accountIds, scenario.ops);
        for (const group of groups(ops, scenario.groupSizes)) {
          const actual = await executeGroup(group);
          group.forEach((op, i) => {
            const predicted = model.applyEntry(op.requests, new Date());
            expect({ op: op.requests, outcome: actual[i] }).toEqual({ op: op.requests, outcome: predicted });
          });
        }
        const { replay } = await checkHistory(run, accountIds, scenario.flags);
        expect([...replay.transfers.keys()].sort()).toEqual([...model.transfers.keys()].sort());
      }),
      { numRuns: 40 },
    );
    expect(ledger.statementFailures).toBe(0);
  }, 120_000);

  it('run concurrently, the history is valid and agrees with every outcome', async () => {
    let sawShortTimeouts = 0;
    await fc.assert(
      fc.asyncProperty(
        scenarioArb(true, 40),
        fc.integer({ min: 2, max: 6 }),
        async (scenario: Scenario, lanes: number) => {
          const run = `con${++runCounter}`;
          const model = new LedgerModel();
          const accountIds = await openAccounts(run, scenario.flags, model);
          await fund(run, accountIds, scenario.flags, model);
          const ops = materialize(run, accountIds, scenario.ops);
          const outcomes: ModelOutcome[] = new Array(ops.length);
          await Promise.all(
            Array.from({ length: lanes }, async (_, lane) => {
              const indexes = ops.map((_, i) => i).filter((i) => i % lanes === lane);
              for (const group of groups(indexes, scenario.groupSizes)) {
                const results = await executeGroup(group.map((i) => ops[i]));
                group.forEach((i, k) => (outcomes[i] = results[k]));
              }
            }),
          );
          if (ops.some((op) => op.requests.some((r) => r.timeoutSeconds === 1))) {
            sawShortTimeouts++;
            // Let the short holds expire, then the sweeper must release every one left.
            await new Promise((resolve) => setTimeout(resolve, 1_050));
            await ledger.expireDueHolds();
            const { rows } = await env.sql.query(
              `SELECT h.transfer_id FROM ledger_open_holds h JOIN ledger_transfers t ON t.id = h.transfer_id
              WHERE t.debit_account_id = ANY($1) AND h.expires_at <= now()`,
              [accountIds],
            );
            expect(rows).toEqual([]);
          }
          const { replay } = await checkHistory(run, accountIds, scenario.flags);
          checkOutcomes(ops, outcomes, replay);
          // Every resolution in the history resolved a different pending transfer.
          const resolved = [...replay.transfers.values()].filter((t) => t.pendingId).map((t) => t.pendingId);
          expect(new Set(resolved).size).toBe(resolved.length);
        },
      ),
      { numRuns: 20 },
    );
    expect(sawShortTimeouts).toBeGreaterThan(0);
    expect(ledger.statementFailures).toBe(0);
    await expectReconciled(ledger);
  }, 180_000);
});
