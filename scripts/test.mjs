// `npm test`: the whole suite on each queue backend. With a Redis answering at
// REDIS_URL (or the default address), jest runs twice, QUEUE_BACKEND=redis
// then postgres, and the run fails if either fails; without one, it runs on
// PostgreSQL only and says so. QUEUE_BACKEND set in the environment runs that
// backend only. Arguments are passed on to jest (`npm test -- test/x.spec.ts`).
// `npx jest` still runs one backend (see test/support/global-setup.cjs).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { URL } from 'node:url';

const require = createRequire(import.meta.url);
const jest = require.resolve('jest/bin/jest');
const { reachable } = require('../test/support/reachable.cjs');
const args = process.argv.slice(2);

function answers(url) {
  const { hostname, port } = new URL(url);
  return reachable(hostname, Number(port || 6379), 1_000);
}

let backends;
if (process.env.QUEUE_BACKEND === 'redis' || process.env.QUEUE_BACKEND === 'postgres') {
  backends = [process.env.QUEUE_BACKEND];
} else {
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (await answers(redisUrl)) {
    backends = ['redis', 'postgres'];
  } else {
    console.log(`test: no Redis answers at ${redisUrl}; running the suite with QUEUE_BACKEND=postgres only`);
    backends = ['postgres'];
  }
}

const failed = [];
for (const backend of backends) {
  console.log(`test: QUEUE_BACKEND=${backend}`);
  const run = spawnSync(process.execPath, [jest, ...args], {
    stdio: 'inherit',
    env: { ...process.env, QUEUE_BACKEND: backend },
  });
  if (run.status !== 0) failed.push(backend);
}
console.log(
  failed.length === 0
    ? `test: passed on ${backends.join(' and ')}`
    : `test: failed on ${failed.join(' and ')} (of ${backends.join(', ')})`,
);
process.exit(failed.length === 0 ? 0 : 1);
