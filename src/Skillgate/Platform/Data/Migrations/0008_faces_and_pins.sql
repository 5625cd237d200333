-- Videos beside photos as session evidence, face counts on photos; enrolled face templates (encrypted, with the consent given)
-- and kiosk PINs (hashed).
ALTER TABLE training.session_photo
    ADD COLUMN media text NOT NULL DEFAULT 'photo' CHECK (media IN ('photo', 'video')),
    ADD COLUMN face_count integer,
    ADD COLUMN checked_in integer NOT NULL DEFAULT 0;

-- One face template per employee: the descriptor from Human's face recognition model, encrypted with AES-GCM under a key
-- kept outside the database. Deleting the row on request removes the template; the audit trail only ever held a fingerprint.
CREATE TABLE training.face_template (
    id uuid PRIMARY KEY REFERENCES org.employee (id),
    encrypted_template bytea NOT NULL,
    consent_text text NOT NULL,
    consented_at timestamptz NOT NULL,
    enrolled_by text NOT NULL,
    version integer NOT NULL DEFAULT 0);

-- A kiosk PIN per employee (PBKDF2 hash); locked after repeated wrong entries until its owner sets a new one.
CREATE TABLE training.kiosk_pin (
    id uuid PRIMARY KEY REFERENCES org.employee (id),
    pin_hash text NOT NULL,
    set_at timestamptz NOT NULL,
    failed_attempts integer NOT NULL DEFAULT 0,
    version integer NOT NULL DEFAULT 0);

-- A kiosk that requires a PIN or the face besides the badge number.
ALTER TABLE training.kiosk ADD COLUMN require_proof boolean NOT NULL DEFAULT false;

-- How a check-in was made: QR, QR with the face verified, kiosk by badge, badge and PIN, or face, or marked by the instructor.
ALTER TABLE training.attendance DROP CONSTRAINT attendance_method_check;
ALTER TABLE training.attendance ADD CONSTRAINT attendance_method_check
    CHECK (method IN ('qr', 'qr_face', 'kiosk', 'kiosk_pin', 'kiosk_face', 'instructor'));
