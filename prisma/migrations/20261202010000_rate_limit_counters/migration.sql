-- Rate-limit counters when the queues run on PostgreSQL (QUEUE_BACKEND=postgres):
-- rate-limiter-flexible's RateLimiterPostgres table, shared by every API instance.
-- UNLOGGED: a count is written on every request and is worth nothing after a
-- crash (PostgreSQL empties the table then, as if every window had closed), so
-- its writes skip the WAL. Its own schema keeps it out of the app's model.
CREATE SCHEMA IF NOT EXISTS "rate_limits";

CREATE UNLOGGED TABLE "rate_limits"."counters" (
    "key" VARCHAR(255) PRIMARY KEY,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT
);
