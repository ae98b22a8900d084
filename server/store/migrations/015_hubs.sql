-- Hubs as the city runs them: where each is on the map, when it is open, the languages its staff
-- speak and what makes it accessible; closed hubs keep their history. Hubs opened before this
-- migration have no place on the map until the city edits them (lat and lon stay null together).
ALTER TABLE hubs
  ADD COLUMN lat double precision,
  ADD COLUMN lon double precision,
  -- [{ "day": 1-7 (Monday first), "opens": "HH:MM", "closes": "HH:MM" }], on Milan's clocks.
  ADD COLUMN hours jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN languages text[] NOT NULL DEFAULT '{it}',
  ADD COLUMN accessibility text[] NOT NULL DEFAULT '{}',
  ADD COLUMN closed_at timestamptz,
  ADD COLUMN updated_at timestamptz,
  ADD CONSTRAINT hubs_place CHECK ((lat IS NULL) = (lon IS NULL));
