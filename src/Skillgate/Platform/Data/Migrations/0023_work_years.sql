-- Quality: the work buckets of 0021 folded into one row per operator, operation, line, org unit and calendar year, the year's
-- buckets held as arrays (ADR 0015). A plant's year is then a few hundred thousand rows, not five million, and an evaluation
-- reads the part of each array its window covers. The line's figures whoever worked them are kept the same way per line,
-- operation and whether the work named its operator. Bucket k of a year (from 0) is element k + 1 of its arrays; a bucket
-- starts on 1 January, on each Monday and on each first of a month, so weeks and months are both unions of buckets, as before.
-- An operator's arrays are packed: 4 bytes per bucket (a big-endian int4, as int4send writes it), bucket k at byte 4k, and
-- empty when every bucket is 0. PostgreSQL sends an int4[] element by element (8 bytes and a function call each); bytes go
-- out as they are, which is most of an evaluation's read at plant scale.
DO $$
DECLARE
    source text;
BEGIN
    FOREACH source IN ARRAY ARRAY['operation_record', 'production_count', 'defect'] LOOP
        EXECUTE format('DROP TRIGGER work_bucket_insert ON quality.%I', source);
        EXECUTE format('DROP TRIGGER work_bucket_update ON quality.%I', source);
        EXECUTE format('DROP TRIGGER work_bucket_delete ON quality.%I', source);
    END LOOP;
END $$;
DROP VIEW quality.line_work_v;
DROP VIEW quality.work_bucket_v;
DROP TABLE quality.work_bucket;
DROP FUNCTION quality.work_from_records();
DROP FUNCTION quality.work_from_counts();
DROP FUNCTION quality.work_from_defects();

-- The bucket's place in its year, from 0: the Mondays and firsts of months from 1 January to the day, less one.
CREATE FUNCTION quality.bucket_slot(day date) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN day >= f.monday THEN (day - f.monday) / 7 + 1 ELSE 0 END
         + extract(month FROM day)::integer
         - (SELECT count(*)::integer FROM generate_series(1, extract(month FROM day)::integer) k
            WHERE extract(isodow FROM make_date(extract(year FROM day)::integer, k, 1)) = 1)
         - 1
    FROM (SELECT j + (8 - extract(isodow FROM j)::integer) % 7 AS monday FROM (SELECT make_date(extract(year FROM day)::integer, 1, 1) AS j) y) f
$$;

-- Values put at their 0-based slots (values at one slot add up), zeros between.
CREATE FUNCTION quality.spread(slots integer[], vals bigint[]) RETURNS bigint[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(coalesce(v.total, 0) ORDER BY i), '{}')
    FROM generate_series(0, (SELECT max(s) FROM unnest(slots) s)) i
    LEFT JOIN (SELECT s, sum(x)::bigint AS total FROM unnest(slots, vals) u (s, x) GROUP BY s) v ON v.s = i
$$;

-- Packed as work_year keeps them: int4send of each value, nothing when all are 0.
CREATE FUNCTION quality.pack(vals bigint[]) RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN bool_and(x = 0) THEN '\x'::bytea ELSE coalesce(string_agg(int4send(x::integer), '\x'::bytea ORDER BY n), '\x'::bytea) END
    FROM unnest(vals) WITH ORDINALITY u (x, n)
$$;

CREATE FUNCTION quality.unpack(packed bytea) RETURNS bigint[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(CASE WHEN v >= 2147483648 THEN v - 4294967296 ELSE v END ORDER BY i), '{}')
    FROM (SELECT i, (get_byte(packed, i)::bigint << 24) | (get_byte(packed, i + 1) << 16) | (get_byte(packed, i + 2) << 8) | get_byte(packed, i + 3) AS v
          FROM generate_series(0, length(packed) - 4, 4) i) b
$$;

-- Element by element; the shorter array counts as zeros past its end.
CREATE FUNCTION quality.plus(a bigint[], b bigint[]) RETURNS bigint[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY n), '{}') FROM unnest(a, b) WITH ORDINALITY u (x, y, n)
$$;

-- Work an operator did: records, units and defects that name them. Counts and defects carry no org unit, so they sit in the
-- rows whose org_unit_id is null; records carry the operator's unit on the record.
CREATE TABLE quality.work_year (
    employee_id uuid NOT NULL,
    operation_id uuid,
    line_id uuid,
    org_unit_id uuid,
    year integer NOT NULL,
    records bytea NOT NULL DEFAULT '\x',
    produced bytea NOT NULL DEFAULT '\x',
    reworked bytea NOT NULL DEFAULT '\x',
    defects bytea NOT NULL DEFAULT '\x');
CREATE UNIQUE INDEX work_year_ux ON quality.work_year (employee_id, operation_id, line_id, org_unit_id, year) NULLS NOT DISTINCT;

-- A line's work on an operation, whether or not it named its operator.
CREATE TABLE quality.line_year (
    line_id uuid,
    operation_id uuid,
    named boolean NOT NULL,
    year integer NOT NULL,
    records bigint[] NOT NULL DEFAULT '{}',
    produced bigint[] NOT NULL DEFAULT '{}',
    reworked bigint[] NOT NULL DEFAULT '{}',
    defects bigint[] NOT NULL DEFAULT '{}');
CREATE UNIQUE INDEX line_year_ux ON quality.line_year (line_id, operation_id, named, year) NULLS NOT DISTINCT;

CREATE TYPE quality.work_delta AS (
    employee_id uuid, operation_id uuid, line_id uuid, org_unit_id uuid, day date, records bigint, produced bigint, reworked bigint, defects bigint);

-- Adds what a statement inserted (or, negated, deleted) to both tables. Only the triggers below call it.
CREATE FUNCTION quality.add_work(deltas quality.work_delta[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO quality.work_year AS w (employee_id, operation_id, line_id, org_unit_id, year, records, produced, reworked, defects)
    SELECT employee_id, operation_id, line_id, org_unit_id, year, quality.pack(quality.spread(array_agg(slot), array_agg(records))),
           quality.pack(quality.spread(array_agg(slot), array_agg(produced))), quality.pack(quality.spread(array_agg(slot), array_agg(reworked))),
           quality.pack(quality.spread(array_agg(slot), array_agg(defects)))
    FROM (SELECT d.*, extract(year FROM d.day)::integer AS year, quality.bucket_slot(d.day) AS slot FROM unnest(deltas) d WHERE d.employee_id IS NOT NULL) x
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (employee_id, operation_id, line_id, org_unit_id, year) DO UPDATE SET
        records = quality.pack(quality.plus(quality.unpack(w.records), quality.unpack(EXCLUDED.records))),
        produced = quality.pack(quality.plus(quality.unpack(w.produced), quality.unpack(EXCLUDED.produced))),
        reworked = quality.pack(quality.plus(quality.unpack(w.reworked), quality.unpack(EXCLUDED.reworked))),
        defects = quality.pack(quality.plus(quality.unpack(w.defects), quality.unpack(EXCLUDED.defects)));
    INSERT INTO quality.line_year AS w (line_id, operation_id, named, year, records, produced, reworked, defects)
    SELECT line_id, operation_id, named, year, quality.spread(array_agg(slot), array_agg(records)), quality.spread(array_agg(slot), array_agg(produced)),
           quality.spread(array_agg(slot), array_agg(reworked)), quality.spread(array_agg(slot), array_agg(defects))
    FROM (SELECT d.*, d.employee_id IS NOT NULL AS named, extract(year FROM d.day)::integer AS year, quality.bucket_slot(d.day) AS slot FROM unnest(deltas) d) x
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (line_id, operation_id, named, year) DO UPDATE SET
        records = quality.plus(w.records, EXCLUDED.records), produced = quality.plus(w.produced, EXCLUDED.produced),
        reworked = quality.plus(w.reworked, EXCLUDED.reworked), defects = quality.plus(w.defects, EXCLUDED.defects);
$$;
REVOKE EXECUTE ON FUNCTION quality.add_work(quality.work_delta[]) FROM PUBLIC;

-- Each source table's statement triggers add what a statement inserted and take off what it deleted (an update does both).
-- They run as the tables' owner: the sums are the plant's, whoever's rows the writer may read.
CREATE FUNCTION quality.work_from_records() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM quality.add_work(ARRAY(SELECT ROW(employee_id, operation_id, line_id, org_unit_id, (started_at AT TIME ZONE 'UTC')::date, -1, 0, 0, 0)::quality.work_delta FROM old_rows));
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM quality.add_work(ARRAY(SELECT ROW(employee_id, operation_id, line_id, org_unit_id, (started_at AT TIME ZONE 'UTC')::date, 1, 0, 0, 0)::quality.work_delta FROM new_rows));
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION quality.work_from_counts() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM quality.add_work(ARRAY(SELECT ROW(employee_id, operation_id, line_id, NULL, produced_on, 0, -produced, -reworked, 0)::quality.work_delta FROM old_rows));
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM quality.add_work(ARRAY(SELECT ROW(employee_id, operation_id, line_id, NULL, produced_on, 0, produced, reworked, 0)::quality.work_delta FROM new_rows));
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION quality.work_from_defects() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM quality.add_work(ARRAY(SELECT ROW(employee_id, operation_id, line_id, NULL, found_on, 0, 0, 0, -quantity)::quality.work_delta FROM old_rows));
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM quality.add_work(ARRAY(SELECT ROW(employee_id, operation_id, line_id, NULL, found_on, 0, 0, 0, quantity)::quality.work_delta FROM new_rows));
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE
    source record;
BEGIN
    FOR source IN SELECT * FROM (VALUES ('operation_record', 'work_from_records'), ('production_count', 'work_from_counts'), ('defect', 'work_from_defects')) s (tbl, fn) LOOP
        EXECUTE format('CREATE TRIGGER work_year_insert AFTER INSERT ON quality.%I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION quality.%I()', source.tbl, source.fn);
        EXECUTE format('CREATE TRIGGER work_year_update AFTER UPDATE ON quality.%I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION quality.%I()', source.tbl, source.fn);
        EXECUTE format('CREATE TRIGGER work_year_delete AFTER DELETE ON quality.%I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION quality.%I()', source.tbl, source.fn);
    END LOOP;
END $$;

-- What is already there, summed per bucket first so that each bucket's slot is worked out once.
CREATE TEMP TABLE work_bucket_fill ON COMMIT DROP AS
SELECT employee_id, operation_id, line_id, org_unit_id, bucket, sum(records) AS records, sum(produced) AS produced, sum(reworked) AS reworked, sum(defects) AS defects
FROM (
    SELECT employee_id, operation_id, line_id, org_unit_id, quality.bucket_of((started_at AT TIME ZONE 'UTC')::date) AS bucket, 1 AS records, 0 AS produced, 0 AS reworked, 0 AS defects
    FROM quality.operation_record
    UNION ALL
    SELECT employee_id, operation_id, line_id, NULL, quality.bucket_of(produced_on), 0, produced, reworked, 0 FROM quality.production_count
    UNION ALL
    SELECT employee_id, operation_id, line_id, NULL, quality.bucket_of(found_on), 0, 0, 0, quantity FROM quality.defect) s
GROUP BY 1, 2, 3, 4, 5;
CREATE TEMP TABLE work_bucket_slot ON COMMIT DROP AS
SELECT bucket, extract(year FROM bucket)::integer AS year, quality.bucket_slot(bucket) AS slot FROM (SELECT DISTINCT bucket FROM work_bucket_fill) b;

INSERT INTO quality.work_year (employee_id, operation_id, line_id, org_unit_id, year, records, produced, reworked, defects)
SELECT f.employee_id, f.operation_id, f.line_id, f.org_unit_id, s.year, quality.pack(quality.spread(array_agg(s.slot), array_agg(f.records))),
       quality.pack(quality.spread(array_agg(s.slot), array_agg(f.produced))), quality.pack(quality.spread(array_agg(s.slot), array_agg(f.reworked))),
       quality.pack(quality.spread(array_agg(s.slot), array_agg(f.defects)))
FROM work_bucket_fill f JOIN work_bucket_slot s USING (bucket)
WHERE f.employee_id IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;

INSERT INTO quality.line_year (line_id, operation_id, named, year, records, produced, reworked, defects)
SELECT line_id, operation_id, named, year, quality.spread(array_agg(slot), array_agg(records)), quality.spread(array_agg(slot), array_agg(produced)),
       quality.spread(array_agg(slot), array_agg(reworked)), quality.spread(array_agg(slot), array_agg(defects))
FROM (SELECT f.line_id, f.operation_id, f.employee_id IS NOT NULL AS named, s.year, s.slot,
             sum(f.records)::bigint AS records, sum(f.produced)::bigint AS produced, sum(f.reworked)::bigint AS reworked, sum(f.defects)::bigint AS defects
      FROM work_bucket_fill f JOIN work_bucket_slot s USING (bucket) GROUP BY 1, 2, 3, 4, 5) b
GROUP BY 1, 2, 3, 4;

-- Who worked is a record of people: read as the operation records are.
SELECT platform.scope_reads('quality.work_year', 'EXISTS (SELECT 1 FROM org.employee_v e WHERE e.id = employee_id)');

CREATE VIEW quality.work_year_v WITH (security_invoker = true) AS
    SELECT employee_id, operation_id, line_id, org_unit_id, year, records, produced, reworked, defects FROM quality.work_year;

-- A line's figures whoever worked them (counts and defects are the line's and stay readable, as their tables are), read as
-- the view's owner, so a reader scoped to part of the plant still gets the whole line's rates.
CREATE VIEW quality.line_year_v AS
    SELECT line_id, operation_id, named, year, records, produced, reworked, defects FROM quality.line_year;
