-- Published read models (ADR 0007). Each module's tables are private; what other modules may read is published here as
-- views and functions in the owner's schema and documented in the module's Contracts/ReadModels.md. The views run with
-- the caller's rights (security_invoker), so the data scope's row security applies through them as it does to the tables.

-- Organization. The tree's encoding (path) stays inside org: others ask org.unit_within, org.unit_subtree or read depth.
CREATE VIEW org.employee_v WITH (security_invoker = true) AS
    SELECT id, employee_no, name, phone, email, org_unit_id, position_id, manager_id, shift_group_id, hire_date, status, worker_type, company
    FROM org.employee;

CREATE VIEW org.org_unit_v WITH (security_invoker = true) AS
    SELECT id, code, name, unit_type, parent_id, functions, active, sort,
           length(path) - length(replace(path, '/', '')) - 1 AS depth
    FROM org.org_unit;

CREATE VIEW org.position_v WITH (security_invoker = true) AS
    SELECT id, code, name, org_unit_id, active FROM org.position;

CREATE VIEW org.shift_group_v WITH (security_invoker = true) AS
    SELECT id, code, name, org_unit_id, pattern, active FROM org.shift_group;

CREATE VIEW org.function_tag_v WITH (security_invoker = true) AS
    SELECT id, code, name_zh, name_en, sort FROM org.function_tag;

-- Is the unit the root itself or below it?
CREATE FUNCTION org.unit_within(unit uuid, root uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM org.org_unit u JOIN org.org_unit r ON r.id = root WHERE u.id = unit AND u.path LIKE r.path || '%')
$$;

-- The root and every unit below it.
CREATE FUNCTION org.unit_subtree(root uuid) RETURNS SETOF uuid LANGUAGE sql STABLE AS $$
    SELECT u.id FROM org.org_unit u JOIN org.org_unit r ON r.id = root WHERE u.path LIKE r.path || '%'
$$;

-- The active department heads whose scope covers the unit.
DROP FUNCTION org.department_heads(text);
CREATE FUNCTION org.department_heads(unit uuid) RETURNS uuid[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(DISTINCT u.id), '{}')
    FROM auth.app_user u JOIN auth.user_scope s ON s.user_id = u.id
    WHERE u.active AND 'DepartmentHead' = ANY (u.roles) AND org.unit_within(unit, s.org_unit_id)
$$;

-- The scope's row security on other modules' people records reads people through the published view too.
DO $$
DECLARE
    p record;
BEGIN
    FOR p IN SELECT schemaname, tablename, qual FROM pg_policies
             WHERE policyname = 'scope_read' AND schemaname <> 'org' AND qual LIKE '%org.employee e%' LOOP
        EXECUTE format('ALTER POLICY scope_read ON %I.%I USING (%s)', p.schemaname, p.tablename, replace(p.qual, 'org.employee e', 'org.employee_v e'));
    END LOOP;
END $$;

-- Standards.
CREATE VIEW standards.document_v WITH (security_invoker = true) AS
    SELECT id, code, title, kind, owner_unit_id, created_at FROM standards.document;

CREATE VIEW standards.document_version_v WITH (security_invoker = true) AS
    SELECT id, document_id, major, minor, status, change_type, summary, retrain_due_days, effective_on, approved_at, created_at, withdrawn_at
    FROM standards.document_version;

-- Learning.
CREATE VIEW learning.course_v WITH (security_invoker = true) AS
    SELECT id, code, title, kind, class_hours, owner_unit_id, points, cost_per_participant, requires_exam, certificate_months, status,
           published_at, created_at
    FROM learning.course;

CREATE VIEW learning.course_document_v WITH (security_invoker = true) AS
    SELECT course_id, document_version_id FROM learning.course_document;

CREATE VIEW learning.instructor_v WITH (security_invoker = true) AS
    SELECT id, kind, employee_id, name, organization, active, created_at FROM learning.instructor;

-- Competence.
CREATE VIEW competence.skill_v WITH (security_invoker = true) AS
    SELECT id, code, name, parent_id, max_level, active FROM competence.skill;

CREATE VIEW competence.operation_v WITH (security_invoker = true) AS
    SELECT id, code, name, org_unit_id, active FROM competence.operation;

CREATE VIEW competence.operation_assignment_v WITH (security_invoker = true) AS
    SELECT id, employee_id, operation_id, assigned_at, ended_at FROM competence.operation_assignment;

CREATE VIEW competence.requirement_v WITH (security_invoker = true) AS
    SELECT id, position_id, operation_id, kind, skill_id, min_level, document_id, validity_months, org_unit_id, active, created_at, retired_at
    FROM competence.requirement;

CREATE VIEW competence.qualification_v WITH (security_invoker = true) AS
    SELECT employee_id, requirement_id, status, valid_until, due_on, basis_version_id, changed_at FROM competence.qualification;

CREATE VIEW competence.completion_v WITH (security_invoker = true) AS
    SELECT id, employee_id, document_version_id, completed_on, result, source, recorded_at, revoked_at, revoked_reason
    FROM competence.completion;

CREATE VIEW competence.skill_wish_v WITH (security_invoker = true) AS
    SELECT id, employee_id, skill_id, note, created_at, withdrawn_at FROM competence.skill_wish;

CREATE OR REPLACE FUNCTION competence.applies_to(p_requirement_unit uuid, p_employee_unit uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT p_requirement_unit IS NULL OR org.unit_within(p_employee_unit, p_requirement_unit)
$$;

-- Quality, training, needs.
CREATE VIEW quality.batch_v WITH (security_invoker = true) AS
    SELECT id, code, product, line_id, created_at FROM quality.batch;

CREATE VIEW training.plan_v WITH (security_invoker = true) AS
    SELECT id, title, period_kind, period_start, org_unit_id, budget, status, created_at FROM training.plan;

CREATE VIEW needs.need_v WITH (security_invoker = true) AS
    SELECT id, title, course_id, skill_id, org_unit_id, scope_label, priority, due_on, status, plan_id, created_at FROM needs.need;

-- Workflow: who may act on a step is decided by unit, not by the tree's encoding.
DROP FUNCTION workflow.escalation_recipients(uuid, text);
DROP FUNCTION workflow.responsible_users(uuid);
DROP FUNCTION workflow.eligible(uuid, text, text);

CREATE FUNCTION workflow.eligible(who uuid, step_role text, unit uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM auth.app_user u WHERE u.id = who AND u.active AND step_role = ANY (u.roles) AND (u.scope_all OR EXISTS (
            SELECT 1 FROM auth.user_scope s WHERE s.user_id = u.id AND org.unit_within(unit, s.org_unit_id))))
$$;

CREATE FUNCTION workflow.responsible_users(task uuid) RETURNS uuid[] LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN t.assignee_id IS NOT NULL AND workflow.eligible(t.assignee_id, t.role, i.org_unit_id) THEN ARRAY[t.assignee_id] ELSE (
        SELECT coalesce(array_agg(u.id ORDER BY u.id), '{}') FROM auth.app_user u
        WHERE u.active AND t.role = ANY (u.roles) AND (u.scope_all OR EXISTS (
            SELECT 1 FROM auth.user_scope s WHERE s.user_id = u.id AND org.unit_within(i.org_unit_id, s.org_unit_id)))) END
    FROM workflow.task t JOIN workflow.instance i ON i.id = t.instance_id
    WHERE t.id = task
$$;

CREATE FUNCTION workflow.escalation_recipients(task uuid, target text) RETURNS uuid[] LANGUAGE sql STABLE AS $$
    WITH director AS (
        SELECT d.user_id FROM workflow.task t JOIN workflow.instance i ON i.id = t.instance_id
        JOIN workflow.director d ON d.function = t.function AND org.unit_within(i.org_unit_id, d.org_unit_id)
        JOIN org.org_unit_v du ON du.id = d.org_unit_id
        JOIN auth.app_user u ON u.id = d.user_id AND u.active
        WHERE t.id = task ORDER BY du.depth DESC LIMIT 1),
    managers AS (
        SELECT DISTINCT mu.id FROM unnest(workflow.responsible_users(task)) r(id) JOIN auth.app_user u ON u.id = r.id
        JOIN org.employee_v e ON e.id = u.employee_id JOIN auth.app_user mu ON mu.employee_id = e.manager_id AND mu.active)
    SELECT CASE
        WHEN target = 'manager' AND EXISTS (SELECT 1 FROM managers) THEN (SELECT array_agg(id ORDER BY id) FROM managers)
        ELSE coalesce((SELECT array_agg(user_id) FROM director), '{}') END
$$;

CREATE OR REPLACE FUNCTION competence.refresh(p_employees uuid[], p_requirements uuid[], p_today date, p_window integer, p_now timestamp with time zone)
 RETURNS integer
 LANGUAGE plpgsql
AS $function$
DECLARE
    changed integer;
BEGIN
    -- A requirement that has one of these as prerequisite may change with it.
    IF p_requirements IS NOT NULL THEN
        p_requirements := p_requirements || ARRAY(
            SELECT requirement_id FROM competence.requirement_prerequisite WHERE prerequisite_id = ANY (p_requirements));
    END IF;

    CREATE TEMP TABLE IF NOT EXISTS refresh_pair (employee_id uuid, requirement_id uuid) ON COMMIT DROP;
    TRUNCATE refresh_pair;
    INSERT INTO refresh_pair
    SELECT e.id, r.id FROM competence.requirement r JOIN org.employee_v e ON e.position_id = r.position_id
    WHERE r.active AND e.status <> 'exited' AND competence.applies_to(r.org_unit_id, e.org_unit_id)
      AND (p_employees IS NULL OR e.id = ANY (p_employees)) AND (p_requirements IS NULL OR r.id = ANY (p_requirements))
    UNION
    SELECT a.employee_id, r.id FROM competence.requirement r
    JOIN competence.operation_assignment a ON a.operation_id = r.operation_id AND a.ended_at IS NULL
    JOIN org.employee_v e ON e.id = a.employee_id
    WHERE r.active AND competence.applies_to(r.org_unit_id, e.org_unit_id)
      AND (p_employees IS NULL OR a.employee_id = ANY (p_employees)) AND (p_requirements IS NULL OR r.id = ANY (p_requirements));

    -- Pairs that no longer apply (post changed, requirement retired) stop being tracked.
    DELETE FROM competence.qualification q
    WHERE (p_employees IS NULL OR q.employee_id = ANY (p_employees)) AND (p_requirements IS NULL OR q.requirement_id = ANY (p_requirements))
      AND NOT EXISTS (SELECT 1 FROM refresh_pair p WHERE p.employee_id = q.employee_id AND p.requirement_id = q.requirement_id);

    WITH evaluated AS (
        SELECT ev.* FROM competence.evaluate(
            ARRAY(SELECT employee_id FROM refresh_pair ORDER BY employee_id, requirement_id),
            ARRAY(SELECT requirement_id FROM refresh_pair ORDER BY employee_id, requirement_id), p_today, p_window) ev
    ), upserted AS (
        INSERT INTO competence.qualification AS q (employee_id, requirement_id, status, valid_until, due_on, basis_version_id, changed_at)
        SELECT employee_id, requirement_id, status, valid_until, due_on, basis_version_id, p_now FROM evaluated
        ON CONFLICT (employee_id, requirement_id) DO UPDATE
            SET status = EXCLUDED.status, valid_until = EXCLUDED.valid_until, due_on = EXCLUDED.due_on,
                basis_version_id = EXCLUDED.basis_version_id, changed_at = EXCLUDED.changed_at
            WHERE (q.status, q.valid_until, q.due_on, q.basis_version_id) IS DISTINCT FROM
                  (EXCLUDED.status, EXCLUDED.valid_until, EXCLUDED.due_on, EXCLUDED.basis_version_id)
        RETURNING q.*
    )
    INSERT INTO competence.qualification_history (employee_id, requirement_id, status, valid_until, due_on, basis_version_id, changed_at)
    SELECT employee_id, requirement_id, status, valid_until, due_on, basis_version_id, changed_at FROM upserted;
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN changed;
END
$function$

;

CREATE OR REPLACE FUNCTION competence.evaluate_at(p_employees uuid[], p_requirements uuid[], p_ats timestamp with time zone[], p_days date[], p_window integer)
 RETURNS TABLE(n bigint, employee_id uuid, requirement_id uuid, status text, valid_until date, due_on date, basis_version_id uuid, version_id uuid, basis_revoked_at timestamp with time zone, basis_revoked_reason text)
 LANGUAGE sql
 STABLE
AS $function$
    WITH pairs AS (
        SELECT pr.n, pr.employee_id, pr.at, pr.day, r.id, r.kind, r.skill_id, r.min_level, r.document_id, r.validity_months
        FROM unnest(p_employees, p_requirements, p_ats, p_days) WITH ORDINALITY AS pr(employee_id, requirement_id, at, day, n)
        JOIN competence.requirement r ON r.id = pr.requirement_id
    ), raw AS (
        SELECT p.n, p.employee_id, p.id AS requirement_id, p.validity_months, p.day, basis.status, basis.basis_on, basis.due_on, basis.basis_version_id,
               cv.id AS version_id, basis.revoked_at, basis.revoked_reason
        FROM pairs p
        LEFT JOIN LATERAL standards.version_in_force(p.document_id, p.at, p.day) cv ON p.document_id IS NOT NULL
        CROSS JOIN LATERAL (
            SELECT CASE WHEN a.level IS NULL OR a.level < p.min_level THEN 'not_trained' ELSE 'qualified' END AS status,
                   a.assessed_on AS basis_on, NULL::date AS due_on, NULL::uuid AS basis_version_id,
                   a.revoked_at, a.revoked_reason
            FROM (SELECT NULL) x
            LEFT JOIN LATERAL (
                SELECT sa.level, sa.assessed_on, sa.revoked_at, sa.revoked_reason FROM competence.skill_assessment sa
                WHERE sa.employee_id = p.employee_id AND sa.skill_id = p.skill_id AND sa.recorded_at <= p.at
                  AND (sa.revoked_at IS NULL OR sa.revoked_at > p.at)
                ORDER BY sa.assessed_on DESC, sa.recorded_at DESC LIMIT 1) a ON true
            WHERE p.kind = 'skill'
            UNION ALL
            -- Trained on an earlier minor version of the current major: read and acknowledge the current
            -- version by its due date; until then still qualified, after it retraining is required.
            SELECT CASE WHEN cv.id IS NULL OR c.version_id IS NULL THEN 'not_trained'
                        WHEN c.major <> cv.major THEN 'retraining_required'
                        WHEN c.minor < cv.minor AND c.acknowledged IS NOT TRUE AND p.day > cv.effective_on + cv.retrain_due_days THEN 'retraining_required'
                        ELSE 'qualified' END,
                   c.completed_on,
                   CASE WHEN c.major IS NOT NULL AND c.major <> cv.major THEN cv.major_due_on
                        WHEN c.minor < cv.minor AND c.acknowledged IS NOT TRUE THEN cv.effective_on + cv.retrain_due_days END,
                   c.version_id, c.revoked_at, c.revoked_reason
            FROM (SELECT NULL) x
            LEFT JOIN LATERAL (
                -- A completion on an equivalent document (e.g. an external certificate) counts like one on the current version.
                SELECT v.id AS version_id, CASE WHEN v.document_id = p.document_id THEN v.major ELSE cv.major END AS major,
                       CASE WHEN v.document_id = p.document_id THEN v.minor ELSE cv.minor END AS minor, cp.completed_on, cp.revoked_at, cp.revoked_reason,
                       EXISTS (SELECT 1 FROM competence.acknowledgement ak2
                               WHERE ak2.employee_id = p.employee_id AND ak2.document_version_id = cv.id AND ak2.acknowledged_at <= p.at) AS acknowledged
                FROM competence.completion cp
                JOIN standards.document_version_v v ON v.id = cp.document_version_id
                WHERE cp.employee_id = p.employee_id AND cp.result = 'passed' AND cp.recorded_at <= p.at
                  AND (cp.revoked_at IS NULL OR cp.revoked_at > p.at)
                  AND (v.document_id = p.document_id
                       OR v.document_id IN (SELECT q.document_id FROM competence.requirement_equivalent q WHERE q.requirement_id = p.id))
                ORDER BY (v.document_id <> p.document_id OR v.major = cv.major) DESC, v.major DESC, v.minor DESC, cp.completed_on DESC LIMIT 1) c ON true
            WHERE p.kind = 'training'
            UNION ALL
            SELECT CASE WHEN ak.acknowledged_at IS NOT NULL THEN 'qualified'
                        WHEN cv.id IS NOT NULL AND EXISTS (
                            SELECT 1 FROM competence.acknowledgement a2 JOIN standards.document_version_v v2 ON v2.id = a2.document_version_id
                            WHERE a2.employee_id = p.employee_id AND v2.document_id = p.document_id AND a2.acknowledged_at <= p.at) THEN 'retraining_required'
                        ELSE 'not_trained' END,
                   ak.acknowledged_at::date,
                   CASE WHEN ak.acknowledged_at IS NULL THEN cv.effective_on + cv.retrain_due_days END,
                   cv.id, NULL::timestamptz, NULL::text
            FROM (SELECT NULL) x
            LEFT JOIN competence.acknowledgement ak ON ak.employee_id = p.employee_id AND ak.document_version_id = cv.id AND ak.acknowledged_at <= p.at
            WHERE p.kind = 'acknowledgement'
        ) basis
    )
    SELECT n, employee_id, requirement_id,
           CASE WHEN status <> 'qualified' OR validity_months IS NULL THEN status
                WHEN (basis_on + make_interval(months => validity_months))::date < day THEN 'expired'
                WHEN (basis_on + make_interval(months => validity_months))::date <= day + p_window THEN 'expiring'
                ELSE 'qualified' END,
           CASE WHEN status = 'qualified' AND validity_months IS NOT NULL THEN (basis_on + make_interval(months => validity_months))::date END,
           due_on,
           basis_version_id,
           version_id,
           revoked_at,
           revoked_reason
    FROM raw
$function$

;
