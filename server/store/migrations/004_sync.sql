-- Offline-first sync: devices push named mutations in order and pull what changed.

-- One row per device (its clientId): whose it is, how far its mutations have been applied, and when
-- it last synced with the server (a mutation may not claim to be older than that).
CREATE TABLE sync_clients (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  last_seq bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
  last_synced_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX sync_clients_user ON sync_clients (user_id);

-- One number line for everything a device may pull: changes and rejections share it.
CREATE SEQUENCE sync_seq;

-- Every mutation a device pushed and the answer it got, so a replay gets the same answer.
CREATE TABLE sync_mutations (
  client_id uuid NOT NULL REFERENCES sync_clients (id) ON DELETE CASCADE,
  seq bigint NOT NULL CHECK (seq > 0),
  id uuid NOT NULL UNIQUE,
  name text NOT NULL,
  status text NOT NULL CHECK (status IN ('applied', 'rejected')),
  code text,
  -- Where the answer sits on the pull line: a rejection is pulled by the device that pushed it.
  sync_seq bigint NOT NULL DEFAULT nextval('sync_seq'),
  client_time timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (client_id, seq),
  CHECK ((status = 'rejected') = (code IS NOT NULL))
);
-- A pull asks for its device's refusals since its cursor.
CREATE INDEX sync_mutations_rejected ON sync_mutations (client_id, sync_seq) WHERE status = 'rejected';

-- What changed, as the whole new state of one thing, for everyone who may see it (a person, or a
-- household's members). Devices pull the rows after their cursor.
CREATE TABLE sync_changes (
  seq bigint PRIMARY KEY DEFAULT nextval('sync_seq'),
  scope_type text NOT NULL CHECK (scope_type IN ('user', 'household')),
  scope_id uuid NOT NULL,
  entity text NOT NULL,
  entity_id text NOT NULL,
  data jsonb,
  created_at timestamptz NOT NULL
);
CREATE INDEX sync_changes_scope ON sync_changes (scope_type, scope_id, seq);
