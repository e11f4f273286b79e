-- The posting functions' statements take arrays and jsonb from their
-- arguments, and PostgreSQL's default plan cache mode kept planning them
-- afresh on every call (a custom plan for a one-element array always looks
-- cheaper than the generic plan's estimate). That planning was about half of
-- a one-transfer posting's CPU (0.65 ms -> 0.37 ms measured per call with
-- pgbench, one client). Every statement inside is a primary-key or
-- unique-index lookup, and enable_seqscan is already off for them, so the
-- generic plan is the right plan for every argument.
ALTER FUNCTION ledger_post_entries(jsonb) SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION ledger_post_entries_or_raise(jsonb) SET plan_cache_mode = force_generic_plan;
