-- Points (issue 21, ADR 0018): an append-only ledger in which one source record pays a rule once, rules per org unit and
-- position with the points article's values as defaults, and the monthly boards read from that month's entries only.

CREATE SCHEMA points;

-- What a rule pays. The default rule of a code has neither unit nor position; a rule for a unit applies to everyone within it,
-- one for a position to its holders, and the most specific one wins (position first, then the deepest unit).
-- class_hours: points per class hour (a course's own points value, when it has one, replaces hours × rate);
-- exam: the tiers on the first passing attempt; interaction, note, skill_applied: the awarder chooses within min..max.
CREATE TABLE points.rule (
    id uuid PRIMARY KEY,
    code text NOT NULL CHECK (code IN ('class_hours', 'interaction', 'note', 'exam', 'practical', 'skill_applied')),
    org_unit_id uuid REFERENCES org.org_unit (id),
    position_id uuid REFERENCES org.position (id),
    points integer NOT NULL CHECK (points BETWEEN 0 AND 10000),
    min_points integer NOT NULL CHECK (min_points >= 0),
    max_points integer NOT NULL CHECK (max_points <= 10000),
    tiers jsonb,
    daily_cap integer CHECK (daily_cap > 0),
    monthly_cap integer CHECK (monthly_cap > 0),
    session_cap integer CHECK (session_cap > 0),
    active boolean NOT NULL DEFAULT true,
    updated_at timestamptz NOT NULL,
    updated_by text NOT NULL,
    CHECK (min_points <= points AND points <= max_points),
    CHECK ((code = 'exam') = (tiers IS NOT NULL)));
CREATE UNIQUE INDEX rule_scope_ux ON points.rule (code, coalesce(org_unit_id, '00000000-0000-0000-0000-000000000000'),
    coalesce(position_id, '00000000-0000-0000-0000-000000000000'));

INSERT INTO points.rule (id, code, points, min_points, max_points, tiers, daily_cap, monthly_cap, session_cap, updated_at, updated_by) VALUES
    ('0193a000-0000-7000-8000-000000000501', 'class_hours', 5, 5, 10, NULL, 100, NULL, NULL, '2026-01-01T00:00:00Z', 'system'),
    ('0193a000-0000-7000-8000-000000000502', 'interaction', 2, 2, 3, NULL, NULL, NULL, 9, '2026-01-01T00:00:00Z', 'system'),
    ('0193a000-0000-7000-8000-000000000503', 'note', 10, 10, 15, NULL, 30, 60, NULL, '2026-01-01T00:00:00Z', 'system'),
    ('0193a000-0000-7000-8000-000000000504', 'exam', 20, 0, 20,
     '[{"min": 100, "points": 20}, {"min": 90, "points": 15}, {"min": 80, "points": 10}]', NULL, NULL, NULL, '2026-01-01T00:00:00Z', 'system'),
    ('0193a000-0000-7000-8000-000000000505', 'practical', 30, 30, 30, NULL, NULL, NULL, NULL, '2026-01-01T00:00:00Z', 'system'),
    ('0193a000-0000-7000-8000-000000000506', 'skill_applied', 50, 50, 100, NULL, NULL, 200, NULL, '2026-01-01T00:00:00Z', 'system');

-- The ledger. A balance is the sum of a person's entries; nothing is changed or removed, a reversal or correction is a new
-- entry. pay_key names what an entry pays for (a completion of a course revision, a course's first passed exam, a reversal of
-- an entry), and is unique: a replayed, resubmitted or retried event finds its key taken and pays nothing. The unit is the
-- person's at the time, so a month's board stays what it was when people move.
CREATE TABLE points.entry (
    id uuid PRIMARY KEY,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    org_unit_id uuid NOT NULL,
    points integer NOT NULL,
    rule_code text NOT NULL,
    category text NOT NULL CHECK (category IN ('participation', 'results', 'growth', 'store')),
    source_type text NOT NULL,
    source_id uuid NOT NULL,
    context_id uuid,
    pay_key text NOT NULL,
    reverses uuid REFERENCES points.entry (id),
    occurred_at timestamptz NOT NULL,
    day date NOT NULL,
    month date GENERATED ALWAYS AS (date_trunc('month', day::timestamp)::date) STORED,
    reason text NOT NULL,
    recorded_by text NOT NULL);
CREATE UNIQUE INDEX entry_pay_key_ux ON points.entry (pay_key);
CREATE INDEX entry_person_ix ON points.entry (employee_id, day);
CREATE INDEX entry_source_ix ON points.entry (source_type, source_id);

CREATE FUNCTION points.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'check_violation';
END $$;
CREATE TRIGGER entry_append_only BEFORE UPDATE OR DELETE ON points.entry FOR EACH ROW EXECUTE FUNCTION points.refuse_change();

-- A person sees their own entries; a manager those earned in the units of their scope.
SELECT platform.scope_reads('points.entry',
    'org_unit_id = ANY ((SELECT org.scope_units())::uuid[]) OR employee_id = (SELECT org.scope_self())');

-- A month's totals per person, unit and category, kept by the ledger's inserts in the same statement: a board or a dashboard
-- sums at most one row per person and category instead of every entry of the month. Entries are never changed or removed,
-- so adding is all there is to keep.
CREATE TABLE points.month_total (
    month date NOT NULL,
    org_unit_id uuid NOT NULL,
    employee_id uuid NOT NULL,
    category text NOT NULL,
    points integer NOT NULL,
    PRIMARY KEY (month, org_unit_id, employee_id, category));

CREATE FUNCTION points.add_to_month_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO points.month_total AS t (month, org_unit_id, employee_id, category, points)
    SELECT a.month, a.org_unit_id, a.employee_id, a.category, sum(a.points) FROM added a GROUP BY a.month, a.org_unit_id, a.employee_id, a.category
    ON CONFLICT (month, org_unit_id, employee_id, category) DO UPDATE SET points = t.points + EXCLUDED.points;
    RETURN NULL;
END $$;
CREATE TRIGGER entry_month_totals AFTER INSERT ON points.entry REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION points.add_to_month_totals();

SELECT platform.scope_reads('points.month_total',
    'org_unit_id = ANY ((SELECT org.scope_units())::uuid[]) OR employee_id = (SELECT org.scope_self())');

CREATE FUNCTION points.category(code text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE code WHEN 'class_hours' THEN 'participation' WHEN 'interaction' THEN 'participation' WHEN 'note' THEN 'participation'
                     WHEN 'exam' THEN 'results' WHEN 'practical' THEN 'results' WHEN 'skill_applied' THEN 'growth' END
$$;

-- The rule that applies to a person for a code: their position's, else their deepest unit's, else the default.
CREATE FUNCTION points.rule_for(p_code text, p_unit uuid, p_position uuid) RETURNS points.rule LANGUAGE sql STABLE AS $$
    SELECT r.* FROM points.rule r LEFT JOIN org.org_unit_v u ON u.id = r.org_unit_id
    WHERE r.code = p_code AND r.active
      AND (r.position_id IS NULL OR r.position_id = p_position)
      AND (r.org_unit_id IS NULL OR org.unit_within(p_unit, r.org_unit_id))
    ORDER BY (r.position_id IS NOT NULL) DESC, u.depth DESC NULLS LAST
    LIMIT 1
$$;

-- The key a new award of this base key takes for this source: the base, or — once every earlier award under it was reversed
-- and came from another source (a revoked completion followed by a new one) — the next free one. A source already paid
-- under the key, reversed or not, gets none: replaying a revoked result does not pay it again.
CREATE FUNCTION points.open_key(p_base text, p_source uuid) RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    n integer := 1;
    k text := p_base;
    paid points.entry;
BEGIN
    LOOP
        SELECT * INTO paid FROM points.entry WHERE pay_key = k;
        IF paid.id IS NULL THEN
            RETURN k;
        END IF;
        IF paid.source_id = p_source OR NOT EXISTS (SELECT 1 FROM points.entry WHERE reverses = paid.id) THEN
            RETURN NULL;
        END IF;
        n := n + 1;
        k := p_base || '#' || n;
    END LOOP;
END $$;

-- Pays a rule for a source record, once. The person's awards are serialised (so caps and balances are read with every earlier
-- award counted); a key already taken pays nothing; caps per day and month (and an interaction's per session) cut the award,
-- and an award cut to nothing is still recorded so the source stays paid. Runs with the owner's rights: a person's unit and
-- position are read whoever triggered the award (an instructor closing a session outside their scope). Returns the entry,
-- or nothing when the key was taken, the person is unknown or no rule applies.
CREATE FUNCTION points.award(
    p_employee uuid, p_code text, p_source_type text, p_source_id uuid, p_context uuid, p_key text,
    p_points integer, p_hours numeric, p_percent numeric, p_at timestamptz, p_day date, p_reason text, p_by text)
RETURNS TABLE (entry_id uuid, awarded integer, asked integer, capped boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    person record;
    r points.rule;
    pay text;
    base integer;
    room integer;
    granted integer;
    new_id uuid := gen_random_uuid();
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('points:' || p_employee::text));
    pay := points.open_key(p_key, p_source_id);
    IF pay IS NULL THEN
        RETURN;
    END IF;
    SELECT e.org_unit_id, e.position_id INTO person FROM org.employee_v e WHERE e.id = p_employee;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    r := points.rule_for(p_code, person.org_unit_id, person.position_id);
    IF r.id IS NULL THEN
        RETURN;
    END IF;
    base := CASE p_code
        WHEN 'class_hours' THEN coalesce(nullif(p_points, 0), round(r.points * coalesce(p_hours, 0))::integer)
        WHEN 'exam' THEN coalesce((SELECT t.points FROM jsonb_to_recordset(r.tiers) AS t(min numeric, points integer)
                                   WHERE p_percent >= t.min ORDER BY t.min DESC LIMIT 1), 0)
        WHEN 'practical' THEN r.points
        ELSE coalesce(p_points, r.points) END;
    IF p_code IN ('interaction', 'note', 'skill_applied') AND (base < r.min_points OR base > r.max_points) THEN
        RAISE EXCEPTION 'points % outside % .. %', base, r.min_points, r.max_points USING ERRCODE = 'check_violation';
    END IF;
    granted := base;
    IF r.daily_cap IS NOT NULL THEN
        SELECT r.daily_cap - coalesce(sum(x.points), 0) INTO room FROM points.entry x
        WHERE x.employee_id = p_employee AND x.rule_code = p_code AND x.day = p_day;
        granted := least(granted, greatest(room, 0));
    END IF;
    IF r.monthly_cap IS NOT NULL THEN
        SELECT r.monthly_cap - coalesce(sum(x.points), 0) INTO room FROM points.entry x
        WHERE x.employee_id = p_employee AND x.rule_code = p_code AND x.month = date_trunc('month', p_day::timestamp)::date;
        granted := least(granted, greatest(room, 0));
    END IF;
    IF r.session_cap IS NOT NULL AND p_context IS NOT NULL THEN
        SELECT r.session_cap - coalesce(sum(x.points), 0) INTO room FROM points.entry x
        WHERE x.employee_id = p_employee AND x.rule_code = p_code AND x.context_id = p_context;
        granted := least(granted, greatest(room, 0));
    END IF;
    INSERT INTO points.entry (id, employee_id, org_unit_id, points, rule_code, category, source_type, source_id, context_id, pay_key,
                              occurred_at, day, reason, recorded_by)
    VALUES (new_id, p_employee, person.org_unit_id, granted, p_code, points.category(p_code), p_source_type, p_source_id, p_context, pay,
            p_at, p_day, p_reason, p_by);
    RETURN QUERY SELECT new_id, granted, base, granted < base;
END $$;

-- Takes back what a source record paid (a revoked completion), once per entry, never below a zero balance: what was already
-- spent in the store stays spent, and the entry says how much could not be taken back.
CREATE FUNCTION points.reverse(p_source_type text, p_source_id uuid, p_at timestamptz, p_day date, p_reason text, p_by text)
RETURNS TABLE (entry_id uuid, employee_id uuid, reversed integer, unrecovered integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    paid record;
    balance integer;
    take integer;
    new_id uuid;
BEGIN
    FOR paid IN
        SELECT x.* FROM points.entry x
        WHERE x.source_type = p_source_type AND x.source_id = p_source_id AND x.reverses IS NULL AND x.points > 0
          AND NOT EXISTS (SELECT 1 FROM points.entry y WHERE y.reverses = x.id)
        ORDER BY x.occurred_at, x.id
    LOOP
        PERFORM pg_advisory_xact_lock(hashtext('points:' || paid.employee_id::text));
        CONTINUE WHEN EXISTS (SELECT 1 FROM points.entry y WHERE y.reverses = paid.id);
        SELECT coalesce(sum(x.points), 0) INTO balance FROM points.entry x WHERE x.employee_id = paid.employee_id;
        take := least(paid.points, greatest(balance, 0));
        new_id := gen_random_uuid();
        INSERT INTO points.entry (id, employee_id, org_unit_id, points, rule_code, category, source_type, source_id, context_id, pay_key,
                                  reverses, occurred_at, day, reason, recorded_by)
        VALUES (new_id, paid.employee_id, paid.org_unit_id, -take, paid.rule_code, paid.category, paid.source_type, paid.source_id,
                paid.context_id, 'reverse:' || paid.id, paid.id, p_at, p_day, p_reason, p_by);
        RETURN QUERY SELECT new_id, paid.employee_id, take, paid.points - take;
    END LOOP;
END $$;

-- HR's correction: a new entry for a category, refused when it would take the balance below zero.
CREATE FUNCTION points.correct(p_id uuid, p_employee uuid, p_points integer, p_category text, p_at timestamptz, p_day date, p_reason text, p_by text)
RETURNS TABLE (corrected boolean, balance integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    unit uuid;
    held integer;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('points:' || p_employee::text));
    SELECT e.org_unit_id INTO unit FROM org.employee_v e WHERE e.id = p_employee;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown employee' USING ERRCODE = 'no_data_found';
    END IF;
    SELECT coalesce(sum(x.points), 0) INTO held FROM points.entry x WHERE x.employee_id = p_employee;
    IF held + p_points < 0 THEN
        RETURN QUERY SELECT false, held;
        RETURN;
    END IF;
    INSERT INTO points.entry (id, employee_id, org_unit_id, points, rule_code, category, source_type, source_id, pay_key, occurred_at, day, reason, recorded_by)
    VALUES (p_id, p_employee, unit, p_points, 'correction', p_category, 'correction', p_id, 'correction:' || p_id, p_at, p_day, p_reason, p_by);
    RETURN QUERY SELECT true, held + p_points;
END $$;
