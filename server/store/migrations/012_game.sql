-- Play: check-in places and their check-ins, missions and what completed them, badges,
-- poll answers, and each youth's choices (a hub board under a pseudonym, reminders). Credits move
-- only through the ledger (CREDIT); nothing here holds a balance.

-- A place a youth can check in at: a hub, or one activity of a provider. Its device shows codes made
-- from the secret (an HMAC per two-minute window), with no network.
CREATE TABLE checkin_places (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{4}$'),
  kind text NOT NULL CHECK (kind IN ('hub', 'offer')),
  hub_id uuid UNIQUE REFERENCES hubs (id),
  offer_id uuid UNIQUE REFERENCES offers (id),
  secret bytea NOT NULL CHECK (octet_length(secret) = 32),
  created_at timestamptz NOT NULL,
  CHECK ((kind = 'hub') = (hub_id IS NOT NULL) AND (kind = 'offer') = (offer_id IS NOT NULL))
);

-- One check-in per youth, place, purpose and programme day, whatever the devices or the replays.
CREATE TABLE checkins (
  id uuid PRIMARY KEY,
  youth_id uuid NOT NULL REFERENCES users (id),
  place_id uuid NOT NULL REFERENCES checkin_places (id),
  purpose text NOT NULL CHECK (purpose IN ('visit', 'project')),
  day date NOT NULL,
  -- When the youth's device scanned the code (its clock, judged on receipt), and when it arrived.
  at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  credits integer NOT NULL CHECK (credits >= 0),
  UNIQUE (youth_id, place_id, purpose, day)
);
CREATE INDEX checkins_youth ON checkins (youth_id, at);

-- Missions curated by the city (hub_id null) or by a hub; text by language as offers keep it.
CREATE TABLE missions (
  id uuid PRIMARY KEY,
  hub_id uuid REFERENCES hubs (id),
  title jsonb NOT NULL,
  story jsonb NOT NULL,
  age_min smallint NOT NULL,
  age_max smallint NOT NULL CHECK (age_max >= age_min),
  starts_on date NOT NULL,
  ends_on date NOT NULL CHECK (ends_on >= starts_on),
  steps jsonb NOT NULL,
  reward integer NOT NULL CHECK (reward >= 0),
  badge text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX missions_days ON missions (ends_on, starts_on);

-- A reward is paid once per youth per mission: this row, and the ledger id derived from it.
CREATE TABLE mission_completions (
  youth_id uuid NOT NULL REFERENCES users (id),
  mission_id uuid NOT NULL REFERENCES missions (id),
  completed_at timestamptz NOT NULL,
  PRIMARY KEY (youth_id, mission_id)
);

CREATE TABLE poll_answers (
  youth_id uuid NOT NULL REFERENCES users (id),
  mission_id uuid NOT NULL REFERENCES missions (id),
  step smallint NOT NULL,
  option smallint NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (youth_id, mission_id, step)
);

CREATE TABLE youth_badges (
  youth_id uuid NOT NULL REFERENCES users (id),
  badge text NOT NULL,
  earned_at timestamptz NOT NULL,
  mission_id uuid REFERENCES missions (id),
  PRIMARY KEY (youth_id, badge)
);

-- A youth's own choices: a hub board (opt-in, under a pseudonym from the moderated list, unique on
-- that board) and whether gamified reminders are on (a guardian may switch them off).
CREATE TABLE youth_play (
  youth_id uuid PRIMARY KEY REFERENCES users (id),
  board_hub_id uuid REFERENCES hubs (id),
  pseudonym text,
  reminders_on boolean NOT NULL DEFAULT true,
  CHECK ((board_hub_id IS NULL) = (pseudonym IS NULL)),
  UNIQUE (board_hub_id, pseudonym)
);
