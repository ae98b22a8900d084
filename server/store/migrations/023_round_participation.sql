-- Taking part in a micro-project round. Ideas come from young people, families or groups (with an
-- adult referent); the hub moderates them and turns them into projects (one idea or several merged),
-- each with who carries it out, its cost and its milestones; young people vote.
CREATE TABLE micro_projects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id uuid NOT NULL REFERENCES micro_rounds (id),
  title jsonb NOT NULL,
  description jsonb NOT NULL,
  pillar text NOT NULL,
  cost bigint NOT NULL CHECK (cost > 0),
  place text NOT NULL,
  -- Who carries it out: an accredited provider, or a group named here.
  provider_id uuid REFERENCES providers (id),
  group_name text,
  beneficiaries integer NOT NULL CHECK (beneficiaries > 0),
  -- [{ "title": …, "amount": cents }], in order; the amounts add up to the cost.
  milestones jsonb NOT NULL,
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz,
  withdrawn_at timestamptz,
  CHECK ((provider_id IS NULL) <> (group_name IS NULL))
);
CREATE INDEX micro_projects_round ON micro_projects (round_id);

CREATE TABLE micro_ideas (
  -- Chosen by the proposer's device: the same idea sent twice is one idea.
  id uuid PRIMARY KEY,
  round_id uuid NOT NULL REFERENCES micro_rounds (id),
  author_id uuid NOT NULL REFERENCES users (id),
  proposer text NOT NULL CHECK (proposer IN ('youth', 'family', 'group')),
  group_name text,
  group_referent text,
  title text NOT NULL,
  description text NOT NULL,
  for_whom text NOT NULL,
  place text NOT NULL,
  pillar text NOT NULL,
  cost bigint NOT NULL CHECK (cost >= 0),
  language text NOT NULL,
  -- Proposed at a hub's kiosk, by card: counted as taking part at the hub.
  kiosk_id uuid,
  status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'published', 'in_project', 'not_feasible', 'removed')),
  reason text NOT NULL DEFAULT '',
  project_id uuid REFERENCES micro_projects (id),
  created_at timestamptz NOT NULL,
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  CHECK ((status = 'in_project') = (project_id IS NOT NULL))
);
CREATE INDEX micro_ideas_round ON micro_ideas (round_id, created_at);
CREATE INDEX micro_ideas_author ON micro_ideas (author_id);

-- Ballots are secret. A ballot row holds only what it approves; who voted is kept apart, in
-- micro_voters, with a link to their ballot only while the vote is open (so they can change it).
-- Counting cuts every link for good, so afterwards nobody (the city included) can tell who voted what.
CREATE TABLE micro_ballots (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id uuid NOT NULL REFERENCES micro_rounds (id),
  project_ids uuid[] NOT NULL
);
CREATE INDEX micro_ballots_round ON micro_ballots (round_id);

CREATE TABLE micro_voters (
  round_id uuid NOT NULL REFERENCES micro_rounds (id),
  user_id uuid NOT NULL REFERENCES users (id),
  ballot_id uuid REFERENCES micro_ballots (id),
  -- The card a ballot cast at a kiosk came from: a card revoked before the close does not count.
  card_id uuid,
  voted_at timestamptz NOT NULL,
  PRIMARY KEY (round_id, user_id)
);

-- The count, made once when the round's results phase begins (and its grace for offline ballots has passed).
ALTER TABLE micro_rounds ADD COLUMN counted_at timestamptz, ADD COLUMN result jsonb;
