-- The city invites a hub's operators and removes them. An invitation is a one-time link (only its
-- hash is kept) that lets the invited person choose a password; a removed operator keeps their row
-- (their history names them) but can no longer sign in.
CREATE TABLE hub_invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  hub_id uuid NOT NULL REFERENCES hubs (id),
  name text NOT NULL,
  email text NOT NULL CHECK (email = lower(email)),
  token_hash text NOT NULL UNIQUE,
  invited_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  accepted_by uuid REFERENCES users (id),
  withdrawn_at timestamptz,
  CHECK ((accepted_at IS NULL) = (accepted_by IS NULL))
);
CREATE INDEX hub_invitations_hub ON hub_invitations (hub_id) WHERE accepted_at IS NULL AND withdrawn_at IS NULL;

ALTER TABLE users ADD COLUMN removed_at timestamptz;
