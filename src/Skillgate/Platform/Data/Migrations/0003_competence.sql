-- Controlled standards (质量标准库), skills, requirements and the qualification gate.
CREATE SCHEMA standards;

CREATE TABLE standards.document (
    id uuid PRIMARY KEY,
    code text NOT NULL,
    title text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('standard', 'sop', 'work_instruction', 'external')),
    owner_unit_id uuid REFERENCES org.org_unit (id),
    created_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX document_code_ux ON standards.document (lower(code));

CREATE TABLE standards.document_version (
    id uuid PRIMARY KEY,
    document_id uuid NOT NULL REFERENCES standards.document (id),
    major integer NOT NULL,
    minor integer NOT NULL,
    status text NOT NULL CHECK (status IN ('draft', 'in_review', 'approved', 'effective', 'superseded', 'withdrawn')),
    change_type text NOT NULL CHECK (change_type IN ('major', 'minor')),
    summary text NOT NULL DEFAULT '',
    retrain_due_days integer NOT NULL DEFAULT 30,
    effective_on date,
    author_id uuid NOT NULL REFERENCES auth.app_user (id),
    approved_by uuid REFERENCES auth.app_user (id),
    approved_at timestamptz,
    signature_meaning text,
    created_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0,
    UNIQUE (document_id, major, minor));
CREATE UNIQUE INDEX document_version_one_effective_ux ON standards.document_version (document_id) WHERE status = 'effective';

-- Electronic signatures (21 CFR Part 11 style): who, what it means, on which record, when.
CREATE TABLE platform.e_signature (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES auth.app_user (id),
    meaning text NOT NULL,
    entity_type text NOT NULL,
    entity_id uuid NOT NULL,
    signed_at timestamptz NOT NULL);

-- In-app notifications; dedupe_key makes a reminder go out once however often a job runs.
CREATE TABLE platform.notification (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES auth.app_user (id),
    kind text NOT NULL,
    title text NOT NULL,
    body text NOT NULL DEFAULT '',
    link text,
    dedupe_key text NOT NULL,
    created_at timestamptz NOT NULL,
    read_at timestamptz);
CREATE UNIQUE INDEX notification_dedupe_ux ON platform.notification (user_id, dedupe_key);
CREATE INDEX notification_user_ix ON platform.notification (user_id, created_at DESC);

-- Once-per-day jobs: the node that inserts the row runs the job.
CREATE TABLE platform.job_run (
    job text NOT NULL,
    run_on date NOT NULL,
    started_at timestamptz NOT NULL,
    PRIMARY KEY (job, run_on));

CREATE SCHEMA competence;

CREATE TABLE competence.skill (
    id uuid PRIMARY KEY,
    code text NOT NULL,
    name text NOT NULL,
    parent_id uuid REFERENCES competence.skill (id),
    max_level integer NOT NULL DEFAULT 4 CHECK (max_level BETWEEN 1 AND 10),
    level_descriptions text[] NOT NULL DEFAULT '{}',
    active boolean NOT NULL DEFAULT true,
    version integer NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX skill_code_ux ON competence.skill (lower(code));

CREATE TABLE competence.skill_assessment (
    id uuid PRIMARY KEY,
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    skill_id uuid NOT NULL REFERENCES competence.skill (id),
    level integer NOT NULL,
    method text NOT NULL CHECK (method IN ('exam', 'practical', 'observation', 'self_declared')),
    assessor text NOT NULL,
    assessed_on date NOT NULL,
    evidence text,
    recorded_at timestamptz NOT NULL);
CREATE INDEX skill_assessment_ix ON competence.skill_assessment (employee_id, skill_id, assessed_on DESC, recorded_at DESC);

CREATE TABLE competence.operation (
    id uuid PRIMARY KEY,
    code text NOT NULL,
    name text NOT NULL,
    org_unit_id uuid NOT NULL REFERENCES org.org_unit (id),
    active boolean NOT NULL DEFAULT true,
    version integer NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX operation_code_ux ON competence.operation (lower(code));

-- What a post or an operation needs: a skill at a level, training on a document's current version,
-- or acknowledgement of its current version; optionally renewed every validity_months.
CREATE TABLE competence.requirement (
    id uuid PRIMARY KEY,
    position_id uuid REFERENCES org.position (id),
    operation_id uuid REFERENCES competence.operation (id),
    kind text NOT NULL CHECK (kind IN ('skill', 'training', 'acknowledgement')),
    skill_id uuid REFERENCES competence.skill (id),
    min_level integer,
    document_id uuid REFERENCES standards.document (id),
    validity_months integer CHECK (validity_months IS NULL OR validity_months > 0),
    org_unit_id uuid REFERENCES org.org_unit (id),
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0,
    CHECK ((position_id IS NULL) <> (operation_id IS NULL)),
    CHECK ((kind = 'skill') = (skill_id IS NOT NULL AND min_level IS NOT NULL)),
    CHECK ((kind <> 'skill') = (document_id IS NOT NULL)));
CREATE INDEX requirement_position_ix ON competence.requirement (position_id) WHERE active;
CREATE INDEX requirement_operation_ix ON competence.requirement (operation_id) WHERE active;
CREATE INDEX requirement_document_ix ON competence.requirement (document_id) WHERE active;
CREATE INDEX requirement_skill_ix ON competence.requirement (skill_id) WHERE active;

-- Training completed on one exact document version (recorded by HR now; by exams and sessions later).
CREATE TABLE competence.completion (
    id uuid PRIMARY KEY,
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    document_version_id uuid NOT NULL REFERENCES standards.document_version (id),
    completed_on date NOT NULL,
    result text NOT NULL DEFAULT 'passed',
    evidence text,
    source text NOT NULL DEFAULT 'manual',
    recorded_at timestamptz NOT NULL,
    recorded_by text NOT NULL);
CREATE INDEX completion_employee_ix ON competence.completion (employee_id, document_version_id);

CREATE TABLE competence.acknowledgement (
    id uuid PRIMARY KEY,
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    document_version_id uuid NOT NULL REFERENCES standards.document_version (id),
    acknowledged_at timestamptz NOT NULL,
    UNIQUE (employee_id, document_version_id));

CREATE TABLE competence.operation_assignment (
    id uuid PRIMARY KEY,
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    operation_id uuid NOT NULL REFERENCES competence.operation (id),
    assigned_at timestamptz NOT NULL,
    override_id uuid,
    ended_at timestamptz);
CREATE INDEX operation_assignment_ix ON competence.operation_assignment (operation_id, employee_id) WHERE ended_at IS NULL;
CREATE INDEX operation_assignment_employee_ix ON competence.operation_assignment (employee_id) WHERE ended_at IS NULL;

CREATE TABLE competence.override (
    id uuid PRIMARY KEY,
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    position_id uuid REFERENCES org.position (id),
    operation_id uuid REFERENCES competence.operation (id),
    reason text NOT NULL,
    expires_at timestamptz NOT NULL,
    granted_by uuid NOT NULL REFERENCES auth.app_user (id),
    granted_at timestamptz NOT NULL,
    revoked_at timestamptz,
    CHECK ((position_id IS NULL) <> (operation_id IS NULL)));
CREATE INDEX override_employee_ix ON competence.override (employee_id);

-- Current status per employee × requirement, kept incrementally; every change is also appended to
-- the history so the status at any past moment can be answered.
CREATE TABLE competence.qualification (
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    requirement_id uuid NOT NULL REFERENCES competence.requirement (id),
    status text NOT NULL CHECK (status IN ('qualified', 'expiring', 'expired', 'retraining_required', 'not_trained')),
    valid_until date,
    due_on date,
    basis_version_id uuid,
    changed_at timestamptz NOT NULL,
    PRIMARY KEY (employee_id, requirement_id));
CREATE INDEX qualification_requirement_ix ON competence.qualification (requirement_id);
CREATE INDEX qualification_valid_until_ix ON competence.qualification (valid_until) WHERE valid_until IS NOT NULL;

CREATE TABLE competence.qualification_history (
    id bigserial PRIMARY KEY,
    employee_id uuid NOT NULL,
    requirement_id uuid NOT NULL,
    status text NOT NULL,
    valid_until date,
    due_on date,
    basis_version_id uuid,
    changed_at timestamptz NOT NULL);
CREATE INDEX qualification_history_ix ON competence.qualification_history (employee_id, requirement_id, changed_at);

-- Equivalents (e.g. an external certificate counts for a training requirement) and prerequisites
-- (a requirement counts only once another is met).
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
CREATE FUNCTION competence.evaluate(p_employees uuid[], p_requirements uuid[], p_today date, p_window integer)
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
