-- Assisted mode: at a hub's desk, an operator signs in for a family that hands over its card and PIN.
-- The session names the operator; everything it changes is recorded as done by that operator for that
-- household, and the family sees it in its history.
ALTER TABLE sessions ADD COLUMN assisted_by uuid REFERENCES users (id);

CREATE TABLE assisted_actions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  household_id uuid NOT NULL REFERENCES households (id),
  operator_id uuid NOT NULL REFERENCES users (id),
  -- What was done: a sync mutation's name ("call.apply") or an action of its own ("card.issue").
  action text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX assisted_actions_household ON assisted_actions (household_id, at DESC);
