-- Photos of an offer (optional): a few small images, each with a text alternative in the
-- app's languages for people who cannot see it. They are part of what families see, so adding or
-- removing one marks the offer changed for the catalogue feed (not a new version: no booking depends on it).

CREATE TABLE offer_photos (
  id uuid PRIMARY KEY,
  offer_id uuid NOT NULL REFERENCES offers (id),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  bytes bytea NOT NULL CHECK (octet_length(bytes) BETWEEN 1 AND 262144),
  alt jsonb NOT NULL,
  position integer NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX offer_photos_offer ON offer_photos (offer_id, position);

CREATE FUNCTION catalogue_photo_touched() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE offers SET change_xid = pg_current_xact_id()
   WHERE id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.offer_id ELSE NEW.offer_id END);
  RETURN NULL;
END $$;
CREATE TRIGGER offer_photos_touched AFTER INSERT OR DELETE ON offer_photos FOR EACH ROW EXECUTE FUNCTION catalogue_photo_touched();
