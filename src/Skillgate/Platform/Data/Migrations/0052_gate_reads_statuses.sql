-- The gate reads the stored statuses (issue 26). An MES asks at every operator login; the gate judged every requirement live
-- (competence.evaluate_at, points and credits sums) and spent three times the cost of the simplest signed-in read. The
-- qualification table already holds each person's status per requirement of their post and operations, kept by every change
-- and moved on by the daily pass (expiry, points windows, the year's credits, versions whose date came).
--
-- competence.statuses_day is the day the daily pass last committed, in the same transaction as its refresh. Until it has
-- run on a day the stored statuses may still be yesterday's, so the gate judges live; after it, a stored status is today's
-- and only pairs without one (a post or operation the person does not hold yet) are judged live.
CREATE TABLE competence.statuses_day (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    day date NOT NULL);
INSERT INTO competence.statuses_day (day) VALUES ('-infinity');
GRANT SELECT, UPDATE ON competence.statuses_day TO skillgate_app;

-- One person's requirements judged live, behind a function the planner cannot inline: the gate's plan then holds one node for
-- it rather than the whole judgement, which every call would set up even when the stored statuses answer.
CREATE FUNCTION competence.judge_live(p_employee uuid, p_requirements uuid[], p_now timestamptz, p_today date, p_window integer)
 RETURNS TABLE (requirement_id uuid, status text, due_on date)
 LANGUAGE plpgsql
 STABLE
 SET search_path = pg_catalog, pg_temp
AS $function$
BEGIN
    RETURN QUERY
    SELECT ev.requirement_id, ev.status, ev.due_on
    FROM competence.evaluate_at(array_fill(p_employee, ARRAY[cardinality(p_requirements)]), p_requirements,
                                array_fill(p_now, ARRAY[cardinality(p_requirements)]), array_fill(p_today, ARRAY[cardinality(p_requirements)]), p_window) ev;
END
$function$;

REVOKE EXECUTE ON FUNCTION competence.judge_live(uuid, uuid[], timestamptz, date, integer) FROM PUBLIC;

-- One call answers the gate: the operation by id or code, the employee by id or number, each requirement of the post or
-- operation in force and applying to the person's unit with its prerequisites, its status (stored when current, else live),
-- its label's parts, the points or credits short, and an override in force. A first row with a null employee_id or
-- operation_id says the employee or the operation is unknown. It runs as the owner, like the refresh (0046): the caller
-- checks the employee's unit against its scope (returned in org_unit_id), and row-level security would add a sub-plan per
-- table read. A training requirement trained on an earlier minor version is due for retraining the day after its due date,
-- which no refresh marks, so the read applies it.
CREATE FUNCTION competence.gate(p_employee_id uuid, p_employee_no text, p_position uuid, p_operation uuid, p_operation_code text,
                                p_now timestamptz, p_today date, p_window integer)
 RETURNS TABLE (employee_id uuid, org_unit_id uuid, operation_id uuid, requirement_id uuid, status text, due_on date, kind text,
                min_level integer, skill_name text, document_code text, major integer, minor integer, prerequisite_ids uuid[],
                min_points integer, points_months integer, points_earned integer, min_credits numeric, credit_category text,
                credits_earned numeric, override_id uuid)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path = pg_catalog, pg_temp
AS $function$
#variable_conflict use_column
DECLARE
    emp_id uuid;
    emp_unit uuid;
    op_id uuid := p_operation;
    fresh boolean;
BEGIN
    IF p_operation_code IS NOT NULL THEN
        SELECT o.id INTO op_id FROM competence.operation o WHERE lower(o.code) = lower(btrim(p_operation_code));
    ELSIF p_operation IS NOT NULL THEN
        SELECT o.id INTO op_id FROM competence.operation o WHERE o.id = p_operation;
    END IF;

    IF p_employee_id IS NOT NULL THEN
        SELECT e.id, e.org_unit_id INTO emp_id, emp_unit FROM org.employee_v e WHERE e.id = p_employee_id;
    ELSE
        SELECT e.id, e.org_unit_id INTO emp_id, emp_unit FROM org.employee_v e WHERE e.employee_no = p_employee_no;
    END IF;

    IF emp_id IS NULL OR (op_id IS NULL AND p_position IS NULL) THEN
        RETURN QUERY SELECT emp_id, emp_unit, op_id, NULL::uuid, NULL::text, NULL::date, NULL::text, NULL::integer, NULL::text, NULL::text,
                            NULL::integer, NULL::integer, NULL::uuid[], NULL::integer, NULL::integer, NULL::integer, NULL::numeric, NULL::text,
                            NULL::numeric, NULL::uuid;
        RETURN;
    END IF;

    SELECT sd.day = p_today INTO fresh FROM competence.statuses_day sd;

    RETURN QUERY
    WITH req AS (
        SELECT r.id, r.kind, r.min_level, r.skill_id, r.document_id, r.min_points, r.points_months, r.min_credits, r.credit_category,
               ARRAY(SELECT rp.prerequisite_id FROM competence.requirement_prerequisite rp WHERE rp.requirement_id = r.id) AS prerequisites
        FROM competence.requirement r
        WHERE r.active AND competence.requirement_in_force(r.created_at, r.retired_at, p_now)
          AND (r.position_id = p_position OR r.operation_id = op_id)
          AND competence.applies_to(r.org_unit_id, emp_unit)
    ), wanted AS (
        SELECT req.id FROM req UNION SELECT unnest(req.prerequisites) FROM req
    ), stored AS (
        SELECT q.requirement_id,
               CASE WHEN q.status IN ('qualified', 'expiring') AND q.due_on < p_today AND r.kind = 'training' THEN 'retraining_required'
                    ELSE q.status END AS status,
               q.due_on
        FROM competence.qualification q JOIN competence.requirement r ON r.id = q.requirement_id
        WHERE fresh AND q.employee_id = emp_id AND q.requirement_id IN (SELECT wanted.id FROM wanted)
    ), missing AS (
        SELECT array_agg(w.id ORDER BY w.id) AS ids FROM wanted w WHERE NOT EXISTS (SELECT 1 FROM stored s WHERE s.requirement_id = w.id)
    ), judged AS (
        SELECT s.requirement_id, s.status, s.due_on FROM stored s
        UNION ALL
        SELECT ev.requirement_id, ev.status, ev.due_on
        FROM missing m, competence.judge_live(emp_id, m.ids, p_now, p_today, p_window) ev
        WHERE m.ids IS NOT NULL
    ), overridden AS (
        SELECT o.id FROM competence.override o
        WHERE o.employee_id = emp_id AND o.revoked_at IS NULL AND o.expires_at > p_now
          AND (o.position_id = p_position OR o.operation_id = op_id)
        LIMIT 1
    )
    -- What labels a requirement (its skill, its document and the version in force) only for one the answer may name: not
    -- met, or with prerequisites that may undo it. Scalar subqueries inside CASE run only then; most people pass.
    SELECT emp_id, emp_unit, op_id, j.requirement_id, j.status, j.due_on, req.kind, req.min_level,
           CASE WHEN l.named THEN (SELECT s.name FROM competence.skill s WHERE s.id = req.skill_id) END,
           CASE WHEN l.named THEN (SELECT d.code FROM standards.document_v d WHERE d.id = req.document_id) END,
           l.version[1], l.version[2],
           req.prerequisites, req.min_points, req.points_months,
           CASE WHEN req.kind = 'points' AND l.unmet THEN points.earned(emp_id, p_now, req.points_months) END,
           req.min_credits, req.credit_category,
           CASE WHEN req.kind = 'credits' AND l.unmet
                THEN learning.credits_earned(emp_id, p_now, extract(year FROM p_today)::integer, req.credit_category) END,
           (SELECT overridden.id FROM overridden)
    FROM (SELECT NULL) one
    LEFT JOIN judged j ON true
    LEFT JOIN req ON req.id = j.requirement_id
    LEFT JOIN LATERAL (SELECT j.status NOT IN ('qualified', 'expiring') AS unmet,
                              j.status NOT IN ('qualified', 'expiring') OR cardinality(req.prerequisites) > 0 AS named) n ON true
    LEFT JOIN LATERAL (SELECT n.unmet, n.named,
                              CASE WHEN n.named AND req.document_id IS NOT NULL THEN (
                                  SELECT ARRAY[cv.major, cv.minor] FROM standards.version_in_force(req.document_id, p_now, p_today) cv) END AS version) l ON true;
END
$function$;

REVOKE EXECUTE ON FUNCTION competence.gate(uuid, text, uuid, uuid, text, timestamptz, date, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION competence.gate(uuid, text, uuid, uuid, text, timestamptz, date, integer) TO skillgate_app;
