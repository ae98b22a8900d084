-- Person cards: a printed card (QR and a short number) and a PIN sign a person in at a hub's kiosk or on
-- any phone. Children of 11-13, who have no sign-in of their own, play with a card alone: their youth
-- sign-in has no email and no password, made when their guardian issues the card (which is the consent).
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE users ADD CONSTRAINT users_card_only CHECK ((email IS NULL) = (password_hash IS NULL) AND (email IS NOT NULL OR role = 'youth'));

CREATE TABLE cards (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Twelve digits, the last a Luhn check digit: what a person types when the camera cannot read the QR.
  number text NOT NULL UNIQUE CHECK (number ~ '^[0-9]{12}$'),
  user_id uuid NOT NULL REFERENCES users (id),
  -- The hub whose name the card carries (where the family goes).
  hub_id uuid NOT NULL REFERENCES hubs (id),
  pin_hash text NOT NULL,
  issued_by uuid NOT NULL REFERENCES users (id),
  issued_at timestamptz NOT NULL,
  -- A card ends when it is reported lost, revoked, or replaced by a new one; it never works again.
  ended_at timestamptz,
  end_reason text CHECK (end_reason IN ('lost', 'revoked', 'replaced')),
  ended_by uuid REFERENCES users (id),
  CHECK ((ended_at IS NULL) = (end_reason IS NULL))
);
-- One working card per person.
CREATE UNIQUE INDEX cards_one_live ON cards (user_id) WHERE ended_at IS NULL;

-- A hub's kiosk: a shared device enrolled by an operator, with a credential of its own (only its hash is
-- kept) that opens kiosk pages and nothing else.
CREATE TABLE kiosks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  hub_id uuid NOT NULL REFERENCES hubs (id),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  enrolled_by uuid NOT NULL REFERENCES users (id),
  enrolled_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES users (id)
);
CREATE INDEX kiosks_hub ON kiosks (hub_id);

-- A one-time enrolment code an operator's page shows; the device that enters it first becomes the kiosk.
CREATE TABLE kiosk_enrolments (
  code_hash text PRIMARY KEY,
  hub_id uuid NOT NULL REFERENCES hubs (id),
  name text NOT NULL,
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  kiosk_id uuid REFERENCES kiosks (id)
);

-- A session opened with a card (at a kiosk or on a phone) ends when the card does; one opened at a kiosk
-- also ends when the kiosk is revoked or the person taps "done".
ALTER TABLE sessions ADD COLUMN card_id uuid REFERENCES cards (id);
ALTER TABLE sessions ADD COLUMN kiosk_id uuid REFERENCES kiosks (id);
