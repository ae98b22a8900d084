-- Accreditation: an organisation applies through the public call with its legal details,
-- categories, places, the documents it holds and the staff trained in the programme's protocol; the
-- city admits it, asks for changes, suspends or revokes it, with a reason the provider sees. Every
-- step is kept. Bookings learn why they were cancelled, so a family is told when it was not them.

ALTER TABLE providers
  ADD COLUMN tax_code text,
  ADD COLUMN address text,
  ADD COLUMN contact_email text,
  ADD COLUMN phone text,
  ADD COLUMN categories text[] NOT NULL DEFAULT '{}',
  ADD COLUMN places jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN documents jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN trained_staff jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN status_reason text NOT NULL DEFAULT '',
  ADD COLUMN submitted_at timestamptz NOT NULL DEFAULT now();

ALTER TABLE providers DROP CONSTRAINT providers_status_check;
ALTER TABLE providers ADD CONSTRAINT providers_status_check CHECK (status IN ('applied', 'changes_requested', 'accredited', 'suspended', 'revoked'));
-- A new organisation waits for the city: nobody is admitted by default.
ALTER TABLE providers ALTER COLUMN status SET DEFAULT 'applied';
CREATE INDEX providers_status ON providers (status, submitted_at);

CREATE TABLE provider_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  provider_id uuid NOT NULL REFERENCES providers (id),
  at timestamptz NOT NULL,
  from_status text,
  to_status text NOT NULL,
  reason text NOT NULL DEFAULT '',
  by_user uuid REFERENCES users (id)
);
CREATE INDEX provider_events_provider ON provider_events (provider_id, id);

ALTER TABLE bookings ADD COLUMN cancel_reason text CHECK (cancel_reason IN ('family', 'provider_suspended', 'provider_revoked', 'session_cancelled'));
UPDATE bookings SET cancel_reason = 'family' WHERE status = 'cancelled';
