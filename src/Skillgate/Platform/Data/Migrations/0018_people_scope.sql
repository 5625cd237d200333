-- The data scope by construction (ADR 0006). Application requests run as the role skillgate_app, which PostgreSQL's
-- row-level security binds: people (org.employee), their records (every table keyed by employee_id) and training sessions
-- are read only within the caller's scope, set on each connection by the application (SqlScope) in three settings:
--   skillgate.scope_all   'true' for a caller who sees everything (and for background work)
--   skillgate.scope_units the org units the caller may see, as a uuid array literal (org.units_in_scope of their roots)
--   skillgate.scope_self  the caller's own employee id: everyone sees themselves
-- Unset settings see no one, so a query run without a scope returns no people rather than everyone's.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'skillgate_app') THEN
        CREATE ROLE skillgate_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END $$;

DO $$
BEGIN
    EXECUTE format('GRANT skillgate_app TO %I', current_user);
EXCEPTION WHEN duplicate_object OR invalid_grant_operation THEN
    NULL;
END $$;

-- The one definition of an org subtree: a unit's path starts with its ancestor's path.
CREATE FUNCTION org.units_in_scope(roots uuid[]) RETURNS SETOF uuid LANGUAGE sql STABLE AS $$
    SELECT u.id FROM org.org_unit u WHERE EXISTS (SELECT 1 FROM org.org_unit r WHERE r.id = ANY (roots) AND u.path LIKE r.path || '%')
$$;

CREATE FUNCTION org.scope_all() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('skillgate.scope_all', true), '') = 'true'
$$;

CREATE FUNCTION org.scope_units() RETURNS uuid[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('skillgate.scope_units', true), '')::uuid[], '{}'::uuid[])
$$;

CREATE FUNCTION org.scope_self() RETURNS uuid LANGUAGE sql STABLE AS $$
    SELECT nullif(current_setting('skillgate.scope_self', true), '')::uuid
$$;

-- Writes are decided by the handlers (which check scope and give a 400/404); row security governs what is read.
CREATE FUNCTION platform.scope_reads(tbl regclass, visible text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    EXECUTE format('CREATE POLICY scope_read ON %s FOR SELECT USING ((SELECT org.scope_all()) OR %s)', tbl, visible);
    EXECUTE format('CREATE POLICY scope_insert ON %s FOR INSERT WITH CHECK (true)', tbl);
    EXECUTE format('CREATE POLICY scope_update ON %s FOR UPDATE USING (true)', tbl);
    EXECUTE format('CREATE POLICY scope_delete ON %s FOR DELETE USING (true)', tbl);
END $$;

SELECT platform.scope_reads('org.employee', 'org_unit_id = ANY ((SELECT org.scope_units())::uuid[]) OR id = (SELECT org.scope_self())');

SELECT platform.scope_reads(t::regclass, 'EXISTS (SELECT 1 FROM org.employee e WHERE e.id = employee_id)')
FROM unnest(ARRAY[
    'org.employee_event', 'competence.acknowledgement', 'competence.completion', 'competence.operation_assignment', 'competence.override',
    'competence.qualification', 'competence.qualification_history', 'competence.skill_assessment', 'competence.skill_wish',
    'learning.attempt', 'learning.certificate', 'learning.course_completion', 'learning.enrollment', 'learning.feedback', 'learning.practical',
    'needs.need_person', 'training.attendance', 'training.participant', 'training.session_result']) AS t;

-- Who worked a batch and who was supervised are records of people. Defects and production counts are the line's figures
-- (a rate must count all of them) and stay readable; a defect's person is shown only where the person is visible.
SELECT platform.scope_reads(t::regclass, 'employee_id IS NULL OR EXISTS (SELECT 1 FROM org.employee e WHERE e.id = employee_id)')
FROM unnest(ARRAY['quality.operation_record', 'quality.supervision_check']) AS t;

-- A session is seen by the units it belongs to and by whoever may see one of its participants.
SELECT platform.scope_reads('training.session',
    'org_unit_id IS NULL OR org_unit_id = ANY ((SELECT org.scope_units())::uuid[]) OR EXISTS (SELECT 1 FROM training.participant p WHERE p.session_id = session.id)');

-- Run after every start's migrations: the application role may use every table, present and future.
CREATE FUNCTION platform.grant_app_role() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    s text;
BEGIN
    FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\_%' AND nspname <> 'information_schema' LOOP
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO skillgate_app', s);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO skillgate_app', s);
        EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO skillgate_app', s);
    END LOOP;
END $$;
