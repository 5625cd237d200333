-- Organisation and people (人事档案).
CREATE SCHEMA org;

-- Lists the administrator extends; names in both UI languages.
CREATE TABLE org.unit_type (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code text NOT NULL UNIQUE,
    name_zh text NOT NULL,
    name_en text NOT NULL,
    sort integer NOT NULL DEFAULT 0);

CREATE TABLE org.function_tag (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code text NOT NULL UNIQUE,
    name_zh text NOT NULL,
    name_en text NOT NULL,
    sort integer NOT NULL DEFAULT 0);

INSERT INTO org.unit_type (code, name_zh, name_en, sort) VALUES
    ('group', '集团', 'Group', 10), ('company', '公司', 'Company', 15), ('plant', '工厂', 'Plant', 20),
    ('workshop', '车间', 'Workshop', 30), ('line', '产线', 'Line', 35), ('team', '班组', 'Team', 40),
    ('office', '科室', 'Office', 45), ('hospital', '医院', 'Hospital', 50),
    ('department', '科室/部门', 'Department', 60), ('ward', '病区', 'Ward', 70);

INSERT INTO org.function_tag (code, name_zh, name_en, sort) VALUES
    ('production', '生产', 'Production', 10), ('qa', '质量', 'QA', 20), ('hr', '人事', 'HR', 30),
    ('sales', '销售', 'Sales', 40), ('procurement', '采购', 'Procurement', 50),
    ('clinical', '临床', 'Clinical', 60), ('quality_control', '质控', 'Quality control', 70),
    ('maintenance', '设备维护', 'Maintenance', 80), ('management', '管理', 'Management', 90);

-- path is '/<root id>/.../<own id>/', so a subtree is path LIKE '<prefix>%'.
CREATE TABLE org.org_unit (
    id uuid PRIMARY KEY,
    code text NOT NULL,
    name text NOT NULL,
    unit_type text NOT NULL REFERENCES org.unit_type (code) ON UPDATE CASCADE,
    parent_id uuid REFERENCES org.org_unit (id),
    path text NOT NULL,
    functions text[] NOT NULL DEFAULT '{}',
    active boolean NOT NULL DEFAULT true,
    sort integer NOT NULL DEFAULT 0,
    version integer NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX org_unit_code_ux ON org.org_unit (lower(code));
CREATE INDEX org_unit_path_ix ON org.org_unit (path text_pattern_ops);
CREATE INDEX org_unit_parent_ix ON org.org_unit (parent_id);

CREATE TABLE org.position (
    id uuid PRIMARY KEY,
    code text NOT NULL,
    name text NOT NULL,
    org_unit_id uuid NOT NULL REFERENCES org.org_unit (id),
    active boolean NOT NULL DEFAULT true,
    version integer NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX position_code_ux ON org.position (lower(code));
CREATE INDEX position_org_unit_ix ON org.position (org_unit_id);

CREATE TABLE org.shift_group (
    id uuid PRIMARY KEY,
    code text NOT NULL,
    name text NOT NULL,
    org_unit_id uuid REFERENCES org.org_unit (id),
    pattern text NOT NULL DEFAULT '',
    active boolean NOT NULL DEFAULT true,
    version integer NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX shift_group_code_ux ON org.shift_group (lower(code));

CREATE TABLE org.employee (
    id uuid PRIMARY KEY,
    employee_no text NOT NULL,
    name text NOT NULL,
    phone text,
    email text,
    org_unit_id uuid NOT NULL REFERENCES org.org_unit (id),
    position_id uuid REFERENCES org.position (id),
    manager_id uuid REFERENCES org.employee (id),
    shift_group_id uuid REFERENCES org.shift_group (id),
    hire_date date NOT NULL,
    status text NOT NULL CHECK (status IN ('active', 'on_leave', 'exited')),
    version integer NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX employee_no_ux ON org.employee (employee_no);
CREATE INDEX employee_org_unit_ix ON org.employee (org_unit_id, employee_no);
CREATE INDEX employee_position_ix ON org.employee (position_id);
CREATE INDEX employee_name_trgm_ix ON org.employee USING gin (name gin_trgm_ops);
CREATE INDEX employee_no_trgm_ix ON org.employee USING gin (employee_no gin_trgm_ops);

-- Lifecycle history: appended, never updated.
CREATE TABLE org.employee_event (
    id uuid PRIMARY KEY,
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    kind text NOT NULL CHECK (kind IN ('hire', 'transfer', 'position_change', 'leave', 'return', 'exit', 'rehire')),
    effective_on date NOT NULL,
    from_org_unit_id uuid,
    to_org_unit_id uuid,
    from_position_id uuid,
    to_position_id uuid,
    note text,
    recorded_at timestamptz NOT NULL,
    recorded_by text NOT NULL);
CREATE INDEX employee_event_employee_ix ON org.employee_event (employee_id, effective_on, recorded_at);

CREATE FUNCTION org.forbid_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'employee lifecycle events are append-only';
END
$$;
CREATE TRIGGER employee_event_append_only BEFORE UPDATE OR DELETE ON org.employee_event
    FOR EACH ROW EXECUTE FUNCTION org.forbid_event_change();

ALTER TABLE auth.user_scope ADD FOREIGN KEY (org_unit_id) REFERENCES org.org_unit (id);
ALTER TABLE auth.api_key ADD FOREIGN KEY (org_unit_id) REFERENCES org.org_unit (id);
ALTER TABLE auth.app_user ADD FOREIGN KEY (employee_id) REFERENCES org.employee (id);

-- Excel imports run in the background; progress is polled by the page and the API.
CREATE TABLE org.import_job (
    id uuid PRIMARY KEY,
    file_name text NOT NULL,
    status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    total_rows integer NOT NULL DEFAULT 0,
    processed_rows integer NOT NULL DEFAULT 0,
    created_count integer NOT NULL DEFAULT 0,
    updated_count integer NOT NULL DEFAULT 0,
    errors jsonb NOT NULL DEFAULT '[]',
    message text,
    created_by uuid NOT NULL REFERENCES auth.app_user (id),
    created_at timestamptz NOT NULL,
    finished_at timestamptz);
