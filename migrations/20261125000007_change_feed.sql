-- Live updates. Every change to what a participant sees of a conversation
-- (a message, a read by either side, a delete, a block) stamps their
-- participant row with the next number of one global sequence, and the
-- same transaction NOTIFYs `souk_changes` (see services::changes). A sync
-- cursor is the highest stamp a client has seen, so "what changed since"
-- is one index range scan whatever the size of the inbox, on any instance.
CREATE SEQUENCE change_seq;
ALTER TABLE conversation_participants ADD COLUMN changed_seq bigint NOT NULL DEFAULT 0;
CREATE INDEX participants_changes_idx ON conversation_participants (user_id, changed_seq);

-- The inbox shape also says how far the other participant has read (the
-- message at their read pointer, if the viewer can see it), and carries
-- the row's stamp.
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
       GREATEST(c.last_seq - GREATEST(p.last_read_seq, p.cleared_seq), 0) AS unread_count,
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
           AS other_last_read_id
FROM conversation_participants p
JOIN conversations c ON c.id = p.conversation_id
JOIN users ul ON ul.id = c.user_low
JOIN users uh ON uh.id = c.user_high
LEFT JOIN listings l ON l.id = c.listing_id
LEFT JOIN messages lm
       ON lm.conversation_id = c.id AND lm.seq = c.last_seq AND lm.seq > p.cleared_seq;
