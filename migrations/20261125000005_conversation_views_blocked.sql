-- The inbox shape says whether the viewer blocks the other participant.
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
           AS blocked_by_me
FROM conversation_participants p
JOIN conversations c ON c.id = p.conversation_id
JOIN users ul ON ul.id = c.user_low
JOIN users uh ON uh.id = c.user_high
LEFT JOIN listings l ON l.id = c.listing_id
LEFT JOIN messages lm
       ON lm.conversation_id = c.id AND lm.seq = c.last_seq AND lm.seq > p.cleared_seq;
