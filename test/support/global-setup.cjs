// Runs once before the suites: fail fast, with a useful message, when the
// services the suites need are not reachable.
const net = require('node:net');
const { URL } = require('node:url');

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 }, () => {
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

module.exports = async () => {
  const pg = new URL(process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/tally');
  const redis = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
  const missing = [];
  if (!(await reachable(pg.hostname, Number(pg.port || 5432)))) missing.push(`PostgreSQL at ${pg.host}`);
  if (!(await reachable(redis.hostname, Number(redis.port || 6379)))) missing.push(`Redis at ${redis.host}`);
  if (missing.length) {
    throw new Error(`The test suites need ${missing.join(' and ')} (see README "Quick start").`);
  }
};
