-- Inbox tools, per participant.
-- `archived`: the conversation sits in my "Archived" view instead of my
-- main list; a message from the other person clears it.
-- `marked_unread`: I asked to see the conversation as unread again. The
-- other person's newest message then counts as unread once more (one
-- message: everything after my read pointer is already theirs and unread),
-- while the read pointer they see ("Seen") never moves back. Reading the
-- conversation or writing in it clears it.
ALTER TABLE conversation_participants
    ADD COLUMN archived boolean NOT NULL DEFAULT false,
    ADD COLUMN marked_unread boolean NOT NULL DEFAULT false;

-- The view's unread count includes the mark; `archived` is appended (a view
-- can only gain columns at its end).
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
       p.archived
FROM conversation_participants p
JOIN conversations c ON c.id = p.conversation_id
JOIN users ul ON ul.id = c.user_low
JOIN users uh ON uh.id = c.user_high
LEFT JOIN listings l ON l.id = c.listing_id
LEFT JOIN messages lm
       ON lm.conversation_id = c.id AND lm.seq = c.last_seq AND lm.seq > p.cleared_seq;
