-- Predicted training demand (issue 22): a planned change may name the post whose people operate the new equipment or process,
-- and the planned changes are published, with the course or skill their equipment maps to, for the training plan's forecast.
ALTER TABLE needs.planned_change ADD COLUMN position_id uuid REFERENCES org.position (id);

CREATE VIEW needs.planned_change_v WITH (security_invoker = true) AS
    SELECT c.id, c.title, c.equipment, c.org_unit_id, c.position_id, c.go_live_on, m.course_id, m.skill_id
    FROM needs.planned_change c LEFT JOIN needs.mapping m ON m.kind = 'equipment' AND lower(m.key) = lower(c.equipment);
