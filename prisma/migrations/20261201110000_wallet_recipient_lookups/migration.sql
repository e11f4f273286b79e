-- The phone numbers each customer looked up per day, as keyed digests, so that the
-- number of distinct recipients a customer may try per day is capped (a
-- customer trying many numbers would learn who is registered).
CREATE TABLE "wallet_recipient_lookups" (
    "customer_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "phone_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "wallet_recipient_lookups_pkey" PRIMARY KEY ("customer_id", "day", "phone_hash")
);

CREATE INDEX "wallet_recipient_lookups_day_idx" ON "wallet_recipient_lookups"("day");
