-- No live secret in plain text in the database. An idempotency record keeps
-- its key only as SHA-256 (the raw key is extra key material that opens a
-- sealed response), and a response that carried a new secret (a merchant
-- key, a customer token, a webhook signing secret) is kept sealed in
-- response_sealed instead of response_body.
ALTER TABLE "idempotency_keys" RENAME COLUMN "key" TO "key_hash";
ALTER TABLE "idempotency_keys" ALTER COLUMN "key_hash" TYPE TEXT;
UPDATE "idempotency_keys" SET "key_hash" = encode(sha256(convert_to("key_hash", 'UTF8')), 'hex');
ALTER INDEX "idempotency_keys_principal_key_key" RENAME TO "idempotency_keys_principal_key_hash_key";

ALTER TABLE "idempotency_keys" ALTER COLUMN "response_body" DROP NOT NULL;
ALTER TABLE "idempotency_keys" ADD COLUMN "response_sealed" TEXT;

-- Responses stored in plain text by earlier versions that carried a secret
-- cannot be sealed here (the raw keys are gone): they are dropped, and a
-- retry with such a key answers 409 idempotency_response_unavailable
-- instead of running the request again.
-- They are the successful responses that hold a secret at their top level:
-- `secret_key` (a new merchant), `secret` (a rolled merchant key, a webhook
-- endpoint's signing secret) or `token` (a customer token).
UPDATE "idempotency_keys" SET "response_body" = NULL
 WHERE "response_status" BETWEEN 200 AND 299 AND jsonb_typeof("response_body") = 'object'
   AND "response_body" ?| ARRAY['secret_key', 'secret', 'token'];
