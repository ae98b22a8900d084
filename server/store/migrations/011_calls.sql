-- Voucher calls: the city's public call, households' applications, the ranking and the
-- allocation. Money never lives here: the call's budget and every household's voucher are ledger
-- accounts; these rows say who applied, why they rank where they do, and which voucher is theirs.

CREATE TABLE calls (
  id uuid PRIMARY KEY,
  -- Name and description by language: {"it": "...", "en": "..."}.
  name jsonb NOT NULL,
  description jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'closed', 'ranked', 'published', 'allocated', 'expired')),
  budget_cents bigint NOT NULL CHECK (budget_cents > 0),
  opens_at timestamptz NOT NULL,
  closes_at timestamptz NOT NULL,
  spending_deadline timestamptz NOT NULL,
  grace_hours smallint NOT NULL CHECK (grace_hours BETWEEN 0 AND 168),
  -- Eligibility, bands, points and tie-breakers (shared/calls.ts CallRules), kept as the call was made.
  rules jsonb NOT NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  published_at timestamptz,
  CHECK (closes_at > opens_at AND spending_deadline > closes_at)
);

CREATE TABLE call_applications (
  id uuid PRIMARY KEY,
  call_id uuid NOT NULL REFERENCES calls (id),
  household_id uuid NOT NULL REFERENCES households (id),
  -- The pseudonym a published ranking shows instead of a name.
  code text NOT NULL,
  status text NOT NULL CHECK (status IN ('submitted', 'eligible', 'excluded', 'funded', 'waiting', 'declined', 'revoked')),
  exclusion text CHECK (exclusion IN ('not_resident', 'isee_invalid', 'isee_over_ceiling', 'no_minors_in_range', 'manual')),
  -- The city's words on a manual exclusion or a revocation, which the family reads.
  note text NOT NULL DEFAULT '',
  municipio smallint NOT NULL CHECK (municipio BETWEEN 1 AND 9),
  resident boolean NOT NULL,
  isee_cents bigint NOT NULL CHECK (isee_cents >= 0),
  dsu text NOT NULL,
  single_parent boolean NOT NULL,
  disabled_adults smallint NOT NULL CHECK (disabled_adults >= 0),
  -- The household's minors when the guardian applied: [{"birthDate": "2014-09-20", "disability": false}].
  minors jsonb NOT NULL,
  -- What the ranking found: the points (with their breakdown), the voucher's amount, the place.
  points jsonb,
  points_total integer,
  eligible_minors smallint,
  amount_cents integer CHECK (amount_cents > 0),
  rank integer,
  -- The household's voucher for this call, once funded (a ledger account).
  voucher_account_id uuid,
  submitted_by uuid NOT NULL REFERENCES users (id),
  -- When the server received it: device clocks do not decide who came first.
  submitted_at timestamptz NOT NULL,
  UNIQUE (call_id, household_id),
  UNIQUE (call_id, code),
  CHECK ((status = 'excluded') = (exclusion IS NOT NULL))
);
CREATE INDEX call_applications_rank ON call_applications (call_id, status, rank);
CREATE INDEX call_applications_household ON call_applications (household_id);
CREATE INDEX call_applications_voucher ON call_applications (voucher_account_id) WHERE voucher_account_id IS NOT NULL;
