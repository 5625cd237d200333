-- Training effectiveness (issue 19): what the evaluations read, published by the modules that own it, and the evaluations
-- themselves with the inputs they were computed from, so a past result can be reproduced.

-- Learning: completions (revoked ones keep revoked_at), graded exam attempts, and trainee feedback.
CREATE VIEW learning.course_completion_v WITH (security_invoker = true) AS
    SELECT id, course_id, revision, employee_id, source, completed_on, recorded_at, revoked_at FROM learning.course_completion;

CREATE VIEW learning.exam_result_v WITH (security_invoker = true) AS
    SELECT a.id, p.course_id, a.employee_id, a.number, a.submitted_at, a.percent, a.passed
    FROM learning.attempt a JOIN learning.paper p ON p.id = a.paper_id WHERE a.status = 'graded';

CREATE VIEW learning.feedback_v WITH (security_invoker = true) AS
    SELECT course_id, employee_id, instructor_id, content_rating, instructor_rating, applicability_rating, created_at FROM learning.feedback;

-- Training: sessions, who taught them, and what each session's close decided for each person.
CREATE VIEW training.session_v WITH (security_invoker = true) AS
    SELECT id, course_id, title, org_unit_id, starts_at, ends_at, status FROM training.session;

CREATE VIEW training.session_instructor_v WITH (security_invoker = true) AS
    SELECT session_id, instructor_id FROM training.session_instructor;

CREATE VIEW training.session_result_v WITH (security_invoker = true) AS
    SELECT session_id, employee_id, status, completion_id, decided_at FROM training.session_result;

-- Quality: the plant data the outcomes are computed from.
CREATE VIEW quality.operation_record_v WITH (security_invoker = true) AS
    SELECT id, batch_id, operation_id, employee_id, org_unit_id, line_id, started_at FROM quality.operation_record;

CREATE VIEW quality.production_count_v WITH (security_invoker = true) AS
    SELECT batch_id, line_id, operation_id, employee_id, produced_on, produced, reworked, first_pass_good FROM quality.production_count;

CREATE VIEW quality.defect_v WITH (security_invoker = true) AS
    SELECT batch_id, line_id, operation_id, defect_type, quantity, cause, employee_id, found_on FROM quality.defect;

CREATE VIEW quality.supervision_check_v WITH (security_invoker = true) AS
    SELECT employee_id, operation_id, batch_id, performed_at, passed FROM quality.supervision_check;

CREATE VIEW quality.complaint_v WITH (security_invoker = true) AS
    SELECT id, batch_id, defect_type, severity, received_on FROM quality.complaint;

-- Needs: the people a need names.
CREATE VIEW needs.need_person_v WITH (security_invoker = true) AS
    SELECT need_id, employee_id FROM needs.need_person;

CREATE SCHEMA effectiveness;

-- What training costs and what a defect costs, for cost vs saving: per org unit or position (labour, instructor hour), per
-- defect type (defect); the most specific rate applies, and a row with neither is the default.
CREATE TABLE effectiveness.cost_rate (
    id uuid PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('labour_hour', 'instructor_hour', 'defect')),
    org_unit_id uuid REFERENCES org.org_unit (id),
    position_id uuid REFERENCES org.position (id),
    defect_type text,
    amount numeric(14,2) NOT NULL CHECK (amount >= 0),
    updated_by text NOT NULL,
    updated_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0,
    CHECK (kind = 'defect' OR defect_type IS NULL),
    CHECK (kind <> 'defect' OR (org_unit_id IS NULL AND position_id IS NULL)));
CREATE UNIQUE INDEX cost_rate_ux ON effectiveness.cost_rate (kind, coalesce(org_unit_id, '00000000-0000-0000-0000-000000000000'),
    coalesce(position_id, '00000000-0000-0000-0000-000000000000'), coalesce(defect_type, ''));

-- An evaluation: what was evaluated (a course, one of its revisions, a set of its sessions, or an accepted need), over which
-- period and scope, the panel it was computed from (gzip'd CSV in the form `Skillgate stats did` reads), the options, and the
-- result as the page shows it.
CREATE TABLE effectiveness.evaluation (
    id uuid PRIMARY KEY,
    title text NOT NULL,
    course_id uuid NOT NULL,
    revision integer,
    session_ids uuid[] NOT NULL DEFAULT '{}',
    need_id uuid,
    org_unit_id uuid NOT NULL REFERENCES org.org_unit (id),
    period_from date NOT NULL,
    period_to date NOT NULL,
    period_kind text NOT NULL CHECK (period_kind IN ('week', 'month')),
    outcome text NOT NULL CHECK (outcome IN ('defect_rate', 'rework_rate', 'supervision_pass_rate', 'complaint_rate')),
    unit_of_analysis text NOT NULL CHECK (unit_of_analysis IN ('person', 'line')),
    options jsonb NOT NULL,
    inputs bytea NOT NULL,
    inputs_sha256 text NOT NULL,
    result jsonb NOT NULL,
    verdict text NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,
    milliseconds integer NOT NULL,
    CHECK (period_to > period_from));
CREATE INDEX evaluation_course_ix ON effectiveness.evaluation (course_id, created_at DESC);
CREATE INDEX evaluation_created_ix ON effectiveness.evaluation (created_at DESC);

SELECT platform.scope_reads('effectiveness.evaluation', 'org_unit_id = ANY ((SELECT org.scope_units())::uuid[])');
