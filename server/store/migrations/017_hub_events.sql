-- What a hub runs: workshops, co-design meetings, open days, with a capacity; who signed up, and who
-- came (the operator takes attendance). `taken` counts the places held, kept with the sign-ups in one
-- transaction, so a full event is decided on one locked row.
CREATE TABLE hub_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  hub_id uuid NOT NULL REFERENCES hubs (id),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  kind text NOT NULL CHECK (kind IN ('workshop', 'codesign', 'open_day')),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  capacity integer NOT NULL CHECK (capacity > 0),
  taken integer NOT NULL DEFAULT 0 CHECK (taken >= 0 AND taken <= capacity),
  languages text[] NOT NULL,
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  cancelled_at timestamptz
);
CREATE INDEX hub_events_hub ON hub_events (hub_id, starts_at);

CREATE TABLE hub_event_signups (
  event_id uuid NOT NULL REFERENCES hub_events (id),
  user_id uuid NOT NULL REFERENCES users (id),
  signed_up_at timestamptz NOT NULL,
  attended_at timestamptz,
  PRIMARY KEY (event_id, user_id)
);
CREATE INDEX hub_event_signups_user ON hub_event_signups (user_id);
