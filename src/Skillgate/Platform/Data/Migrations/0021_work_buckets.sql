-- Quality: the plant data summed per operator, operation and line over short spans, kept up to date by the tables' own
-- statement triggers, so that an evaluation at plant scale (issue 19: 100,000 operators, 10 million records) reads one row
-- per operator and span instead of every record, count and defect. A span (bucket) is the part of an ISO week that lies in
-- one month, named by its first day: weeks and months are both unions of buckets, so one table serves either period.
-- Rows with no operator (a line's counts and defects) or no operation keep those columns null; org_unit_id is the
-- operator's unit on their latest record in the bucket (for data scope), which counts and defects leave as it is.
CREATE FUNCTION quality.bucket_of(day date) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT greatest(date_trunc('week', day::timestamp), date_trunc('month', day::timestamp))::date
$$;

CREATE TABLE quality.work_bucket (
    employee_id uuid,
    operation_id uuid,
    line_id uuid,
    bucket date NOT NULL,
    org_unit_id uuid,
    records integer NOT NULL DEFAULT 0,
    produced bigint NOT NULL DEFAULT 0,
    reworked bigint NOT NULL DEFAULT 0,
    defects bigint NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX work_bucket_ux ON quality.work_bucket (employee_id, operation_id, line_id, bucket) NULLS NOT DISTINCT;
CREATE INDEX work_bucket_line_ix ON quality.work_bucket (line_id, bucket);

-- Each source table's statement triggers add what a statement inserted and take off what it deleted (an update does both).
-- They run as the tables' owner: the sums are the plant's, whoever's rows the writer may read.
CREATE FUNCTION quality.work_from_records() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO quality.work_bucket AS w (employee_id, operation_id, line_id, bucket, records)
        SELECT employee_id, operation_id, line_id, quality.bucket_of((started_at AT TIME ZONE 'UTC')::date), -count(*)
        FROM old_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (employee_id, operation_id, line_id, bucket) DO UPDATE SET records = w.records + EXCLUDED.records;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO quality.work_bucket AS w (employee_id, operation_id, line_id, bucket, org_unit_id, records)
        SELECT employee_id, operation_id, line_id, quality.bucket_of((started_at AT TIME ZONE 'UTC')::date),
               (array_agg(org_unit_id ORDER BY started_at DESC))[1], count(*)
        FROM new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (employee_id, operation_id, line_id, bucket) DO UPDATE SET records = w.records + EXCLUDED.records, org_unit_id = EXCLUDED.org_unit_id;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION quality.work_from_counts() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO quality.work_bucket AS w (employee_id, operation_id, line_id, bucket, produced, reworked)
        SELECT employee_id, operation_id, line_id, quality.bucket_of(produced_on), -sum(produced), -sum(reworked)
        FROM old_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (employee_id, operation_id, line_id, bucket) DO UPDATE SET produced = w.produced + EXCLUDED.produced, reworked = w.reworked + EXCLUDED.reworked;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO quality.work_bucket AS w (employee_id, operation_id, line_id, bucket, produced, reworked)
        SELECT employee_id, operation_id, line_id, quality.bucket_of(produced_on), sum(produced), sum(reworked)
        FROM new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (employee_id, operation_id, line_id, bucket) DO UPDATE SET produced = w.produced + EXCLUDED.produced, reworked = w.reworked + EXCLUDED.reworked;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION quality.work_from_defects() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO quality.work_bucket AS w (employee_id, operation_id, line_id, bucket, defects)
        SELECT employee_id, operation_id, line_id, quality.bucket_of(found_on), -sum(quantity)
        FROM old_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (employee_id, operation_id, line_id, bucket) DO UPDATE SET defects = w.defects + EXCLUDED.defects;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO quality.work_bucket AS w (employee_id, operation_id, line_id, bucket, defects)
        SELECT employee_id, operation_id, line_id, quality.bucket_of(found_on), sum(quantity)
        FROM new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (employee_id, operation_id, line_id, bucket) DO UPDATE SET defects = w.defects + EXCLUDED.defects;
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE
    source record;
BEGIN
    FOR source IN SELECT * FROM (VALUES ('operation_record', 'work_from_records'), ('production_count', 'work_from_counts'), ('defect', 'work_from_defects')) s (tbl, fn) LOOP
        EXECUTE format('CREATE TRIGGER work_bucket_insert AFTER INSERT ON quality.%I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION quality.%I()', source.tbl, source.fn);
        EXECUTE format('CREATE TRIGGER work_bucket_update AFTER UPDATE ON quality.%I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION quality.%I()', source.tbl, source.fn);
        EXECUTE format('CREATE TRIGGER work_bucket_delete AFTER DELETE ON quality.%I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION quality.%I()', source.tbl, source.fn);
    END LOOP;
END $$;

-- What is already there.
INSERT INTO quality.work_bucket AS w (employee_id, operation_id, line_id, bucket, org_unit_id, records, produced, reworked, defects)
SELECT employee_id, operation_id, line_id, bucket, (array_agg(org_unit_id ORDER BY at DESC) FILTER (WHERE org_unit_id IS NOT NULL))[1],
       sum(records), sum(produced), sum(reworked), sum(defects)
FROM (
    SELECT employee_id, operation_id, line_id, quality.bucket_of((started_at AT TIME ZONE 'UTC')::date) AS bucket, org_unit_id, started_at AS at,
           1 AS records, 0 AS produced, 0 AS reworked, 0 AS defects
    FROM quality.operation_record
    UNION ALL
    SELECT employee_id, operation_id, line_id, quality.bucket_of(produced_on), NULL, NULL, 0, produced, reworked, 0 FROM quality.production_count
    UNION ALL
    SELECT employee_id, operation_id, line_id, quality.bucket_of(found_on), NULL, NULL, 0, 0, 0, quantity FROM quality.defect) s
GROUP BY 1, 2, 3, 4;

-- Who worked is a record of people: read as the operation records are.
SELECT platform.scope_reads('quality.work_bucket', 'employee_id IS NULL OR EXISTS (SELECT 1 FROM org.employee_v e WHERE e.id = employee_id)');

CREATE VIEW quality.work_bucket_v WITH (security_invoker = true) AS
    SELECT employee_id, operation_id, line_id, bucket, org_unit_id, records, produced, reworked, defects FROM quality.work_bucket;

-- A line's figures whoever worked them (counts and defects are the line's and stay readable, as their tables are): the buckets
-- without the operator, read as the view's owner, so a reader scoped to part of the plant still gets the whole line's rates.
CREATE VIEW quality.line_work_v AS
    SELECT line_id, operation_id, bucket, employee_id IS NOT NULL AS named, records, produced, reworked, defects FROM quality.work_bucket;
