-- Delivering a winning micro-project: its collective voucher is a hold on the hub's budget for each
-- milestone (made when the hub funds the round's winners), posted to whoever carries it out as the hub
-- confirms each milestone with a short report; when the project ends, what was never posted is voided
-- and returns to the hub's budget. The money is in the ledger; these rows say when and why.
ALTER TABLE micro_projects ADD COLUMN funded_at timestamptz, ADD COLUMN closed_at timestamptz;

CREATE TABLE micro_milestone_reports (
  project_id uuid NOT NULL REFERENCES micro_projects (id),
  idx integer NOT NULL CHECK (idx >= 0),
  report text NOT NULL,
  confirmed_by uuid NOT NULL REFERENCES users (id),
  confirmed_at timestamptz NOT NULL,
  PRIMARY KEY (project_id, idx)
);
