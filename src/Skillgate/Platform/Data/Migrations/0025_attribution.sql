-- Attribution (可控/不可控, issue 20): which function answers for a defect, decided by QA with evidence and kept as a history,
-- so a KPI read as of a moment uses the classification in force then.

-- The cause policy: whether a 5M1E cause is the operator's to control, and which function answers when it is not. A change
-- appends a row; the row in force at a moment is the latest changed by then.
CREATE TABLE quality.cause_policy (
    id uuid PRIMARY KEY,
    cause text NOT NULL CHECK (cause IN ('man', 'machine', 'material', 'method', 'measurement', 'environment')),
    controllable boolean NOT NULL,
    responsible_function text,
    changed_at timestamptz NOT NULL,
    changed_by text NOT NULL,
    CHECK (controllable = (responsible_function IS NULL)));
CREATE INDEX cause_policy_cause_ix ON quality.cause_policy (cause, changed_at DESC);

INSERT INTO quality.cause_policy (id, cause, controllable, responsible_function, changed_at, changed_by) VALUES
    (gen_random_uuid(), 'man', true, NULL, '2000-01-01', 'system'),
    (gen_random_uuid(), 'method', true, NULL, '2000-01-01', 'system'),
    (gen_random_uuid(), 'material', false, 'procurement', '2000-01-01', 'system'),
    (gen_random_uuid(), 'machine', false, 'maintenance', '2000-01-01', 'system'),
    (gen_random_uuid(), 'environment', false, 'maintenance', '2000-01-01', 'system'),
    (gen_random_uuid(), 'measurement', false, 'qa', '2000-01-01', 'system');

-- Incoming inspection of raw-material lots, bought by a purchasing unit: what its raw-material KPI counts, and the evidence
-- that a defect came from a bad lot.
CREATE TABLE quality.material_lot (
    id uuid PRIMARY KEY,
    external_id text NOT NULL,
    code text NOT NULL,
    material text NOT NULL,
    supplier text NOT NULL,
    org_unit_id uuid NOT NULL REFERENCES org.org_unit (id),
    received_on date NOT NULL,
    received integer NOT NULL CHECK (received > 0),
    inspected integer NOT NULL CHECK (inspected >= 0 AND inspected <= received),
    rejected integer NOT NULL CHECK (rejected >= 0 AND rejected <= inspected),
    recorded_at timestamptz NOT NULL);
CREATE UNIQUE INDEX material_lot_external_ux ON quality.material_lot (external_id);
CREATE UNIQUE INDEX material_lot_code_ux ON quality.material_lot (lower(code));
CREATE INDEX material_lot_received_ix ON quality.material_lot (received_on);

-- QA's decisions on a defect's cause: never changed, the latest by a moment is the one in force then.
CREATE TABLE quality.defect_cause (
    id uuid PRIMARY KEY,
    defect_id uuid NOT NULL REFERENCES quality.defect (id),
    cause text NOT NULL CHECK (cause IN ('man', 'machine', 'material', 'method', 'measurement', 'environment')),
    controllable boolean NOT NULL,
    responsible_function text,
    evidence_kind text CHECK (evidence_kind IN ('material_lot', 'downtime', 'supervision_check', 'document')),
    evidence_ref text,
    material_lot_id uuid REFERENCES quality.material_lot (id),
    note text NOT NULL,
    decided_by text NOT NULL,
    decided_at timestamptz NOT NULL,
    CHECK (controllable = (responsible_function IS NULL)),
    CHECK ((evidence_kind IS NULL) = (evidence_ref IS NULL)));
CREATE INDEX defect_cause_defect_ix ON quality.defect_cause (defect_id, decided_at DESC);

CREATE FUNCTION quality.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'check_violation';
END $$;

CREATE TRIGGER defect_cause_append_only BEFORE UPDATE OR DELETE ON quality.defect_cause FOR EACH ROW EXECUTE FUNCTION quality.refuse_change();
CREATE TRIGGER cause_policy_append_only BEFORE UPDATE OR DELETE ON quality.cause_policy FOR EACH ROW EXECUTE FUNCTION quality.refuse_change();

CREATE VIEW quality.material_lot_v WITH (security_invoker = true) AS
    SELECT id, code, material, supplier, org_unit_id, received_on, received, inspected, rejected, recorded_at FROM quality.material_lot;

-- One defect's attribution as of a moment: QA's latest decision by then, otherwise the cause policy then in force for the
-- cause it was recorded with. responsible_function is null when the operator's line answers (a controllable cause).
CREATE FUNCTION quality.attribution_of(defect uuid, recorded_cause text, as_of timestamptz)
RETURNS TABLE (cause text, controllable boolean, responsible_function text, decided boolean, evidence_kind text, evidence_ref text, material_lot_id uuid)
LANGUAGE sql STABLE AS $$
    SELECT coalesce(c.cause, recorded_cause), coalesce(c.controllable, p.controllable),
           CASE WHEN c.id IS NOT NULL THEN c.responsible_function ELSE p.responsible_function END,
           c.id IS NOT NULL, c.evidence_kind, c.evidence_ref, c.material_lot_id
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (SELECT x.* FROM quality.defect_cause x WHERE x.defect_id = defect AND x.decided_at <= as_of ORDER BY x.decided_at DESC, x.id DESC LIMIT 1) c ON true
    LEFT JOIN LATERAL (SELECT y.* FROM quality.cause_policy y WHERE y.cause = recorded_cause AND y.changed_at <= as_of ORDER BY y.changed_at DESC, y.id DESC LIMIT 1) p ON true
$$;

-- Every defect found in the days given, attributed as of a moment: the same rule as attribution_of, set-based (a month of a
-- plant's defects is tens of thousands of rows; QA's decisions and the policy are few).
CREATE FUNCTION quality.defect_attribution(from_day date, to_day date, as_of timestamptz)
RETURNS TABLE (defect_id uuid, cause text, controllable boolean, responsible_function text, decided boolean, evidence_kind text, evidence_ref text, material_lot_id uuid)
LANGUAGE sql STABLE AS $$
    SELECT d.id, coalesce(c.cause, d.cause), coalesce(c.controllable, p.controllable),
           CASE WHEN c.id IS NOT NULL THEN c.responsible_function ELSE p.responsible_function END,
           c.id IS NOT NULL, c.evidence_kind, c.evidence_ref, c.material_lot_id
    FROM quality.defect d
    LEFT JOIN (SELECT DISTINCT ON (x.defect_id) x.* FROM quality.defect_cause x JOIN quality.defect dd ON dd.id = x.defect_id
               WHERE dd.found_on BETWEEN from_day AND to_day AND x.decided_at <= as_of ORDER BY x.defect_id, x.decided_at DESC, x.id DESC) c ON c.defect_id = d.id
    LEFT JOIN (SELECT DISTINCT ON (y.cause) y.* FROM quality.cause_policy y WHERE y.changed_at <= as_of ORDER BY y.cause, y.changed_at DESC, y.id DESC) p ON p.cause = d.cause
    WHERE d.found_on BETWEEN from_day AND to_day
$$;

-- Needs: a controllable defect QA confirms raises a training need for its operator.
ALTER TABLE needs.need DROP CONSTRAINT need_source_check;
ALTER TABLE needs.need ADD CONSTRAINT need_source_check
    CHECK (source IN ('trend', 'control_chart', 'audit_clause', 'complaint', 'self_declared', 'planned_change', 'supervision', 'attribution'));
