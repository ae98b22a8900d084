-- Spending credits: a youth pays a credit-priced seat with their own credits, held like a
-- voucher until the provider scans it; and youth and hubs offer opportunities for credits — a youth's
-- only once their hub's operator has listed it. Credits are held (two-phase) until the taker says it
-- happened, and never become money.

ALTER TABLE bookings
  ADD COLUMN credits integer NOT NULL DEFAULT 0 CHECK (credits >= 0),
  ADD COLUMN credit_hold_id uuid,
  ADD CONSTRAINT bookings_credit_hold CHECK ((credits > 0) = (credit_hold_id IS NOT NULL));

CREATE TABLE opportunities (
  id uuid PRIMARY KEY,
  hub_id uuid NOT NULL REFERENCES hubs (id),
  -- The youth who offers it; null for the hub's own rewards (their credits return to the mint).
  seller_id uuid REFERENCES users (id),
  title text NOT NULL,
  description text NOT NULL,
  -- The language it was written in, so readers of others know.
  language text NOT NULL,
  category text CHECK (category IN ('art', 'health', 'school', 'sport', 'stem')),
  credit_price integer NOT NULL CHECK (credit_price BETWEEN 1 AND 500),
  places integer NOT NULL CHECK (places BETWEEN 1 AND 50),
  taken integer NOT NULL DEFAULT 0 CHECK (taken >= 0 AND taken <= places),
  status text NOT NULL CHECK (status IN ('proposed', 'listed', 'refused', 'withdrawn')),
  reason text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  decided_at timestamptz,
  decided_by uuid REFERENCES users (id)
);
CREATE INDEX opportunities_hub ON opportunities (hub_id, status);

CREATE TABLE opportunity_takes (
  id uuid PRIMARY KEY,
  opportunity_id uuid NOT NULL REFERENCES opportunities (id),
  youth_id uuid NOT NULL REFERENCES users (id),
  hold_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('held', 'done', 'cancelled')),
  created_at timestamptz NOT NULL,
  ended_at timestamptz
);
-- One place per youth per opportunity while it stands (a cancelled one frees it).
CREATE UNIQUE INDEX opportunity_takes_once ON opportunity_takes (opportunity_id, youth_id) WHERE status <> 'cancelled';

-- What play reads on every pull: a youth's redeemed bookings (through their minor), their offers and
-- the places they took.
CREATE INDEX bookings_minor ON bookings (minor_id);
CREATE INDEX opportunities_seller ON opportunities (seller_id) WHERE seller_id IS NOT NULL;
CREATE INDEX opportunity_takes_youth ON opportunity_takes (youth_id, created_at);
