-- Standing counts without hot rows (issue 23): the triggers on qualifications and employees used to add their statement's
-- pairs to competence.standing_count in place, so every transaction that judged a pair held that unit × requirement × status
-- row locked until it committed, and 1,000 people passing one course queued on a handful of rows. Now each statement appends
-- its net change to competence.standing_delta (no conflict, no lock on shared rows) and competence.fold_standing() moves
-- committed deltas into the counts, one pass at a time. Readers read competence.standing_count_v: the counts plus what is not
-- yet folded, so they are as exact as before.
CREATE TABLE competence.standing_delta (
    org_unit_id uuid NOT NULL,
    requirement_id uuid NOT NULL,
    status text NOT NULL,
    day date,
    pairs integer NOT NULL);

SELECT platform.scope_reads('competence.standing_delta', 'org_unit_id = ANY ((SELECT org.scope_units())::uuid[])');

CREATE OR REPLACE FUNCTION competence.standing_from_qualifications() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO competence.standing_delta (org_unit_id, requirement_id, status, day, pairs)
        SELECT e.org_unit_id, c.requirement_id, c.status, c.day, sum(c.sign)::int
        FROM (SELECT employee_id, requirement_id, status, competence.standing_day(status, valid_until, due_on) AS day, -1 AS sign FROM old_rows
              UNION ALL
              SELECT employee_id, requirement_id, status, competence.standing_day(status, valid_until, due_on), 1 FROM new_rows) c
        JOIN org.employee_v e ON e.id = c.employee_id AND e.status <> 'exited'
        GROUP BY 1, 2, 3, 4 HAVING sum(c.sign) <> 0;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO competence.standing_delta (org_unit_id, requirement_id, status, day, pairs)
        SELECT e.org_unit_id, o.requirement_id, o.status, competence.standing_day(o.status, o.valid_until, o.due_on), -count(*)
        FROM old_rows o JOIN org.employee_v e ON e.id = o.employee_id AND e.status <> 'exited'
        GROUP BY 1, 2, 3, 4;
    ELSE
        INSERT INTO competence.standing_delta (org_unit_id, requirement_id, status, day, pairs)
        SELECT e.org_unit_id, n.requirement_id, n.status, competence.standing_day(n.status, n.valid_until, n.due_on), count(*)
        FROM new_rows n JOIN org.employee_v e ON e.id = n.employee_id AND e.status <> 'exited'
        GROUP BY 1, 2, 3, 4;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION competence.standing_from_employees() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO competence.standing_delta (org_unit_id, requirement_id, status, day, pairs)
    SELECT c.org_unit_id, q.requirement_id, q.status, competence.standing_day(q.status, q.valid_until, q.due_on), sum(c.sign)::int
    FROM (
        SELECT o.id, o.org_unit_id, -1 AS sign FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE o.status <> 'exited' AND (n.status = 'exited' OR n.org_unit_id IS DISTINCT FROM o.org_unit_id)
        UNION ALL
        SELECT n.id, n.org_unit_id, 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE n.status <> 'exited' AND (o.status = 'exited' OR n.org_unit_id IS DISTINCT FROM o.org_unit_id)) c
    JOIN competence.qualification q ON q.employee_id = c.id
    GROUP BY 1, 2, 3, 4 HAVING sum(c.sign) <> 0;
    RETURN NULL;
END $$;

-- Moves the committed deltas (those this statement's snapshot sees; later ones wait for the next pass) into the counts, in
-- one transaction, so a reader sees each delta either still pending or folded, never both or neither. -1 when another pass
-- (on any node) is folding.
CREATE FUNCTION competence.fold_standing() RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    folded integer;
BEGIN
    IF NOT pg_try_advisory_xact_lock(7235003) THEN
        RETURN -1;
    END IF;
    WITH moved AS (
        DELETE FROM competence.standing_delta RETURNING org_unit_id, requirement_id, status, day, pairs
    ), summed AS (
        SELECT org_unit_id, requirement_id, status, day, sum(pairs)::int AS pairs, count(*) AS deltas
        FROM moved GROUP BY 1, 2, 3, 4
    ), applied AS (
        INSERT INTO competence.standing_count AS s (org_unit_id, requirement_id, status, day, pairs)
        SELECT org_unit_id, requirement_id, status, day, pairs FROM summed WHERE pairs <> 0 ORDER BY 1, 2, 3, 4
        ON CONFLICT (org_unit_id, requirement_id, status, day) DO UPDATE SET pairs = s.pairs + EXCLUDED.pairs
    )
    SELECT coalesce(sum(deltas), 0)::int INTO folded FROM summed;
    DELETE FROM competence.standing_count WHERE pairs = 0;
    RETURN folded;
END $$;

CREATE OR REPLACE VIEW competence.standing_count_v WITH (security_invoker = true) AS
    SELECT org_unit_id, requirement_id, status, day, sum(pairs)::integer AS pairs
    FROM (SELECT org_unit_id, requirement_id, status, day, pairs FROM competence.standing_count
          UNION ALL
          SELECT org_unit_id, requirement_id, status, day, pairs FROM competence.standing_delta) c
    GROUP BY org_unit_id, requirement_id, status, day
    HAVING sum(pairs) <> 0;
