-- Ledger: accounts with four balances, immutable transfers (single-phase,
-- pending, and the post / void / expiry that resolves a pending one), the
-- open holds awaiting resolution, and ledger_post_entries(), which posts a
-- batch of entries in one statement. The README's "Ledger" section describes
-- the model and its guarantees.

-- CreateEnum
CREATE TYPE "ledger_account_type" AS ENUM ('asset', 'liability', 'equity', 'revenue', 'expense');

-- CreateEnum
CREATE TYPE "ledger_account_status" AS ENUM ('open', 'closed');

-- CreateEnum
CREATE TYPE "ledger_transfer_kind" AS ENUM ('posted', 'pending', 'post_pending', 'void_pending', 'expire_pending');

-- CreateTable
CREATE TABLE "ledger_accounts" (
    "id" TEXT NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "type" "ledger_account_type" NOT NULL,
    "code" INTEGER NOT NULL DEFAULT 0,
    "owner_ref" TEXT,
    "debits_must_not_exceed_credits" BOOLEAN NOT NULL DEFAULT false,
    "credits_must_not_exceed_debits" BOOLEAN NOT NULL DEFAULT false,
    "status" "ledger_account_status" NOT NULL DEFAULT 'open',
    "debits_pending" BIGINT NOT NULL DEFAULT 0,
    "debits_posted" BIGINT NOT NULL DEFAULT 0,
    "credits_pending" BIGINT NOT NULL DEFAULT 0,
    "credits_posted" BIGINT NOT NULL DEFAULT 0,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_accounts_pkey" PRIMARY KEY ("id"),
    -- The database is the last line of defence for the flags: even a buggy
    -- caller cannot commit a balance past an account's limit.
    CONSTRAINT "ledger_accounts_one_flag" CHECK (NOT ("debits_must_not_exceed_credits" AND "credits_must_not_exceed_debits")),
    CONSTRAINT "ledger_accounts_balances_non_negative" CHECK (
        "debits_pending" >= 0 AND "debits_posted" >= 0 AND "credits_pending" >= 0 AND "credits_posted" >= 0),
    CONSTRAINT "ledger_accounts_debits_within_credits" CHECK (
        NOT "debits_must_not_exceed_credits" OR "debits_pending" + "debits_posted" <= "credits_posted"),
    CONSTRAINT "ledger_accounts_credits_within_debits" CHECK (
        NOT "credits_must_not_exceed_debits" OR "credits_pending" + "credits_posted" <= "debits_posted")
);

-- CreateTable
CREATE TABLE "ledger_transfers" (
    "id" VARCHAR(128) NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "entry_id" TEXT NOT NULL,
    "kind" "ledger_transfer_kind" NOT NULL,
    "debit_account_id" TEXT NOT NULL,
    "credit_account_id" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "code" INTEGER NOT NULL DEFAULT 0,
    "reference" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "pending_id" VARCHAR(128),
    "timeout_seconds" INTEGER,
    "expires_at" TIMESTAMPTZ(3),
    "reverses_id" VARCHAR(128),
    "dr_debits_pending_after" BIGINT NOT NULL,
    "dr_debits_posted_after" BIGINT NOT NULL,
    "dr_credits_pending_after" BIGINT NOT NULL,
    "dr_credits_posted_after" BIGINT NOT NULL,
    "cr_debits_pending_after" BIGINT NOT NULL,
    "cr_debits_posted_after" BIGINT NOT NULL,
    "cr_credits_pending_after" BIGINT NOT NULL,
    "cr_credits_posted_after" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_transfers_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ledger_transfers_amount_positive" CHECK ("amount" > 0),
    CONSTRAINT "ledger_transfers_two_accounts" CHECK ("debit_account_id" <> "credit_account_id"),
    CONSTRAINT "ledger_transfers_resolution_names_pending" CHECK (
        ("kind" IN ('post_pending', 'void_pending', 'expire_pending')) = ("pending_id" IS NOT NULL))
);

-- CreateTable
CREATE TABLE "ledger_open_holds" (
    "transfer_id" VARCHAR(128) NOT NULL,
    "expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "ledger_open_holds_pkey" PRIMARY KEY ("transfer_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ledger_accounts_owner_ref_code_currency_key" ON "ledger_accounts"("owner_ref", "code", "currency");
CREATE INDEX "ledger_accounts_currency_idx" ON "ledger_accounts"("currency");
CREATE UNIQUE INDEX "ledger_transfers_seq_key" ON "ledger_transfers"("seq");
-- Each pending transfer is resolved at most once, and each transfer reversed
-- at most once: enforced here whatever the code does.
CREATE UNIQUE INDEX "ledger_transfers_pending_id_key" ON "ledger_transfers"("pending_id");
CREATE UNIQUE INDEX "ledger_transfers_reverses_id_key" ON "ledger_transfers"("reverses_id");
-- Statements and balances as of a time: per account, newest first.
CREATE INDEX "ledger_transfers_debit_account_id_created_at_seq_idx" ON "ledger_transfers"("debit_account_id", "created_at", "seq");
CREATE INDEX "ledger_transfers_credit_account_id_created_at_seq_idx" ON "ledger_transfers"("credit_account_id", "created_at", "seq");
CREATE INDEX "ledger_open_holds_expires_at_idx" ON "ledger_open_holds"("expires_at");

-- AddForeignKey
ALTER TABLE "ledger_transfers" ADD CONSTRAINT "ledger_transfers_debit_account_id_fkey" FOREIGN KEY ("debit_account_id") REFERENCES "ledger_accounts"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;
ALTER TABLE "ledger_transfers" ADD CONSTRAINT "ledger_transfers_credit_account_id_fkey" FOREIGN KEY ("credit_account_id") REFERENCES "ledger_accounts"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;
ALTER TABLE "ledger_transfers" ADD CONSTRAINT "ledger_transfers_pending_id_fkey" FOREIGN KEY ("pending_id") REFERENCES "ledger_transfers"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;
ALTER TABLE "ledger_transfers" ADD CONSTRAINT "ledger_transfers_reverses_id_fkey" FOREIGN KEY ("reverses_id") REFERENCES "ledger_transfers"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;
ALTER TABLE "ledger_open_holds" ADD CONSTRAINT "ledger_open_holds_transfer_id_fkey" FOREIGN KEY ("transfer_id") REFERENCES "ledger_transfers"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- Append-only history, enforced by the database: transfers are never updated
-- or deleted; an account's identity and flags never change, it is never
-- deleted, and once closed it stays closed. Balances change only through
-- ledger_post_entries().
CREATE FUNCTION ledger_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger history is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE FUNCTION ledger_guard_account_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.id, NEW.currency, NEW.type, NEW.code, NEW.owner_ref, NEW.debits_must_not_exceed_credits,
      NEW.credits_must_not_exceed_debits, NEW.created_at)
     IS DISTINCT FROM
     (OLD.id, OLD.currency, OLD.type, OLD.code, OLD.owner_ref, OLD.debits_must_not_exceed_credits,
      OLD.credits_must_not_exceed_debits, OLD.created_at) THEN
    RAISE EXCEPTION 'a ledger account''s identity and flags cannot change' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF OLD.status = 'closed' AND NEW.status <> 'closed' THEN
    RAISE EXCEPTION 'a closed ledger account cannot be reopened' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "ledger_transfers_append_only" BEFORE UPDATE OR DELETE ON "ledger_transfers"
  FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER "ledger_transfers_no_truncate" BEFORE TRUNCATE ON "ledger_transfers"
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER "ledger_accounts_no_delete" BEFORE DELETE ON "ledger_accounts"
  FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER "ledger_accounts_no_truncate" BEFORE TRUNCATE ON "ledger_accounts"
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();
-- Column-specific, so the balance updates of every posting do not pay for it.
CREATE TRIGGER "ledger_accounts_identity_fixed"
  BEFORE UPDATE OF id, currency, type, code, owner_ref, debits_must_not_exceed_credits,
    credits_must_not_exceed_debits, created_at, status ON "ledger_accounts"
  FOR EACH ROW EXECUTE FUNCTION ledger_guard_account_update();

-- Posts a batch of entries in one statement, so the touched accounts' row
-- locks are held for one round trip only.
--
-- p_transfers is a JSON array of transfers in order, each with `entry` (the
-- 0-based entry index it belongs to; an entry's transfers are contiguous),
-- `entry_id`, `id`, `kind`, and the kind's fields. Entries apply in order: a
-- later entry (or transfer) may resolve or reverse one accepted earlier in the
-- same call. The caller (LedgerService)
-- has already validated shapes: ids, positive amounts within the maximum,
-- two distinct accounts, known currency, no id twice in the batch.
--
-- Each entry is all or nothing, independently of the others: the result has,
-- per entry, either one row per transfer (outcome 'created' or 'replayed',
-- with the stored transfer) or a single row with outcome 'failed' and the
-- error code. Nothing of a failed entry is written.
--
-- Concurrency at READ COMMITTED: every account that any transfer touches
-- (including the accounts of the pending transfers being resolved and of the
-- transfers being reversed) is locked FOR UPDATE in id order before anything
-- is read, so two postings that share an account run one after the other and
-- cannot deadlock each other; each later statement sees what the previous
-- holder committed. The one race left, the same new transfer id sent twice
-- with different accounts, meets on the primary key: the loser raises 40001
-- and the caller retries the whole statement, which then sees the winner.
CREATE FUNCTION ledger_post_entries(p_transfers jsonb)
RETURNS TABLE (
  entry_index integer, outcome text, error_code text, error_message text, error_transfer_id text,
  id text, seq bigint, entry_id text, kind ledger_transfer_kind, debit_account_id text, credit_account_id text,
  amount bigint, currency text, code integer, reference text, metadata jsonb, pending_id text,
  timeout_seconds integer, expires_at timestamptz, reverses_id text,
  dr_debits_pending_after bigint, dr_debits_posted_after bigint, dr_credits_pending_after bigint, dr_credits_posted_after bigint,
  cr_debits_pending_after bigint, cr_debits_posted_after bigint, cr_credits_pending_after bigint, cr_credits_posted_after bigint,
  created_at timestamptz)
LANGUAGE plpgsql
-- Every statement inside is a primary-key or unique-index lookup. PL/pgSQL
-- caches its plans per connection; without this, a plan made while a table
-- was still tiny (a fresh database) keeps scanning it sequentially as it grows
-- until the next ANALYZE.
SET enable_seqscan = off
AS $fn$
#variable_conflict use_column
DECLARE
  v_now timestamptz;
  n integer;
  -- the input, as parallel arrays (1-based)
  i_entry integer[]; i_entry_id text[]; i_id text[]; i_kind ledger_transfer_kind[]; i_dr text[]; i_cr text[];
  i_amount bigint[]; i_currency text[]; i_code integer[]; i_reference text[]; i_metadata jsonb[];
  i_pending text[]; i_timeout integer[]; i_reverses text[];
  -- referenced transfers: pending ones being resolved, originals being reversed
  r_id text[]; r_kind ledger_transfer_kind[]; r_dr text[]; r_cr text[]; r_amount bigint[]; r_currency text[];
  r_expires timestamptz[];
  -- the locked accounts, ordered by id, with their running balances
  a_id text[]; a_currency text[]; a_closed boolean[]; a_dmnec boolean[]; a_cmned boolean[];
  a_dp bigint[]; a_dpo bigint[]; a_cp bigint[]; a_cpo bigint[];
  -- positions in a_* of each input transfer's and referenced transfer's accounts
  i_d integer[]; i_c integer[]; r_d integer[]; r_c integer[];
  -- undo log of the current entry: account positions and their balances before
  u_idx integer[]; u_dp bigint[]; u_dpo bigint[]; u_cp bigint[]; u_cpo bigint[]; z integer;
  -- what the database already holds, read after locking
  existing_ids text[]; open_holds text[]; already_reversed text[];
  -- effects of the entries accepted so far in this batch
  resolved_here text[] := '{}'; reversed_here text[] := '{}';
  o_n integer := 0;
  o_id text[] := '{}'; o_entry_id text[] := '{}'; o_kind ledger_transfer_kind[] := '{}'; o_dr text[] := '{}';
  o_cr text[] := '{}'; o_amount bigint[] := '{}'; o_currency text[] := '{}'; o_code integer[] := '{}';
  o_reference text[] := '{}'; o_metadata jsonb[] := '{}'; o_pending text[] := '{}'; o_timeout integer[] := '{}';
  o_expires timestamptz[] := '{}'; o_reverses text[] := '{}';
  o_d integer[] := '{}'; o_c integer[] := '{}';
  o_drdp bigint[] := '{}'; o_drdpo bigint[] := '{}'; o_drcp bigint[] := '{}'; o_drcpo bigint[] := '{}';
  o_crdp bigint[] := '{}'; o_crdpo bigint[] := '{}'; o_crcp bigint[] := '{}'; o_crcpo bigint[] := '{}';
  o_seq bigint[];
  -- results
  res_entry integer[] := '{}'; res_outcome text[] := '{}'; res_code text[] := '{}'; res_message text[] := '{}';
  res_error_tid text[] := '{}'; res_tid text[] := '{}';
  -- loop state
  i integer; j integer; k integer; d integer; c integer; p integer;
  mark_o integer; mark_resolved integer; mark_reversed integer; mark_r integer; mark_holds integer; q integer;
  err text; err_message text; err_tid text; replayed integer;
  ex ledger_transfers%ROWTYPE;
  v_ref text; inserted integer;
BEGIN
  SELECT array_agg(x.entry ORDER BY x.pos), array_agg(x.entry_id ORDER BY x.pos), array_agg(x.id ORDER BY x.pos),
         array_agg(x.kind ORDER BY x.pos), array_agg(x.debit_account_id ORDER BY x.pos),
         array_agg(x.credit_account_id ORDER BY x.pos), array_agg(x.amount ORDER BY x.pos),
         array_agg(x.currency ORDER BY x.pos), array_agg(coalesce(x.code, 0) ORDER BY x.pos),
         array_agg(x.reference ORDER BY x.pos), array_agg(coalesce(x.metadata, '{}'::jsonb) ORDER BY x.pos),
         array_agg(x.pending_id ORDER BY x.pos), array_agg(x.timeout_seconds ORDER BY x.pos),
         array_agg(x.reverses_id ORDER BY x.pos), count(*)
    INTO i_entry, i_entry_id, i_id, i_kind, i_dr, i_cr, i_amount, i_currency, i_code, i_reference, i_metadata,
         i_pending, i_timeout, i_reverses, n
    FROM jsonb_to_recordset(p_transfers) AS x(
      pos integer, entry integer, entry_id text, id text, kind ledger_transfer_kind, debit_account_id text,
      credit_account_id text, amount bigint, currency text, code integer, reference text, metadata jsonb,
      pending_id text, timeout_seconds integer, reverses_id text);
  IF n = 0 THEN
    RETURN;
  END IF;

  -- Referenced transfers are immutable, so they can be read before locking.
  SELECT coalesce(array_agg(t.id), '{}'), coalesce(array_agg(t.kind), '{}'), coalesce(array_agg(t.debit_account_id), '{}'),
         coalesce(array_agg(t.credit_account_id), '{}'), coalesce(array_agg(t.amount), '{}'),
         coalesce(array_agg(t.currency), '{}'), coalesce(array_agg(t.expires_at), '{}')
    INTO r_id, r_kind, r_dr, r_cr, r_amount, r_currency, r_expires
    FROM ledger_transfers t
   WHERE t.id = ANY (array_cat(i_pending, i_reverses));

  -- Lock every touched account in id order (the sort runs below the lock).
  SELECT coalesce(array_agg(l.id ORDER BY l.id), '{}'), coalesce(array_agg(l.currency::text ORDER BY l.id), '{}'),
         coalesce(array_agg(l.status = 'closed' ORDER BY l.id), '{}'),
         coalesce(array_agg(l.debits_must_not_exceed_credits ORDER BY l.id), '{}'),
         coalesce(array_agg(l.credits_must_not_exceed_debits ORDER BY l.id), '{}'),
         coalesce(array_agg(l.debits_pending ORDER BY l.id), '{}'), coalesce(array_agg(l.debits_posted ORDER BY l.id), '{}'),
         coalesce(array_agg(l.credits_pending ORDER BY l.id), '{}'), coalesce(array_agg(l.credits_posted ORDER BY l.id), '{}')
    INTO a_id, a_currency, a_closed, a_dmnec, a_cmned, a_dp, a_dpo, a_cp, a_cpo
    FROM (SELECT la.* FROM (SELECT DISTINCT k.id
                              FROM unnest(array_cat(array_cat(i_dr, i_cr), array_cat(r_dr, r_cr))) AS k(id)
                             WHERE k.id IS NOT NULL) wanted
            JOIN ledger_accounts la ON la.id = wanted.id
           ORDER BY la.id
             FOR UPDATE OF la) l;

  -- Account positions by a hash join once, not a linear search per transfer.
  SELECT coalesce(array_agg(a.ord::integer ORDER BY x.pos), '{}') INTO i_d
    FROM unnest(i_dr) WITH ORDINALITY AS x(id, pos) LEFT JOIN unnest(a_id) WITH ORDINALITY AS a(id, ord) ON a.id = x.id;
  SELECT coalesce(array_agg(a.ord::integer ORDER BY x.pos), '{}') INTO i_c
    FROM unnest(i_cr) WITH ORDINALITY AS x(id, pos) LEFT JOIN unnest(a_id) WITH ORDINALITY AS a(id, ord) ON a.id = x.id;
  SELECT coalesce(array_agg(a.ord::integer ORDER BY x.pos), '{}') INTO r_d
    FROM unnest(r_dr) WITH ORDINALITY AS x(id, pos) LEFT JOIN unnest(a_id) WITH ORDINALITY AS a(id, ord) ON a.id = x.id;
  SELECT coalesce(array_agg(a.ord::integer ORDER BY x.pos), '{}') INTO r_c
    FROM unnest(r_cr) WITH ORDINALITY AS x(id, pos) LEFT JOIN unnest(a_id) WITH ORDINALITY AS a(id, ord) ON a.id = x.id;

  -- Taken after the locks: per account, later postings get later times, so
  -- balances as of a time can be read from the history. Rounded to the
  -- stored precision, so expiry decisions agree with the stored times.
  v_now := clock_timestamp()::timestamptz(3);

  SELECT coalesce(array_agg(t.id), '{}') INTO existing_ids FROM ledger_transfers t WHERE t.id = ANY (i_id);
  SELECT coalesce(array_agg(h.transfer_id), '{}') INTO open_holds
    FROM ledger_open_holds h WHERE h.transfer_id = ANY (i_pending);
  SELECT coalesce(array_agg(t.reverses_id), '{}') INTO already_reversed
    FROM ledger_transfers t WHERE t.reverses_id = ANY (i_reverses);

  i := 1;
  WHILE i <= n LOOP
    j := i;
    WHILE j <= n AND i_entry[j] = i_entry[i] LOOP
      j := j + 1;
    END LOOP;
    -- transfers i .. j-1 form one entry
    u_idx := '{}'; u_dp := '{}'; u_dpo := '{}'; u_cp := '{}'; u_cpo := '{}';
    mark_o := o_n; mark_resolved := cardinality(resolved_here); mark_reversed := cardinality(reversed_here);
    mark_r := cardinality(r_id); mark_holds := cardinality(open_holds);
    err := NULL; err_message := NULL; err_tid := NULL; replayed := 0;

    FOR k IN i .. j - 1 LOOP
      err_tid := i_id[k];
      p := NULL;
      -- A resolution takes its accounts, currency and (by default) amount from the pending transfer.
      -- A transfer referenced by id may have been accepted earlier in this
      -- batch: it then counts as existing, as if posted by an earlier call.
      FOREACH v_ref IN ARRAY ARRAY[i_pending[k], i_reverses[k]] LOOP
        IF v_ref IS NOT NULL AND array_position(r_id, v_ref) IS NULL THEN
          q := array_position(o_id, v_ref);
          IF q IS NOT NULL THEN
            r_id := r_id || o_id[q]; r_kind := r_kind || o_kind[q]; r_dr := r_dr || o_dr[q]; r_cr := r_cr || o_cr[q];
            r_amount := r_amount || o_amount[q]; r_currency := r_currency || o_currency[q];
            r_expires := r_expires || o_expires[q]; r_d := r_d || o_d[q]; r_c := r_c || o_c[q];
            IF o_kind[q] = 'pending' THEN
              open_holds := open_holds || o_id[q];
            END IF;
          END IF;
        END IF;
      END LOOP;
      IF i_kind[k] IN ('post_pending', 'void_pending', 'expire_pending') THEN
        p := array_position(r_id, i_pending[k]);
        IF p IS NULL THEN
          err := 'pending_transfer_not_found'; err_message := format('No pending transfer %s.', i_pending[k]); EXIT;
        END IF;
        IF r_kind[p] <> 'pending' THEN
          err := 'pending_transfer_not_pending'; err_message := format('Transfer %s is not a pending transfer.', i_pending[k]); EXIT;
        END IF;
        IF (i_dr[k] IS NOT NULL AND i_dr[k] <> r_dr[p]) OR (i_cr[k] IS NOT NULL AND i_cr[k] <> r_cr[p])
           OR (i_currency[k] IS NOT NULL AND i_currency[k] <> r_currency[p]) THEN
          err := 'pending_transfer_mismatch';
          err_message := 'The accounts or currency differ from the pending transfer''s.'; EXIT;
        END IF;
        i_dr[k] := r_dr[p]; i_cr[k] := r_cr[p]; i_currency[k] := r_currency[p]; i_d[k] := r_d[p]; i_c[k] := r_c[p];
        IF i_kind[k] <> 'post_pending' AND i_amount[k] IS NOT NULL AND i_amount[k] <> r_amount[p] THEN
          err := 'pending_transfer_mismatch'; err_message := 'A void or expiry releases the whole pending amount.'; EXIT;
        END IF;
        i_amount[k] := coalesce(i_amount[k], r_amount[p]);
      END IF;

      -- The same id again: identical fields replay it, anything else is a conflict.
      IF i_id[k] = ANY (existing_ids) THEN
        SELECT * INTO ex FROM ledger_transfers t WHERE t.id = i_id[k];
        IF (ex.kind, ex.debit_account_id, ex.credit_account_id, ex.amount, ex.currency::text, ex.code, ex.reference,
            ex.metadata, ex.pending_id::text, ex.timeout_seconds, ex.reverses_id::text)
           IS DISTINCT FROM
           (i_kind[k], i_dr[k], i_cr[k], i_amount[k], i_currency[k], i_code[k], i_reference[k],
            i_metadata[k], i_pending[k], i_timeout[k], i_reverses[k]) THEN
          err := 'transfer_exists'; err_message := format('Transfer %s exists with different fields.', i_id[k]); EXIT;
        END IF;
        replayed := replayed + 1;
        CONTINUE;
      END IF;

      d := i_d[k];
      c := i_c[k];
      IF d IS NULL THEN
        err := 'account_not_found'; err_message := format('No ledger account %s.', i_dr[k]); EXIT;
      END IF;
      IF c IS NULL THEN
        err := 'account_not_found'; err_message := format('No ledger account %s.', i_cr[k]); EXIT;
      END IF;
      IF a_currency[d] <> i_currency[k] OR a_currency[c] <> i_currency[k] THEN
        err := 'currency_mismatch';
        err_message := format('Transfer currency %s differs from the accounts'' (%s, %s).', i_currency[k], a_currency[d], a_currency[c]);
        EXIT;
      END IF;

      IF i_kind[k] IN ('posted', 'pending') THEN
        IF a_closed[d] OR a_closed[c] THEN
          err := 'account_closed';
          err_message := format('Ledger account %s is closed.', CASE WHEN a_closed[d] THEN i_dr[k] ELSE i_cr[k] END); EXIT;
        END IF;
        IF i_reverses[k] IS NOT NULL THEN
          p := array_position(r_id, i_reverses[k]);
          IF p IS NULL THEN
            err := 'transfer_not_found'; err_message := format('No transfer %s to reverse.', i_reverses[k]); EXIT;
          END IF;
          IF r_kind[p] NOT IN ('posted', 'post_pending') OR i_kind[k] <> 'posted' THEN
            err := 'transfer_not_reversible';
            err_message := 'Only posted money can be reversed, by a posted transfer; void a pending transfer instead.'; EXIT;
          END IF;
          IF i_reverses[k] = ANY (already_reversed) OR i_reverses[k] = ANY (reversed_here) THEN
            err := 'transfer_already_reversed'; err_message := format('Transfer %s is already reversed.', i_reverses[k]); EXIT;
          END IF;
          IF i_dr[k] <> r_cr[p] OR i_cr[k] <> r_dr[p] OR i_amount[k] <> r_amount[p] THEN
            err := 'reversal_mismatch';
            err_message := 'A reversal swaps the original''s accounts and moves its whole amount.'; EXIT;
          END IF;
          reversed_here := reversed_here || i_reverses[k];
        END IF;
        u_idx := u_idx || d || c; u_dp := u_dp || a_dp[d] || a_dp[c]; u_dpo := u_dpo || a_dpo[d] || a_dpo[c];
        u_cp := u_cp || a_cp[d] || a_cp[c]; u_cpo := u_cpo || a_cpo[d] || a_cpo[c];
        IF i_kind[k] = 'posted' THEN
          a_dpo[d] := a_dpo[d] + i_amount[k];
          a_cpo[c] := a_cpo[c] + i_amount[k];
        ELSE
          a_dp[d] := a_dp[d] + i_amount[k];
          a_cp[c] := a_cp[c] + i_amount[k];
        END IF;
        IF a_dmnec[d] AND a_dp[d] + a_dpo[d] > a_cpo[d] THEN
          err := 'exceeds_credits';
          err_message := format('Ledger account %s would have debits above its credits.', i_dr[k]); EXIT;
        END IF;
        IF a_cmned[c] AND a_cp[c] + a_cpo[c] > a_dpo[c] THEN
          err := 'exceeds_debits';
          err_message := format('Ledger account %s would have credits above its debits.', i_cr[k]); EXIT;
        END IF;
      ELSE
        -- Resolving a pending transfer: exactly once, and not past its expiry
        -- (only the expiry itself may resolve it then).
        IF NOT (i_pending[k] = ANY (open_holds)) OR i_pending[k] = ANY (resolved_here) THEN
          err := 'pending_transfer_already_resolved';
          err_message := format('Pending transfer %s is already posted, voided or expired.', i_pending[k]); EXIT;
        END IF;
        IF i_kind[k] = 'expire_pending' THEN
          IF r_expires[p] IS NULL OR r_expires[p] > v_now THEN
            err := 'pending_transfer_not_expired'; err_message := format('Pending transfer %s has not expired.', i_pending[k]); EXIT;
          END IF;
        ELSIF r_expires[p] IS NOT NULL AND r_expires[p] <= v_now THEN
          err := 'pending_transfer_expired'; err_message := format('Pending transfer %s has expired.', i_pending[k]); EXIT;
        END IF;
        IF i_amount[k] > r_amount[p] THEN
          err := 'exceeds_pending_amount';
          err_message := format('Cannot post %s; the pending transfer holds %s.', i_amount[k], r_amount[p]); EXIT;
        END IF;
        u_idx := u_idx || d || c; u_dp := u_dp || a_dp[d] || a_dp[c]; u_dpo := u_dpo || a_dpo[d] || a_dpo[c];
        u_cp := u_cp || a_cp[d] || a_cp[c]; u_cpo := u_cpo || a_cpo[d] || a_cpo[c];
        a_dp[d] := a_dp[d] - r_amount[p];
        a_cp[c] := a_cp[c] - r_amount[p];
        IF i_kind[k] = 'post_pending' THEN
          a_dpo[d] := a_dpo[d] + i_amount[k];
          a_cpo[c] := a_cpo[c] + i_amount[k];
        END IF;
        resolved_here := resolved_here || i_pending[k];
      END IF;

      o_n := o_n + 1;
      o_id[o_n] := i_id[k]; o_entry_id[o_n] := i_entry_id[k]; o_kind[o_n] := i_kind[k];
      o_dr[o_n] := i_dr[k]; o_cr[o_n] := i_cr[k]; o_d[o_n] := d; o_c[o_n] := c; o_amount[o_n] := i_amount[k]; o_currency[o_n] := i_currency[k];
      o_code[o_n] := i_code[k]; o_reference[o_n] := i_reference[k]; o_metadata[o_n] := i_metadata[k];
      o_pending[o_n] := i_pending[k]; o_timeout[o_n] := i_timeout[k]; o_reverses[o_n] := i_reverses[k];
      o_expires[o_n] := CASE WHEN i_kind[k] = 'pending' AND i_timeout[k] IS NOT NULL
                             THEN v_now + make_interval(secs => i_timeout[k]) END;
      o_drdp[o_n] := a_dp[d]; o_drdpo[o_n] := a_dpo[d]; o_drcp[o_n] := a_cp[d]; o_drcpo[o_n] := a_cpo[d];
      o_crdp[o_n] := a_dp[c]; o_crdpo[o_n] := a_dpo[c]; o_crcp[o_n] := a_cp[c]; o_crcpo[o_n] := a_cpo[c];
    END LOOP;

    IF err IS NULL AND replayed > 0 AND replayed < j - i THEN
      err := 'transfer_exists'; err_tid := NULL;
      err_message := 'Some of this entry''s transfers exist already, posted by a different entry.';
    END IF;

    IF err IS NOT NULL THEN
      -- Undo the entry's effects on the batch state; nothing of it is written.
      FOR z IN REVERSE cardinality(u_idx) .. 1 LOOP
        a_dp[u_idx[z]] := u_dp[z]; a_dpo[u_idx[z]] := u_dpo[z]; a_cp[u_idx[z]] := u_cp[z]; a_cpo[u_idx[z]] := u_cpo[z];
      END LOOP;
      o_n := mark_o;
      o_id := o_id[1:o_n]; o_entry_id := o_entry_id[1:o_n]; o_kind := o_kind[1:o_n]; o_dr := o_dr[1:o_n];
      o_cr := o_cr[1:o_n]; o_d := o_d[1:o_n]; o_c := o_c[1:o_n]; o_amount := o_amount[1:o_n]; o_currency := o_currency[1:o_n]; o_code := o_code[1:o_n];
      o_reference := o_reference[1:o_n]; o_metadata := o_metadata[1:o_n]; o_pending := o_pending[1:o_n];
      o_timeout := o_timeout[1:o_n]; o_expires := o_expires[1:o_n]; o_reverses := o_reverses[1:o_n];
      o_drdp := o_drdp[1:o_n]; o_drdpo := o_drdpo[1:o_n]; o_drcp := o_drcp[1:o_n]; o_drcpo := o_drcpo[1:o_n];
      o_crdp := o_crdp[1:o_n]; o_crdpo := o_crdpo[1:o_n]; o_crcp := o_crcp[1:o_n]; o_crcpo := o_crcpo[1:o_n];
      resolved_here := resolved_here[1:mark_resolved];
      reversed_here := reversed_here[1:mark_reversed];
      r_id := r_id[1:mark_r]; r_kind := r_kind[1:mark_r]; r_dr := r_dr[1:mark_r]; r_cr := r_cr[1:mark_r];
      r_amount := r_amount[1:mark_r]; r_currency := r_currency[1:mark_r]; r_expires := r_expires[1:mark_r];
      r_d := r_d[1:mark_r]; r_c := r_c[1:mark_r];
      open_holds := open_holds[1:mark_holds];
      res_entry := res_entry || i_entry[i]; res_outcome := res_outcome || 'failed'::text;
      res_code := res_code || err; res_message := res_message || err_message;
      res_error_tid := res_error_tid || err_tid; res_tid := res_tid || NULL::text;
    ELSE
      FOR k IN i .. j - 1 LOOP
        res_entry := res_entry || i_entry[i];
        res_outcome := res_outcome || (CASE WHEN replayed > 0 THEN 'replayed' ELSE 'created' END);
        res_code := res_code || NULL::text; res_message := res_message || NULL::text;
        res_error_tid := res_error_tid || NULL::text; res_tid := res_tid || i_id[k];
      END LOOP;
    END IF;
    i := j;
  END LOOP;

  IF o_n > 0 THEN
    SELECT array_agg(s ORDER BY s) INTO o_seq
      FROM (SELECT nextval(pg_get_serial_sequence('ledger_transfers', 'seq')) AS s FROM generate_series(1, o_n)) q;
    INSERT INTO ledger_transfers (
        id, seq, entry_id, kind, debit_account_id, credit_account_id, amount, currency, code, reference, metadata,
        pending_id, timeout_seconds, expires_at, reverses_id,
        dr_debits_pending_after, dr_debits_posted_after, dr_credits_pending_after, dr_credits_posted_after,
        cr_debits_pending_after, cr_debits_posted_after, cr_credits_pending_after, cr_credits_posted_after, created_at)
      SELECT u.*, v_now
        FROM unnest(o_id, o_seq, o_entry_id, o_kind, o_dr, o_cr, o_amount, o_currency, o_code, o_reference, o_metadata,
                    o_pending, o_timeout, o_expires, o_reverses,
                    o_drdp, o_drdpo, o_drcp, o_drcpo, o_crdp, o_crdpo, o_crcp, o_crcpo) AS u
      ON CONFLICT ON CONSTRAINT ledger_transfers_pkey DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    IF inserted <> o_n THEN
      -- Another transaction committed one of these ids meanwhile (with other
      -- accounts, or we would have waited for it). Retry the whole statement.
      RAISE EXCEPTION 'a transfer id was posted concurrently; retry' USING ERRCODE = 'serialization_failure';
    END IF;

    UPDATE ledger_accounts la
       SET debits_pending = u.dp, debits_posted = u.dpo, credits_pending = u.cp, credits_posted = u.cpo,
           updated_at = v_now
      FROM unnest(a_id, a_dp, a_dpo, a_cp, a_cpo) AS u(id, dp, dpo, cp, cpo)
     WHERE la.id = u.id
       AND (la.debits_pending, la.debits_posted, la.credits_pending, la.credits_posted)
           IS DISTINCT FROM (u.dp, u.dpo, u.cp, u.cpo);

    INSERT INTO ledger_open_holds (transfer_id, expires_at)
      SELECT u.id, u.expires_at FROM unnest(o_id, o_kind, o_expires) AS u(id, kind, expires_at)
       WHERE u.kind = 'pending' AND NOT (u.id = ANY (resolved_here));
    IF cardinality(resolved_here) > 0 THEN
      DELETE FROM ledger_open_holds h WHERE h.transfer_id = ANY (resolved_here);
    END IF;
  END IF;

  RETURN QUERY
    SELECT r.entry_index, r.outcome, r.error_code, r.error_message, r.error_tid,
           t.id::text, t.seq, t.entry_id, t.kind, t.debit_account_id, t.credit_account_id, t.amount, t.currency::text,
           t.code, t.reference, t.metadata, t.pending_id::text, t.timeout_seconds, t.expires_at, t.reverses_id::text,
           t.dr_debits_pending_after, t.dr_debits_posted_after, t.dr_credits_pending_after, t.dr_credits_posted_after,
           t.cr_debits_pending_after, t.cr_debits_posted_after, t.cr_credits_pending_after, t.cr_credits_posted_after,
           t.created_at
      FROM unnest(res_entry, res_outcome, res_code, res_message, res_error_tid, res_tid)
             WITH ORDINALITY AS r(entry_index, outcome, error_code, error_message, error_tid, tid, ord)
      LEFT JOIN ledger_transfers t ON t.id = r.tid
     ORDER BY r.ord;
END;
$fn$;
