-- The catalogue (DESIGN §5): offers gain what families search by, and dated sessions with seats.
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

CREATE FUNCTION catalogue_offer_touched() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_xid := pg_current_xact_id();
  RETURN NEW;
END $$;
CREATE TRIGGER offers_touched BEFORE UPDATE ON offers FOR EACH ROW EXECUTE FUNCTION catalogue_offer_touched();

CREATE FUNCTION catalogue_session_touched() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE offers SET change_xid = pg_current_xact_id() WHERE id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.offer_id ELSE NEW.offer_id END);
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
