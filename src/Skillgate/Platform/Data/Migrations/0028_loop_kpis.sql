-- The rest of the loop as KPIs (issue 20, part 3): batches released by inspectors (missed inspections), equipment downtime
-- as attribution evidence, and what the workflow, training and competence modules publish for timeliness, CAPA completion,
-- attendance, training completion and qualification coverage, each readable as it stood at a past moment.

-- An inspector's release of a batch: what a defect found after it, or a customer's complaint on the batch, counts against.
-- org_unit_id is the inspector's unit at the release, as operation records keep the operator's.
CREATE TABLE quality.batch_release (
    id uuid PRIMARY KEY,
    external_id text NOT NULL,
    batch_id uuid NOT NULL REFERENCES quality.batch (id),
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    org_unit_id uuid NOT NULL REFERENCES org.org_unit (id),
    released_on date NOT NULL,
    quantity integer NOT NULL CHECK (quantity > 0),
    recorded_at timestamptz NOT NULL);
CREATE UNIQUE INDEX batch_release_external_ux ON quality.batch_release (external_id);
CREATE INDEX batch_release_released_ix ON quality.batch_release (released_on);
CREATE INDEX batch_release_batch_ix ON quality.batch_release (batch_id);

CREATE VIEW quality.batch_release_v WITH (security_invoker = true) AS
    SELECT id, batch_id, employee_id, org_unit_id, released_on, quantity, recorded_at FROM quality.batch_release;

-- Equipment downtime from the maintenance system: the evidence QA names when a defect came from a machine.
CREATE TABLE quality.downtime (
    id uuid PRIMARY KEY,
    external_id text NOT NULL,
    code text NOT NULL,
    equipment text NOT NULL,
    line_id uuid NOT NULL REFERENCES org.org_unit (id),
    started_at timestamptz NOT NULL,
    ended_at timestamptz,
    reason text NOT NULL,
    recorded_at timestamptz NOT NULL,
    CHECK (ended_at IS NULL OR ended_at >= started_at));
CREATE UNIQUE INDEX downtime_external_ux ON quality.downtime (external_id);
CREATE UNIQUE INDEX downtime_code_ux ON quality.downtime (lower(code));
CREATE INDEX downtime_line_ix ON quality.downtime (line_id, started_at);

CREATE VIEW quality.downtime_v WITH (security_invoker = true) AS
    SELECT id, code, equipment, line_id, started_at, ended_at, reason, recorded_at FROM quality.downtime;

-- Columns appended: when a complaint was recorded, so a past moment's escapes can be counted.
CREATE OR REPLACE VIEW quality.complaint_v WITH (security_invoker = true) AS
    SELECT id, batch_id, defect_type, severity, received_on, recorded_at, customer FROM quality.complaint;

-- Workflow: instances with their definition's code, and every step activation with its time limit and when it was done.
CREATE VIEW workflow.instance_v WITH (security_invoker = true) AS
    SELECT i.id, i.number, d.code AS definition_code, i.title, i.org_unit_id, i.status, i.started_at, i.closed_at
    FROM workflow.instance i JOIN workflow.definition d ON d.id = i.definition_id;

CREATE VIEW workflow.task_v WITH (security_invoker = true) AS
    SELECT t.id, t.instance_id, t.step_key, t.role, t.function, i.org_unit_id, u.employee_id AS done_by_employee_id,
           t.received_at, t.due_at, t.done_at, t.outcome
    FROM workflow.task t JOIN workflow.instance i ON i.id = t.instance_id LEFT JOIN auth.app_user u ON u.id = t.done_by;

-- Training: who was invited to a session, and the check-ins and check-outs recorded (revoked ones keep revoked_at).
CREATE VIEW training.participant_v WITH (security_invoker = true) AS
    SELECT session_id, employee_id, status, invited_at FROM training.participant;

CREATE VIEW training.attendance_v WITH (security_invoker = true) AS
    SELECT id, session_id, employee_id, kind, at, recorded_at, revoked_at FROM training.attendance;

-- When a session's close first decided each person's result: a review later moves decided_at, not this, so the results
-- that existed at a past moment can be counted.
ALTER TABLE training.session_result ADD COLUMN created_at timestamptz;
UPDATE training.session_result SET created_at = decided_at;
ALTER TABLE training.session_result ALTER COLUMN created_at SET NOT NULL;
CREATE FUNCTION training.session_result_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.created_at := coalesce(NEW.created_at, NEW.decided_at);
    RETURN NEW;
END $$;
CREATE TRIGGER session_result_created BEFORE INSERT ON training.session_result FOR EACH ROW EXECUTE FUNCTION training.session_result_created();
CREATE OR REPLACE VIEW training.session_result_v WITH (security_invoker = true) AS
    SELECT session_id, employee_id, status, completion_id, decided_at, created_at FROM training.session_result;

-- Competence: a pair that stops applying (post changed, requirement retired) is now recorded in the history as 'removed', so
-- the standing at a past moment no longer counts it after it was dropped. Otherwise as in 0019.
CREATE OR REPLACE FUNCTION competence.refresh(p_employees uuid[], p_requirements uuid[], p_today date, p_window integer, p_now timestamp with time zone)
 RETURNS integer
 LANGUAGE plpgsql
AS $function$
DECLARE
    changed integer;
BEGIN
    IF p_requirements IS NOT NULL THEN
        p_requirements := p_requirements || ARRAY(
            SELECT requirement_id FROM competence.requirement_prerequisite WHERE prerequisite_id = ANY (p_requirements));
    END IF;

    CREATE TEMP TABLE IF NOT EXISTS refresh_pair (employee_id uuid, requirement_id uuid) ON COMMIT DROP;
    TRUNCATE refresh_pair;
    INSERT INTO refresh_pair
    SELECT e.id, r.id FROM competence.requirement r JOIN org.employee_v e ON e.position_id = r.position_id
    WHERE r.active AND e.status <> 'exited' AND competence.applies_to(r.org_unit_id, e.org_unit_id)
      AND (p_employees IS NULL OR e.id = ANY (p_employees)) AND (p_requirements IS NULL OR r.id = ANY (p_requirements))
    UNION
    SELECT a.employee_id, r.id FROM competence.requirement r
    JOIN competence.operation_assignment a ON a.operation_id = r.operation_id AND a.ended_at IS NULL
    JOIN org.employee_v e ON e.id = a.employee_id
    WHERE r.active AND competence.applies_to(r.org_unit_id, e.org_unit_id)
      AND (p_employees IS NULL OR a.employee_id = ANY (p_employees)) AND (p_requirements IS NULL OR r.id = ANY (p_requirements));

    WITH removed AS (
        DELETE FROM competence.qualification q
        WHERE (p_employees IS NULL OR q.employee_id = ANY (p_employees)) AND (p_requirements IS NULL OR q.requirement_id = ANY (p_requirements))
          AND NOT EXISTS (SELECT 1 FROM refresh_pair p WHERE p.employee_id = q.employee_id AND p.requirement_id = q.requirement_id)
        RETURNING q.employee_id, q.requirement_id
    )
    INSERT INTO competence.qualification_history (employee_id, requirement_id, status, changed_at)
    SELECT employee_id, requirement_id, 'removed', p_now FROM removed;

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
$function$;

-- Pairs dropped before this version left no trace in the history: they are recorded as dropped now.
INSERT INTO competence.qualification_history (employee_id, requirement_id, status, changed_at)
SELECT h.employee_id, h.requirement_id, 'removed', now()
FROM (SELECT DISTINCT ON (employee_id, requirement_id) employee_id, requirement_id, status FROM competence.qualification_history
      ORDER BY employee_id, requirement_id, changed_at DESC, id DESC) h
WHERE h.status <> 'removed'
  AND NOT EXISTS (SELECT 1 FROM competence.qualification q WHERE q.employee_id = h.employee_id AND q.requirement_id = h.requirement_id);

-- Each tracked person × requirement as it stood at a moment: the latest status recorded by then, for requirements in force
-- then, leaving out pairs dropped by then. Bounded by the caller's data scope (the history's row security).
CREATE FUNCTION competence.standing_at(p_at timestamptz)
RETURNS TABLE (employee_id uuid, requirement_id uuid, status text, changed_at timestamptz)
LANGUAGE sql STABLE AS $$
    SELECT h.employee_id, h.requirement_id, h.status, h.changed_at
    FROM (SELECT DISTINCT ON (q.employee_id, q.requirement_id) q.employee_id, q.requirement_id, q.status, q.changed_at
          FROM competence.qualification_history q WHERE q.changed_at <= p_at
          ORDER BY q.employee_id, q.requirement_id, q.changed_at DESC, q.id DESC) h
    JOIN competence.requirement r ON r.id = h.requirement_id
    WHERE h.status <> 'removed' AND r.created_at <= p_at AND (r.retired_at IS NULL OR r.retired_at > p_at)
$$;
