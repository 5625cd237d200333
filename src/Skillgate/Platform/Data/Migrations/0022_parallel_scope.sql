-- The data-scope functions only read the connection's settings (which parallel workers inherit) and the org tree, so workers
-- may call them: a query over a row-secured table, or filtered to an org subtree, can then use more than one core.
ALTER FUNCTION org.scope_all() PARALLEL SAFE;
ALTER FUNCTION org.scope_units() PARALLEL SAFE;
ALTER FUNCTION org.scope_self() PARALLEL SAFE;
ALTER FUNCTION org.units_in_scope(uuid[]) PARALLEL SAFE;
ALTER FUNCTION org.unit_subtree(uuid) PARALLEL SAFE;
