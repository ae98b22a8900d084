-- The foundation: households, people and their sign-ins, the organisations they work for, sessions,
-- sign-in throttling and the audit trail. Later features add their own numbered migrations.

CREATE TABLE households (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  municipio smallint NOT NULL CHECK (municipio BETWEEN 1 AND 9),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE providers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  legal_form text NOT NULL CHECK (legal_form IN ('public', 'for_profit', 'non_profit')),
  status text NOT NULL DEFAULT 'accredited' CHECK (status IN ('applied', 'accredited', 'suspended', 'revoked')),
  municipio smallint NOT NULL CHECK (municipio BETWEEN 1 AND 9),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE hubs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  address text NOT NULL,
  municipio smallint NOT NULL CHECK (municipio BETWEEN 1 AND 9),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Stored lower-cased: one person, one address, however they type it.
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  password_hash text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('youth', 'guardian', 'provider', 'hub_operator', 'city_admin')),
  language text NOT NULL DEFAULT 'it' CHECK (language IN ('it', 'en', 'ar', 'zh', 'es')),
  household_id uuid REFERENCES households (id),
  provider_id uuid REFERENCES providers (id),
  hub_id uuid REFERENCES hubs (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Each role belongs to exactly what it works in: families to a household, staff to their organisation.
  CHECK ((role IN ('youth', 'guardian')) = (household_id IS NOT NULL)),
  CHECK ((role = 'provider') = (provider_id IS NOT NULL)),
  CHECK ((role = 'hub_operator') = (hub_id IS NOT NULL))
);
CREATE INDEX users_household ON users (household_id);

CREATE TABLE minors (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  household_id uuid NOT NULL REFERENCES households (id),
  name text NOT NULL,
  birth_date date NOT NULL,
  disability boolean NOT NULL DEFAULT false,
  -- A minor aged 14 or more may have their own sign-in; one sign-in per minor.
  user_id uuid UNIQUE REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX minors_household ON minors (household_id);

CREATE TABLE offers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id uuid NOT NULL REFERENCES providers (id),
  category text NOT NULL CHECK (category IN ('art', 'health', 'school', 'sport', 'stem')),
  -- Title and description by language: {"it": "...", "en": "..."}.
  title jsonb NOT NULL,
  description jsonb NOT NULL,
  age_min smallint NOT NULL,
  age_max smallint NOT NULL CHECK (age_max >= age_min),
  price_cents integer NOT NULL CHECK (price_cents >= 0),
  voucher_accepted boolean NOT NULL DEFAULT true,
  address text NOT NULL,
  municipio smallint NOT NULL CHECK (municipio BETWEEN 1 AND 9),
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX offers_provider ON offers (provider_id);

CREATE TABLE sessions (
  -- Only a hash of the token is kept: a copy of the database does not sign anyone in.
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed sign-ins, by account and by network address, for throttling that survives restarts and scales out.
CREATE TABLE sign_in_failures (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX sign_in_failures_key_at ON sign_in_failures (key, at);

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_id uuid,
  action text NOT NULL,
  object_type text NOT NULL,
  object_id text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);
