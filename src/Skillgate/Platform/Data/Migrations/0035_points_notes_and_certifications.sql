-- Shared learning notes (分享培训心得) and certifications granted at points thresholds (issue 21).

-- Which instructors teach a course: who may approve notes on it besides HR.
CREATE VIEW learning.instructor_course_v WITH (security_invoker = true) AS
    SELECT instructor_id, course_id FROM learning.instructor_course;

-- A note an employee shares on a course (text and up to six photos). The course's instructors or HR approve it (the note
-- rule's points, 10–15 by default, paid once) or return it with a reason; a returned note can be changed and submitted again.
-- Approved notes are shown on the course page to everyone and can be liked once per colleague. The author's name is kept as
-- written, so the course page shows it to readers who cannot otherwise see the person.
CREATE TABLE points.note (
    id uuid PRIMARY KEY,
    course_id uuid NOT NULL,
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    org_unit_id uuid NOT NULL,
    author_name text NOT NULL,
    body text NOT NULL,
    photo_file_ids uuid[] NOT NULL DEFAULT '{}',
    status text NOT NULL CHECK (status IN ('submitted', 'approved', 'returned')),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    decided_by text,
    decided_at timestamptz,
    points integer,
    return_reason text,
    CHECK ((status = 'approved') = (points IS NOT NULL)));
CREATE INDEX note_course_ix ON points.note (course_id, status, decided_at);
CREATE INDEX note_person_ix ON points.note (employee_id, created_at);
CREATE INDEX note_open_ix ON points.note (status, created_at) WHERE status = 'submitted';

SELECT platform.scope_reads('points.note',
    'status = ''approved'' OR org_unit_id = ANY ((SELECT org.scope_units())::uuid[]) OR employee_id = (SELECT org.scope_self())');

CREATE TABLE points.note_like (
    note_id uuid NOT NULL REFERENCES points.note (id),
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    liked_at timestamptz NOT NULL,
    PRIMARY KEY (note_id, employee_id));

-- Approved notes with their likes, for the course page (Learning reads it).
CREATE VIEW points.note_v WITH (security_invoker = true) AS
    SELECT n.id, n.course_id, n.employee_id, n.author_name, n.body, n.photo_file_ids, n.points, n.decided_at AS approved_at,
           (SELECT count(*)::integer FROM points.note_like l WHERE l.note_id = n.id) AS likes
    FROM points.note n WHERE n.status = 'approved';

-- A certification granted at a points threshold (e.g. 高级设备操作员 at 800 points in 12 months): whoever reaches it is
-- granted it once, with a numbered certificate, and — when the rule names a skill — that skill at the rule's level, which the
-- qualification gate then counts like any assessed level. A certificate stays granted when points later fall.
CREATE TABLE points.certification_rule (
    id uuid PRIMARY KEY,
    code text NOT NULL,
    name text NOT NULL,
    min_points integer NOT NULL CHECK (min_points BETWEEN 1 AND 100000),
    months integer NOT NULL CHECK (months BETWEEN 1 AND 60),
    skill_id uuid,
    skill_level integer CHECK (skill_level BETWEEN 1 AND 5),
    active boolean NOT NULL DEFAULT true,
    updated_at timestamptz NOT NULL,
    updated_by text NOT NULL,
    CHECK ((skill_id IS NULL) = (skill_level IS NULL)));
CREATE UNIQUE INDEX certification_rule_code_ux ON points.certification_rule (lower(code));

CREATE SEQUENCE points.certification_seq;

CREATE TABLE points.certification (
    id uuid PRIMARY KEY,
    number text NOT NULL UNIQUE,
    rule_id uuid NOT NULL REFERENCES points.certification_rule (id),
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    org_unit_id uuid NOT NULL,
    earned integer NOT NULL,
    issued_on date NOT NULL,
    issued_at timestamptz NOT NULL,
    UNIQUE (rule_id, employee_id));

SELECT platform.scope_reads('points.certification',
    'org_unit_id = ANY ((SELECT org.scope_units())::uuid[]) OR employee_id = (SELECT org.scope_self())');

-- Grants every active rule's certification to the given people (null: everyone) who reach its threshold and do not hold it,
-- and returns what it granted. Runs with the owner's rights: a threshold is judged on all of a person's points whoever's
-- action crossed it.
CREATE FUNCTION points.grant_certifications(p_employees uuid[], p_at timestamptz, p_day date)
RETURNS TABLE (certification_id uuid, number text, rule_id uuid, employee_id uuid, earned integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN QUERY
    WITH due AS (
        SELECT r.id AS rule_id, e.id AS employee_id, e.org_unit_id, points.earned(e.id, p_at, r.months) AS earned, r.min_points
        FROM points.certification_rule r CROSS JOIN org.employee_v e
        WHERE r.active AND e.status = 'active' AND (p_employees IS NULL OR e.id = ANY (p_employees))
          AND NOT EXISTS (SELECT 1 FROM points.certification c WHERE c.rule_id = r.id AND c.employee_id = e.id)
        ORDER BY e.id, r.id),
    granted AS (
        INSERT INTO points.certification AS c (id, number, rule_id, employee_id, org_unit_id, earned, issued_on, issued_at)
        SELECT gen_random_uuid(), 'PC-' || to_char(p_day, 'YYYY') || '-' || lpad(nextval('points.certification_seq')::text, 6, '0'),
               d.rule_id, d.employee_id, d.org_unit_id, d.earned, p_day, p_at
        FROM due d WHERE d.earned >= d.min_points
        ON CONFLICT ON CONSTRAINT certification_rule_id_employee_id_key DO NOTHING
        RETURNING c.id, c.number, c.rule_id, c.employee_id, c.earned)
    SELECT g.id, g.number, g.rule_id, g.employee_id, g.earned FROM granted g;
END $$;

-- A certification's skill level is an assessment of its own kind.
ALTER TABLE competence.skill_assessment DROP CONSTRAINT skill_assessment_method_check,
    ADD CONSTRAINT skill_assessment_method_check CHECK (method IN ('exam', 'practical', 'observation', 'self_declared', 'points'));

REVOKE EXECUTE ON FUNCTION points.grant_certifications(uuid[], timestamptz, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION points.grant_certifications(uuid[], timestamptz, date) TO skillgate_app;
