-- Platform: data-protection keys shared by all app nodes, accounts, API keys, the audit chain.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE platform.data_protection_key (
    friendly_name text PRIMARY KEY,
    xml text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now());

CREATE SCHEMA auth;

CREATE TABLE auth.app_user (
    id uuid PRIMARY KEY,
    user_name text NOT NULL,
    display_name text NOT NULL,
    password_hash text NOT NULL,
    roles text[] NOT NULL DEFAULT '{}',
    employee_id uuid,
    scope_all boolean NOT NULL DEFAULT false,
    language text,
    failed_logins integer NOT NULL DEFAULT 0,
    locked_until timestamptz,
    must_change_password boolean NOT NULL DEFAULT false,
    security_stamp uuid NOT NULL,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL);
CREATE UNIQUE INDEX app_user_name_ux ON auth.app_user (lower(user_name));

CREATE TABLE auth.user_scope (
    user_id uuid NOT NULL REFERENCES auth.app_user (id),
    org_unit_id uuid NOT NULL,
    PRIMARY KEY (user_id, org_unit_id));

CREATE TABLE auth.api_key (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    prefix text NOT NULL,
    key_hash text NOT NULL,
    scopes text[] NOT NULL,
    org_unit_id uuid,
    created_by uuid NOT NULL REFERENCES auth.app_user (id),
    created_at timestamptz NOT NULL,
    revoked_at timestamptz,
    last_used_at timestamptz);
CREATE UNIQUE INDEX api_key_prefix_ux ON auth.api_key (prefix);

CREATE SCHEMA audit;

-- Every change appends one row. Each row's hash covers its content and the previous row's
-- hash, so editing or deleting a row breaks the chain from that row on.
CREATE SEQUENCE audit.event_seq;
CREATE TABLE audit.event (
    id uuid PRIMARY KEY,
    seq bigint NOT NULL UNIQUE,
    occurred_at timestamptz NOT NULL,
    actor_id uuid,
    actor_name text NOT NULL,
    action text NOT NULL,
    entity_type text NOT NULL,
    entity_id uuid NOT NULL,
    before jsonb,
    after jsonb,
    prev_hash text NOT NULL,
    hash text NOT NULL);
CREATE INDEX event_entity_ix ON audit.event (entity_type, entity_id, seq);

CREATE FUNCTION audit.event_hash(e audit.event) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(concat_ws('|',
        e.seq, e.prev_hash, e.id,
        to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
        coalesce(e.actor_id::text, ''), e.actor_name, e.action, e.entity_type, e.entity_id,
        coalesce(e.before::text, ''), coalesce(e.after::text, '')), 'UTF8')), 'hex')
$$;

CREATE FUNCTION audit.chain_event() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- One writer at a time until commit, so seq order is chain order on every node.
    PERFORM pg_advisory_xact_lock(7235001);
    NEW.seq := nextval('audit.event_seq');
    NEW.prev_hash := coalesce((SELECT hash FROM audit.event ORDER BY seq DESC LIMIT 1), 'genesis');
    NEW.hash := audit.event_hash(NEW);
    RETURN NEW;
END
$$;

CREATE TRIGGER event_chain BEFORE INSERT ON audit.event
    FOR EACH ROW EXECUTE FUNCTION audit.chain_event();
