-- The qualification refresh runs as the owner (issue 23). Its statuses are derived facts about the people named, and they must
-- not depend on who caused the change: under the caller's row-level security a department head who released a document, or
-- retired a requirement, re-judged only the people they could see, and the others kept stale statuses. Without the policies
-- the plans also lose a sub-plan per table read (each scanned the employees to test the caller's scope), which for a
-- submitted exam was about a third of the refresh. Writes stay decided by the handlers (ADR 0006).
--
-- refresh_people judges at most ten people with generic plans, which estimate ten array elements and so chose a sequential
-- scan of all employees over ten index lookups; for so few people every access by index is the right plan.
ALTER FUNCTION competence.refresh_people(uuid[], uuid[], date, integer, timestamp with time zone)
    SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET enable_seqscan = off;

ALTER FUNCTION competence.refresh(uuid[], uuid[], date, integer, timestamp with time zone)
    SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

-- As with every function that runs as the owner (0034, 0035, 0040): only the application role may call it.
REVOKE EXECUTE ON FUNCTION competence.refresh_people(uuid[], uuid[], date, integer, timestamp with time zone) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION competence.refresh(uuid[], uuid[], date, integer, timestamp with time zone) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION competence.refresh(uuid[], uuid[], date, integer, timestamp with time zone) TO skillgate_app;
