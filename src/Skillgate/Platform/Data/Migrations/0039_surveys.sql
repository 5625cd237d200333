-- Needs: training-preference surveys (员工需求调研). HR writes a short questionnaire, sends it to the people of some units
-- and posts, and reads the answers by unit and post; an answer that calls for training becomes a need.
CREATE TABLE needs.survey (
    id uuid PRIMARY KEY,
    title text NOT NULL,
    intro text NOT NULL DEFAULT '',
    anonymous boolean NOT NULL,
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
    org_unit_ids uuid[] NOT NULL DEFAULT '{}',
    position_ids uuid[] NOT NULL DEFAULT '{}',
    closes_on date,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,
    opened_at timestamptz,
    closed_at timestamptz,
    version integer NOT NULL DEFAULT 0);
CREATE INDEX survey_created_ix ON needs.survey (created_at DESC);

CREATE TABLE needs.survey_question (
    id uuid PRIMARY KEY,
    survey_id uuid NOT NULL REFERENCES needs.survey (id) ON DELETE CASCADE,
    ord integer NOT NULL,
    kind text NOT NULL CHECK (kind IN ('choice', 'multi', 'scale', 'text')),
    text text NOT NULL,
    options text[] NOT NULL DEFAULT '{}',
    required boolean NOT NULL DEFAULT true,
    UNIQUE (survey_id, ord));

-- Who was asked, and whether they answered (not what: an anonymous answer is not linked to its person).
CREATE TABLE needs.survey_invite (
    survey_id uuid NOT NULL REFERENCES needs.survey (id) ON DELETE CASCADE,
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    invited_at timestamptz NOT NULL,
    answered_on date,
    PRIMARY KEY (survey_id, employee_id));
CREATE INDEX survey_invite_employee_ix ON needs.survey_invite (employee_id);

-- An answer sheet. Anonymous: no person, a random id and no date, so neither the id's order nor a time ties it to the invite
-- answered then; the unit and post stay, for the results by unit and post.
CREATE TABLE needs.survey_response (
    id uuid PRIMARY KEY,
    survey_id uuid NOT NULL REFERENCES needs.survey (id) ON DELETE CASCADE,
    employee_id uuid REFERENCES org.employee (id),
    org_unit_id uuid NOT NULL REFERENCES org.org_unit (id),
    position_id uuid REFERENCES org.position (id),
    submitted_on date,
    CHECK ((employee_id IS NULL) = (submitted_on IS NULL)));
CREATE INDEX survey_response_survey_ix ON needs.survey_response (survey_id);

CREATE TABLE needs.survey_answer (
    response_id uuid NOT NULL REFERENCES needs.survey_response (id) ON DELETE CASCADE,
    question_id uuid NOT NULL REFERENCES needs.survey_question (id) ON DELETE CASCADE,
    choices integer[] NOT NULL DEFAULT '{}',
    scale integer,
    text text,
    PRIMARY KEY (response_id, question_id));

-- The invited are people; answers are read by the units of the reader's scope (a named one also as its person).
SELECT platform.scope_reads('needs.survey_invite', 'EXISTS (SELECT 1 FROM org.employee_v e WHERE e.id = employee_id)');
SELECT platform.scope_reads('needs.survey_answer', 'EXISTS (SELECT 1 FROM needs.survey_response r WHERE r.id = response_id)');
SELECT platform.scope_reads('needs.survey_response',
    'org_unit_id = ANY ((SELECT org.scope_units())::uuid[]) OR employee_id = (SELECT org.scope_self())');

ALTER TABLE needs.need DROP CONSTRAINT need_source_check;
ALTER TABLE needs.need ADD CONSTRAINT need_source_check
    CHECK (source IN ('trend', 'control_chart', 'audit_clause', 'complaint', 'self_declared', 'planned_change', 'supervision', 'attribution', 'survey'));
