-- Notifications beyond the in-app inbox: e-mail by each user's preference, chat-bot webhooks (DingTalk, WeCom, Feishu), and the
-- outbox every node drains with FOR UPDATE SKIP LOCKED, with retries and a delivery log.
CREATE TABLE platform.notification_preference (
    user_id uuid PRIMARY KEY REFERENCES auth.app_user (id),
    email text,
    by_email boolean NOT NULL DEFAULT true,
    daily_digest boolean NOT NULL DEFAULT false,
    digest_through timestamptz,
    updated_at timestamptz NOT NULL);

-- kinds: the notification kinds a chat group receives (empty: all).
CREATE TABLE platform.webhook (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('dingtalk', 'wecom', 'feishu')),
    url text NOT NULL,
    secret text,
    kinds text[] NOT NULL DEFAULT '{}',
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0);

-- One row per message to send (target: an e-mail address or a webhook id). A claimed row's next_attempt_at moves past the send's
-- lease, so no other node takes it meanwhile; dedupe_key keeps a message that several users share to one post per chat group.
CREATE TABLE platform.delivery (
    id uuid PRIMARY KEY,
    channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
    target text NOT NULL,
    dedupe_key text NOT NULL,
    subject text NOT NULL,
    body text NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error text,
    sent_at timestamptz,
    created_at timestamptz NOT NULL);
CREATE UNIQUE INDEX delivery_dedupe_ux ON platform.delivery (channel, target, dedupe_key);
CREATE INDEX delivery_due_ix ON platform.delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX delivery_created_ix ON platform.delivery (created_at DESC);
