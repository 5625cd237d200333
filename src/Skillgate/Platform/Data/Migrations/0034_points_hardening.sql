-- Points (issue 21), after review: a reversal records what it could not take back, an award cut to nothing is reversed too
-- (so a new completion after a revoked one can pay again), a correction is idempotent on its id, and the functions that run
-- with the owner's rights are callable by the application role only.

ALTER TABLE points.entry ADD COLUMN unrecovered integer CHECK (unrecovered >= 0);

CREATE OR REPLACE FUNCTION points.reverse(p_source_type text, p_source_id uuid, p_at timestamptz, p_day date, p_reason text, p_by text)
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
        WHERE x.source_type = p_source_type AND x.source_id = p_source_id AND x.reverses IS NULL AND x.points >= 0
          AND NOT EXISTS (SELECT 1 FROM points.entry y WHERE y.reverses = x.id)
        ORDER BY x.employee_id, x.occurred_at, x.id
    LOOP
        PERFORM pg_advisory_xact_lock(hashtext('points:' || paid.employee_id::text));
        CONTINUE WHEN EXISTS (SELECT 1 FROM points.entry y WHERE y.reverses = paid.id);
        SELECT coalesce(sum(x.points), 0) INTO balance FROM points.entry x WHERE x.employee_id = paid.employee_id;
        take := least(paid.points, greatest(balance, 0));
        new_id := gen_random_uuid();
        INSERT INTO points.entry (id, employee_id, org_unit_id, points, rule_code, category, source_type, source_id, context_id, pay_key,
                                  reverses, unrecovered, occurred_at, day, reason, recorded_by)
        VALUES (new_id, paid.employee_id, paid.org_unit_id, -take, paid.rule_code, paid.category, paid.source_type, paid.source_id,
                paid.context_id, 'reverse:' || paid.id, paid.id, paid.points - take, p_at, p_day, p_reason, p_by);
        RETURN QUERY SELECT new_id, paid.employee_id, take, paid.points - take;
    END LOOP;
END $$;

-- HR's correction: 'corrected', 'replayed' (this id was already recorded for this person; nothing changed), 'conflict' (the
-- id was used for someone else) or 'negative' (it would take the balance below zero; nothing changed), with the balance after it.
DROP FUNCTION points.correct(uuid, uuid, integer, text, timestamptz, date, text, text);
CREATE FUNCTION points.correct(p_id uuid, p_employee uuid, p_points integer, p_category text, p_at timestamptz, p_day date, p_reason text, p_by text)
RETURNS TABLE (outcome text, balance integer)
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
    IF EXISTS (SELECT 1 FROM points.entry x WHERE x.pay_key = 'correction:' || p_id) THEN
        RETURN QUERY SELECT CASE WHEN EXISTS (SELECT 1 FROM points.entry x WHERE x.pay_key = 'correction:' || p_id AND x.employee_id = p_employee)
                                 THEN 'replayed' ELSE 'conflict' END, held;
        RETURN;
    END IF;
    IF held + p_points < 0 THEN
        RETURN QUERY SELECT 'negative', held;
        RETURN;
    END IF;
    INSERT INTO points.entry (id, employee_id, org_unit_id, points, rule_code, category, source_type, source_id, pay_key, occurred_at, day, reason, recorded_by)
    VALUES (p_id, p_employee, unit, p_points, 'correction', p_category, 'correction', p_id, 'correction:' || p_id, p_at, p_day, p_reason, p_by);
    RETURN QUERY SELECT 'corrected', held + p_points;
END $$;

REVOKE EXECUTE ON FUNCTION points.award(uuid, text, text, uuid, uuid, text, integer, numeric, numeric, timestamptz, date, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION points.reverse(text, uuid, timestamptz, date, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION points.correct(uuid, uuid, integer, text, timestamptz, date, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION points.redeem(uuid, uuid, uuid, timestamptz, date, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION points.reject_redemption(uuid, text, timestamptz, date, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION points.range_for(text, uuid) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION points.earned(uuid, timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION points.award(uuid, text, text, uuid, uuid, text, integer, numeric, numeric, timestamptz, date, text, text) TO skillgate_app;
GRANT EXECUTE ON FUNCTION points.reverse(text, uuid, timestamptz, date, text, text) TO skillgate_app;
GRANT EXECUTE ON FUNCTION points.correct(uuid, uuid, integer, text, timestamptz, date, text, text) TO skillgate_app;
GRANT EXECUTE ON FUNCTION points.redeem(uuid, uuid, uuid, timestamptz, date, text) TO skillgate_app;
GRANT EXECUTE ON FUNCTION points.reject_redemption(uuid, text, timestamptz, date, text) TO skillgate_app;
GRANT EXECUTE ON FUNCTION points.range_for(text, uuid) TO skillgate_app;
GRANT EXECUTE ON FUNCTION points.earned(uuid, timestamptz, integer) TO skillgate_app;
