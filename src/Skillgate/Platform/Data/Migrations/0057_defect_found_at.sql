-- Issue 27: when a defect was found, as an instant, when the source knows it. found_on stays the day it counts on: the local
-- day of found_at in the zone of the defect's line (org.unit_zone_v), or the day the source gave.
ALTER TABLE quality.defect ADD COLUMN found_at timestamptz;
