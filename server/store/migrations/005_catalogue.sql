-- The catalogue: offers gain what families search by, and dated sessions with seats.
-- Every change to what a family would see (an offer, its sessions, its provider's standing) marks the
-- offer with the changing transaction's id, so devices download only what changed since they last
-- asked (see server/store/catalogue.ts for how the feed never skips a late commit).

ALTER TABLE offers
  ADD COLUMN pillars text[] NOT NULL DEFAULT '{}',
  ADD COLUMN accessibility text[] NOT NULL DEFAULT '{}',
  ADD COLUMN languages text[] NOT NULL DEFAULT '{it}',
  ADD COLUMN credit_price integer CHECK (credit_price > 0),
  ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version > 0),
  ADD COLUMN status text NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'withdrawn')),
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN change_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX offers_change ON offers (change_xid, id);

CREATE TABLE offer_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  offer_id uuid NOT NULL REFERENCES offers (id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  capacity integer NOT NULL CHECK (capacity > 0),
  seats_taken integer NOT NULL DEFAULT 0 CHECK (seats_taken >= 0 AND seats_taken <= capacity),
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX offer_sessions_offer ON offer_sessions (offer_id, starts_at);

-- What families see of an offer changed: a new version (bookings keep the one they were made on).
CREATE FUNCTION catalogue_offer_touched() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_xid := pg_current_xact_id();
  IF ROW(NEW.provider_id, NEW.category, NEW.pillars, NEW.title, NEW.description, NEW.age_min, NEW.age_max, NEW.price_cents,
         NEW.credit_price, NEW.voucher_accepted, NEW.address, NEW.municipio, NEW.lat, NEW.lon, NEW.accessibility, NEW.languages)
     IS DISTINCT FROM
     ROW(OLD.provider_id, OLD.category, OLD.pillars, OLD.title, OLD.description, OLD.age_min, OLD.age_max, OLD.price_cents,
         OLD.credit_price, OLD.voucher_accepted, OLD.address, OLD.municipio, OLD.lat, OLD.lon, OLD.accessibility, OLD.languages) THEN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER offers_touched BEFORE UPDATE ON offers FOR EACH ROW EXECUTE FUNCTION catalogue_offer_touched();

CREATE FUNCTION catalogue_session_touched() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A session moved to another offer changes both.
  UPDATE offers SET change_xid = pg_current_xact_id()
   WHERE id IN (CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.offer_id END, CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.offer_id END);
  RETURN NULL;
END $$;
CREATE TRIGGER offer_sessions_touched AFTER INSERT OR UPDATE OR DELETE ON offer_sessions FOR EACH ROW EXECUTE FUNCTION catalogue_session_touched();

CREATE FUNCTION catalogue_provider_touched() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status OR NEW.name IS DISTINCT FROM OLD.name THEN
    UPDATE offers SET change_xid = pg_current_xact_id() WHERE provider_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER providers_touched AFTER UPDATE ON providers FOR EACH ROW EXECUTE FUNCTION catalogue_provider_touched();

-- This database's catalogue, as devices know it: a cursor from another database (a fresh data folder,
-- a reseeded demo) names transaction ids that mean nothing here, so devices holding one start over.
CREATE TABLE catalogue_epoch (
  epoch text PRIMARY KEY,
  only_one boolean NOT NULL DEFAULT true UNIQUE CHECK (only_one)
);
INSERT INTO catalogue_epoch (epoch) VALUES (substr(md5(random()::text || clock_timestamp()::text), 1, 10));
