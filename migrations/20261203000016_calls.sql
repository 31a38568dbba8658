-- Video calls. A call lives in `calls` while it rings or runs, each of
-- its two people holds one `call_lines` row (a person is in one call at a
-- time: a second call to them is refused as busy), and what the two
-- browsers tell each other waits in `call_signals`. When the call ends all
-- three go, and only its line stays: a message whose `call` says how it
-- ended (see services::calls).
CREATE TABLE calls (
    id              uuid PRIMARY KEY,
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    caller_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    callee_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at      timestamptz NOT NULL DEFAULT now(),
    answered_at     timestamptz,
    -- When each side last said it was there.
    caller_seen_at  timestamptz NOT NULL DEFAULT now(),
    callee_seen_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (caller_id <> callee_id)
);
CREATE INDEX calls_ringing_idx ON calls (created_at) WHERE answered_at IS NULL;

CREATE TABLE call_lines (
    user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    call_id uuid NOT NULL REFERENCES calls (id) ON DELETE CASCADE
);
CREATE INDEX call_lines_call_idx ON call_lines (call_id);

CREATE TABLE call_signals (
    id        bigserial PRIMARY KEY,
    call_id   uuid NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    to_user   uuid NOT NULL,
    from_user uuid NOT NULL,
    kind      text NOT NULL CHECK (kind IN ('ring', 'accept', 'description', 'candidate')),
    data      jsonb
);
CREATE INDEX call_signals_to_idx ON call_signals (to_user, id);

-- A call's line in the thread: {"outcome": "missed"|"declined"|"ended",
-- "durationSecs"?}.
ALTER TABLE messages ADD COLUMN call jsonb;

-- The inbox's last message says "Missed call" too.
CREATE OR REPLACE VIEW conversation_views AS
SELECT p.user_id AS viewer_id,
       p.hidden,
       p.last_activity_at AS viewer_activity_at,
       p.conversation_id AS id,
       c.listing_id AS ad_id,
       COALESCE(l.title, c.ad_title) AS ad_title,
       c.user_low,
       ul.name AS low_name,
       c.user_high,
       uh.name AS high_name,
       GREATEST(c.last_seq - GREATEST(p.last_read_seq, p.cleared_seq), 0)
           + CASE WHEN p.marked_unread THEN 1 ELSE 0 END AS unread_count,
       c.last_activity_at AS updated_at,
       lm.id AS last_id,
       lm.sender_id AS last_sender_id,
       lm.content AS last_content,
       lm.created_at AS last_created_at,
       EXISTS (SELECT 1 FROM user_blocks b
               WHERE b.blocker_id = p.user_id
                 AND b.blocked_id = CASE WHEN c.user_low = p.user_id
                                         THEN c.user_high ELSE c.user_low END)
           AS blocked_by_me,
       p.changed_seq,
       rm.id AS other_last_read_id,
       p.archived,
       COALESCE(lm.attachment_list, '[]'::jsonb) AS last_attachments,
       lm.call AS last_call
FROM conversation_participants p
JOIN conversations c ON c.id = p.conversation_id
JOIN users ul ON ul.id = c.user_low
JOIN users uh ON uh.id = c.user_high
LEFT JOIN listings l ON l.id = c.listing_id
LEFT JOIN messages lm
       ON lm.conversation_id = p.conversation_id AND lm.seq = c.last_seq
      AND lm.seq > p.cleared_seq
LEFT JOIN conversation_participants o
       ON o.conversation_id = p.conversation_id
      AND o.user_id = CASE WHEN c.user_low = p.user_id THEN c.user_high ELSE c.user_low END
LEFT JOIN messages rm
       ON rm.conversation_id = p.conversation_id AND rm.seq = o.last_read_seq
      AND rm.seq > p.cleared_seq;
