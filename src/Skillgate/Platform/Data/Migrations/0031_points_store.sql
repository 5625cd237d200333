-- The points store (issue 21, ADR 0018): items with price, stock, a per-person limit and the units they are offered to;
-- a redemption reserves the points at once (an entry of the ledger), is approved by HR or the department head and then
-- fulfilled, or rejected with the points released (a second entry) and the stock restored.

CREATE TABLE points.item (
    id uuid PRIMARY KEY,
    code text NOT NULL,
    name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('paid_leave', 'certification_subsidy', 'health_check', 'shopping_card', 'other')),
    price integer NOT NULL CHECK (price BETWEEN 1 AND 100000),
    stock integer NOT NULL CHECK (stock >= 0),
    per_person_limit integer CHECK (per_person_limit > 0),
    org_unit_ids uuid[] NOT NULL DEFAULT '{}',
    active boolean NOT NULL DEFAULT true,
    updated_at timestamptz NOT NULL,
    updated_by text NOT NULL);
CREATE UNIQUE INDEX item_code_ux ON points.item (lower(code));

CREATE TABLE points.redemption (
    id uuid PRIMARY KEY,
    item_id uuid NOT NULL REFERENCES points.item (id),
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    org_unit_id uuid NOT NULL,
    price integer NOT NULL,
    status text NOT NULL CHECK (status IN ('reserved', 'approved', 'fulfilled', 'rejected')),
    requested_at timestamptz NOT NULL,
    requested_by text NOT NULL,
    decided_at timestamptz,
    decided_by text,
    fulfilled_at timestamptz,
    fulfilled_by text,
    note text);
CREATE INDEX redemption_person_ix ON points.redemption (employee_id, item_id);
CREATE INDEX redemption_open_ix ON points.redemption (status, requested_at) WHERE status IN ('reserved', 'approved');

SELECT platform.scope_reads('points.redemption',
    'org_unit_id = ANY ((SELECT org.scope_units())::uuid[]) OR employee_id = (SELECT org.scope_self())');

-- Reserves an item for a person. The item's row is locked first (so its stock is counted once), then the person (so their
-- balance and limit are): 'no_stock', 'limit', 'balance' or 'unavailable' refuse; 'reserved' wrote the redemption, its
-- ledger entry (−price) and the stock; 'replayed' means this redemption was already recorded and nothing changed. The
-- caller has checked that the person may redeem.
CREATE FUNCTION points.redeem(p_id uuid, p_item uuid, p_employee uuid, p_at timestamptz, p_day date, p_by text)
RETURNS TABLE (outcome text, balance integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    it points.item;
    unit uuid;
    held integer;
    taken integer;
BEGIN
    SELECT * INTO it FROM points.item i WHERE i.id = p_item FOR UPDATE;
    IF EXISTS (SELECT 1 FROM points.redemption r WHERE r.id = p_id) THEN
        RETURN QUERY SELECT 'replayed', NULL::integer;
        RETURN;
    END IF;
    IF it.id IS NULL OR NOT it.active THEN
        RETURN QUERY SELECT 'unavailable', NULL::integer;
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('points:' || p_employee::text));
    SELECT e.org_unit_id INTO unit FROM org.employee_v e WHERE e.id = p_employee;
    IF unit IS NULL OR (cardinality(it.org_unit_ids) > 0 AND NOT EXISTS (
            SELECT 1 FROM unnest(it.org_unit_ids) AS u(id) WHERE org.unit_within(unit, u.id))) THEN
        RETURN QUERY SELECT 'unavailable', NULL::integer;
        RETURN;
    END IF;
    SELECT coalesce(sum(x.points), 0) INTO held FROM points.entry x WHERE x.employee_id = p_employee;
    IF it.stock < 1 THEN
        RETURN QUERY SELECT 'no_stock', held;
        RETURN;
    END IF;
    IF it.per_person_limit IS NOT NULL THEN
        SELECT count(*) INTO taken FROM points.redemption r WHERE r.item_id = p_item AND r.employee_id = p_employee AND r.status <> 'rejected';
        IF taken >= it.per_person_limit THEN
            RETURN QUERY SELECT 'limit', held;
            RETURN;
        END IF;
    END IF;
    IF held < it.price THEN
        RETURN QUERY SELECT 'balance', held;
        RETURN;
    END IF;
    INSERT INTO points.redemption (id, item_id, employee_id, org_unit_id, price, status, requested_at, requested_by)
    VALUES (p_id, p_item, p_employee, unit, it.price, 'reserved', p_at, p_by);
    INSERT INTO points.entry (id, employee_id, org_unit_id, points, rule_code, category, source_type, source_id, pay_key, occurred_at, day, reason, recorded_by)
    VALUES (gen_random_uuid(), p_employee, unit, -it.price, 'store', 'store', 'redemption', p_id, 'redeem:' || p_id, p_at, p_day, it.code || ' ' || it.name, p_by);
    UPDATE points.item SET stock = stock - 1 WHERE id = p_item;
    RETURN QUERY SELECT 'reserved', held - it.price;
END $$;

-- Rejects a redemption still reserved or approved: the points come back (once — the key is the redemption's) and so does the
-- stock. Returns 'rejected', or 'was_' and the status it already had (nothing changed).
CREATE FUNCTION points.reject_redemption(p_id uuid, p_note text, p_at timestamptz, p_day date, p_by text)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    r points.redemption;
BEGIN
    SELECT * INTO r FROM points.redemption x WHERE x.id = p_id;
    IF NOT FOUND THEN
        RETURN 'unknown';
    END IF;
    PERFORM 1 FROM points.item i WHERE i.id = r.item_id FOR UPDATE;
    PERFORM pg_advisory_xact_lock(hashtext('points:' || r.employee_id::text));
    SELECT * INTO r FROM points.redemption x WHERE x.id = p_id FOR UPDATE;
    IF r.status NOT IN ('reserved', 'approved') THEN
        RETURN 'was_' || r.status;
    END IF;
    UPDATE points.redemption SET status = 'rejected', decided_at = p_at, decided_by = p_by, note = p_note WHERE id = p_id;
    INSERT INTO points.entry (id, employee_id, org_unit_id, points, rule_code, category, source_type, source_id, pay_key, occurred_at, day, reason, recorded_by)
    VALUES (gen_random_uuid(), r.employee_id, r.org_unit_id, r.price, 'store', 'store', 'redemption', p_id, 'release:' || p_id, p_at, p_day, p_note, p_by);
    UPDATE points.item SET stock = stock + 1 WHERE id = r.item_id;
    RETURN 'rejected';
END $$;
