-- A hub's event may belong to the micro-projects: a co-design meeting of a round (those who attend
-- took part in co-design), or an activity of a funded project (the young people who attend are the
-- project's beneficiaries). One or the other, or neither.
ALTER TABLE hub_events
  ADD COLUMN round_id uuid REFERENCES micro_rounds (id),
  ADD COLUMN project_id uuid REFERENCES micro_projects (id),
  ADD CONSTRAINT hub_events_one_link CHECK (round_id IS NULL OR project_id IS NULL);
CREATE INDEX hub_events_round ON hub_events (round_id) WHERE round_id IS NOT NULL;
CREATE INDEX hub_events_project ON hub_events (project_id) WHERE project_id IS NOT NULL;
