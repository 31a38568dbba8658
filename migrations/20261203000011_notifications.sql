-- Notifications for whoever is away: emails about unread messages, and
-- Web Push subscriptions.

ALTER TABLE users
    -- The user wants emails about messages they have not read (`/settings`,
    -- or the unsubscribe link of any such email).
    ADD COLUMN email_notifications boolean NOT NULL DEFAULT true,
    -- When a page of the site was last open for them (an event stream or a
    -- sync, written by each instance every few seconds): a user seen lately
    -- is on the site and gets no email or push.
    ADD COLUMN last_seen_at timestamptz,
    -- The secret of the unsubscribe link in their emails: it turns emails
    -- off without a session, so it is random (gen_random_uuid draws from
    -- the server's strong random source) and names nothing else.
    ADD COLUMN unsubscribe_token uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX users_unsubscribe_token_key ON users (unsubscribe_token);

-- Per participant, the email about their unread messages in one
-- conversation.
-- `unmailed_since`: when the oldest message they have neither read nor
-- been mailed about arrived (NULL: nothing waiting). A send sets it for
-- the recipient; reading, being seen on the site, or the mail clears it.
-- `mailed_at`, `mailed_seq`: the last email and the newest message it
-- told of (one email per conversation per hour; the next one tells only
-- of what came after).
-- `mail_claimed_until`: an instance is writing the email; the others
-- leave the row alone until then (a crash frees it when it expires).
ALTER TABLE conversation_participants
    ADD COLUMN unmailed_since timestamptz,
    ADD COLUMN mailed_at timestamptz,
    ADD COLUMN mailed_seq bigint NOT NULL DEFAULT 0,
    ADD COLUMN mail_claimed_until timestamptz;
-- The mail job looks only at rows with something waiting: few, whatever
-- the size of the inboxes.
CREATE INDEX participants_unmailed_idx ON conversation_participants (unmailed_since)
    WHERE unmailed_since IS NOT NULL;

-- A browser's Web Push subscription (its PushSubscription JSON). It
-- belongs to the session that made it: logging out (which deletes the
-- session) removes that browser's subscription.
CREATE TABLE push_subscriptions (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_token_hash bytea REFERENCES sessions (token_hash) ON DELETE CASCADE,
    endpoint    text NOT NULL CHECK (char_length(endpoint) <= 2048),
    -- The browser's P-256 public key (65 bytes, uncompressed) and its
    -- 16-byte authentication secret (RFC 8291).
    p256dh      bytea NOT NULL CHECK (length(p256dh) = 65),
    auth        bytea NOT NULL CHECK (length(auth) = 16),
    created_at  timestamptz NOT NULL DEFAULT now()
);
-- One row per push endpoint: a browser that subscribes again (or another
-- account in the same browser) replaces it.
CREATE UNIQUE INDEX push_subscriptions_endpoint_key ON push_subscriptions (endpoint);
CREATE INDEX push_subscriptions_user_idx ON push_subscriptions (user_id);
CREATE INDEX push_subscriptions_session_idx ON push_subscriptions (session_token_hash);
