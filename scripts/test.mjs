// `npm test`: the whole suite on each queue backend. When the app's rule
// (resolveQueueBackend) picks Redis (REDIS_URL is set, or a Redis answers at
// the default address), jest runs twice, QUEUE_BACKEND=redis then postgres,
// and the run fails if either fails; a REDIS_URL whose Redis does not answer
// fails the Redis run (test/support/global-setup.cjs), it is never skipped.
// Otherwise it runs on PostgreSQL only and says so. QUEUE_BACKEND set in the
// environment runs that backend only. Arguments are passed on to jest
// (`npm test -- test/x.spec.ts`). `npx jest` still runs one backend (see
// test/support/global-setup.cjs).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const jest = require.resolve('jest/bin/jest');
const { appModule } = require('../test/support/app-modules.cjs');
const { resolveQueueBackend } = appModule('src/queues/queue-backend.ts');
const args = process.argv.slice(2);

let backends;
if (process.env.QUEUE_BACKEND === 'redis' || process.env.QUEUE_BACKEND === 'postgres') {
  backends = [process.env.QUEUE_BACKEND];
} else {
  // NODE_ENV as jest sets it: the rule of tests, not of production.
  const choice = await resolveQueueBackend({ ...process.env, NODE_ENV: 'test' });
  if (choice.backend === 'redis') {
    backends = ['redis', 'postgres'];
  } else {
    console.log(`test: ${choice.reason}; running the suite with QUEUE_BACKEND=postgres only`);
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
