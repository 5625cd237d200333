-- A refresh for named people with plans made once per connection (issue 23). Each statement of competence.refresh was planned
-- afresh on every call: PL/pgSQL keeps custom plans when they look cheaper than a generic one, and with "p_employees IS NULL
-- OR ..." they always do, since the constant folds the branch away. Planning the judging query (competence.evaluate,
-- inlined) took about 5 ms of the 6 ms a one-person refresh cost. competence.refresh_people has no such branch and forces
-- generic plans, which for a few people are index lookups either way; competence.refresh hands it calls for up to 10 people
-- and keeps custom plans for larger ones: a generic plan for 1,000 people at 50,000 employees took 17 s (each row tested
-- against the whole array) where a plan for the actual arrays takes about a second.

CREATE FUNCTION competence.refresh_people(p_employees uuid[], p_requirements uuid[], p_today date, p_window integer, p_now timestamp with time zone)
 RETURNS integer
 LANGUAGE plpgsql
 SET plan_cache_mode = force_generic_plan
AS $function$
DECLARE
    changed integer;
    pair_employees uuid[];
    pair_requirements uuid[];
BEGIN
    IF p_requirements IS NOT NULL THEN
        p_requirements := p_requirements || ARRAY(
            SELECT requirement_id FROM competence.requirement_prerequisite WHERE prerequisite_id = ANY (p_requirements));
    END IF;

    -- The pairs to judge, held in two arrays (not a temporary table: creating one per call cost more than the judging).
    SELECT coalesce(array_agg(p.employee_id ORDER BY p.employee_id, p.requirement_id), '{}'),
           coalesce(array_agg(p.requirement_id ORDER BY p.employee_id, p.requirement_id), '{}')
    INTO pair_employees, pair_requirements
    FROM (
        SELECT e.id AS employee_id, r.id AS requirement_id FROM competence.requirement r JOIN org.employee_v e ON e.position_id = r.position_id
        WHERE r.active AND e.status <> 'exited' AND competence.applies_to(r.org_unit_id, e.org_unit_id)
          AND e.id = ANY (p_employees) AND (p_requirements IS NULL OR r.id = ANY (p_requirements))
        UNION
        SELECT a.employee_id, r.id FROM competence.requirement r
        JOIN competence.operation_assignment a ON a.operation_id = r.operation_id AND a.ended_at IS NULL
        JOIN org.employee_v e ON e.id = a.employee_id
        WHERE r.active AND competence.applies_to(r.org_unit_id, e.org_unit_id)
          AND a.employee_id = ANY (p_employees) AND (p_requirements IS NULL OR r.id = ANY (p_requirements))) p;

    WITH removed AS (
        DELETE FROM competence.qualification q
        WHERE q.employee_id = ANY (p_employees) AND (p_requirements IS NULL OR q.requirement_id = ANY (p_requirements))
          AND NOT EXISTS (SELECT 1 FROM unnest(pair_employees, pair_requirements) p(employee_id, requirement_id)
                          WHERE p.employee_id = q.employee_id AND p.requirement_id = q.requirement_id)
        RETURNING q.employee_id, q.requirement_id
    )
    INSERT INTO competence.qualification_history (employee_id, requirement_id, status, changed_at)
    SELECT employee_id, requirement_id, 'removed', p_now FROM removed;

    WITH evaluated AS (
        SELECT ev.* FROM competence.evaluate(pair_employees, pair_requirements, p_today, p_window) ev
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

CREATE OR REPLACE FUNCTION competence.refresh(p_employees uuid[], p_requirements uuid[], p_today date, p_window integer, p_now timestamp with time zone)
 RETURNS integer
 LANGUAGE plpgsql
AS $function$
DECLARE
    changed integer;
    pair_employees uuid[];
    pair_requirements uuid[];
BEGIN
    IF p_employees IS NOT NULL AND cardinality(p_employees) <= 10 THEN
        RETURN competence.refresh_people(p_employees, p_requirements, p_today, p_window, p_now);
    END IF;

    IF p_requirements IS NOT NULL THEN
        p_requirements := p_requirements || ARRAY(
            SELECT requirement_id FROM competence.requirement_prerequisite WHERE prerequisite_id = ANY (p_requirements));
    END IF;

    -- The pairs to judge, held in two arrays (not a temporary table: creating one per call cost more than the judging).
    SELECT coalesce(array_agg(p.employee_id ORDER BY p.employee_id, p.requirement_id), '{}'),
           coalesce(array_agg(p.requirement_id ORDER BY p.employee_id, p.requirement_id), '{}')
    INTO pair_employees, pair_requirements
    FROM (
        SELECT e.id AS employee_id, r.id AS requirement_id FROM competence.requirement r JOIN org.employee_v e ON e.position_id = r.position_id
        WHERE r.active AND e.status <> 'exited' AND competence.applies_to(r.org_unit_id, e.org_unit_id)
          AND (p_employees IS NULL OR e.id = ANY (p_employees)) AND (p_requirements IS NULL OR r.id = ANY (p_requirements))
        UNION
        SELECT a.employee_id, r.id FROM competence.requirement r
        JOIN competence.operation_assignment a ON a.operation_id = r.operation_id AND a.ended_at IS NULL
        JOIN org.employee_v e ON e.id = a.employee_id
        WHERE r.active AND competence.applies_to(r.org_unit_id, e.org_unit_id)
          AND (p_employees IS NULL OR a.employee_id = ANY (p_employees)) AND (p_requirements IS NULL OR r.id = ANY (p_requirements))) p;

    WITH removed AS (
        DELETE FROM competence.qualification q
        WHERE (p_employees IS NULL OR q.employee_id = ANY (p_employees)) AND (p_requirements IS NULL OR q.requirement_id = ANY (p_requirements))
          AND NOT EXISTS (SELECT 1 FROM unnest(pair_employees, pair_requirements) p(employee_id, requirement_id)
                          WHERE p.employee_id = q.employee_id AND p.requirement_id = q.requirement_id)
        RETURNING q.employee_id, q.requirement_id
    )
    INSERT INTO competence.qualification_history (employee_id, requirement_id, status, changed_at)
    SELECT employee_id, requirement_id, 'removed', p_now FROM removed;

    WITH evaluated AS (
        SELECT ev.* FROM competence.evaluate(pair_employees, pair_requirements, p_today, p_window) ev
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
