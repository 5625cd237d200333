-- Since 0054 the TRUNCATE trigger was the last user of audit.refuse_change(), whose update branch no trigger reached any more:
-- it refuses with audit.refuse() like the other three, and the old function goes.
DROP TRIGGER event_no_truncate ON audit.event;
CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON audit.event
    FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse();
DROP FUNCTION audit.refuse_change();
