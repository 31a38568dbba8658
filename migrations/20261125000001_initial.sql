-- souk schema. Rules that must hold under concurrency live here, as
-- constraints, not only in application code.

CREATE TABLE users (
    id            uuid PRIMARY KEY,
    email         text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
    name          text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
-- Emails are unique whatever their case.
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

-- Server-side sessions. The cookie holds a random token; we store only its
-- SHA-256, so a leaked table does not leak live sessions.
CREATE TABLE sessions (
    token_hash bytea PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE listings (
    id          uuid PRIMARY KEY,
    seller_id   uuid NOT NULL REFERENCES users (id),
    title       text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 120),
    description text NOT NULL CHECK (char_length(description) <= 5000),
    price_cents bigint NOT NULL CHECK (price_cents >= 0),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX listings_newest_idx ON listings (created_at DESC, id DESC);
CREATE INDEX listings_seller_idx ON listings (seller_id);

-- A conversation between exactly two users, stored as an ordered pair so
-- that (alice, bob) and (bob, alice) are the same row.
CREATE TABLE conversations (
    id              uuid PRIMARY KEY,
    user_low        uuid NOT NULL REFERENCES users (id),
    user_high       uuid NOT NULL REFERENCES users (id),
    listing_id      uuid REFERENCES listings (id),
    -- Title shown for the conversation: the listing's title when it has
    -- one, otherwise what the creator supplied (may be NULL).
    ad_title        text CHECK (char_length(ad_title) <= 200),
    -- Messages get per-conversation sequence numbers 1, 2, 3… handed out
    -- under this row's lock, so sequence order is commit order and an
    -- `after` cursor can never skip a message that commits late.
    last_seq        bigint NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_activity_at timestamptz NOT NULL DEFAULT now(),
    CHECK (user_low < user_high)
);
-- At most one conversation per (pair, listing), and one per pair without a
-- listing: NULLS NOT DISTINCT makes a NULL listing collide with itself.
CREATE UNIQUE INDEX conversations_pair_listing_key
    ON conversations (user_low, user_high, listing_id) NULLS NOT DISTINCT;

-- Per-participant state: how far they have read, and what they deleted.
CREATE TABLE conversation_participants (
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id         uuid NOT NULL REFERENCES users (id),
    -- Read pointer: every message with seq <= last_read_seq is read.
    last_read_seq   bigint NOT NULL DEFAULT 0,
    -- Delete for me: messages with seq <= cleared_seq are gone for this
    -- user, and the conversation is hidden until a newer message arrives.
    cleared_seq     bigint NOT NULL DEFAULT 0,
    hidden          boolean NOT NULL DEFAULT false,
    -- Copied from the conversation so a user's inbox is one index scan.
    last_activity_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (conversation_id, user_id)
);
-- A user's visible conversations, most recently active first.
CREATE INDEX participants_inbox_idx
    ON conversation_participants (user_id, last_activity_at DESC)
    WHERE NOT hidden;

CREATE TABLE messages (
    id              uuid PRIMARY KEY,
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             bigint NOT NULL,
    sender_id       uuid NOT NULL REFERENCES users (id),
    content         text NOT NULL CHECK (char_length(content) BETWEEN 1 AND 5000),
    -- Optional idempotency key chosen by the sender's client.
    client_id       uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (conversation_id, seq)
);
-- A retried send with the same clientId finds the first message. NULLs are
-- distinct, so messages without a clientId never collide.
CREATE UNIQUE INDEX messages_sender_client_key ON messages (sender_id, client_id);
