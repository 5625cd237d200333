-- Requirements limited to part of the organisation, equivalents (e.g. an external certificate counts for a
-- training requirement) and prerequisites (a requirement counts only once another is met).
ALTER TABLE competence.requirement ADD COLUMN org_unit_id uuid REFERENCES org.org_unit (id);

CREATE TABLE competence.requirement_equivalent (
    requirement_id uuid NOT NULL REFERENCES competence.requirement (id),
    document_id uuid NOT NULL REFERENCES standards.document (id),
    PRIMARY KEY (requirement_id, document_id));

CREATE TABLE competence.requirement_prerequisite (
    requirement_id uuid NOT NULL REFERENCES competence.requirement (id),
    prerequisite_id uuid NOT NULL REFERENCES competence.requirement (id),
    PRIMARY KEY (requirement_id, prerequisite_id),
    CHECK (requirement_id <> prerequisite_id));

-- Does a requirement scoped to an org unit (NULL = everywhere) apply to an employee of this unit?
CREATE FUNCTION competence.applies_to(p_requirement_unit uuid, p_employee_unit uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT p_requirement_unit IS NULL OR EXISTS (
        SELECT 1 FROM org.org_unit ru JOIN org.org_unit eu ON eu.id = p_employee_unit
        WHERE ru.id = p_requirement_unit AND eu.path LIKE ru.path || '%')
$$;

CREATE FUNCTION competence.evaluate_base(p_employees uuid[], p_requirements uuid[], p_today date, p_window integer)
RETURNS TABLE (employee_id uuid, requirement_id uuid, status text, valid_until date, due_on date, basis_version_id uuid)
LANGUAGE sql STABLE AS $$
    WITH pairs AS (
        SELECT pr.employee_id, r.*
        FROM unnest(p_employees, p_requirements) AS pr(employee_id, requirement_id)
        JOIN competence.requirement r ON r.id = pr.requirement_id
    ), current_version AS (
        SELECT DISTINCT ON (v.document_id) v.document_id, v.id, v.major, v.minor, v.effective_on, v.retrain_due_days
        FROM standards.document_version v
        WHERE v.status = 'effective' AND v.document_id IN (SELECT document_id FROM pairs WHERE document_id IS NOT NULL)
        ORDER BY v.document_id, v.major DESC, v.minor DESC
    ), raw AS (
        SELECT p.employee_id, p.id AS requirement_id, p.validity_months, basis.status, basis.basis_on, basis.due_on, basis.basis_version_id
        FROM pairs p
        CROSS JOIN LATERAL (
            SELECT CASE WHEN a.level IS NULL OR a.level < p.min_level THEN 'not_trained' ELSE 'qualified' END AS status,
                   a.assessed_on AS basis_on, NULL::date AS due_on, NULL::uuid AS basis_version_id
            FROM (SELECT NULL) x
            LEFT JOIN LATERAL (
                SELECT sa.level, sa.assessed_on FROM competence.skill_assessment sa
                WHERE sa.employee_id = p.employee_id AND sa.skill_id = p.skill_id
                ORDER BY sa.assessed_on DESC, sa.recorded_at DESC LIMIT 1) a ON true
            WHERE p.kind = 'skill'
            UNION ALL
            -- Trained on an earlier minor version of the current major: read and acknowledge the current
            -- version by its due date; until then still qualified, after it retraining is required.
            SELECT CASE WHEN cv.id IS NULL OR c.version_id IS NULL THEN 'not_trained'
                        WHEN c.major <> cv.major THEN 'retraining_required'
                        WHEN c.minor < cv.minor AND c.acknowledged IS NOT TRUE AND p_today > cv.effective_on + cv.retrain_due_days THEN 'retraining_required'
                        ELSE 'qualified' END,
                   c.completed_on,
                   CASE WHEN c.major IS NOT NULL AND (c.major <> cv.major OR (c.minor < cv.minor AND c.acknowledged IS NOT TRUE))
                        THEN cv.effective_on + cv.retrain_due_days END,
                   c.version_id
            FROM (SELECT NULL) x
            LEFT JOIN current_version cv ON cv.document_id = p.document_id
            LEFT JOIN LATERAL (
                -- A completion on an equivalent document (e.g. an external certificate) counts like one on the current version.
                SELECT v.id AS version_id, CASE WHEN v.document_id = p.document_id THEN v.major ELSE cv.major END AS major,
                       CASE WHEN v.document_id = p.document_id THEN v.minor ELSE cv.minor END AS minor, cp.completed_on,
                       EXISTS (SELECT 1 FROM competence.acknowledgement ak2 WHERE ak2.employee_id = p.employee_id AND ak2.document_version_id = cv.id) AS acknowledged
                FROM competence.completion cp
                JOIN standards.document_version v ON v.id = cp.document_version_id
                WHERE cp.employee_id = p.employee_id AND cp.result = 'passed'
                  AND (v.document_id = p.document_id
                       OR v.document_id IN (SELECT q.document_id FROM competence.requirement_equivalent q WHERE q.requirement_id = p.id))
                ORDER BY (v.document_id <> p.document_id OR v.major = cv.major) DESC, v.major DESC, v.minor DESC, cp.completed_on DESC LIMIT 1) c ON true
            WHERE p.kind = 'training'
            UNION ALL
            SELECT CASE WHEN ak.acknowledged_at IS NOT NULL THEN 'qualified'
                        WHEN cv.id IS NOT NULL AND EXISTS (
                            SELECT 1 FROM competence.acknowledgement a2 JOIN standards.document_version v2 ON v2.id = a2.document_version_id
                            WHERE a2.employee_id = p.employee_id AND v2.document_id = p.document_id) THEN 'retraining_required'
                        ELSE 'not_trained' END,
                   ak.acknowledged_at::date,
                   CASE WHEN ak.acknowledged_at IS NULL THEN cv.effective_on + cv.retrain_due_days END,
                   cv.id
            FROM (SELECT NULL) x
            LEFT JOIN current_version cv ON cv.document_id = p.document_id
            LEFT JOIN competence.acknowledgement ak ON ak.employee_id = p.employee_id AND ak.document_version_id = cv.id
            WHERE p.kind = 'acknowledgement'
        ) basis
    )
    SELECT employee_id, requirement_id,
           CASE WHEN status <> 'qualified' OR validity_months IS NULL THEN status
                WHEN (basis_on + make_interval(months => validity_months))::date < p_today THEN 'expired'
                WHEN (basis_on + make_interval(months => validity_months))::date <= p_today + p_window THEN 'expiring'
                ELSE 'qualified' END,
           CASE WHEN status = 'qualified' AND validity_months IS NOT NULL THEN (basis_on + make_interval(months => validity_months))::date END,
           due_on,
           basis_version_id
    FROM raw
$$;

-- The one definition of a status: evaluates the pairs (p_employees[i], p_requirements[i]) on a day.
-- A requirement whose prerequisite (one level) is not met counts as not trained.
CREATE OR REPLACE FUNCTION competence.evaluate(p_employees uuid[], p_requirements uuid[], p_today date, p_window integer)
RETURNS TABLE (employee_id uuid, requirement_id uuid, status text, valid_until date, due_on date, basis_version_id uuid)
LANGUAGE sql STABLE AS $$
    WITH base AS (
        SELECT * FROM competence.evaluate_base(p_employees, p_requirements, p_today, p_window)
    ), prerequisite_pairs AS (
        SELECT b.employee_id, b.requirement_id, rp.prerequisite_id
        FROM base b JOIN competence.requirement_prerequisite rp ON rp.requirement_id = b.requirement_id
    ), unmet AS (
        SELECT DISTINCT pp.employee_id, pp.requirement_id
        FROM prerequisite_pairs pp
        JOIN competence.evaluate_base(ARRAY(SELECT employee_id FROM prerequisite_pairs ORDER BY employee_id, requirement_id, prerequisite_id),
                                      ARRAY(SELECT prerequisite_id FROM prerequisite_pairs ORDER BY employee_id, requirement_id, prerequisite_id),
                                      p_today, p_window) pe
          ON pe.employee_id = pp.employee_id AND pe.requirement_id = pp.prerequisite_id
        WHERE pe.status NOT IN ('qualified', 'expiring')
    )
    SELECT b.employee_id, b.requirement_id,
           CASE WHEN u.requirement_id IS NOT NULL AND b.status IN ('qualified', 'expiring') THEN 'not_trained' ELSE b.status END,
           b.valid_until, b.due_on, b.basis_version_id
    FROM base b LEFT JOIN unmet u ON u.employee_id = b.employee_id AND u.requirement_id = b.requirement_id
$$;

DROP FUNCTION competence.refresh(uuid[], uuid[], date, integer, timestamptz);
CREATE FUNCTION competence.refresh(p_employees uuid[], p_requirements uuid[], p_today date, p_window integer, p_now timestamptz)
RETURNS integer
LANGUAGE plpgsql AS $$
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
    SELECT e.id, r.id FROM competence.requirement r JOIN org.employee e ON e.position_id = r.position_id
    WHERE r.active AND e.status <> 'exited' AND competence.applies_to(r.org_unit_id, e.org_unit_id)
      AND (p_employees IS NULL OR e.id = ANY (p_employees)) AND (p_requirements IS NULL OR r.id = ANY (p_requirements))
    UNION
    SELECT a.employee_id, r.id FROM competence.requirement r
    JOIN competence.operation_assignment a ON a.operation_id = r.operation_id AND a.ended_at IS NULL
    JOIN org.employee e ON e.id = a.employee_id
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
$$;
