-- Bookings: a seat in a session for one child, with the voucher's share held in the
-- ledger (a pending transfer household → provider payable) until the provider redeems it, the family
-- cancels, or it lapses after the session. The terms are copied from the offer's version at booking:
-- a later change to the offer never alters a booking already made.

CREATE TABLE bookings (
  id uuid PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES offer_sessions (id),
  offer_id uuid NOT NULL REFERENCES offers (id),
  offer_version integer NOT NULL,
  provider_id uuid NOT NULL REFERENCES providers (id),
  household_id uuid NOT NULL REFERENCES households (id),
  minor_id uuid NOT NULL REFERENCES minors (id),
  booked_by uuid NOT NULL REFERENCES users (id),
  status text NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'cancelled', 'redeemed')),
  price_cents integer NOT NULL CHECK (price_cents >= 0),
  voucher_cents integer NOT NULL CHECK (voucher_cents >= 0 AND voucher_cents <= price_cents),
  -- The ledger hold paying the voucher's share, when there is one.
  hold_id uuid,
  created_at timestamptz NOT NULL,
  cancelled_at timestamptz,
  CHECK ((voucher_cents > 0) = (hold_id IS NOT NULL))
);
-- One seat per child per session, whatever the device or the retry (cancelled ones free the place).
CREATE UNIQUE INDEX bookings_one_per_child ON bookings (session_id, minor_id) WHERE status <> 'cancelled';
CREATE INDEX bookings_household ON bookings (household_id, created_at);
CREATE INDEX bookings_provider ON bookings (provider_id, created_at);

-- How long before a session a family may still cancel and get the voucher's share back.
ALTER TABLE offers ADD COLUMN cancel_hours smallint NOT NULL DEFAULT 24 CHECK (cancel_hours BETWEEN 0 AND 720);

-- What the provider's scan did: posted the hold (in full or in part) once, by whom, when.
ALTER TABLE bookings
  ADD COLUMN code text,
  ADD COLUMN redeemed_at timestamptz,
  ADD COLUMN redeemed_by uuid REFERENCES users (id),
  ADD COLUMN redeemed_cents integer CHECK (redeemed_cents >= 0);

-- The server's signing keys (Ed25519) for booking codes: the public halves are published so
-- providers' devices check codes offline; the newest signs.
CREATE TABLE signing_keys (
  id uuid PRIMARY KEY,
  public_key bytea NOT NULL,
  private_key bytea NOT NULL,
  created_at timestamptz NOT NULL
);
