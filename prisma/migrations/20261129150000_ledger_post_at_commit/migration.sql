-- Postings sent with COMMIT (LedgerService.postAtCommit): the statement just
-- before COMMIT in the same round trip, so a hot account is locked from the
-- posting to the commit only. Nothing reads its result, so an entry that
-- fails must fail the whole transaction (SQLSTATE TL001, the ledger's error
-- code in DETAIL) instead of returning a failed row that COMMIT would ignore.
CREATE FUNCTION ledger_post_entries_or_raise(p_entries jsonb) RETURNS integer
LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
  n integer := 0;
BEGIN
  FOR r IN SELECT * FROM ledger_post_entries(p_entries) LOOP
    IF r.outcome = 'failed' THEN
      RAISE EXCEPTION 'ledger entry % failed: %', r.entry_index, r.error_message
        USING ERRCODE = 'TL001', DETAIL = r.error_code;
    END IF;
    n := n + 1;
  END LOOP;
  RETURN n;
END
$fn$;
