-- Training: rooms, sessions with instructors and participants, conflict overrides, and attendance (check-in / check-out).
CREATE SCHEMA training;

CREATE TABLE training.room (
    id uuid PRIMARY KEY,
    code text NOT NULL,
    name text NOT NULL,
    capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    equipment text NOT NULL DEFAULT '',
    org_unit_id uuid REFERENCES org.org_unit (id),
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX room_code_ux ON training.room (lower(code));

-- A session of a course; its QR secret signs the rotating check-in codes.
CREATE TABLE training.session (
    id uuid PRIMARY KEY,
    course_id uuid NOT NULL REFERENCES learning.course (id),
    title text NOT NULL,
    room_id uuid REFERENCES training.room (id),
    org_unit_id uuid REFERENCES org.org_unit (id),
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'closed', 'cancelled')),
    conflict_override text,
    qr_secret bytea NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0,
    CHECK (ends_at > starts_at));
CREATE INDEX session_time_ix ON training.session (starts_at, ends_at) WHERE status <> 'cancelled';

CREATE TABLE training.session_instructor (
    session_id uuid NOT NULL REFERENCES training.session (id),
    instructor_id uuid NOT NULL REFERENCES learning.instructor (id),
    PRIMARY KEY (session_id, instructor_id));
CREATE INDEX session_instructor_ix ON training.session_instructor (instructor_id);

CREATE TABLE training.participant (
    session_id uuid NOT NULL REFERENCES training.session (id),
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    status text NOT NULL CHECK (status IN ('invited', 'waitlisted', 'cancelled')),
    source text NOT NULL,
    invited_at timestamptz NOT NULL,
    PRIMARY KEY (session_id, employee_id));
CREATE INDEX participant_employee_ix ON training.participant (employee_id);

-- A shop-floor tablet registered by an administrator; it authenticates with its device token (stored hashed).
CREATE TABLE training.kiosk (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    token_hash text NOT NULL,
    org_unit_id uuid REFERENCES org.org_unit (id),
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    last_seen_at timestamptz,
    version integer NOT NULL DEFAULT 0);

-- One check-in and one check-out per person and session; the idempotency key makes replayed offline syncs harmless.
CREATE TABLE training.attendance (
    id uuid PRIMARY KEY,
    session_id uuid NOT NULL REFERENCES training.session (id),
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    kind text NOT NULL CHECK (kind IN ('in', 'out')),
    method text NOT NULL CHECK (method IN ('qr', 'kiosk', 'face', 'instructor')),
    at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL,
    recorded_by text NOT NULL,
    device text,
    kiosk_id uuid REFERENCES training.kiosk (id),
    ip text,
    latitude double precision,
    longitude double precision,
    reason text,
    idempotency_key text UNIQUE,
    flags text[] NOT NULL DEFAULT '{}',
    UNIQUE (session_id, employee_id, kind));

-- Photo and video evidence of a session: content hash and the capture time read from EXIF, with the flags they raise.
CREATE TABLE training.session_photo (
    id uuid PRIMARY KEY,
    session_id uuid NOT NULL REFERENCES training.session (id),
    file_id uuid NOT NULL REFERENCES platform.stored_file (id),
    sha256 text NOT NULL,
    captured_at timestamptz,
    software text,
    uploaded_by text NOT NULL,
    uploaded_at timestamptz NOT NULL,
    flags text[] NOT NULL DEFAULT '{}');
CREATE INDEX session_photo_sha_ix ON training.session_photo (sha256);
CREATE INDEX session_photo_session_ix ON training.session_photo (session_id);

-- HR's review of a flag on a check-in or a photo: accepted (explained) or rejected (the evidence does not count), with a comment.
CREATE TABLE training.anomaly_review (
    id uuid PRIMARY KEY,
    source text NOT NULL CHECK (source IN ('attendance', 'photo')),
    record_id uuid NOT NULL,
    flag text NOT NULL,
    decision text NOT NULL CHECK (decision IN ('accepted', 'rejected')),
    comment text NOT NULL,
    reviewed_by text NOT NULL,
    reviewed_at timestamptz NOT NULL,
    UNIQUE (source, record_id, flag));

-- Training plans per period and org unit: courses for target positions or people, with an estimated cost against the budget; HR approves.
CREATE TABLE training.plan (
    id uuid PRIMARY KEY,
    title text NOT NULL,
    period_kind text NOT NULL CHECK (period_kind IN ('month', 'quarter', 'year')),
    period_start date NOT NULL,
    org_unit_id uuid NOT NULL REFERENCES org.org_unit (id),
    budget numeric(14,2) NOT NULL CHECK (budget >= 0),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
    comment text,
    created_by uuid NOT NULL REFERENCES auth.app_user (id),
    approved_by uuid REFERENCES auth.app_user (id),
    approved_at timestamptz,
    created_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0);

CREATE TABLE training.plan_item (
    id uuid PRIMARY KEY,
    plan_id uuid NOT NULL REFERENCES training.plan (id),
    course_id uuid NOT NULL REFERENCES learning.course (id),
    position_id uuid REFERENCES org.position (id),
    participants integer NOT NULL CHECK (participants BETWEEN 1 AND 100000),
    planned_month date,
    need text,
    estimated_cost numeric(14,2) NOT NULL);
CREATE INDEX plan_item_plan_ix ON training.plan_item (plan_id);

-- The active department heads whose data scope covers a unit (given by its path): who is told about a unit's people.
CREATE FUNCTION org.department_heads(unit_path text) RETURNS uuid[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(DISTINCT u.id), '{}')
    FROM auth.app_user u JOIN auth.user_scope s ON s.user_id = u.id JOIN org.org_unit root ON root.id = s.org_unit_id
    WHERE u.active AND 'DepartmentHead' = ANY (u.roles) AND unit_path LIKE root.path || '%'
$$;
