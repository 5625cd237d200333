-- The training matrix reads a unit's people and, for each, their stored statuses (issue 26). Through the primary key each
-- person's statuses cost a heap visit per row, so the planner preferred to scan every status in the plant and sort the unit's
-- share (75,000 of 1.5 million, sorted on disk). This index holds what a matrix cell shows, so each person is one index-only
-- lookup, in the order the people were read.
CREATE INDEX qualification_matrix_ix ON competence.qualification (employee_id) INCLUDE (requirement_id, status, valid_until, due_on, basis_version_id);
