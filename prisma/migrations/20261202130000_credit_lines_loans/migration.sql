-- Credit lines (a customer's approved limit on a product), the applications
-- that decided them, and the loans drawn on them with their instalments. A
-- loan's money moves are ledger transfers whose ids derive from the loan's id.
CREATE TYPE "credit_line_status" AS ENUM ('active', 'suspended', 'closed');
CREATE TYPE "credit_decision" AS ENUM ('approved', 'declined');
CREATE TYPE "loan_status" AS ENUM ('active', 'paid_off', 'written_off');

CREATE TABLE "credit_lines" (
    "id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "credit_limit" BIGINT NOT NULL,
    -- The principal its loans still owe: changed with each drawdown and repayment, in their transactions.
    "principal_outstanding" BIGINT NOT NULL DEFAULT 0,
    "status" "credit_line_status" NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_lines_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "credit_lines_amounts" CHECK ("credit_limit" >= 0 AND "principal_outstanding" >= 0)
);

CREATE UNIQUE INDEX "credit_lines_customer_id_product_id_key" ON "credit_lines"("customer_id", "product_id");
CREATE INDEX "credit_lines_customer_id_id_idx" ON "credit_lines"("customer_id", "id");

ALTER TABLE "credit_lines" ADD CONSTRAINT "credit_lines_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "credit_lines" ADD CONSTRAINT "credit_lines_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "credit_products"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "credit_applications" (
    "id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "decision" "credit_decision" NOT NULL,
    "reasons" TEXT[] NOT NULL,
    -- What the rules read, as they read it: the decision can be explained and replayed.
    "facts" JSONB NOT NULL,
    "credit_limit" BIGINT,
    "line_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_applications_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "credit_applications_customer_id_id_idx" ON "credit_applications"("customer_id", "id");

ALTER TABLE "credit_applications" ADD CONSTRAINT "credit_applications_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "credit_applications" ADD CONSTRAINT "credit_applications_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "credit_products"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "credit_applications" ADD CONSTRAINT "credit_applications_line_id_fkey" FOREIGN KEY ("line_id") REFERENCES "credit_lines"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "loans" (
    "id" TEXT NOT NULL,
    "line_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "principal" BIGINT NOT NULL,
    "principal_outstanding" BIGINT NOT NULL,
    "term" INTEGER NOT NULL,
    "repayment_method" TEXT NOT NULL,
    -- The product's price when the loan was made: a loan keeps it.
    "daily_rate" NUMERIC(12,10) NOT NULL,
    "penalty_daily_rate" NUMERIC(12,10) NOT NULL,
    "grace_days" INTEGER NOT NULL,
    "drawdown_date" DATE NOT NULL,
    "annual_percentage_rate" TEXT NOT NULL,
    "status" "loan_status" NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "loans_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "loans_amounts" CHECK ("principal" > 0 AND "principal_outstanding" BETWEEN 0 AND "principal")
);

CREATE INDEX "loans_customer_id_id_idx" ON "loans"("customer_id", "id");
CREATE INDEX "loans_line_id_idx" ON "loans"("line_id");

ALTER TABLE "loans" ADD CONSTRAINT "loans_line_id_fkey" FOREIGN KEY ("line_id") REFERENCES "credit_lines"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "loans" ADD CONSTRAINT "loans_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "loan_installments" (
    "loan_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "due_date" DATE NOT NULL,
    "principal" BIGINT NOT NULL,
    "interest" BIGINT NOT NULL,
    "principal_paid" BIGINT NOT NULL DEFAULT 0,
    "interest_paid" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "loan_installments_pkey" PRIMARY KEY ("loan_id", "number"),
    CONSTRAINT "loan_installments_amounts" CHECK ("principal" >= 0 AND "interest" >= 0
        AND "principal_paid" BETWEEN 0 AND "principal" AND "interest_paid" BETWEEN 0 AND "interest")
);

CREATE INDEX "loan_installments_due_date_idx" ON "loan_installments"("due_date");

ALTER TABLE "loan_installments" ADD CONSTRAINT "loan_installments_loan_id_fkey" FOREIGN KEY ("loan_id") REFERENCES "loans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
