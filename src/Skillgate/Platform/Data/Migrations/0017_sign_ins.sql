-- A sign-in is a row: the cookie names it, and ending it (sign out, sign out everywhere, an administrator's sign-out) makes a
-- copied cookie worthless on every node, not only in the browser that signed out.
CREATE TABLE auth.sign_in (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES auth.app_user (id),
    started_at timestamptz NOT NULL,
    user_agent text,
    ended_at timestamptz,
    ended_reason text CHECK (ended_reason IN ('sign_out', 'everywhere', 'administrator')));
CREATE INDEX sign_in_open_ix ON auth.sign_in (user_id) WHERE ended_at IS NULL;
