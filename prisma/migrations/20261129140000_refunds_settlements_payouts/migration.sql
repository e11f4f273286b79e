-- Payments, second part: refunds, settlement batches, payouts, and the
-- sandbox bank connector's own record of what it was asked to do.

-- CreateEnum
CREATE TYPE "refund_status" AS ENUM ('succeeded', 'failed');

-- CreateEnum
CREATE TYPE "payout_status" AS ENUM ('pending', 'paid', 'failed');

-- AlterTable
ALTER TABLE "payment_intents"
    ADD COLUMN "fee_refunded" BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN "settlement_id" TEXT,
    ADD COLUMN "settled_at" TIMESTAMPTZ(3),
    ADD COLUMN "settled_amount" BIGINT,
    ADD CONSTRAINT "payment_intents_fee_refunded" CHECK ("fee_refunded" BETWEEN 0 AND "fee");

-- CreateTable
CREATE TABLE "refunds" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "payment_intent_id" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "fee_returned" BIGINT NOT NULL DEFAULT 0,
    "status" "refund_status" NOT NULL,
    "failure_reason" TEXT,
    "reason" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refunds_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "refunds_amounts" CHECK ("amount" > 0 AND "fee_returned" BETWEEN 0 AND "amount")
);

-- CreateTable
CREATE TABLE "settlements" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "gross" BIGINT NOT NULL,
    "fees" BIGINT NOT NULL,
    "refunds" BIGINT NOT NULL,
    "net" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "settlements_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "settlements_sums" CHECK ("count" > 0 AND "net" = "gross" - "fees" - "refunds")
);

-- CreateTable
CREATE TABLE "payouts" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "status" "payout_status" NOT NULL DEFAULT 'pending',
    "method" TEXT NOT NULL,
    "bank_account" JSONB NOT NULL,
    "failure_reason" TEXT,
    "schedule_key" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "arrived_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payouts_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "payouts_amount_positive" CHECK ("amount" > 0)
);

-- CreateTable
CREATE TABLE "sandbox_bank_operations" (
    "reference" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_bank_operations_pkey" PRIMARY KEY ("reference")
);

-- CreateIndex
CREATE INDEX "refunds_merchant_id_id_idx" ON "refunds"("merchant_id", "id");
CREATE INDEX "refunds_payment_intent_id_idx" ON "refunds"("payment_intent_id");
CREATE INDEX "settlements_merchant_id_id_idx" ON "settlements"("merchant_id", "id");
CREATE INDEX "payment_intents_settlement_id_idx" ON "payment_intents"("settlement_id");
CREATE INDEX "payouts_merchant_id_id_idx" ON "payouts"("merchant_id", "id");
CREATE INDEX "payouts_status_idx" ON "payouts"("status");
-- One scheduled payout per merchant, currency and day.
CREATE UNIQUE INDEX "payouts_schedule_key_key" ON "payouts"("schedule_key");

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_intent_id_fkey" FOREIGN KEY ("payment_intent_id") REFERENCES "payment_intents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "payment_intents" ADD CONSTRAINT "payment_intents_settlement_id_fkey" FOREIGN KEY ("settlement_id") REFERENCES "settlements"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
