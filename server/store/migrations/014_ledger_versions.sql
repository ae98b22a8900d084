-- Each balance row counts the writes it has had. A batch writes an account's new sums only where the
-- row still holds the version its decision started from, so sums decided on a state that has moved
-- on (a batch decided ahead of the one before it committing, a cached state another transaction has
-- since changed) are refused and decided again, never written over what is there.
ALTER TABLE ledger_balances ADD COLUMN version bigint NOT NULL DEFAULT 0;
