-- Plant time (ADR 0023): an org unit may name its IANA time zone; a unit without one takes its nearest ancestor's, and every
-- root has one. Existing roots start in Asia/Shanghai (where the old offset settings pointed elsewhere: ADR 0023).
ALTER TABLE org.org_unit ADD COLUMN time_zone text;
UPDATE org.org_unit SET time_zone = 'Asia/Shanghai' WHERE parent_id IS NULL;
ALTER TABLE org.org_unit ADD CONSTRAINT org_unit_root_has_zone CHECK (parent_id IS NOT NULL OR time_zone IS NOT NULL);

-- Every unit's effective zone: its own, else its nearest ancestor's.
CREATE VIEW org.unit_zone_v WITH (security_invoker = true) AS
    SELECT u.id AS unit_id, z.time_zone
    FROM org.org_unit u
    CROSS JOIN LATERAL (SELECT a.time_zone FROM org.org_unit a
                        WHERE u.path LIKE a.path || '%' AND a.time_zone IS NOT NULL
                        ORDER BY length(a.path) DESC LIMIT 1) z;

-- Whatever writes the tree (the pages, the Excel import, the demo), a new top unit takes the group's zone and a unit that
-- becomes a top unit keeps the zone it had; the check above refuses any other way of leaving a top unit without one.
CREATE FUNCTION org.top_unit_keeps_a_zone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.parent_id IS NULL AND NEW.time_zone IS NULL THEN
        IF TG_OP = 'INSERT' THEN
            NEW.time_zone := coalesce((SELECT time_zone FROM org.org_unit WHERE parent_id IS NULL ORDER BY sort, code LIMIT 1), 'Asia/Shanghai');
        ELSIF OLD.parent_id IS NOT NULL THEN
            NEW.time_zone := (SELECT a.time_zone FROM org.org_unit a
                              WHERE OLD.path LIKE a.path || '%' AND a.id <> OLD.id AND a.time_zone IS NOT NULL
                              ORDER BY length(a.path) DESC LIMIT 1);
        END IF;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER org_unit_top_zone BEFORE INSERT OR UPDATE OF parent_id ON org.org_unit
    FOR EACH ROW EXECUTE FUNCTION org.top_unit_keeps_a_zone();
