-- The webhook dispatcher shares the worker's slots fairly between owners
-- (src/webhooks/webhook-delivery.service.ts, dispatchDue). On every pass it
-- walks the endpoints that have pending deliveries and takes a few of each
-- one's oldest due deliveries, and counts the deliveries in flight (leased)
-- per endpoint and owner. These two partial indexes keep both reads
-- proportional to the endpoints and the deliveries in flight, not to a
-- backlog that a flood of events can make as large as it likes.

-- Pending deliveries by endpoint, in due order.
CREATE INDEX "webhook_deliveries_pending_endpoint_idx" ON "webhook_deliveries"("endpoint_id", "next_attempt_at") WHERE "status" = 'pending';

-- Deliveries handed to the queue (a lease is cleared when the attempt is recorded).
CREATE INDEX "webhook_deliveries_leased_idx" ON "webhook_deliveries"("leased_until") WHERE "leased_until" IS NOT NULL;

-- The old dispatcher's index (due deliveries across everyone, oldest first)
-- is read by nothing now; the pending index above takes its place in every
-- delivery's insert.
DROP INDEX "webhook_deliveries_status_next_attempt_at_idx";
