-- Issue 27: every node forgets the zones it remembers (PlantTime) as soon as any writer — a page, the Excel import, SQL —
-- changes a unit's zone or the tree's shape; the notification is sent when the change commits.
CREATE FUNCTION org.announce_zone_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('skillgate_plant_time', '');
    RETURN NULL;
END $$;

CREATE TRIGGER org_unit_zone_changed
    AFTER INSERT OR DELETE OR UPDATE OF parent_id, path, time_zone ON org.org_unit
    FOR EACH STATEMENT EXECUTE FUNCTION org.announce_zone_change();
