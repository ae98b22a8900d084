-- Activities a person saved to come back to (on a phone, or at a hub's kiosk to find on the phone later).
CREATE TABLE saved_offers (
  user_id uuid NOT NULL REFERENCES users (id),
  offer_id uuid NOT NULL REFERENCES offers (id),
  saved_at timestamptz NOT NULL,
  -- The order they were saved in, newest shown first (two saves may share a clock reading).
  seq bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (user_id, offer_id)
);
