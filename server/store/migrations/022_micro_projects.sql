-- The collective half of the programme. Each hub's budget is a ledger account (kind hub_collective);
-- the city funds it by transfers from the programme budget, and each funding's source (an EU fund, the
-- national fund for childhood, the city's own money) is kept beside its transfer, under the same id.
CREATE TABLE hub_fundings (
  id uuid PRIMARY KEY,
  hub_id uuid NOT NULL REFERENCES hubs (id),
  amount bigint NOT NULL CHECK (amount > 0),
  source text NOT NULL CHECK (source IN ('eu_fund', 'national_childhood_fund', 'city')),
  note text NOT NULL DEFAULT '',
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX hub_fundings_hub ON hub_fundings (hub_id, created_at);

-- A round of micro-projects at one hub: the day each phase begins (on Milan's calendar, each after the
-- one before), the budget it plans to spend, and its rules (who takes part, the ballot, the counting).
CREATE TABLE micro_rounds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  hub_id uuid NOT NULL REFERENCES hubs (id),
  title jsonb NOT NULL,
  description jsonb NOT NULL,
  budget bigint NOT NULL CHECK (budget > 0),
  ideas_from date NOT NULL,
  codesign_from date NOT NULL CHECK (codesign_from > ideas_from),
  vote_from date NOT NULL CHECK (vote_from > codesign_from),
  results_from date NOT NULL CHECK (results_from > vote_from),
  delivery_from date NOT NULL CHECK (delivery_from > results_from),
  closed_from date NOT NULL CHECK (closed_from > delivery_from),
  rules jsonb NOT NULL,
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz
);
CREATE INDEX micro_rounds_hub ON micro_rounds (hub_id, ideas_from);
