-- Results applied (issue 20): rules that turn a KPI's outcome into a bonus factor, a commission coefficient or promotion
-- points, and the results a period's close fixed with its scores.

-- A rule is never edited: a change retires it and adds another, so a closed period's results keep the rule they applied.
CREATE TABLE kpi.result_rule (
    id uuid PRIMARY KEY,
    definition_id uuid NOT NULL REFERENCES kpi.definition (id),
    kind text NOT NULL CHECK (kind IN ('bonus_factor', 'commission', 'promotion')),
    met_delta numeric NOT NULL,
    missed_delta numeric NOT NULL,
    note text NOT NULL DEFAULT '',
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    created_by text NOT NULL,
    retired_at timestamptz);
CREATE UNIQUE INDEX result_rule_active_ux ON kpi.result_rule (definition_id, kind) WHERE active;

-- What a rule gave a scored subject in a closed period; written with the close, locked with the period.
CREATE TABLE kpi.result (
    id uuid PRIMARY KEY,
    period_id uuid NOT NULL REFERENCES kpi.period (id),
    rule_id uuid NOT NULL REFERENCES kpi.result_rule (id),
    score_id uuid NOT NULL REFERENCES kpi.score (id),
    kind text NOT NULL,
    met boolean NOT NULL,
    delta numeric NOT NULL,
    UNIQUE (period_id, rule_id, score_id));
CREATE INDEX result_score_ix ON kpi.result (score_id);

CREATE TRIGGER result_closed_inserted AFTER INSERT ON kpi.result REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION kpi.refuse_closed_rows();
CREATE TRIGGER result_closed_updated AFTER UPDATE ON kpi.result REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION kpi.refuse_closed_rows();
CREATE TRIGGER result_closed_deleted AFTER DELETE ON kpi.result REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION kpi.refuse_closed_rows();

SELECT platform.scope_reads('kpi.result', 'EXISTS (SELECT 1 FROM kpi.score s WHERE s.id = score_id)');
