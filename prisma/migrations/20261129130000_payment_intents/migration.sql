-- Payments, first part: merchants' pricing, settlement and payout settings and
-- bank account; payment intents; and the event log that records every state
-- change in the same transaction (the webhooks capability delivers it).

-- CreateEnum
CREATE TYPE "merchant_payout_schedule" AS ENUM ('manual', 'daily');

-- CreateEnum
CREATE TYPE "payment_intent_status" AS ENUM ('requires_payment_method', 'requires_capture', 'succeeded', 'canceled');

-- CreateEnum
CREATE TYPE "capture_method" AS ENUM ('automatic', 'manual');

-- AlterTable
ALTER TABLE "merchants"
    ADD COLUMN "fee_bps" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "fixed_fees" JSONB NOT NULL DEFAULT '{}',
    ADD COLUMN "settlement_delay_seconds" INTEGER NOT NULL DEFAULT 86400,
    ADD COLUMN "payout_schedule" "merchant_payout_schedule" NOT NULL DEFAULT 'manual',
    ADD COLUMN "bank_account" JSONB,
    ADD CONSTRAINT "merchants_fee_bps_range" CHECK ("fee_bps" BETWEEN 0 AND 10000),
    ADD CONSTRAINT "merchants_settlement_delay_non_negative" CHECK ("settlement_delay_seconds" >= 0);

-- CreateTable
CREATE TABLE "payment_intents" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "status" "payment_intent_status" NOT NULL DEFAULT 'requires_payment_method',
    "capture_method" "capture_method" NOT NULL,
    "amount_capturable" BIGINT NOT NULL DEFAULT 0,
    "amount_received" BIGINT NOT NULL DEFAULT 0,
    "amount_refunded" BIGINT NOT NULL DEFAULT 0,
    "fee" BIGINT NOT NULL DEFAULT 0,
    "description" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "customer_id" TEXT,
    "last_payment_error" JSONB,
    "cancellation_reason" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "authorization_expires_at" TIMESTAMPTZ(3),
    "succeeded_at" TIMESTAMPTZ(3),
    "canceled_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_intents_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "payment_intents_amounts" CHECK (
        "amount" > 0 AND "amount_capturable" >= 0 AND "amount_received" >= 0 AND "fee" >= 0
        AND "amount_capturable" <= "amount" AND "amount_received" <= "amount"
        AND "amount_refunded" BETWEEN 0 AND "amount_received" AND "fee" <= "amount_received")
);

-- CreateTable
CREATE TABLE "events" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "object_id" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "payment_intents_merchant_id_id_idx" ON "payment_intents"("merchant_id", "id");
CREATE INDEX "payment_intents_status_expires_at_idx" ON "payment_intents"("status", "expires_at");
CREATE INDEX "payment_intents_status_authorization_expires_at_idx" ON "payment_intents"("status", "authorization_expires_at");
CREATE INDEX "events_owner_id_idx" ON "events"("owner", "id");
CREATE INDEX "events_object_id_idx" ON "events"("object_id");
CREATE INDEX "events_created_at_idx" ON "events"("created_at");

-- AddForeignKey
ALTER TABLE "payment_intents" ADD CONSTRAINT "payment_intents_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "payment_intents" ADD CONSTRAINT "payment_intents_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
