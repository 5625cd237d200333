-- Plant data (operations, production counts, defects, audit findings, complaints), supervision checks,
-- and the training needs found in them. External ids make every ingestion safe to repeat.
CREATE SCHEMA quality;

CREATE TABLE quality.batch (
    id uuid PRIMARY KEY,
    code text NOT NULL,
    product text NOT NULL DEFAULT '',
    line_id uuid REFERENCES org.org_unit (id),
    created_at timestamptz NOT NULL);
CREATE UNIQUE INDEX batch_code_ux ON quality.batch (code);

-- Who worked which operation of which batch, when. line_id is the batch's line, kept here so "the operators of a line"
-- is one index range; org_unit_id is the operator's unit at the time, for data scope.
CREATE TABLE quality.operation_record (
    id uuid PRIMARY KEY,
    external_id text NOT NULL,
    batch_id uuid NOT NULL REFERENCES quality.batch (id),
    operation_id uuid NOT NULL REFERENCES competence.operation (id),
    work_centre text,
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    org_unit_id uuid NOT NULL,
    line_id uuid,
    started_at timestamptz NOT NULL,
    ended_at timestamptz,
    recorded_at timestamptz NOT NULL,
    CHECK (ended_at IS NULL OR ended_at >= started_at));
CREATE UNIQUE INDEX operation_record_external_ux ON quality.operation_record (external_id);
CREATE INDEX operation_record_batch_ix ON quality.operation_record (batch_id, started_at);
CREATE INDEX operation_record_employee_ix ON quality.operation_record (employee_id, started_at);
CREATE INDEX operation_record_line_ix ON quality.operation_record (line_id, started_at) INCLUDE (operation_id, employee_id);
-- The operators of a unit's operations (needs from audit findings and planned changes), and the newest records first (data page).
CREATE INDEX operation_record_operation_ix ON quality.operation_record (operation_id, started_at) INCLUDE (employee_id);
CREATE INDEX operation_record_started_ix ON quality.operation_record (started_at DESC);

CREATE TABLE quality.production_count (
    id uuid PRIMARY KEY,
    external_id text NOT NULL,
    batch_id uuid NOT NULL REFERENCES quality.batch (id),
    line_id uuid NOT NULL REFERENCES org.org_unit (id),
    operation_id uuid REFERENCES competence.operation (id),
    employee_id uuid REFERENCES org.employee (id),
    produced_on date NOT NULL,
    produced integer NOT NULL CHECK (produced > 0),
    reworked integer NOT NULL DEFAULT 0 CHECK (reworked >= 0),
    first_pass_good integer NOT NULL CHECK (first_pass_good >= 0),
    recorded_at timestamptz NOT NULL,
    CHECK (first_pass_good <= produced AND reworked <= produced));
CREATE UNIQUE INDEX production_count_external_ux ON quality.production_count (external_id);
CREATE INDEX production_count_line_ix ON quality.production_count (line_id, produced_on);

-- cause: the 5M1E category (man, machine, material, method, measurement, environment).
CREATE TABLE quality.defect (
    id uuid PRIMARY KEY,
    external_id text NOT NULL,
    batch_id uuid NOT NULL REFERENCES quality.batch (id),
    line_id uuid NOT NULL REFERENCES org.org_unit (id),
    operation_id uuid REFERENCES competence.operation (id),
    defect_type text NOT NULL,
    quantity integer NOT NULL CHECK (quantity > 0),
    cause text NOT NULL CHECK (cause IN ('man', 'machine', 'material', 'method', 'measurement', 'environment')),
    employee_id uuid REFERENCES org.employee (id),
    found_on date NOT NULL,
    recorded_at timestamptz NOT NULL);
CREATE UNIQUE INDEX defect_external_ux ON quality.defect (external_id);
CREATE INDEX defect_line_ix ON quality.defect (line_id, found_on);
CREATE INDEX defect_batch_ix ON quality.defect (batch_id);
CREATE INDEX defect_employee_ix ON quality.defect (employee_id, found_on) WHERE employee_id IS NOT NULL;

CREATE TABLE quality.audit_finding (
    id uuid PRIMARY KEY,
    external_id text NOT NULL,
    audit text NOT NULL,
    clause text NOT NULL,
    nonconformity text NOT NULL,
    org_unit_id uuid NOT NULL REFERENCES org.org_unit (id),
    severity text NOT NULL CHECK (severity IN ('minor', 'major', 'critical')),
    found_on date NOT NULL,
    recorded_at timestamptz NOT NULL);
CREATE UNIQUE INDEX audit_finding_external_ux ON quality.audit_finding (external_id);
CREATE INDEX audit_finding_found_ix ON quality.audit_finding (found_on);

CREATE TABLE quality.complaint (
    id uuid PRIMARY KEY,
    external_id text NOT NULL,
    customer text NOT NULL,
    batch_id uuid REFERENCES quality.batch (id),
    defect_type text NOT NULL,
    description text NOT NULL,
    severity text NOT NULL CHECK (severity IN ('minor', 'major', 'critical')),
    received_on date NOT NULL,
    recorded_at timestamptz NOT NULL);
CREATE UNIQUE INDEX complaint_external_ux ON quality.complaint (external_id);
CREATE INDEX complaint_batch_ix ON quality.complaint (batch_id);
CREATE INDEX complaint_received_ix ON quality.complaint (received_on);

-- A QA checklist for an operation or a standard, performed on a tablet against one employee (and batch).
CREATE TABLE quality.checklist (
    id uuid PRIMARY KEY,
    code text NOT NULL,
    title text NOT NULL,
    operation_id uuid REFERENCES competence.operation (id),
    document_id uuid REFERENCES standards.document (id),
    items text[] NOT NULL CHECK (cardinality(items) BETWEEN 1 AND 100),
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX checklist_code_ux ON quality.checklist (lower(code));

CREATE TABLE quality.supervision_check (
    id uuid PRIMARY KEY,
    checklist_id uuid NOT NULL REFERENCES quality.checklist (id),
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    org_unit_id uuid NOT NULL,
    batch_id uuid REFERENCES quality.batch (id),
    operation_id uuid REFERENCES competence.operation (id),
    performed_by uuid NOT NULL REFERENCES auth.app_user (id),
    performed_by_name text NOT NULL,
    performed_at timestamptz NOT NULL,
    passed boolean NOT NULL,
    comment text NOT NULL DEFAULT '',
    items jsonb NOT NULL);
CREATE INDEX supervision_check_employee_ix ON quality.supervision_check (employee_id, performed_at);
CREATE INDEX supervision_check_batch_ix ON quality.supervision_check (batch_id) WHERE batch_id IS NOT NULL;

CREATE SCHEMA needs;

-- What a defect type, an audit clause or a piece of equipment calls for: a course, a skill, or both.
CREATE TABLE needs.mapping (
    id uuid PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('defect_type', 'clause', 'equipment')),
    key text NOT NULL,
    course_id uuid REFERENCES learning.course (id),
    skill_id uuid REFERENCES competence.skill (id),
    created_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0,
    CHECK (course_id IS NOT NULL OR skill_id IS NOT NULL));
CREATE UNIQUE INDEX mapping_key_ux ON needs.mapping (kind, lower(key));

-- A signal that turns into needs. kind: trend (a metric rising `periods` periods in a row), control_chart
-- (a Western Electric rule on the latest point), audit_clause, complaint (at least `threshold` complaints of a
-- mapped defect type within `periods` months), self_declared (skill wishes), planned_change (go-live ahead).
CREATE TABLE needs.rule (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('trend', 'control_chart', 'audit_clause', 'complaint', 'self_declared', 'planned_change')),
    period text NOT NULL DEFAULT 'month' CHECK (period IN ('week', 'month')),
    periods integer NOT NULL DEFAULT 3 CHECK (periods BETWEEN 1 AND 24),
    threshold integer NOT NULL DEFAULT 1 CHECK (threshold BETWEEN 1 AND 10000),
    min_severity text NOT NULL DEFAULT 'minor' CHECK (min_severity IN ('minor', 'major', 'critical')),
    priority text NOT NULL DEFAULT 'medium' CHECK (priority IN ('high', 'medium', 'low')),
    due_days integer NOT NULL DEFAULT 30 CHECK (due_days BETWEEN 0 AND 730),
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0);

-- New equipment or a new process going live in a unit: training must be done before go_live_on.
CREATE TABLE needs.planned_change (
    id uuid PRIMARY KEY,
    title text NOT NULL,
    equipment text NOT NULL,
    org_unit_id uuid NOT NULL REFERENCES org.org_unit (id),
    go_live_on date NOT NULL,
    created_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0);

-- One need: who (need_person), what (course and/or skill), why (evidence), by when. dedupe_key is what + where, so
-- further signals about the same thing join the open need instead of opening another.
CREATE TABLE needs.need (
    id uuid PRIMARY KEY,
    source text NOT NULL CHECK (source IN ('trend', 'control_chart', 'audit_clause', 'complaint', 'self_declared', 'planned_change', 'supervision')),
    rule_id uuid REFERENCES needs.rule (id),
    dedupe_key text NOT NULL,
    title text NOT NULL,
    course_id uuid REFERENCES learning.course (id),
    skill_id uuid REFERENCES competence.skill (id),
    org_unit_id uuid REFERENCES org.org_unit (id),
    scope_label text NOT NULL DEFAULT '',
    why text NOT NULL,
    evidence jsonb NOT NULL DEFAULT '[]',
    priority text NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
    due_on date NOT NULL,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'merged', 'rejected')),
    plan_id uuid REFERENCES training.plan (id),
    merged_into uuid REFERENCES needs.need (id),
    decision_reason text,
    decided_by text,
    decided_at timestamptz,
    created_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX need_open_ux ON needs.need (dedupe_key) WHERE status = 'open';
CREATE INDEX need_status_ix ON needs.need (status, created_at DESC);

CREATE TABLE needs.need_person (
    need_id uuid NOT NULL REFERENCES needs.need (id),
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    PRIMARY KEY (need_id, employee_id));
CREATE INDEX need_person_employee_ix ON needs.need_person (employee_id);

-- Each signal is taken once: running the analysis again, or after a need was decided, adds nothing new.
CREATE TABLE needs.signal (
    key text PRIMARY KEY,
    need_id uuid NOT NULL REFERENCES needs.need (id),
    taken_at timestamptz NOT NULL);

INSERT INTO needs.rule (id, name, kind, period, periods, threshold, min_severity, priority, due_days, created_at) VALUES
    (gen_random_uuid(), '缺陷率连续上升 / Defect rate rising', 'trend', 'month', 3, 1, 'minor', 'high', 30, now()),
    (gen_random_uuid(), '控制图判异 / Control chart signal', 'control_chart', 'month', 1, 1, 'minor', 'medium', 45, now()),
    (gen_random_uuid(), '审核不符合项 / Audit nonconformity', 'audit_clause', 'month', 1, 1, 'minor', 'high', 30, now()),
    (gen_random_uuid(), '客户投诉 / Customer complaints', 'complaint', 'month', 3, 2, 'minor', 'high', 30, now()),
    (gen_random_uuid(), '员工自主申报 / Self-declared', 'self_declared', 'month', 1, 1, 'minor', 'low', 90, now()),
    (gen_random_uuid(), '计划变更 / Planned change', 'planned_change', 'month', 3, 1, 'minor', 'high', 0, now());
