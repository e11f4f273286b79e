-- Credit products: what the bank lends, at what price, to whom. A loan keeps
-- the terms it was made with; a product's rates and terms never change (only
-- its name, status, per-tier limits and metadata), so that what a customer
-- was quoted is what the product still says.
CREATE TYPE "credit_product_status" AS ENUM ('active', 'retired');

CREATE TABLE "credit_products" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "daily_rate" NUMERIC(12,10) NOT NULL,
    "penalty_daily_rate" NUMERIC(12,10) NOT NULL,
    "terms" INTEGER[] NOT NULL,
    "repayment_methods" TEXT[] NOT NULL,
    "min_amount" BIGINT NOT NULL,
    "max_amount" BIGINT NOT NULL,
    "limit_tier_1" BIGINT NOT NULL,
    "limit_tier_2" BIGINT NOT NULL,
    "limit_tier_3" BIGINT NOT NULL,
    "grace_days" INTEGER NOT NULL,
    "status" "credit_product_status" NOT NULL DEFAULT 'active',
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_products_pkey" PRIMARY KEY ("id"),
    -- The rules of src/credit/credit-products.ts, kept by the database too.
    CONSTRAINT "credit_products_rates" CHECK ("daily_rate" >= 0 AND "penalty_daily_rate" >= 0
        AND ("daily_rate" + "penalty_daily_rate") * 365 <= 0.36),
    CONSTRAINT "credit_products_terms" CHECK (cardinality("terms") BETWEEN 1 AND 12
        AND 1 <= ALL ("terms") AND 60 >= ALL ("terms")),
    CONSTRAINT "credit_products_methods" CHECK (cardinality("repayment_methods") BETWEEN 1 AND 2
        AND "repayment_methods" <@ ARRAY['equal_installment', 'equal_principal']),
    CONSTRAINT "credit_products_amounts" CHECK ("min_amount" > 0 AND "max_amount" >= "min_amount"),
    CONSTRAINT "credit_products_limits" CHECK ("limit_tier_1" >= 0 AND "limit_tier_2" >= 0 AND "limit_tier_3" >= 0),
    CONSTRAINT "credit_products_grace" CHECK ("grace_days" BETWEEN 0 AND 30)
);

CREATE INDEX "credit_products_currency_idx" ON "credit_products"("currency");
