-- Quality KPIs (issue 20, ADR 0016): versioned definitions, periods, and the scores computed from the published read models.

-- Quality: counts, defects and checks name their row and when it was recorded, so a KPI is read as of a moment and each
-- number drills down to its records. Columns are only appended, so readers of the earlier shape are unaffected.
CREATE OR REPLACE VIEW quality.production_count_v WITH (security_invoker = true) AS
    SELECT batch_id, line_id, operation_id, employee_id, produced_on, produced, reworked, first_pass_good, id, recorded_at FROM quality.production_count;

CREATE OR REPLACE VIEW quality.defect_v WITH (security_invoker = true) AS
    SELECT batch_id, line_id, operation_id, defect_type, quantity, cause, employee_id, found_on, id, recorded_at FROM quality.defect;

CREATE OR REPLACE VIEW quality.supervision_check_v WITH (security_invoker = true) AS
    SELECT employee_id, operation_id, batch_id, performed_at, passed, id, org_unit_id,
           jsonb_array_length(items) AS items_checked,
           (SELECT count(*)::int FROM jsonb_array_elements(items) i WHERE (i ->> 'passed')::boolean) AS items_passed
    FROM quality.supervision_check;

CREATE SCHEMA kpi;

-- A KPI's identity; what it measures lives in its versions.
CREATE TABLE kpi.definition (
    id uuid PRIMARY KEY,
    code text NOT NULL,
    created_at timestamptz NOT NULL,
    created_by text NOT NULL);
CREATE UNIQUE INDEX definition_code_ux ON kpi.definition (lower(code));

-- A version is never changed or removed: a period is always scored with the version in force on its first day.
CREATE TABLE kpi.definition_version (
    id uuid PRIMARY KEY,
    definition_id uuid NOT NULL REFERENCES kpi.definition (id),
    version integer NOT NULL CHECK (version > 0),
    effective_from date NOT NULL,
    name_zh text NOT NULL,
    name_en text NOT NULL,
    metric text NOT NULL,
    direction text NOT NULL CHECK (direction IN ('lower', 'higher')),
    unit text NOT NULL CHECK (unit IN ('percent', 'ppm')),
    period text NOT NULL CHECK (period IN ('month', 'quarter', 'year')),
    level text NOT NULL CHECK (level IN ('company', 'org_unit', 'position', 'person')),
    function_code text,
    target numeric NOT NULL,
    note text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL,
    created_by text NOT NULL,
    UNIQUE (definition_id, version),
    UNIQUE (definition_id, effective_from));

CREATE FUNCTION kpi.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is immutable', TG_TABLE_NAME USING ERRCODE = 'check_violation';
END $$;

CREATE TRIGGER definition_version_immutable BEFORE UPDATE OR DELETE ON kpi.definition_version
    FOR EACH ROW EXECUTE FUNCTION kpi.refuse_change();

-- A scoring period. Closing it records the moment its data is read as of and the organisation its units and positions were
-- summed over; from then on neither it nor its scores change.
CREATE TABLE kpi.period (
    id uuid PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('month', 'quarter', 'year')),
    starts_on date NOT NULL,
    ends_on date NOT NULL CHECK (ends_on >= starts_on),
    status text NOT NULL CHECK (status IN ('open', 'closed')),
    computed_at timestamptz,
    as_of timestamptz,
    closed_at timestamptz,
    closed_by text,
    signature_id uuid,
    inputs_hash text,
    org_shape jsonb,
    created_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0,
    UNIQUE (kind, starts_on),
    CHECK (status = 'open' OR (as_of IS NOT NULL AND closed_at IS NOT NULL AND signature_id IS NOT NULL)));

CREATE FUNCTION kpi.refuse_closed_period() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'closed' THEN
        RAISE EXCEPTION 'period % is closed', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TRIGGER period_closed_locked BEFORE UPDATE OR DELETE ON kpi.period
    FOR EACH ROW EXECUTE FUNCTION kpi.refuse_closed_period();

-- One KPI's value for one subject in one period: the numerator and denominator it came from, and whether it met the target.
-- subject_id is the org unit, position or person; for the company it is the nil uuid.
CREATE TABLE kpi.score (
    id uuid PRIMARY KEY,
    period_id uuid NOT NULL REFERENCES kpi.period (id),
    definition_version_id uuid NOT NULL REFERENCES kpi.definition_version (id),
    subject_kind text NOT NULL CHECK (subject_kind IN ('company', 'org_unit', 'position', 'person')),
    subject_id uuid NOT NULL,
    numerator numeric NOT NULL,
    denominator numeric NOT NULL,
    value numeric,
    target numeric NOT NULL,
    met boolean,
    UNIQUE (period_id, definition_version_id, subject_id));
CREATE INDEX score_subject_ix ON kpi.score (subject_id, period_id);

-- Statement triggers over the changed rows: a period's computation writes tens of thousands of scores at once.
CREATE FUNCTION kpi.refuse_closed_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM kpi.period p WHERE p.status = 'closed' AND p.id IN (SELECT period_id FROM changed)) THEN
        RAISE EXCEPTION 'the % of a closed period are locked', TG_TABLE_NAME USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER score_closed_inserted AFTER INSERT ON kpi.score REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION kpi.refuse_closed_rows();
CREATE TRIGGER score_closed_updated AFTER UPDATE ON kpi.score REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION kpi.refuse_closed_rows();
CREATE TRIGGER score_closed_deleted AFTER DELETE ON kpi.score REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION kpi.refuse_closed_rows();

-- A person's scores are records of that person; a unit's are seen within the scope; the company's and a position's by every reader.
SELECT platform.scope_reads('kpi.score',
    'subject_kind IN (''company'', ''position'') OR (subject_kind = ''org_unit'' AND subject_id = ANY ((SELECT org.scope_units())::uuid[]))'
    || ' OR (subject_kind = ''person'' AND EXISTS (SELECT 1 FROM org.employee_v e WHERE e.id = subject_id))');
