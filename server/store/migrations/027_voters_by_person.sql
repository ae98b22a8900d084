-- Play reads what a young person took part in on every check-in: their ballots' rows by person
-- (only that they voted, never what), without scanning every round's voters.
CREATE INDEX micro_voters_user ON micro_voters (user_id);
