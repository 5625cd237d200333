-- Goal cascade (issue 20): company goals broken into department and individual goals, each measured by a KPI for its
-- subject over a window of periods, weighted within its parent; and templates that create goals for many people at once.

CREATE TABLE kpi.goal_template (
    id uuid PRIMARY KEY,
    code text NOT NULL,
    name_zh text NOT NULL,
    name_en text NOT NULL,
    definition_id uuid NOT NULL REFERENCES kpi.definition (id),
    level text NOT NULL CHECK (level IN ('org_unit', 'person')),
    function_code text,
    position_id uuid,
    target numeric NOT NULL,
    weight numeric NOT NULL CHECK (weight > 0),
    created_at timestamptz NOT NULL,
    created_by text NOT NULL,
    CHECK (function_code IS NOT NULL OR position_id IS NOT NULL),
    CHECK (level = 'person' OR position_id IS NULL));
CREATE UNIQUE INDEX goal_template_code_ux ON kpi.goal_template (lower(code));

CREATE TABLE kpi.goal (
    id uuid PRIMARY KEY,
    parent_id uuid REFERENCES kpi.goal (id),
    title text NOT NULL,
    definition_id uuid NOT NULL REFERENCES kpi.definition (id),
    subject_kind text NOT NULL CHECK (subject_kind IN ('company', 'org_unit', 'position', 'person')),
    subject_id uuid NOT NULL,
    target numeric NOT NULL,
    baseline numeric,
    change_percent numeric,
    weight numeric NOT NULL CHECK (weight > 0),
    starts_on date NOT NULL,
    due_on date NOT NULL CHECK (due_on >= starts_on),
    owner_id uuid,
    template_id uuid REFERENCES kpi.goal_template (id),
    created_at timestamptz NOT NULL,
    created_by text NOT NULL,
    version integer NOT NULL DEFAULT 0,
    CHECK (parent_id IS NULL OR parent_id <> id));
CREATE INDEX goal_parent_ix ON kpi.goal (parent_id);
CREATE INDEX goal_subject_ix ON kpi.goal (subject_id);
-- A template applies once per subject under a parent goal.
CREATE UNIQUE INDEX goal_template_subject_ux ON kpi.goal (parent_id, template_id, subject_id) WHERE template_id IS NOT NULL;

-- A person's goals are records of that person; a unit's are seen within the scope; the company's and a position's by every reader.
SELECT platform.scope_reads('kpi.goal',
    'subject_kind IN (''company'', ''position'') OR (subject_kind = ''org_unit'' AND subject_id = ANY ((SELECT org.scope_units())::uuid[]))'
    || ' OR (subject_kind = ''person'' AND EXISTS (SELECT 1 FROM org.employee_v e WHERE e.id = subject_id))');
