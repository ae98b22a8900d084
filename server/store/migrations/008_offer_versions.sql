-- Providers manage their own offers. Each version families saw is kept, so a booking shows
-- the activity as it was when booked — its title, place and price — whatever the provider changes later.

CREATE TABLE offer_versions (
  offer_id uuid NOT NULL REFERENCES offers (id),
  version integer NOT NULL,
  title jsonb NOT NULL,
  description jsonb NOT NULL,
  address text NOT NULL,
  municipio smallint NOT NULL,
  price_cents integer NOT NULL,
  age_min smallint NOT NULL,
  age_max smallint NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (offer_id, version)
);
INSERT INTO offer_versions (offer_id, version, title, description, address, municipio, price_cents, age_min, age_max, created_at)
SELECT id, version, title, description, address, municipio, price_cents, age_min, age_max, updated_at FROM offers;

-- After the version trigger (BEFORE UPDATE) has decided the number: a new number keeps a new copy.
CREATE FUNCTION offer_version_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.version <> OLD.version THEN
    INSERT INTO offer_versions (offer_id, version, title, description, address, municipio, price_cents, age_min, age_max, created_at)
    VALUES (NEW.id, NEW.version, NEW.title, NEW.description, NEW.address, NEW.municipio, NEW.price_cents, NEW.age_min, NEW.age_max, NEW.updated_at)
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER offers_versioned AFTER INSERT OR UPDATE ON offers FOR EACH ROW EXECUTE FUNCTION offer_version_kept();

-- The cancel notice a booking was made under is part of its terms too.
ALTER TABLE bookings ADD COLUMN cancel_hours smallint;
UPDATE bookings b SET cancel_hours = o.cancel_hours FROM offers o WHERE o.id = b.offer_id;
ALTER TABLE bookings ALTER COLUMN cancel_hours SET NOT NULL;
