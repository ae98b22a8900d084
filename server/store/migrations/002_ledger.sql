-- The wallet ledger. Balances are never written by hand: the ledger service moves them
-- only together with the transfer that explains them, and verify-ledger proves they agree.

-- Sums change on every transfer; spare room on each page lets PostgreSQL update them in place (HOT).
CREATE TABLE ledger_accounts (
  id uuid PRIMARY KEY,
  ledger text NOT NULL CHECK (ledger IN ('EUR', 'CREDIT')),
  kind text NOT NULL,
  owner_type text NOT NULL,
  owner_id text NOT NULL,
  debits_must_not_exceed_credits boolean NOT NULL,
  closed boolean NOT NULL DEFAULT false,
  debits_pending bigint NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),
  debits_posted bigint NOT NULL DEFAULT 0 CHECK (debits_posted >= 0),
  credits_pending bigint NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),
  credits_posted bigint NOT NULL DEFAULT 0 CHECK (credits_posted >= 0),
  expires_at timestamptz,
  created_at timestamptz NOT NULL,
  -- The last line of defence: even a bug in the service cannot take a flagged account below zero.
  CHECK (NOT debits_must_not_exceed_credits OR debits_pending + debits_posted <= credits_posted)
) WITH (fillfactor = 50);
CREATE INDEX ledger_accounts_owner ON ledger_accounts (owner_type, owner_id);
CREATE INDEX ledger_accounts_kind ON ledger_accounts (kind);

CREATE TABLE ledger_transfers (
  id uuid PRIMARY KEY,
  -- Insertion order, for history pages and for the audit trail.
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  kind text NOT NULL CHECK (kind IN ('single', 'pending', 'post_pending', 'void_pending')),
  -- Post and void transfers carry their pending transfer's accounts, so sums are plain GROUP BYs.
  -- No foreign keys: the ledger service reads (and on PostgreSQL locks) both accounts before it writes
  -- a transfer, and a key check per row would halve throughput; verify-ledger checks they exist.
  debit_account_id uuid NOT NULL,
  credit_account_id uuid NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0 OR kind = 'void_pending'),
  ledger text NOT NULL,
  code text NOT NULL,
  pending_id uuid,
  timeout_at timestamptz,
  ref_type text,
  ref_id text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  CHECK (debit_account_id <> credit_account_id),
  CHECK ((kind IN ('post_pending', 'void_pending')) = (pending_id IS NOT NULL)),
  CHECK ((kind = 'pending') = (timeout_at IS NOT NULL))
);
-- Each pending transfer is resolved (posted or voided) at most once, whatever races happen.
CREATE UNIQUE INDEX ledger_transfers_resolved_once ON ledger_transfers (pending_id) WHERE pending_id IS NOT NULL;
CREATE INDEX ledger_transfers_debit ON ledger_transfers (debit_account_id, seq);
CREATE INDEX ledger_transfers_credit ON ledger_transfers (credit_account_id, seq);
CREATE INDEX ledger_transfers_open_holds ON ledger_transfers (timeout_at) WHERE kind = 'pending';
CREATE INDEX ledger_transfers_ref ON ledger_transfers (ref_type, ref_id) WHERE ref_id IS NOT NULL;

-- Transfers are facts: the database itself refuses to change or remove one.
CREATE FUNCTION ledger_transfers_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger transfers are immutable: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER ledger_transfers_no_update BEFORE UPDATE OR DELETE ON ledger_transfers
  FOR EACH ROW EXECUTE FUNCTION ledger_transfers_immutable();
CREATE TRIGGER ledger_transfers_no_truncate BEFORE TRUNCATE ON ledger_transfers
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_transfers_immutable();
