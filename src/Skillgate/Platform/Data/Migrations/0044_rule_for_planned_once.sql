-- The rule that applies to a person, with its plan kept per connection (issue 23). As a SQL function that cannot be inlined
-- (it reads a table and orders), points.rule_for was parsed and planned on every call from points.award, twice per passed exam;
-- PL/pgSQL keeps the statement's plan for the session. Same answer: no applicable rule gives a row whose id is null.
CREATE OR REPLACE FUNCTION points.rule_for(p_code text, p_unit uuid, p_position uuid) RETURNS points.rule LANGUAGE plpgsql STABLE AS $$
DECLARE
    found_rule points.rule;
BEGIN
    SELECT r.* INTO found_rule FROM points.rule r LEFT JOIN org.org_unit_v u ON u.id = r.org_unit_id
    WHERE r.code = p_code AND r.active
      AND (r.position_id IS NULL OR r.position_id = p_position)
      AND (r.org_unit_id IS NULL OR org.unit_within(p_unit, r.org_unit_id))
    ORDER BY (r.position_id IS NOT NULL) DESC, u.depth DESC NULLS LAST
    LIMIT 1;
    RETURN found_rule;
END $$;
