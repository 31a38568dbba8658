-- Images attached to messages. An upload is unused (no message) until a
-- send attaches it; unused uploads older than a day are deleted with their
-- bytes (see services::attachments::purge_unused). The bytes themselves
-- live in the storage (a directory or a bucket), keyed by the id.
CREATE TABLE attachments (
    id           uuid PRIMARY KEY,
    uploader_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    message_id   uuid REFERENCES messages (id) ON DELETE CASCADE,
    -- Its place among the message's images (1…4).
    position     smallint CHECK (position BETWEEN 1 AND 4),
    content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    width        integer NOT NULL CHECK (width > 0),
    height       integer NOT NULL CHECK (height > 0),
    size         bigint NOT NULL CHECK (size > 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((message_id IS NULL) = (position IS NULL))
);
CREATE UNIQUE INDEX attachments_message_idx ON attachments (message_id, position);
CREATE INDEX attachments_unused_idx ON attachments (created_at) WHERE message_id IS NULL;

-- A message with images may have no text.
ALTER TABLE messages DROP CONSTRAINT messages_content_check;
ALTER TABLE messages ADD CONSTRAINT messages_content_check CHECK (char_length(content) <= 5000);

-- A message's images in order, as JSON, for every query that reads
-- messages (one index probe each).
CREATE FUNCTION message_attachments(message uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT COALESCE(jsonb_agg(jsonb_build_object(
               'id', a.id, 'contentType', a.content_type, 'width', a.width,
               'height', a.height, 'size', a.size) ORDER BY a.position), '[]'::jsonb)
    FROM attachments a WHERE a.message_id = message
$$;

-- The inbox's last message carries its images ("Photo" in the preview).
CREATE OR REPLACE VIEW conversation_views AS
SELECT p.user_id AS viewer_id,
       p.hidden,
       p.last_activity_at AS viewer_activity_at,
       c.id,
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
       (SELECT rm.id FROM conversation_participants o
        JOIN messages rm ON rm.conversation_id = o.conversation_id AND rm.seq = o.last_read_seq
        WHERE o.conversation_id = c.id AND o.user_id <> p.user_id AND rm.seq > p.cleared_seq)
           AS other_last_read_id,
       p.archived,
       CASE WHEN lm.id IS NULL THEN '[]'::jsonb ELSE message_attachments(lm.id) END
           AS last_attachments
FROM conversation_participants p
JOIN conversations c ON c.id = p.conversation_id
JOIN users ul ON ul.id = c.user_low
JOIN users uh ON uh.id = c.user_high
LEFT JOIN listings l ON l.id = c.listing_id
LEFT JOIN messages lm
       ON lm.conversation_id = c.id AND lm.seq = c.last_seq AND lm.seq > p.cleared_seq;
