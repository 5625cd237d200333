-- Points thresholds (issue 21): a position or operation can require points earned in the last months (team lead ≥ 500 in
-- 12 months), judged by the gate like any other requirement from the ledger as recorded at that moment.

-- Points earned (not spent: store entries do not count) by a person in the p_months months up to p_at, as recorded by then.
-- It reads every entry of the person whatever the caller's scope, since a requirement is judged on all of them; it gives a
-- sum only.
CREATE FUNCTION points.earned(p_employee uuid, p_at timestamptz, p_months integer) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(sum(x.points), 0)::integer FROM points.entry x
    WHERE x.employee_id = p_employee AND x.category <> 'store' AND x.occurred_at <= p_at AND x.occurred_at > p_at - make_interval(months => p_months)
$$;

ALTER TABLE competence.requirement ADD COLUMN min_points integer CHECK (min_points BETWEEN 1 AND 100000),
    ADD COLUMN points_months integer CHECK (points_months BETWEEN 1 AND 60);

-- The kind's list and the rule that every kind but skill names a document change for the new kind.
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint
             WHERE conrelid = 'competence.requirement'::regclass AND contype = 'c'
               AND (pg_get_constraintdef(oid) LIKE '%''acknowledgement''%' OR pg_get_constraintdef(oid) LIKE '%document_id IS NOT NULL%')
    LOOP
        EXECUTE format('ALTER TABLE competence.requirement DROP CONSTRAINT %I', c.conname);
    END LOOP;
END $$;
ALTER TABLE competence.requirement
    ADD CONSTRAINT requirement_kind_check CHECK (kind IN ('skill', 'training', 'acknowledgement', 'points')),
    ADD CONSTRAINT requirement_document_check CHECK ((kind IN ('training', 'acknowledgement')) = (document_id IS NOT NULL)),
    ADD CONSTRAINT requirement_points_check CHECK ((kind = 'points') = (min_points IS NOT NULL AND points_months IS NOT NULL)),
    ADD CONSTRAINT requirement_points_validity_check CHECK (kind <> 'points' OR validity_months IS NULL);

CREATE OR REPLACE FUNCTION competence.evaluate_at(p_employees uuid[], p_requirements uuid[], p_ats timestamp with time zone[], p_days date[], p_window integer)
 RETURNS TABLE(n bigint, employee_id uuid, requirement_id uuid, status text, valid_until date, due_on date, basis_version_id uuid, version_id uuid, basis_revoked_at timestamp with time zone, basis_revoked_reason text)
 LANGUAGE sql
 STABLE
AS $function$
    WITH pairs AS (
        SELECT pr.n, pr.employee_id, pr.at, pr.day, r.id, r.kind, r.skill_id, r.min_level, r.document_id, r.validity_months, r.min_points, r.points_months
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
            UNION ALL
            -- Points earned (participation, results, growth) in the months before the moment, as recorded by then.
            SELECT CASE WHEN points.earned(p.employee_id, p.at, p.points_months) >= p.min_points THEN 'qualified' ELSE 'not_trained' END,
                   NULL::date, NULL::date, NULL::uuid, NULL::timestamptz, NULL::text
            FROM (SELECT NULL) x
            WHERE p.kind = 'points'
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
