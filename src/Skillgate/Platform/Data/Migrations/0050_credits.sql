-- Continuing-education credits (继续教育学分, issue 25): courses carry credits of a category; people record external credits
-- (a conference, a journal course) with a certificate that HR approves; a position or operation can require credits per
-- calendar year (of one category, or 'class_1' for both class I kinds), judged by the gate like any other requirement.

ALTER TABLE learning.course
    ADD COLUMN credits numeric(4,1) CHECK (credits > 0 AND credits <= 50),
    ADD COLUMN credit_category text CHECK (credit_category IN ('class_1_national', 'class_1_provincial', 'class_2')),
    ADD CONSTRAINT course_credits_with_category_check CHECK ((credits IS NULL) = (credit_category IS NULL));

CREATE TABLE learning.external_credit (
    id uuid PRIMARY KEY,
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    org_unit_id uuid NOT NULL,
    title text NOT NULL,
    provider text NOT NULL DEFAULT '',
    category text NOT NULL CHECK (category IN ('class_1_national', 'class_1_provincial', 'class_2')),
    credits numeric(4,1) NOT NULL CHECK (credits > 0 AND credits <= 50),
    earned_on date NOT NULL,
    certificate_file_id uuid NOT NULL REFERENCES platform.stored_file (id),
    status text NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected')),
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL,
    decided_by text,
    decided_at timestamptz,
    note text,
    CHECK ((status = 'submitted') = (decided_at IS NULL)));
CREATE INDEX external_credit_open_ix ON learning.external_credit (status, recorded_at);
CREATE INDEX external_credit_person_ix ON learning.external_credit (employee_id, earned_on);

SELECT platform.scope_reads('learning.external_credit',
    'org_unit_id = ANY ((SELECT org.scope_units())::uuid[]) OR employee_id = (SELECT org.scope_self())');

-- The credits a person earned in a calendar year (of a category; 'class_1' both class I kinds; null all), as recorded by p_at:
-- passed course completions not revoked then, and external credits approved by then. It reads every record of the person
-- whatever the caller's scope, since a requirement is judged on all of them; it gives a sum only.
CREATE FUNCTION learning.credits_earned(p_employee uuid, p_at timestamptz, p_year integer, p_category text) RETURNS numeric
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(sum(x.credits), 0) FROM (
        SELECT co.credits, co.credit_category AS category
        FROM learning.course_completion cc JOIN learning.course co ON co.id = cc.course_id
        WHERE cc.employee_id = p_employee AND co.credits IS NOT NULL AND cc.recorded_at <= p_at
          AND (cc.revoked_at IS NULL OR cc.revoked_at > p_at)
          AND cc.completed_on >= make_date(p_year, 1, 1) AND cc.completed_on < make_date(p_year + 1, 1, 1)
        UNION ALL
        SELECT e.credits, e.category
        FROM learning.external_credit e
        WHERE e.employee_id = p_employee AND e.status = 'approved' AND e.decided_at <= p_at
          AND e.earned_on >= make_date(p_year, 1, 1) AND e.earned_on < make_date(p_year + 1, 1, 1)) x
    WHERE p_category IS NULL OR x.category = p_category OR (p_category = 'class_1' AND x.category LIKE 'class\_1\_%')
$$;
REVOKE EXECUTE ON FUNCTION learning.credits_earned(uuid, timestamptz, integer, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION learning.credits_earned(uuid, timestamptz, integer, text) TO skillgate_app;

ALTER TABLE competence.requirement
    ADD COLUMN min_credits numeric(5,1) CHECK (min_credits > 0 AND min_credits <= 500),
    ADD COLUMN credit_category text CHECK (credit_category IN ('class_1', 'class_1_national', 'class_1_provincial', 'class_2')),
    DROP CONSTRAINT requirement_kind_check,
    ADD CONSTRAINT requirement_kind_check CHECK (kind IN ('skill', 'training', 'acknowledgement', 'points', 'credits')),
    ADD CONSTRAINT requirement_credits_check CHECK ((kind = 'credits') = (min_credits IS NOT NULL)),
    ADD CONSTRAINT requirement_credits_category_check CHECK (kind = 'credits' OR credit_category IS NULL),
    ADD CONSTRAINT requirement_credits_validity_check CHECK (kind <> 'credits' OR validity_months IS NULL);

CREATE OR REPLACE FUNCTION competence.evaluate_at(p_employees uuid[], p_requirements uuid[], p_ats timestamp with time zone[], p_days date[], p_window integer)
 RETURNS TABLE(n bigint, employee_id uuid, requirement_id uuid, status text, valid_until date, due_on date, basis_version_id uuid, version_id uuid, basis_revoked_at timestamp with time zone, basis_revoked_reason text)
 LANGUAGE sql
 STABLE
AS $function$
    WITH pairs AS (
        SELECT pr.n, pr.employee_id, pr.at, pr.day, r.id, r.kind, r.skill_id, r.min_level, r.document_id, r.validity_months, r.min_points, r.points_months, r.min_credits, r.credit_category
        FROM unnest(p_employees, p_requirements, p_ats, p_days) WITH ORDINALITY AS pr(employee_id, requirement_id, at, day, n)
        JOIN competence.requirement r ON r.id = pr.requirement_id
    ), raw AS (
        SELECT p.n, p.employee_id, p.id AS requirement_id, p.validity_months, p.day, basis.status, basis.basis_on, basis.due_on, basis.basis_version_id,
               cv.id AS version_id, basis.revoked_at, basis.revoked_reason, basis.carried_until
        FROM pairs p
        LEFT JOIN LATERAL standards.version_in_force(p.document_id, p.at, p.day) cv ON p.document_id IS NOT NULL
        CROSS JOIN LATERAL (
            SELECT CASE WHEN a.level IS NULL OR a.level < p.min_level THEN 'not_trained' ELSE 'qualified' END AS status,
                   a.assessed_on AS basis_on, NULL::date AS due_on, NULL::uuid AS basis_version_id,
                   a.revoked_at, a.revoked_reason, NULL::date AS carried_until
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
                   c.version_id, c.revoked_at, c.revoked_reason, NULL::date
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
                   cv.id, NULL::timestamptz, NULL::text, NULL::date
            FROM (SELECT NULL) x
            LEFT JOIN competence.acknowledgement ak ON ak.employee_id = p.employee_id AND ak.document_version_id = cv.id AND ak.acknowledged_at <= p.at
            WHERE p.kind = 'acknowledgement'
            UNION ALL
            -- Points earned (participation, results, growth) in the months before the moment, as recorded by then.
            SELECT CASE WHEN points.earned(p.employee_id, p.at, p.points_months) >= p.min_points THEN 'qualified' ELSE 'not_trained' END,
                   NULL::date, NULL::date, NULL::uuid, NULL::timestamptz, NULL::text, NULL::date
            FROM (SELECT NULL) x
            WHERE p.kind = 'points'
            UNION ALL
            -- Continuing-education credits of the calendar year: met this year, qualified; short this year but met last year,
            -- still qualified until the year ends (expiring near its end, so the reminders go out); short both years, not met.
            SELECT CASE WHEN cr.this_year >= p.min_credits OR cr.last_year >= p.min_credits THEN 'qualified' ELSE 'not_trained' END,
                   NULL::date,
                   CASE WHEN cr.this_year < p.min_credits THEN make_date(extract(year FROM p.day)::integer, 12, 31) END,
                   NULL::uuid, NULL::timestamptz, NULL::text,
                   CASE WHEN cr.this_year < p.min_credits AND cr.last_year >= p.min_credits THEN make_date(extract(year FROM p.day)::integer, 12, 31) END
            FROM (SELECT learning.credits_earned(p.employee_id, p.at, extract(year FROM p.day)::integer, p.credit_category) AS this_year,
                         learning.credits_earned(p.employee_id, p.at, extract(year FROM p.day)::integer - 1, p.credit_category) AS last_year) cr
            WHERE p.kind = 'credits'
        ) basis
    )
    SELECT n, employee_id, requirement_id,
           CASE WHEN status = 'qualified' AND carried_until IS NOT NULL THEN CASE WHEN carried_until <= day + p_window THEN 'expiring' ELSE 'qualified' END
                WHEN status <> 'qualified' OR validity_months IS NULL THEN status
                WHEN (basis_on + make_interval(months => validity_months))::date < day THEN 'expired'
                WHEN (basis_on + make_interval(months => validity_months))::date <= day + p_window THEN 'expiring'
                ELSE 'qualified' END,
           CASE WHEN status = 'qualified' AND carried_until IS NOT NULL THEN carried_until
                WHEN status = 'qualified' AND validity_months IS NOT NULL THEN (basis_on + make_interval(months => validity_months))::date END,
           due_on,
           basis_version_id,
           version_id,
           revoked_at,
           revoked_reason
    FROM raw
$function$

