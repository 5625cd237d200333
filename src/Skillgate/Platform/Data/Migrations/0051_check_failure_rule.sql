-- A unit's supervision checks as a needs signal: when the share of failed checks on a checklist rises `periods` periods in a row
-- in a ward (an org unit), with at least `threshold` checks in every period, the checklist's mapped training is needed there.
-- It fires only through a mapping of kind checklist (checklist code → course or skill).
ALTER TABLE needs.rule DROP CONSTRAINT rule_kind_check;
ALTER TABLE needs.rule ADD CONSTRAINT rule_kind_check
    CHECK (kind IN ('trend', 'control_chart', 'audit_clause', 'complaint', 'self_declared', 'planned_change', 'check_failures'));

ALTER TABLE needs.mapping DROP CONSTRAINT mapping_kind_check;
ALTER TABLE needs.mapping ADD CONSTRAINT mapping_kind_check CHECK (kind IN ('defect_type', 'clause', 'equipment', 'checklist'));

ALTER TABLE needs.need DROP CONSTRAINT need_source_check;
ALTER TABLE needs.need ADD CONSTRAINT need_source_check
    CHECK (source IN ('trend', 'control_chart', 'audit_clause', 'complaint', 'self_declared', 'planned_change', 'supervision', 'attribution', 'survey',
                      'check_failures'));

-- The analysis counts a checklist's checks per unit and period.
CREATE INDEX supervision_check_checklist_ix ON quality.supervision_check (checklist_id, performed_at) INCLUDE (org_unit_id, passed);

INSERT INTO needs.rule (id, name, kind, period, periods, threshold, min_severity, priority, due_days, created_at) VALUES
    (gen_random_uuid(), '监督检查不合格率上升 / Supervision check failures rising', 'check_failures', 'month', 3, 5, 'minor', 'high', 30, now());
