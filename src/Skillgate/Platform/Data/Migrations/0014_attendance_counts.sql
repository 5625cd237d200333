-- Attendance that counts: per-course rules for which attendance completes a course, each attendee's result when a session
-- closes (completed, pending review, not completed, revoked), attendance HR revoked, and completions that can be revoked.

CREATE TABLE training.attendance_rule (
    course_id uuid PRIMARY KEY REFERENCES learning.course (id),
    require_check_out boolean NOT NULL,
    min_presence_percent integer NOT NULL CHECK (min_presence_percent BETWEEN 0 AND 100),
    blocking_flags text[] NOT NULL,
    updated_by text NOT NULL,
    updated_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0);

-- What a session's close decided for each person: completed (with the completion), waiting for HR's review of a blocking
-- flag, not completed (with the reasons), or completed and later revoked.
CREATE TABLE training.session_result (
    session_id uuid NOT NULL REFERENCES training.session (id),
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    status text NOT NULL CHECK (status IN ('completed', 'pending_review', 'not_completed', 'revoked')),
    reasons text[] NOT NULL DEFAULT '{}',
    completion_id uuid REFERENCES learning.course_completion (id),
    decided_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, employee_id));
CREATE INDEX session_result_pending_ix ON training.session_result (session_id) WHERE status = 'pending_review';

-- Revoked attendance; the accuracy the phone reported with its location; the client (address, browser and screen, hashed)
-- that catches several people checking in from one phone in private tabs, which defeat the device cookie.
ALTER TABLE training.attendance
    ADD COLUMN revoked_at timestamptz,
    ADD COLUMN revoked_by text,
    ADD COLUMN revoked_reason text,
    ADD COLUMN location_accuracy double precision,
    ADD COLUMN client text;
CREATE INDEX attendance_client_ix ON training.attendance (session_id, client, employee_id) WHERE client IS NOT NULL;

ALTER TABLE learning.course_completion
    ADD COLUMN revoked_at timestamptz,
    ADD COLUMN revoked_reason text;

-- What a course completion recorded in competence is traced back to (source_id), so revoking the completion withdraws it.
ALTER TABLE competence.completion
    ADD COLUMN source_id uuid,
    ADD COLUMN revoked_at timestamptz,
    ADD COLUMN revoked_reason text;
CREATE INDEX completion_source_ix ON competence.completion (source_id) WHERE source_id IS NOT NULL;
ALTER TABLE competence.skill_assessment
    ADD COLUMN source_id uuid,
    ADD COLUMN revoked_at timestamptz,
    ADD COLUMN revoked_reason text;
CREATE INDEX skill_assessment_source_ix ON competence.skill_assessment (source_id) WHERE source_id IS NOT NULL;

-- The definition of a qualification at a moment (0013), where a completion or assessment counts from when it was recorded
-- until it was revoked; the basis it stood on reports its later revocation, so the trace can say so.
DROP FUNCTION competence.evaluate_at(uuid[], uuid[], timestamptz[], date[], integer);
CREATE FUNCTION competence.evaluate_at(p_employees uuid[], p_requirements uuid[], p_ats timestamptz[], p_days date[], p_window integer)
RETURNS TABLE (n bigint, employee_id uuid, requirement_id uuid, status text, valid_until date, due_on date, basis_version_id uuid, version_id uuid,
               basis_revoked_at timestamptz, basis_revoked_reason text)
LANGUAGE sql STABLE AS $$
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
                JOIN standards.document_version v ON v.id = cp.document_version_id
                WHERE cp.employee_id = p.employee_id AND cp.result = 'passed' AND cp.recorded_at <= p.at
                  AND (cp.revoked_at IS NULL OR cp.revoked_at > p.at)
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
$$;
