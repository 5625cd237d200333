-- The organisation's sector (issue 25): the words its people read for plants, lines, operations, batches and defects.
-- One row; 'custom' keeps the administrator's own words in terms ({"batch": {"zh": ..., "en": ..., "enPlural": ...}, ...}).
CREATE TABLE org.sector_setting (
    id uuid PRIMARY KEY,
    singleton boolean NOT NULL DEFAULT true UNIQUE CHECK (singleton),
    sector text NOT NULL CHECK (sector IN ('manufacturing', 'hospital', 'custom')),
    terms jsonb NOT NULL DEFAULT '{}',
    version integer NOT NULL DEFAULT 0);
INSERT INTO org.sector_setting (id, sector) VALUES (gen_random_uuid(), 'manufacturing');

-- The unit types and function tags of one sector only; an empty list means every sector's.
ALTER TABLE org.unit_type ADD COLUMN sectors text[] NOT NULL DEFAULT '{}';
ALTER TABLE org.function_tag ADD COLUMN sectors text[] NOT NULL DEFAULT '{}';
UPDATE org.unit_type SET sectors = '{manufacturing}' WHERE code IN ('plant', 'workshop', 'line', 'team');
UPDATE org.unit_type SET sectors = '{hospital}' WHERE code IN ('hospital', 'department', 'ward');
UPDATE org.function_tag SET sectors = '{manufacturing}' WHERE code IN ('production', 'qa', 'procurement', 'maintenance');
UPDATE org.function_tag SET sectors = '{hospital}' WHERE code IN ('clinical', 'quality_control');
