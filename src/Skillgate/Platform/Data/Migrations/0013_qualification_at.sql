-- One definition of a qualification at any moment: the gate asks it for now, the batch trace for the moment of each
-- operation, so the two cannot disagree. Every fact counts from when it was recorded: completions, assessments and
-- acknowledgements by their recorded time, versions from their release (in force from their effective day until withdrawn),
-- requirements from their creation until retired.

ALTER TABLE standards.document_version ADD COLUMN withdrawn_at timestamptz;
UPDATE standards.document_version SET withdrawn_at = coalesce(approved_at, created_at) WHERE status = 'withdrawn';

ALTER TABLE competence.requirement ADD COLUMN retired_at timestamptz;
UPDATE competence.requirement SET retired_at = created_at WHERE NOT active;

-- The version of a document in force at a moment: released by then and effective by that day, the highest one; none when
-- that one had been withdrawn by then. major_due_on is when a retraining for its major version falls due: counted from the
-- first release of that major, so a later minor version does not move a retraining still pending from the major change.
CREATE FUNCTION standards.version_in_force(p_document uuid, p_at timestamptz, p_day date)
RETURNS TABLE (id uuid, major integer, minor integer, effective_on date, retrain_due_days integer, major_due_on date)
LANGUAGE sql STABLE AS $$
    WITH released AS (
        SELECT v.* FROM standards.document_version v
        WHERE v.document_id = p_document AND v.status IN ('approved', 'effective', 'superseded', 'withdrawn')
          AND coalesce(v.approved_at, v.created_at) <= p_at AND coalesce(v.effective_on, p_day) <= p_day
    ), top AS (
        SELECT * FROM released ORDER BY major DESC, minor DESC LIMIT 1
    )
    SELECT t.id, t.major, t.minor, coalesce(t.effective_on, p_day), t.retrain_due_days,
           (SELECT coalesce(m.effective_on, p_day) + m.retrain_due_days FROM released m WHERE m.major = t.major ORDER BY m.minor LIMIT 1)
    FROM top t
    WHERE t.withdrawn_at IS NULL OR t.withdrawn_at > p_at
$$;

-- Evaluates the pairs (p_employees[i], p_requirements[i]) as they stood at p_ats[i], on the day p_days[i] (validity and due
-- dates count in days). n is the pair's position; version_id the required document's version in force then.
CREATE FUNCTION competence.evaluate_at(p_employees uuid[], p_requirements uuid[], p_ats timestamptz[], p_days date[], p_window integer)
RETURNS TABLE (n bigint, employee_id uuid, requirement_id uuid, status text, valid_until date, due_on date, basis_version_id uuid, version_id uuid)
LANGUAGE sql STABLE AS $$
    WITH pairs AS (
        SELECT pr.n, pr.employee_id, pr.at, pr.day, r.id, r.kind, r.skill_id, r.min_level, r.document_id, r.validity_months
        FROM unnest(p_employees, p_requirements, p_ats, p_days) WITH ORDINALITY AS pr(employee_id, requirement_id, at, day, n)
        JOIN competence.requirement r ON r.id = pr.requirement_id
    ), raw AS (
        SELECT p.n, p.employee_id, p.id AS requirement_id, p.validity_months, p.day, basis.status, basis.basis_on, basis.due_on, basis.basis_version_id,
               cv.id AS version_id
        FROM pairs p
        LEFT JOIN LATERAL standards.version_in_force(p.document_id, p.at, p.day) cv ON p.document_id IS NOT NULL
        CROSS JOIN LATERAL (
            SELECT CASE WHEN a.level IS NULL OR a.level < p.min_level THEN 'not_trained' ELSE 'qualified' END AS status,
                   a.assessed_on AS basis_on, NULL::date AS due_on, NULL::uuid AS basis_version_id
            FROM (SELECT NULL) x
            LEFT JOIN LATERAL (
                SELECT sa.level, sa.assessed_on FROM competence.skill_assessment sa
                WHERE sa.employee_id = p.employee_id AND sa.skill_id = p.skill_id AND sa.recorded_at <= p.at
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
                   c.version_id
            FROM (SELECT NULL) x
            LEFT JOIN LATERAL (
                -- A completion on an equivalent document (e.g. an external certificate) counts like one on the current version.
                SELECT v.id AS version_id, CASE WHEN v.document_id = p.document_id THEN v.major ELSE cv.major END AS major,
                       CASE WHEN v.document_id = p.document_id THEN v.minor ELSE cv.minor END AS minor, cp.completed_on,
                       EXISTS (SELECT 1 FROM competence.acknowledgement ak2
                               WHERE ak2.employee_id = p.employee_id AND ak2.document_version_id = cv.id AND ak2.acknowledged_at <= p.at) AS acknowledged
                FROM competence.completion cp
                JOIN standards.document_version v ON v.id = cp.document_version_id
                WHERE cp.employee_id = p.employee_id AND cp.result = 'passed' AND cp.recorded_at <= p.at
                  AND (v.document_id = p.document_id
                       OR v.document_id IN (SELECT q.document_id FROM competence.requirement_equivalent q WHERE q.requirement_id = p.id))
                ORDER BY (v.document_id <> p.document_id OR v.major = cv.major) DESC, v.major DESC, v.minor DESC, cp.completed_on DESC LIMIT 1) c ON true
            WHERE p.kind = 'training'
            UNION ALL
            SELECT CASE WHEN ak.acknowledged_at IS NOT NULL THEN 'qualified'
                        WHEN cv.id IS NOT NULL AND EXISTS (
                            SELECT 1 FROM competence.acknowledgement a2 JOIN standards.document_version v2 ON v2.id = a2.document_version_id
                            WHERE a2.employee_id = p.employee_id AND v2.document_id = p.document_id AND a2.acknowledged_at <= p.at) THEN 'retraining_required'
                        ELSE 'not_trained' END,
                   ak.acknowledged_at::date,
                   CASE WHEN ak.acknowledged_at IS NULL THEN cv.effective_on + cv.retrain_due_days END,
                   cv.id
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
           version_id
    FROM raw
$$;

-- The statuses kept for the matrix are the same definition, evaluated with everything recorded by the end of the day.
CREATE OR REPLACE FUNCTION competence.evaluate_base(p_employees uuid[], p_requirements uuid[], p_today date, p_window integer)
RETURNS TABLE (employee_id uuid, requirement_id uuid, status text, valid_until date, due_on date, basis_version_id uuid)
LANGUAGE sql STABLE AS $$
    SELECT e.employee_id, e.requirement_id, e.status, e.valid_until, e.due_on, e.basis_version_id
    FROM competence.evaluate_at(
        p_employees, p_requirements,
        array_fill(((p_today + 1)::timestamp AT TIME ZONE 'UTC') - interval '1 microsecond', ARRAY[coalesce(cardinality(p_employees), 0)]),
        array_fill(p_today, ARRAY[coalesce(cardinality(p_employees), 0)]),
        p_window) e
$$;

-- Whether a requirement was in force at a moment (created by then, not yet retired).
CREATE FUNCTION competence.requirement_in_force(p_created timestamptz, p_retired timestamptz, p_at timestamptz) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT p_created <= p_at AND (p_retired IS NULL OR p_retired > p_at)
$$;
