// Runs once before the suites: fail fast, with a useful message, when the
// services the suites need are not reachable, and settle the queue backend of
// the run: QUEUE_BACKEND as given, else Redis when it answers, else
// PostgreSQL. The choice is written to process.env, which the test workers
// inherit, so that every suite (and each suite's choice of tests) agrees.
const { URL } = require('node:url');
const { reachable } = require('./reachable.cjs');

module.exports = async () => {
  const pg = new URL(process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/tally');
  const redis = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
  const redisUp = await reachable(redis.hostname, Number(redis.port || 6379));
  if (!process.env.QUEUE_BACKEND) process.env.QUEUE_BACKEND = redisUp ? 'redis' : 'postgres';
  const missing = [];
  if (!(await reachable(pg.hostname, Number(pg.port || 5432)))) missing.push(`PostgreSQL at ${pg.host}`);
  if (process.env.QUEUE_BACKEND === 'redis' && !redisUp) missing.push(`Redis at ${redis.host}`);
  if (missing.length) {
    throw new Error(`The test suites need ${missing.join(' and ')} (see README "Quick start").`);
  }
};
