// The PostgreSQL sessions each queue backend adds to an API and a worker
// (docs/operations.md, "Queue backend", counts them), read from
// pg_stat_activity by the sessions' application_name.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QUEUE_NAMES } from '../src/queues/queue-names';
import { QUEUE_QUERY_CONNECTIONS } from '../src/queues/queue-store';
import { RATE_LIMIT_CONNECTIONS } from '../src/rate-limit/rate-limiter-store';
import { createTestEnv, eventually, TEST_QUEUE_BACKEND, type TestEnv } from './support/test-env';

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
});

afterAll(async () => {
  await env?.teardown();
});

/** Sessions on the suite's database by application_name (the queue pool's, the rate limiter's, each worker's LISTEN). */
async function sessions(): Promise<Record<string, number>> {
  const { rows } = await env.sql.query<{ name: string; n: number }>(
    `SELECT application_name AS name, count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() GROUP BY application_name`,
    [],
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}

describe(`PostgreSQL sessions of the queue backend (${TEST_QUEUE_BACKEND})`, () => {
  it('stay within the documented budget', async () => {
    const api = await env.startApi();
    const worker = await env.startWorker();
    try {
      const queues = Object.values(QUEUE_NAMES);
      if (TEST_QUEUE_BACKEND === 'redis') {
        const found = await sessions();
        expect(found['tally:queues'] ?? 0).toBe(0);
        expect(found['tally:rate-limits'] ?? 0).toBe(0);
        return;
      }
      // Every worker listens on a session named after its queue.
      const found = await eventually(async () => {
        const now = await sessions();
        return queues.every((q) => now[q] === 1) ? now : null;
      });
      // The API's and the worker's queue pools: statements only, within their size.
      expect(found['tally:queues']).toBeGreaterThanOrEqual(1);
      expect(found['tally:queues']).toBeLessThanOrEqual(2 * QUEUE_QUERY_CONNECTIONS);
      // The rate limiter's pool is the API's only, opened at start.
      expect(found['tally:rate-limits']).toBe(RATE_LIMIT_CONNECTIONS);
    } finally {
      await worker.close();
      await api.close();
    }
    // Closed with the apps: nothing of the queues is left open.
    const after = await eventually(async () => {
      const now = await sessions();
      return !now['tally:queues'] && !now['tally:rate-limits'] ? now : null;
    });
    for (const queue of Object.values(QUEUE_NAMES)) expect(after[queue] ?? 0).toBe(0);
  });
});
