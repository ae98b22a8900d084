-- Two staff editing one offer: each edit names the revision it was made on, and one made on an older
-- revision is refused. The version (what families see, what bookings keep) is not enough for this: a
-- withdrawal or a new cancel notice changes the offer without a new version. Sessions, photos and the
-- provider's standing touch the row (change_xid) without being an edit: they leave the revision alone.

ALTER TABLE offers ADD COLUMN revision integer NOT NULL DEFAULT 1;

CREATE OR REPLACE FUNCTION catalogue_offer_touched() RETURNS trigger LANGUAGE plpgsql AS $$
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
  IF NEW.version <> OLD.version OR NEW.status IS DISTINCT FROM OLD.status OR NEW.cancel_hours IS DISTINCT FROM OLD.cancel_hours THEN
    NEW.revision := OLD.revision + 1;
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END $$;
