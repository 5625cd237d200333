-- The audit trail without a lock held to commit, append-only for the application (ADR 0004).
--
-- Writers only append: a row arrives with its content, an `appended` number and the database's clock, and no chain
-- position. A sequencer (audit.sequence, one at a time across nodes) later gives committed rows their chain position
-- (`seq`, contiguous from 1), the previous row's hash and their own. The hash rule from here on:
--   leaf = sha256(id | occurred_at | actor_id | actor_name | action | entity_type | entity_id | before | after)
--   hash = sha256(seq | prev_hash | leaf)                     (prev_hash of position 1 is 'genesis')
-- so a record's proof needs only the later records' positions and leaves, not their content.

DROP TRIGGER event_chain ON audit.event;
DROP FUNCTION audit.chain_event();

ALTER TABLE audit.event
    ADD COLUMN appended bigint,
    ADD COLUMN appended_at timestamptz,
    ADD COLUMN chained_at timestamptz,
    ALTER COLUMN seq DROP NOT NULL,
    ALTER COLUMN prev_hash DROP NOT NULL,
    ALTER COLUMN hash DROP NOT NULL;

CREATE FUNCTION audit.event_leaf(e audit.event) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(concat_ws('|',
        e.id,
        to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
        coalesce(e.actor_id::text, ''), e.actor_name, e.action, e.entity_type, e.entity_id,
        coalesce(e.before::text, ''), coalesce(e.after::text, '')), 'UTF8')), 'hex')
$$;

CREATE FUNCTION audit.link_hash(seq bigint, prev_hash text, leaf text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(concat_ws('|', seq, prev_hash, leaf), 'UTF8')), 'hex')
$$;

CREATE OR REPLACE FUNCTION audit.event_hash(e audit.event) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT audit.link_hash(e.seq, e.prev_hash, audit.event_leaf(e))
$$;

-- Re-seal the rows written under the old rule, only if they still hold under it: a broken chain is not laundered.
DO $$
DECLARE
    r record;
    prev text := 'genesis';
    expected bigint := 1;
BEGIN
    FOR r IN SELECT e.seq, e.prev_hash, e.hash, encode(sha256(convert_to(concat_ws('|',
                 e.seq, e.prev_hash, e.id, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
                 coalesce(e.actor_id::text, ''), e.actor_name, e.action, e.entity_type, e.entity_id,
                 coalesce(e.before::text, ''), coalesce(e.after::text, '')), 'UTF8')), 'hex') AS old_rule
             FROM audit.event e ORDER BY e.seq LOOP
        IF r.prev_hash <> prev OR r.hash <> r.old_rule THEN
            RAISE EXCEPTION 'The audit chain is broken at seq % (see Skillgate verify-audit); it is not re-sealed under the new rule', r.seq;
        END IF;
        prev := r.hash;
    END LOOP;

    prev := 'genesis';
    FOR r IN SELECT e.id, audit.event_leaf(e) AS leaf FROM audit.event e ORDER BY e.seq LOOP
        UPDATE audit.event SET seq = expected, prev_hash = prev, hash = audit.link_hash(expected, prev, r.leaf),
               appended = expected, appended_at = occurred_at, chained_at = occurred_at
        WHERE id = r.id;
        prev := audit.link_hash(expected, prev, r.leaf);
        expected := expected + 1;
    END LOOP;
    PERFORM setval('audit.event_seq', greatest(expected - 1, 1), expected > 1);
END $$;

ALTER TABLE audit.event
    ALTER COLUMN appended SET DEFAULT nextval('audit.event_seq'),
    ALTER COLUMN appended SET NOT NULL,
    ALTER COLUMN appended_at SET DEFAULT clock_timestamp(),
    ALTER COLUMN appended_at SET NOT NULL,
    ADD CONSTRAINT event_chained_whole CHECK ((seq IS NULL) = (hash IS NULL) AND (seq IS NULL) = (prev_hash IS NULL) AND (seq IS NULL) = (chained_at IS NULL));
CREATE UNIQUE INDEX event_appended_ux ON audit.event (appended);
CREATE INDEX event_unchained_ix ON audit.event (appended) WHERE seq IS NULL;
DROP INDEX audit.event_entity_ix;
CREATE INDEX event_entity_ix ON audit.event (entity_type, entity_id, appended);

-- Chained rows never change and no row is removed, whoever asks (a superuser can still switch triggers off: the signed
-- checkpoints outside the database are what detects that). The one update allowed gives an unchained row its place.
CREATE FUNCTION audit.refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND NEW.seq IS NOT NULL
       AND (NEW.id, NEW.appended, NEW.appended_at, NEW.occurred_at, NEW.actor_id, NEW.actor_name, NEW.action, NEW.entity_type, NEW.entity_id)
           IS NOT DISTINCT FROM (OLD.id, OLD.appended, OLD.appended_at, OLD.occurred_at, OLD.actor_id, OLD.actor_name, OLD.action, OLD.entity_type, OLD.entity_id)
       AND NEW.before IS NOT DISTINCT FROM OLD.before AND NEW.after IS NOT DISTINCT FROM OLD.after THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit records are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON audit.event
    FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON audit.event
    FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();

-- The sequencer: one caller at a time (others get -1 at once), committed rows in the order they were appended. A row of a
-- transaction still running is invisible here and waits for a later pass; it is never overtaken for good, because positions
-- are given in the order rows become visible, not in appended order.
CREATE FUNCTION audit.sequence(max_rows integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, audit AS $$
DECLARE
    head_seq bigint;
    prev text;
    ids uuid[];
    leaves text[];
    seqs bigint[];
    prevs text[];
    hashes text[];
    n integer;
BEGIN
    IF NOT pg_try_advisory_xact_lock(7235002) THEN
        RETURN -1;
    END IF;

    SELECT e.seq, e.hash INTO head_seq, prev FROM audit.event e WHERE e.seq IS NOT NULL ORDER BY e.seq DESC LIMIT 1;
    SELECT array_agg(x.id ORDER BY x.appended), array_agg(x.leaf ORDER BY x.appended) INTO ids, leaves
    FROM (SELECT e.id, e.appended, audit.event_leaf(e) AS leaf FROM audit.event e WHERE e.seq IS NULL ORDER BY e.appended LIMIT max_rows) x;
    n := coalesce(array_length(ids, 1), 0);
    IF n = 0 THEN
        RETURN 0;
    END IF;

    head_seq := coalesce(head_seq, 0);
    prev := coalesce(prev, 'genesis');
    seqs := array_fill(0::bigint, ARRAY[n]);
    prevs := array_fill(''::text, ARRAY[n]);
    hashes := array_fill(''::text, ARRAY[n]);
    FOR i IN 1..n LOOP
        seqs[i] := head_seq + i;
        prevs[i] := prev;
        prev := audit.link_hash(head_seq + i, prev, leaves[i]);
        hashes[i] := prev;
    END LOOP;

    -- One statement places the whole batch.
    UPDATE audit.event e SET seq = u.seq, prev_hash = u.prev_hash, hash = u.hash, chained_at = clock_timestamp()
    FROM unnest(ids, seqs, prevs, hashes) AS u(id, seq, prev_hash, hash)
    WHERE e.id = u.id;
    RETURN n;
END
$$;
REVOKE EXECUTE ON FUNCTION audit.sequence(integer) FROM PUBLIC;

-- Imports refresh the statistics of the tables they fill; only the owner may analyze them.
CREATE FUNCTION org.analyze_people() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, org AS $$
BEGIN
    ANALYZE org.employee;
    ANALYZE org.employee_event;
END
$$;
REVOKE EXECUTE ON FUNCTION org.analyze_people() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION org.analyze_people() TO skillgate_app;

-- The application role appends audit rows (their content only) and reads them; it cannot change, remove or place them.
CREATE OR REPLACE FUNCTION platform.grant_app_role() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    s text;
BEGIN
    FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\_%' AND nspname <> 'information_schema' LOOP
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO skillgate_app', s);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO skillgate_app', s);
        EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO skillgate_app', s);
    END LOOP;
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit.event FROM skillgate_app;
    GRANT INSERT (id, occurred_at, actor_id, actor_name, action, entity_type, entity_id, before, after) ON audit.event TO skillgate_app;
    REVOKE UPDATE ON SEQUENCE audit.event_seq FROM skillgate_app;
    GRANT EXECUTE ON FUNCTION audit.sequence(integer) TO skillgate_app;
END $$;
