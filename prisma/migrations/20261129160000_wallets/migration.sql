-- Wallets: top-ups from the customer's bank card, instant transfers between
-- customers, withdrawals to the customer's bank, and each customer's
-- outgoing total per calendar day (the daily limit of their KYC tier).

-- CreateEnum
CREATE TYPE "wallet_top_up_status" AS ENUM ('pending', 'succeeded', 'failed');

-- CreateEnum
CREATE TYPE "wallet_withdrawal_status" AS ENUM ('pending', 'paid', 'failed');

-- CreateTable
CREATE TABLE "wallet_top_ups" (
    "id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "status" "wallet_top_up_status" NOT NULL DEFAULT 'pending',
    "failure_reason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "completed_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "wallet_top_ups_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "wallet_top_ups_amount_positive" CHECK ("amount" > 0)
);

-- CreateTable
CREATE TABLE "wallet_withdrawals" (
    "id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "status" "wallet_withdrawal_status" NOT NULL DEFAULT 'pending',
    "failure_reason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "completed_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "wallet_withdrawals_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "wallet_withdrawals_amount_positive" CHECK ("amount" > 0)
);

-- CreateTable
CREATE TABLE "wallet_transfers" (
    "id" TEXT NOT NULL,
    "sender_id" TEXT NOT NULL,
    "recipient_id" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "wallet_transfers_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "wallet_transfers_amount_positive" CHECK ("amount" > 0),
    CONSTRAINT "wallet_transfers_not_to_self" CHECK ("sender_id" <> "recipient_id")
);

-- CreateTable
CREATE TABLE "wallet_daily_usage" (
    "customer_id" TEXT NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "day" DATE NOT NULL,
    "outgoing" BIGINT NOT NULL,

    CONSTRAINT "wallet_daily_usage_pkey" PRIMARY KEY ("customer_id", "currency", "day"),
    CONSTRAINT "wallet_daily_usage_outgoing" CHECK ("outgoing" >= 0)
);

-- CreateIndex
CREATE INDEX "wallet_top_ups_customer_id_id_idx" ON "wallet_top_ups"("customer_id", "id");
CREATE INDEX "wallet_top_ups_status_idx" ON "wallet_top_ups"("status");
CREATE INDEX "wallet_withdrawals_customer_id_id_idx" ON "wallet_withdrawals"("customer_id", "id");
CREATE INDEX "wallet_withdrawals_status_idx" ON "wallet_withdrawals"("status");
CREATE INDEX "wallet_transfers_sender_id_id_idx" ON "wallet_transfers"("sender_id", "id");
CREATE INDEX "wallet_transfers_recipient_id_id_idx" ON "wallet_transfers"("recipient_id", "id");

-- AddForeignKey
ALTER TABLE "wallet_top_ups" ADD CONSTRAINT "wallet_top_ups_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "wallet_withdrawals" ADD CONSTRAINT "wallet_withdrawals_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "wallet_transfers" ADD CONSTRAINT "wallet_transfers_sender_id_fkey" FOREIGN KEY ("sender_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "wallet_transfers" ADD CONSTRAINT "wallet_transfers_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "wallet_daily_usage" ADD CONSTRAINT "wallet_daily_usage_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
