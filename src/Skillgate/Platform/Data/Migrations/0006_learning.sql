-- Learning: course and instructor libraries, question bank, exam papers and attempts, online progress,
-- practical sign-off, course completions, certificates and feedback.
CREATE SCHEMA learning;

CREATE TABLE learning.course (
    id uuid PRIMARY KEY,
    code text NOT NULL,
    title text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('online', 'classroom', 'practical', 'on_the_job', 'external')),
    class_hours numeric(6,1) NOT NULL DEFAULT 0 CHECK (class_hours >= 0),
    description text NOT NULL DEFAULT '',
    owner_unit_id uuid REFERENCES org.org_unit (id),
    points integer NOT NULL DEFAULT 0 CHECK (points >= 0),
    cost_per_participant numeric(12,2) NOT NULL DEFAULT 0 CHECK (cost_per_participant >= 0),
    min_material_percent integer NOT NULL DEFAULT 90 CHECK (min_material_percent BETWEEN 0 AND 100),
    requires_exam boolean NOT NULL DEFAULT true,
    certificate_months integer CHECK (certificate_months BETWEEN 1 AND 120),
    revision integer NOT NULL DEFAULT 1,
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_review', 'published', 'retired')),
    author_id uuid NOT NULL REFERENCES auth.app_user (id),
    published_by uuid REFERENCES auth.app_user (id),
    published_at timestamptz,
    created_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX course_code_ux ON learning.course (lower(code));

-- Every review step (submitted, returned with a comment, approved with a signature) is kept.
CREATE TABLE learning.course_review (
    id uuid PRIMARY KEY,
    course_id uuid NOT NULL REFERENCES learning.course (id),
    revision integer NOT NULL,
    action text NOT NULL CHECK (action IN ('submitted', 'returned', 'approved', 'retired', 'reopened')),
    comment text,
    user_id uuid NOT NULL REFERENCES auth.app_user (id),
    signature_id uuid REFERENCES platform.e_signature (id),
    at timestamptz NOT NULL);
CREATE INDEX course_review_course_ix ON learning.course_review (course_id, at);

CREATE TABLE learning.course_document (
    course_id uuid NOT NULL REFERENCES learning.course (id),
    document_version_id uuid NOT NULL REFERENCES standards.document_version (id),
    PRIMARY KEY (course_id, document_version_id));

CREATE TABLE learning.course_skill (
    course_id uuid NOT NULL REFERENCES learning.course (id),
    skill_id uuid NOT NULL REFERENCES competence.skill (id),
    level integer NOT NULL CHECK (level BETWEEN 1 AND 10),
    PRIMARY KEY (course_id, skill_id));

CREATE TABLE learning.course_material (
    id uuid PRIMARY KEY,
    course_id uuid NOT NULL REFERENCES learning.course (id),
    file_id uuid NOT NULL REFERENCES platform.stored_file (id),
    title text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('document', 'video', 'image')),
    pages integer NOT NULL DEFAULT 1 CHECK (pages BETWEEN 1 AND 2000),
    sort integer NOT NULL DEFAULT 0,
    active boolean NOT NULL DEFAULT true);
CREATE INDEX course_material_course_ix ON learning.course_material (course_id);

CREATE TABLE learning.instructor (
    id uuid PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('internal', 'external')),
    employee_id uuid REFERENCES org.employee (id),
    name text NOT NULL,
    organization text,
    subjects text NOT NULL DEFAULT '',
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0,
    CHECK ((kind = 'internal') = (employee_id IS NOT NULL)));
CREATE UNIQUE INDEX instructor_employee_ux ON learning.instructor (employee_id) WHERE employee_id IS NOT NULL;

CREATE TABLE learning.instructor_course (
    instructor_id uuid NOT NULL REFERENCES learning.instructor (id),
    course_id uuid NOT NULL REFERENCES learning.course (id),
    PRIMARY KEY (instructor_id, course_id));

-- Options and answer keys are text arrays: choice answers are option indices, fill-in answers the accepted texts,
-- short answers a model answer for the person who grades them.
CREATE TABLE learning.question (
    id uuid PRIMARY KEY,
    course_id uuid REFERENCES learning.course (id),
    skill_id uuid REFERENCES competence.skill (id),
    kind text NOT NULL CHECK (kind IN ('single', 'multiple', 'true_false', 'fill', 'short')),
    stem text NOT NULL,
    options text[] NOT NULL DEFAULT '{}',
    answer_key text[] NOT NULL DEFAULT '{}',
    difficulty integer NOT NULL DEFAULT 1 CHECK (difficulty BETWEEN 1 AND 5),
    tags text[] NOT NULL DEFAULT '{}',
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0,
    CHECK (course_id IS NOT NULL OR skill_id IS NOT NULL));
CREATE INDEX question_course_ix ON learning.question (course_id);
CREATE INDEX question_tags_ix ON learning.question USING gin (tags);

CREATE TABLE learning.paper (
    id uuid PRIMARY KEY,
    course_id uuid NOT NULL REFERENCES learning.course (id),
    title text NOT NULL,
    mode text NOT NULL CHECK (mode IN ('fixed', 'rules')),
    time_limit_minutes integer NOT NULL CHECK (time_limit_minutes BETWEEN 1 AND 600),
    pass_mark integer NOT NULL DEFAULT 80 CHECK (pass_mark BETWEEN 1 AND 100),
    attempts_allowed integer NOT NULL DEFAULT 3 CHECK (attempts_allowed BETWEEN 1 AND 20),
    shuffle boolean NOT NULL DEFAULT true,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0);
CREATE INDEX paper_course_ix ON learning.paper (course_id);

CREATE TABLE learning.paper_question (
    paper_id uuid NOT NULL REFERENCES learning.paper (id),
    question_id uuid NOT NULL REFERENCES learning.question (id),
    points integer NOT NULL CHECK (points BETWEEN 1 AND 100),
    position integer NOT NULL,
    PRIMARY KEY (paper_id, question_id));

CREATE TABLE learning.paper_rule (
    id uuid PRIMARY KEY,
    paper_id uuid NOT NULL REFERENCES learning.paper (id),
    question_kind text NOT NULL CHECK (question_kind IN ('single', 'multiple', 'true_false', 'fill', 'short')),
    tag text,
    min_difficulty integer NOT NULL DEFAULT 1 CHECK (min_difficulty BETWEEN 1 AND 5),
    count integer NOT NULL CHECK (count BETWEEN 1 AND 200),
    points integer NOT NULL CHECK (points BETWEEN 1 AND 100),
    sort integer NOT NULL DEFAULT 0);

-- An attempt keeps the questions drawn for it (with the option order shown) and the answers saved so far.
-- One open attempt per person and paper, and attempt numbers are unique, so two concurrent starts cannot both win.
CREATE TABLE learning.attempt (
    id uuid PRIMARY KEY,
    paper_id uuid NOT NULL REFERENCES learning.paper (id),
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    number integer NOT NULL,
    started_at timestamptz NOT NULL,
    deadline timestamptz NOT NULL,
    submitted_at timestamptz,
    status text NOT NULL CHECK (status IN ('in_progress', 'awaiting_grading', 'graded', 'expired')),
    items jsonb NOT NULL,
    answers jsonb NOT NULL DEFAULT '{}',
    score numeric(7,2),
    max_score numeric(7,2) NOT NULL,
    percent numeric(5,2),
    passed boolean,
    graded_by text,
    version integer NOT NULL DEFAULT 0,
    UNIQUE (employee_id, paper_id, number));
CREATE UNIQUE INDEX attempt_open_ux ON learning.attempt (employee_id, paper_id) WHERE status = 'in_progress';
CREATE INDEX attempt_awaiting_ix ON learning.attempt (status) WHERE status = 'awaiting_grading';

CREATE TABLE learning.enrollment (
    id uuid PRIMARY KEY,
    course_id uuid NOT NULL REFERENCES learning.course (id),
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    source text NOT NULL CHECK (source IN ('assigned', 'self')),
    assigned_by text NOT NULL,
    due_on date,
    status text NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'completed')),
    last_material_id uuid REFERENCES learning.course_material (id),
    created_at timestamptz NOT NULL,
    completed_at timestamptz,
    version integer NOT NULL DEFAULT 0,
    UNIQUE (course_id, employee_id));
CREATE INDEX enrollment_employee_ix ON learning.enrollment (employee_id);

CREATE TABLE learning.material_progress (
    enrollment_id uuid NOT NULL REFERENCES learning.enrollment (id),
    material_id uuid NOT NULL REFERENCES learning.course_material (id),
    percent integer NOT NULL CHECK (percent BETWEEN 0 AND 100),
    position integer NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (enrollment_id, material_id));

-- Practical / on-the-job qualification: read → observe → perform → sign-off; perform and sign-off by a qualified evaluator.
CREATE TABLE learning.practical (
    id uuid PRIMARY KEY,
    course_id uuid NOT NULL REFERENCES learning.course (id),
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    read_at timestamptz,
    observed_at timestamptz,
    observed_by text,
    performed_at timestamptz,
    performed_by uuid REFERENCES auth.app_user (id),
    signed_off_at timestamptz,
    signed_off_by uuid REFERENCES auth.app_user (id),
    signature_id uuid REFERENCES platform.e_signature (id),
    evidence_file_ids uuid[] NOT NULL DEFAULT '{}',
    note text,
    created_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX practical_open_ux ON learning.practical (course_id, employee_id) WHERE signed_off_at IS NULL;

CREATE TABLE learning.course_completion (
    id uuid PRIMARY KEY,
    course_id uuid NOT NULL REFERENCES learning.course (id),
    revision integer NOT NULL,
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    source text NOT NULL CHECK (source IN ('exam', 'practical', 'classroom', 'external', 'online')),
    completed_on date NOT NULL,
    attempt_id uuid REFERENCES learning.attempt (id),
    practical_id uuid REFERENCES learning.practical (id),
    evidence_file_id uuid REFERENCES platform.stored_file (id),
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL);
CREATE INDEX course_completion_employee_ix ON learning.course_completion (employee_id);

CREATE SEQUENCE learning.certificate_seq;
CREATE TABLE learning.certificate (
    id uuid PRIMARY KEY,
    number text NOT NULL UNIQUE,
    completion_id uuid NOT NULL REFERENCES learning.course_completion (id),
    course_id uuid NOT NULL REFERENCES learning.course (id),
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    issued_on date NOT NULL,
    valid_until date,
    revoked_at timestamptz,
    revoked_reason text);
CREATE INDEX certificate_employee_ix ON learning.certificate (employee_id);

CREATE TABLE learning.feedback (
    id uuid PRIMARY KEY,
    course_id uuid NOT NULL REFERENCES learning.course (id),
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    instructor_id uuid REFERENCES learning.instructor (id),
    content_rating integer NOT NULL CHECK (content_rating BETWEEN 1 AND 5),
    instructor_rating integer CHECK (instructor_rating BETWEEN 1 AND 5),
    applicability_rating integer NOT NULL CHECK (applicability_rating BETWEEN 1 AND 5),
    comment text,
    created_at timestamptz NOT NULL,
    UNIQUE (course_id, employee_id));
