// The transactional outbox, its relay and the worker against the real
// PostgreSQL and queue store (Redis or PostgreSQL). It wipes the suite's
// queues, as a Redis flush would, to check that the outbox replays them.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { loadConfig } from '../src/config/configuration';
import { DatabaseService } from '../src/database/database.service';
import { PrismaService } from '../src/database/prisma.service';
import { JobEffects } from '../src/jobs/job-effects.service';
import { JobProcessor } from '../src/jobs/job-processor';
import { QueueWorkers } from '../src/jobs/queue-workers.service';
import { MAINTENANCE_SCHEDULES } from '../src/maintenance/maintenance.jobs';
import { OutboxRelay } from '../src/outbox/outbox.relay';
import { OutboxJobData, OutboxService } from '../src/outbox/outbox.service';
import { QueueRegistry } from '../src/queues/queue.registry';
import { QUEUE_NAMES } from '../src/queues/queue-names';
import { createTestEnv, eventually, TestEnv } from './support/test-env';

const TEST_QUEUE = 'outbox-test';

/** The test's job: one row in `test_effects` per applied effect. */
@Processor(TEST_QUEUE)
class TestJobs extends JobProcessor {
  static slowMs = 0;
  protected readonly handlers = {
    record: async (job: Job<OutboxJobData>) => {
      if (TestJobs.slowMs) await new Promise((resolve) => setTimeout(resolve, TestJobs.slowMs));
      return this.effects.onceForOutboxJob(
        job,
        (tx) =>
          tx.$executeRaw`INSERT INTO test_effects (outbox_id, label) VALUES (${job.data.outboxId}, ${String(job.data.payload.label)})`,
      );
    },
  };
  constructor(private readonly effects: JobEffects) {
    super();
  }

  // Its own, to show that a processor's concurrency is the one its worker runs.
  override get concurrency(): number {
    return 3;
  }
}

let env: TestEnv;
let outbox: OutboxService;
let db: DatabaseService;
let relay: OutboxRelay;
let queues: QueueRegistry;
let effects: JobEffects;

async function enqueue(label: string, runAt?: Date) {
  return db.transaction(async () =>
    outbox.enqueue(db.sql, { queue: TEST_QUEUE, name: 'record', payload: { label }, runAt }),
  );
}
const effectCount = async (label: string) =>
  (await env.sql.query('SELECT count(*)::int AS n FROM test_effects WHERE label = $1', [label])).rows[0].n as number;

beforeAll(async () => {
  env = await createTestEnv({ OUTBOX_REDISPATCH_AFTER_SECONDS: '0' });
  await env.sql.query(
    'CREATE TABLE test_effects (id serial PRIMARY KEY, outbox_id text NOT NULL, label text NOT NULL)',
  );
  // A relay and services without running workers: the tests drive them by hand first.
  const api = await env.startApi();
  outbox = api.get(OutboxService);
  db = api.get(DatabaseService);
  queues = api.get(QueueRegistry);
  effects = api.get(JobEffects);
  relay = new OutboxRelay(db, queues, env.config);
});

afterAll(async () => {
  await env?.teardown();
});

describe('transactional outbox', () => {
  it('a rolled-back transaction produces no row and no job', async () => {
    await expect(
      db.transaction(async () => {
        outbox.enqueue(db.sql, { queue: TEST_QUEUE, name: 'record', payload: { label: 'rolled-back' } });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect((await env.sql.query('SELECT count(*)::int AS n FROM outbox_messages')).rows[0].n).toBe(0);
    expect(await relay.relayBatch()).toBe(0);
    expect(await queues.get(TEST_QUEUE).getJobCounts('waiting', 'delayed')).toEqual({ waiting: 0, delayed: 0 });
  });

  it('a committed transaction produces exactly one job, with the outbox id as job id', async () => {
    const id = await enqueue('committed');
    expect(await relay.relayBatch()).toBe(1);
    expect(await relay.relayBatch()).toBe(0);
    const jobs = await queues.get(TEST_QUEUE).getJobs(['waiting']);
    expect(jobs.map((j) => j.id)).toEqual([id]);
    expect(jobs[0].data).toEqual({ outboxId: id, payload: { label: 'committed' } });
    const row = (await env.sql.query('SELECT dispatched_at FROM outbox_messages WHERE id = $1', [id])).rows[0];
    expect(row.dispatched_at).toBeInstanceOf(Date);
  });

  it('keeps the delay of a job that must not run yet', async () => {
    const id = await enqueue('later', new Date(Date.now() + 60_000));
    await relay.relayBatch();
    const job = await queues.get(TEST_QUEUE).getJob(id);
    expect(await job?.getState()).toBe('delayed');
    expect(job?.opts.delay).toBeGreaterThan(55_000);
    await job?.remove();
    await env.sql.query('UPDATE outbox_messages SET processed_at = now() WHERE id = $1', [id]);
  });

  it('redispatches what the queues lost: a flush loses nothing', async () => {
    const ids = [await enqueue('flushed-1'), await enqueue('flushed-2')];
    expect(await relay.relayBatch()).toBe(2);
    await env.wipeQueues();
    expect(await queues.get(TEST_QUEUE).getJob(ids[0])).toBeUndefined();
    // Dispatched but unprocessed rows are handed over again (the worker's sweep does this).
    const redispatched = await relay.redispatchStale();
    expect(redispatched).toBeGreaterThanOrEqual(2);
    for (const id of ids) expect(await queues.get(TEST_QUEUE).getJob(id)).toBeDefined();
  });

  it('redispatches only what is overdue: a delayed job whose time has not come is left alone', async () => {
    const notYet = await enqueue('not-yet', new Date(Date.now() + 3_600_000));
    const due = await enqueue('due');
    expect(await relay.relayBatch()).toBe(2);
    await env.wipeQueues();
    const overdue = await env.sql.query(
      `SELECT id FROM outbox_messages
        WHERE dispatched_at IS NOT NULL AND processed_at IS NULL AND failed_at IS NULL AND run_at <= now()`,
    );
    // Every unprocessed row that is due, and only those (the sweep's count is what it logs).
    expect(await relay.redispatchStale()).toBe(overdue.rowCount);
    expect(overdue.rows.map((r) => r.id)).toContain(due);
    expect(await queues.get(TEST_QUEUE).getJob(due)).toBeDefined();
    expect(await queues.get(TEST_QUEUE).getJob(notYet)).toBeUndefined();

    // Once its time has passed, a lost delayed job is recreated, to run at once.
    await env.sql.query(`UPDATE outbox_messages SET run_at = now() - interval '1 second' WHERE id = $1`, [notYet]);
    // The others' jobs are back in the queue since the last sweep: only this lost one is added again.
    expect(await relay.redispatchStale()).toBe(1);
    const recreated = await queues.get(TEST_QUEUE).getJob(notYet);
    expect(recreated?.opts.delay).toBe(0);
  });

  it('warns only about overdue rows whose job was lost, not about jobs still waiting or retrying in the queue', async () => {
    // Due an hour ago, its job still delayed in the store: as a job retrying with backoff past its row's due time.
    const retrying = await enqueue('retrying', new Date(Date.now() + 3_600_000));
    const lost = await enqueue('lost');
    expect(await relay.relayBatch()).toBe(2);
    await env.sql.query(`UPDATE outbox_messages SET run_at = now() - interval '1 hour' WHERE id = $1`, [retrying]);
    const queue = queues.get(TEST_QUEUE);
    expect(await (await queue.getJob(retrying))?.getState()).toBe('delayed');
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      const warnings = () => warn.mock.calls.map(([message]) => String(message)).filter((m) => /redispatched/.test(m));
      expect(await relay.sweep()).toBe(0);
      expect(warnings()).toEqual([]);
      expect(await (await queue.getJob(retrying))?.getState()).toBe('delayed');

      await (await queue.getJob(lost))!.remove();
      expect(await relay.sweep()).toBe(1);
      expect(warnings()).toEqual(['redispatched 1 outbox message(s) whose job was missing from its queue']);
      expect(await (await queue.getJob(lost))?.getState()).toBe('waiting');
    } finally {
      warn.mockRestore();
    }
  });
});

describe('a database outage in the relay', () => {
  it('is one structured warning, and one line when the database answers again, however many passes fail', async () => {
    // The relay's database is a port where nothing listens at first, then a proxy to the real server opens there.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const real = new URL(env.config.databaseUrl);
    const throughProxy = new URL(env.config.databaseUrl);
    throughProxy.host = `127.0.0.1:${port}`;
    const config = loadConfig({
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: throughProxy.toString(),
      OUTBOX_POLL_INTERVAL_MS: '20',
    });
    const outageDb = new DatabaseService(new PrismaService(config), config);
    const outageRelay = new OutboxRelay(outageDb, queues, config);
    const lines: { level: string; message: unknown }[] = [];
    const spies = (['log', 'warn', 'error'] as const).map((level) =>
      jest.spyOn(Logger.prototype, level).mockImplementation(function (this: Logger, message: unknown) {
        // Only the relay's own lines (the logger's context is its class name).
        if ((this as unknown as { context?: string }).context === OutboxRelay.name) lines.push({ level, message });
      }),
    );
    const sockets: Socket[] = [];
    const proxy = createServer((client) => {
      const upstream = connect(Number(real.port || 5432), real.hostname);
      sockets.push(client, upstream);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    try {
      outageRelay.start();
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // dozens of failed passes at 20 ms
      expect(lines).toEqual([
        {
          level: 'warn',
          message: expect.objectContaining({
            msg: expect.stringMatching(/^outbox relay unavailable, retrying: /),
            group: 'outbox relay',
          }),
        },
      ]);
      await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
      const id = await enqueue('after-outage');
      await eventually(async () => lines.length === 2);
      expect(lines[1]).toEqual({
        level: 'log',
        message: expect.objectContaining({
          msg: expect.stringMatching(/^outbox relay available again after \d+ s \(\d+ failed attempts\)$/),
          failures: expect.any(Number),
        }),
      });
      expect((lines[1].message as { failures: number }).failures).toBeGreaterThan(5);
      // It relays again: the row written meanwhile has its job.
      await eventually(async () => (await queues.get(TEST_QUEUE).getJob(id)) !== undefined);
    } finally {
      await outageRelay.stop();
      spies.forEach((spy) => spy.mockRestore());
      await outageDb.prisma.onApplicationShutdown();
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});

describe('worker', () => {
  it('processes every outbox job once, marks it processed, and survives a queue flush mid-stream', async () => {
    const worker = await env.startWorker([TestJobs]);
    await eventually(async () => (await effectCount('committed')) === 1);
    await eventually(async () => (await effectCount('flushed-1')) === 1 && (await effectCount('flushed-2')) === 1);

    const before = [await enqueue('burst-a'), await enqueue('burst-b')];
    await env.wipeQueues();
    const after = [await enqueue('burst-c')];
    for (const label of ['burst-a', 'burst-b', 'burst-c']) {
      await eventually(async () => (await effectCount(label)) === 1, 15_000);
    }
    const rows = await env.sql.query('SELECT id, processed_at FROM outbox_messages WHERE id = ANY($1)', [
      [...before, ...after],
    ]);
    expect(rows.rows.every((r) => r.processed_at instanceof Date)).toBe(true);
    // Nothing ran twice.
    const duplicates = await env.sql.query('SELECT outbox_id FROM test_effects GROUP BY outbox_id HAVING count(*) > 1');
    expect(duplicates.rowCount).toBe(0);

    await worker.close();
  });

  it('applies a job effect once when the same job runs twice', async () => {
    const id = await enqueue('twice');
    const job = { data: { outboxId: id, payload: { label: 'twice' } } };
    const run = () =>
      effects.onceForOutboxJob(
        job,
        (tx) => tx.$executeRaw`INSERT INTO test_effects (outbox_id, label) VALUES (${id}, 'twice')`,
      );
    const results = await Promise.all([run(), run(), run()]);
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    expect(await effectCount('twice')).toBe(1);
    const row = (await env.sql.query('SELECT processed_at FROM outbox_messages WHERE id = $1', [id])).rows[0];
    expect(row.processed_at).toBeInstanceOf(Date);
  });

  it('dead-letters a job whose attempts are exhausted and stops redispatching it', async () => {
    const id = await db.transaction(async () =>
      outbox.enqueue(db.sql, { queue: TEST_QUEUE, name: 'no-such-handler', payload: {} }),
    );
    const worker = await env.startWorker([TestJobs]);
    const row = await eventually(async () => {
      const r = (await env.sql.query('SELECT failed_at, last_error FROM outbox_messages WHERE id = $1', [id])).rows[0];
      return r.failed_at ? r : null;
    });
    expect(row.last_error).toMatch(/no handler/);
    await worker.close();
    expect(await relay.redispatchStale()).toBe(0);
  });

  it('registers the maintenance schedules', async () => {
    const worker = await env.startWorker([TestJobs]);
    const schedulers = await queues.get(QUEUE_NAMES.maintenance).getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual(
      Object.values(MAINTENANCE_SCHEDULES)
        .map((s) => s.name)
        .sort(),
    );
    await worker.close();
  });

  it("upserts each capability's schedules on its own queue, and removes those no processor declares", async () => {
    // A schedule once declared on the maintenance queue, which no processor of that queue handles now.
    await queues.get(QUEUE_NAMES.maintenance).upsertJobScheduler('expire-ledger-holds', { every: 30_000 });
    const worker = await env.startWorker([TestJobs]);
    const schedules = async (queue: string) =>
      (await queues.get(queue).getJobSchedulers())
        .map(({ key, every, pattern, tz }) => (every ? `${key} every ${every} ms` : `${key} at ${pattern} ${tz}`))
        .sort();
    const byQueue = Object.fromEntries(
      await Promise.all([...Object.values(QUEUE_NAMES), TEST_QUEUE].map(async (q) => [q, await schedules(q)])),
    );
    expect(byQueue).toEqual({
      [QUEUE_NAMES.maintenance]: ['prune-idempotency-keys every 3600000 ms', 'prune-outbox every 3600000 ms'],
      [QUEUE_NAMES.ledger]: [`expire-ledger-holds every ${env.config.ledgerExpirySweepSeconds * 1000} ms`],
      [QUEUE_NAMES.payments]: ['expire-payment-intents every 30000 ms'],
      [QUEUE_NAMES.settlement]: [`settle-due-payments every ${env.config.settlementSweepSeconds * 1000} ms`],
      [QUEUE_NAMES.payouts]: ['daily-payouts at 0 2 * * * UTC'],
      [QUEUE_NAMES.wallets]: ['prune-recipient-lookups every 3600000 ms'],
      [QUEUE_NAMES.webhooks]: ['prune-events every 3600000 ms'],
      [TEST_QUEUE]: [],
    });
    await worker.close();
  });

  it("runs each queue with its processor's concurrency", async () => {
    // Webhook deliveries are leased, not queued: WEBHOOK_CONCURRENCY is not the webhooks queue's.
    const worker = await env.startWorker([TestJobs], env.configWith({ WEBHOOK_CONCURRENCY: '7' }));
    const workers = worker.get(QueueWorkers);
    const concurrency = Object.fromEntries(
      workers.processors().map((processor) => [processor.worker.name, processor.worker.concurrency]),
    );
    expect(concurrency).toEqual({
      [QUEUE_NAMES.maintenance]: 5,
      [QUEUE_NAMES.ledger]: 5,
      [QUEUE_NAMES.payments]: 5,
      [QUEUE_NAMES.settlement]: 5,
      [QUEUE_NAMES.payouts]: 5,
      [QUEUE_NAMES.wallets]: 5,
      [QUEUE_NAMES.webhooks]: 5,
      [TEST_QUEUE]: 3,
    });
    await worker.close();
  });

  it('finishes the job in progress when it is shut down (SIGTERM path)', async () => {
    TestJobs.slowMs = 1_500;
    try {
      const worker = await env.startWorker([TestJobs]);
      const id = await enqueue('graceful');
      await eventually(async () => (await queues.get(TEST_QUEUE).getJob(id))?.isActive());
      await worker.close();
      expect(await effectCount('graceful')).toBe(1);
      expect(await (await queues.get(TEST_QUEUE).getJob(id))?.getState()).toBe('completed');
    } finally {
      TestJobs.slowMs = 0;
    }
  });
});
