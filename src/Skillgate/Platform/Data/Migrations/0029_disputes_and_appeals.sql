-- Disputes and appeals through the workflow engine (issue 20): an instance may be about one record of another module (a
-- defect, a KPI score), with at most one open per definition and record; production disputes a defect's attribution and QA
-- decides; a person appeals a score, their department head reviews and HR decides, and an upheld appeal adjusts the closed
-- period's results for payroll.

ALTER TABLE workflow.instance ADD COLUMN subject_type text, ADD COLUMN subject_id uuid,
    ADD CHECK ((subject_type IS NULL) = (subject_id IS NULL));
CREATE UNIQUE INDEX instance_open_subject_ux ON workflow.instance (definition_id, subject_type, subject_id) WHERE status = 'open' AND subject_id IS NOT NULL;
CREATE INDEX instance_subject_ix ON workflow.instance (subject_type, subject_id) WHERE subject_id IS NOT NULL;

CREATE OR REPLACE VIEW workflow.instance_v WITH (security_invoker = true) AS
    SELECT i.id, i.number, d.code AS definition_code, i.title, i.org_unit_id, i.status, i.started_at, i.closed_at, i.subject_type, i.subject_id
    FROM workflow.instance i JOIN workflow.definition d ON d.id = i.definition_id;

-- What an upheld appeal changes in a closed period's results: kept apart from the locked results, never edited.
CREATE TABLE kpi.adjustment (
    id uuid PRIMARY KEY,
    period_id uuid NOT NULL REFERENCES kpi.period (id),
    score_id uuid NOT NULL REFERENCES kpi.score (id),
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    kind text NOT NULL CHECK (kind IN ('bonus_factor', 'commission', 'promotion')),
    delta numeric NOT NULL,
    reason text NOT NULL,
    instance_id uuid NOT NULL UNIQUE,
    instance_number text NOT NULL,
    decided_by text NOT NULL,
    decided_at timestamptz NOT NULL);
CREATE INDEX adjustment_period_ix ON kpi.adjustment (period_id, employee_id);
CREATE TRIGGER adjustment_append_only BEFORE UPDATE OR DELETE ON kpi.adjustment FOR EACH ROW EXECUTE FUNCTION kpi.refuse_change();
SELECT platform.scope_reads('kpi.adjustment', 'EXISTS (SELECT 1 FROM kpi.score s WHERE s.id = score_id)');

INSERT INTO workflow.definition (id, code, name_zh, name_en, created_at) VALUES
    ('0193a000-0000-7000-8000-000000000104', 'DEFECT-DISPUTE', '缺陷归因异议', 'Defect attribution dispute', '2026-01-01T00:00:00Z'),
    ('0193a000-0000-7000-8000-000000000105', 'KPI-APPEAL', 'KPI 申诉', 'KPI appeal', '2026-01-01T00:00:00Z');

INSERT INTO workflow.definition_version (id, definition_id, number, status, steps, created_by, created_at, published_by, published_at) VALUES
('0193a000-0000-7000-8000-000000000204', '0193a000-0000-7000-8000-000000000104', 1, 'published', $json$[
 {"key":"dispute","nameZh":"生产提出归因异议","nameEn":"Production disputes the attribution","role":"ProductionManager","function":"production",
  "limitHours":null,"hourKind":"working","escalation":[],"signature":false,"outcomes":["approve"],"returnTo":[],"action":null,
  "consulted":[],"informed":["qa"],
  "form":[{"key":"cause","labelZh":"主张的原因 (5M1E)","labelEn":"Cause claimed (5M1E)","type":"choice","required":true,
           "options":["man","machine","material","method","measurement","environment"]},
          {"key":"reason","labelZh":"异议理由","labelEn":"Why","type":"textarea","required":true,"options":[]}]},
 {"key":"decide","nameZh":"质量裁定","nameEn":"QA decides","role":"QA","function":"qa",
  "limitHours":16,"hourKind":"working","escalation":[{"afterHours":0,"target":"manager"},{"afterHours":8,"target":"director"}],"signature":false,
  "outcomes":["approve","reject"],"returnTo":[],"action":"defect_dispute","consulted":["production"],"informed":["production"],
  "form":[{"key":"evidenceKind","labelZh":"证据类型","labelEn":"Evidence","type":"choice","required":false,
           "options":["material_lot","downtime","supervision_check","document"]},
          {"key":"evidenceRef","labelZh":"证据 (原料批号、停机记录、检查编号、文件)","labelEn":"Evidence reference (lot, downtime record, check, document)","type":"text","required":false,"options":[]},
          {"key":"decision","labelZh":"裁定说明","labelEn":"Decision","type":"textarea","required":true,"options":[]}]}
]$json$, 'system', '2026-01-01T00:00:00Z', 'system', '2026-01-01T00:00:00Z'),
('0193a000-0000-7000-8000-000000000205', '0193a000-0000-7000-8000-000000000105', 1, 'published', $json$[
 {"key":"appeal","nameZh":"员工提出申诉","nameEn":"The person appeals","role":"Employee","function":"hr",
  "limitHours":null,"hourKind":"working","escalation":[],"signature":false,"outcomes":["approve"],"returnTo":[],"action":null,
  "consulted":[],"informed":["hr"],
  "form":[{"key":"reason","labelZh":"申诉理由","labelEn":"Why","type":"textarea","required":true,"options":[]}]},
 {"key":"manager","nameZh":"部门负责人审核","nameEn":"Department head reviews","role":"DepartmentHead","function":"management",
  "limitHours":24,"hourKind":"working","escalation":[{"afterHours":8,"target":"director"}],"signature":false,
  "outcomes":["approve","reject"],"returnTo":[],"action":null,"consulted":[],"informed":["hr"],
  "form":[{"key":"opinion","labelZh":"审核意见","labelEn":"Opinion","type":"textarea","required":true,"options":[]}]},
 {"key":"hr","nameZh":"人事裁定","nameEn":"HR decides","role":"HR","function":"hr",
  "limitHours":40,"hourKind":"working","escalation":[{"afterHours":0,"target":"manager"}],"signature":false,
  "outcomes":["approve","reject"],"returnTo":[],"action":"kpi_appeal","consulted":[],"informed":[],
  "form":[{"key":"kind","labelZh":"调整项","labelEn":"Adjusted","type":"choice","required":true,"options":["bonus_factor","commission","promotion"]},
          {"key":"delta","labelZh":"调整值","labelEn":"Adjustment","type":"number","required":true,"options":[]},
          {"key":"decision","labelZh":"裁定说明","labelEn":"Decision","type":"textarea","required":true,"options":[]}]}
]$json$, 'system', '2026-01-01T00:00:00Z', 'system', '2026-01-01T00:00:00Z');
