-- The collective voucher call: schools, associations and informal groups apply for a voucher for a
-- group of minors with a project; the city scores, ranks and funds them within the call's budget.
CREATE TABLE collective_calls (
  id uuid PRIMARY KEY,
  name jsonb NOT NULL,
  description jsonb NOT NULL,
  budget_cents bigint NOT NULL CHECK (budget_cents > 0),
  max_amount_cents bigint NOT NULL CHECK (max_amount_cents > 0 AND max_amount_cents <= budget_cents),
  opens_at timestamptz NOT NULL,
  closes_at timestamptz NOT NULL CHECK (closes_at > opens_at),
  allocated_at timestamptz,
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL
);

CREATE TABLE collective_applications (
  -- Chosen by the applicant's device: the same application sent twice is one application.
  id uuid PRIMARY KEY,
  call_id uuid NOT NULL REFERENCES collective_calls (id),
  -- What the applicant follows their application with, without an account.
  code text NOT NULL UNIQUE,
  applicant_kind text NOT NULL CHECK (applicant_kind IN ('school', 'association', 'group')),
  applicant_name text NOT NULL,
  referent text NOT NULL,
  email text NOT NULL,
  minors integer NOT NULL CHECK (minors > 0),
  age_min integer NOT NULL,
  age_max integer NOT NULL CHECK (age_max >= age_min),
  municipio integer NOT NULL CHECK (municipio BETWEEN 1 AND 9),
  project_title text NOT NULL,
  project_description text NOT NULL,
  pillar text NOT NULL,
  place text NOT NULL,
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  language text NOT NULL,
  submitted_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'scored', 'excluded', 'funded', 'waiting')),
  -- { "quality": 0-10, "need": 0-10, "inclusion": 0-10 } once scored.
  scores jsonb,
  points integer,
  reason text NOT NULL DEFAULT '',
  rank integer,
  reviewed_by uuid REFERENCES users (id),
  reviewed_at timestamptz,
  CHECK ((status = 'submitted') = (reviewed_at IS NULL)),
  CHECK ((scores IS NULL) = (points IS NULL))
);
CREATE INDEX collective_applications_call ON collective_applications (call_id, submitted_at);
