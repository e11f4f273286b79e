-- The relay's sweep re-adds rows that are overdue: handed to the queues and
-- due (run_at) both at least OUTBOX_REDISPATCH_AFTER_SECONDS ago, yet neither
-- processed nor dead-lettered. Indexed by the later of the two times, so the
-- sweep reads only overdue rows, not every delayed job still waiting for its
-- time (a settlement days away).
DROP INDEX IF EXISTS "outbox_messages_unprocessed_idx";

CREATE INDEX "outbox_messages_overdue_idx" ON "outbox_messages"(GREATEST("dispatched_at", "run_at"))
    WHERE "dispatched_at" IS NOT NULL AND "processed_at" IS NULL AND "failed_at" IS NULL;
