-- People without a login: contractors, temporary and agency workers are people in Skillgate like employees (invited, checked
-- in on the kiosk, completing courses, holding certificates, passing or failing the gate), with their company and ID number.
-- Paper sign-in sheets: the instructor's photo or scan of a signed sheet, and the attendance ticked from it.
ALTER TABLE org.employee
    ADD COLUMN worker_type text NOT NULL DEFAULT 'employee' CHECK (worker_type IN ('employee', 'contractor', 'temporary', 'agency')),
    ADD COLUMN company text,
    ADD COLUMN id_number text;

CREATE TABLE training.paper_sheet (
    id uuid PRIMARY KEY,
    session_id uuid NOT NULL REFERENCES training.session (id),
    file_id uuid NOT NULL REFERENCES platform.stored_file (id),
    people integer NOT NULL,
    uploaded_by text NOT NULL,
    uploaded_at timestamptz NOT NULL);
CREATE INDEX paper_sheet_session_ix ON training.paper_sheet (session_id);

ALTER TABLE training.attendance ADD COLUMN paper_sheet_id uuid REFERENCES training.paper_sheet (id);
ALTER TABLE training.attendance DROP CONSTRAINT attendance_method_check;
ALTER TABLE training.attendance ADD CONSTRAINT attendance_method_check
    CHECK (method IN ('qr', 'qr_face', 'kiosk', 'kiosk_pin', 'kiosk_face', 'instructor', 'paper'));
