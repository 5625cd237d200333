-- Issue 27: the fixed UTC offset an installation had configured (Skillgate:Training:PlantUtcOffsetHours) becomes its top
-- units' time zone once, on the first start that knows zones; the row says it was done, so removing or changing the setting
-- later changes nothing and a zone set on the page afterwards is kept.
CREATE TABLE org.zone_adoption (
    setting text PRIMARY KEY,
    value text NOT NULL,
    time_zone text NOT NULL,
    adopted_at timestamptz NOT NULL);
