-- Competence: how many tracked person × requirement pairs stand in each status, per org unit and requirement, kept up to date
-- by statement triggers, so that HR's coverage and QA's retraining at plant scale (100,000 people, 1.5 million pairs) read a
-- few thousand counts instead of every pair. People who have left are not counted; whether a requirement is active is
-- left to the reader (a requirement retired keeps its counts until the refresh removes its pairs).
-- A row's day is what a reader compares with today: the due date of a pair not (re)trained (overdue once past), the end of
-- validity of one expiring (the statuses' own window, refreshed daily, bounds those days); other statuses leave it null.
CREATE FUNCTION competence.standing_day(p_status text, p_valid_until date, p_due_on date) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN p_status IN ('not_trained', 'retraining_required') THEN p_due_on WHEN p_status = 'expiring' THEN p_valid_until END
$$;

CREATE TABLE competence.standing_count (
    org_unit_id uuid NOT NULL,
    requirement_id uuid NOT NULL,
    status text NOT NULL,
    day date,
    pairs integer NOT NULL);
CREATE UNIQUE INDEX standing_count_ux ON competence.standing_count (org_unit_id, requirement_id, status, day) NULLS NOT DISTINCT;
CREATE INDEX standing_count_requirement_ix ON competence.standing_count (requirement_id, status);
CREATE INDEX standing_count_empty_ix ON competence.standing_count (org_unit_id) WHERE pairs = 0;

-- Each statement's pairs, under their person's unit, are added (inserted, and an update's new side) or taken off (deleted, and
-- an update's old side); rows that fall to zero go. The triggers run as the tables' owner: the counts are the plant's,
-- whoever's rows the writer may read.
CREATE FUNCTION competence.standing_from_qualifications() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO competence.standing_count AS s (org_unit_id, requirement_id, status, day, pairs)
        SELECT e.org_unit_id, o.requirement_id, o.status, competence.standing_day(o.status, o.valid_until, o.due_on), -count(*)
        FROM old_rows o JOIN org.employee_v e ON e.id = o.employee_id AND e.status <> 'exited'
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (org_unit_id, requirement_id, status, day) DO UPDATE SET pairs = s.pairs + EXCLUDED.pairs;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO competence.standing_count AS s (org_unit_id, requirement_id, status, day, pairs)
        SELECT e.org_unit_id, n.requirement_id, n.status, competence.standing_day(n.status, n.valid_until, n.due_on), count(*)
        FROM new_rows n JOIN org.employee_v e ON e.id = n.employee_id AND e.status <> 'exited'
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (org_unit_id, requirement_id, status, day) DO UPDATE SET pairs = s.pairs + EXCLUDED.pairs;
    END IF;
    DELETE FROM competence.standing_count WHERE pairs = 0;
    RETURN NULL;
END $$;

-- A person who moves to another unit, leaves or comes back takes their pairs along.
CREATE FUNCTION competence.standing_from_employees() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO competence.standing_count AS s (org_unit_id, requirement_id, status, day, pairs)
    SELECT c.org_unit_id, q.requirement_id, q.status, competence.standing_day(q.status, q.valid_until, q.due_on), sum(c.sign)::int
    FROM (
        SELECT o.id, o.org_unit_id, -1 AS sign FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE o.status <> 'exited' AND (n.status = 'exited' OR n.org_unit_id IS DISTINCT FROM o.org_unit_id)
        UNION ALL
        SELECT n.id, n.org_unit_id, 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE n.status <> 'exited' AND (o.status = 'exited' OR n.org_unit_id IS DISTINCT FROM o.org_unit_id)) c
    JOIN competence.qualification q ON q.employee_id = c.id
    GROUP BY 1, 2, 3, 4 HAVING sum(c.sign) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (org_unit_id, requirement_id, status, day) DO UPDATE SET pairs = s.pairs + EXCLUDED.pairs;
    DELETE FROM competence.standing_count WHERE pairs = 0;
    RETURN NULL;
END $$;

CREATE TRIGGER standing_count_insert AFTER INSERT ON competence.qualification REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION competence.standing_from_qualifications();
CREATE TRIGGER standing_count_update AFTER UPDATE ON competence.qualification REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION competence.standing_from_qualifications();
CREATE TRIGGER standing_count_delete AFTER DELETE ON competence.qualification REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION competence.standing_from_qualifications();
CREATE TRIGGER standing_count_update AFTER UPDATE ON org.employee REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION competence.standing_from_employees();

-- What is already there.
INSERT INTO competence.standing_count (org_unit_id, requirement_id, status, day, pairs)
SELECT e.org_unit_id, q.requirement_id, q.status, competence.standing_day(q.status, q.valid_until, q.due_on), count(*)
FROM competence.qualification q JOIN org.employee_v e ON e.id = q.employee_id AND e.status <> 'exited'
GROUP BY 1, 2, 3, 4;

-- Counts of people are records of people: a reader sees the units of their scope.
SELECT platform.scope_reads('competence.standing_count', 'org_unit_id = ANY ((SELECT org.scope_units())::uuid[])');

CREATE VIEW competence.standing_count_v WITH (security_invoker = true) AS
    SELECT org_unit_id, requirement_id, status, day, pairs FROM competence.standing_count;

-- Gaps are few beside the pairs in order; a head's home reads them through this.
CREATE INDEX qualification_gap_ix ON competence.qualification (employee_id) WHERE status IN ('not_trained', 'expired', 'retraining_required', 'expiring');
