-- The audit sequencer's cost per row (issue 26): during a check-in burst it took a tenth of all CPU, most of it not in the
-- chain itself. The hash rule and what is refused stay exactly as they were (ADR 0004).
--
-- 1. The hash functions were declared IMMUTABLE around STABLE built-ins (concat_ws, to_char), so PostgreSQL would not inline
--    them and ran each call through the SQL-function executor, planning its body again and again. STABLE is what they are;
--    declared so, they are inlined into the sequencer's queries and expressions.
ALTER FUNCTION audit.event_leaf(audit.event) STABLE;
ALTER FUNCTION audit.link_hash(bigint, text, text) STABLE;
ALTER FUNCTION audit.event_hash(audit.event) STABLE;

-- 2. Every placement ran a PL/pgSQL trigger comparing the row's content, JSON and all, with itself. The same rule, split so that
--    PostgreSQL decides it without calling PL/pgSQL for the sequencer's own update: an update naming any content column is
--    refused outright, and any update at all is refused unless it gives a row without a place its place. The sequencer names
--    only the placement columns and places only unplaced rows, so neither trigger fires for it.
CREATE FUNCTION audit.refuse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit records are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

DROP TRIGGER event_append_only ON audit.event;
CREATE TRIGGER event_content_fixed BEFORE UPDATE OF id, appended, appended_at, occurred_at, actor_id, actor_name, action, entity_type, entity_id, before, after
    ON audit.event FOR EACH ROW EXECUTE FUNCTION audit.refuse();
CREATE TRIGGER event_placed_once BEFORE UPDATE ON audit.event
    FOR EACH ROW WHEN (OLD.seq IS NOT NULL OR NEW.seq IS NULL) EXECUTE FUNCTION audit.refuse();
CREATE TRIGGER event_kept BEFORE DELETE ON audit.event
    FOR EACH ROW EXECUTE FUNCTION audit.refuse();
