-- Files (course materials, standard texts, photos): content-addressed on disk, described here.
CREATE TABLE platform.stored_file (
    id uuid PRIMARY KEY,
    sha256 text NOT NULL,
    size bigint NOT NULL,
    content_type text NOT NULL,
    file_name text NOT NULL,
    created_at timestamptz NOT NULL,
    created_by text NOT NULL);
CREATE INDEX stored_file_sha_ix ON platform.stored_file (sha256);

CREATE TABLE standards.document_version_file (
    version_id uuid NOT NULL REFERENCES standards.document_version (id),
    file_id uuid NOT NULL REFERENCES platform.stored_file (id),
    PRIMARY KEY (version_id, file_id));

-- The evidence of a completion (certificate scan, attendance sheet), kept with it.
ALTER TABLE competence.completion ADD COLUMN evidence_file_id uuid REFERENCES platform.stored_file (id);
