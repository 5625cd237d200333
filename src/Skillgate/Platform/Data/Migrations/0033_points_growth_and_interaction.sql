-- Points for skill applied on the line and for interaction in a session (issue 21).

-- A skill applied on the line: the person or their team lead records how (a defect rate lowered, with evidence); the
-- department head confirms it with the points they choose within the rule's range, or rejects it. Only a confirmation pays.
CREATE TABLE points.skill_application (
    id uuid PRIMARY KEY,
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    org_unit_id uuid NOT NULL,
    skill_id uuid,
    title text NOT NULL,
    description text NOT NULL,
    evidence_file_ids uuid[] NOT NULL DEFAULT '{}',
    status text NOT NULL CHECK (status IN ('submitted', 'confirmed', 'rejected')),
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL,
    decided_by text,
    decided_at timestamptz,
    points integer,
    note text,
    CHECK ((status = 'confirmed') = (points IS NOT NULL)));
CREATE INDEX skill_application_open_ix ON points.skill_application (status, recorded_at);
CREATE INDEX skill_application_person_ix ON points.skill_application (employee_id, recorded_at);

SELECT platform.scope_reads('points.skill_application',
    'org_unit_id = ANY ((SELECT org.scope_units())::uuid[]) OR employee_id = (SELECT org.scope_self())');

-- An instructor's award for a question or an answer in a session; the rule's cap per session limits what one session pays.
CREATE TABLE points.interaction (
    id uuid PRIMARY KEY,
    session_id uuid NOT NULL,
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    org_unit_id uuid NOT NULL,
    note text NOT NULL,
    asked integer NOT NULL,
    awarded integer NOT NULL,
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL);
CREATE INDEX interaction_session_ix ON points.interaction (session_id, employee_id);
CREATE TRIGGER interaction_append_only BEFORE UPDATE OR DELETE ON points.interaction FOR EACH ROW EXECUTE FUNCTION points.refuse_change();

SELECT platform.scope_reads('points.interaction',
    'org_unit_id = ANY ((SELECT org.scope_units())::uuid[]) OR employee_id = (SELECT org.scope_self())');

-- The range an awarder may choose in for a person (the rule that applies to them), for the pages and the checks.
CREATE FUNCTION points.range_for(p_code text, p_employee uuid) RETURNS TABLE (min_points integer, max_points integer, points integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT r.min_points, r.max_points, r.points
    FROM org.employee_v e CROSS JOIN LATERAL points.rule_for(p_code, e.org_unit_id, e.position_id) r
    WHERE e.id = p_employee AND r.id IS NOT NULL
$$;
